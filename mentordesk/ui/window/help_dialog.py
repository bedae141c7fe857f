"""Help → User guide: the bundled guide (resources/help), offline, in a text browser that
opens at the part about the screen shown."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from mentordesk.resources import resource_path

GUIDE = "guide.html"


def guide_dir() -> str:
    return str(resource_path("help", GUIDE).parent)


class HelpDialog(QDialog):
    """Not modal: the coordinator reads and works side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("MentorDesk user guide")
        self.browser = QTextBrowser(self)
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([guide_dir()])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(880, 600)

    def show_topic(self, topic: str = "") -> None:
        """Open the guide at a screen's part (its anchor), or at the top."""
        url = QUrl(GUIDE)
        if topic:
            url.setFragment(topic)
        self.browser.setSource(url)
        if topic:
            self.browser.scrollToAnchor(topic)
