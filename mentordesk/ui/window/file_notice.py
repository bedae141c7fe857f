"""The bar under the menus that says what kind of file is open: the demo programme, a file
that can only be read, or that the file open last time is no longer where it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from mentordesk.store.paths import friendly_name, is_demo

if TYPE_CHECKING:
    from mentordesk.store import Database

DEMO_TEXT = (
    "This is the demo programme: made-up people to explore MentorDesk. Your real "
    "programme goes in a file of its own."
)


def read_only_text(db: Database) -> str:
    return (
        f"Read-only: {friendly_name(db.path)} can't be changed because "
        f"{db.read_only_reason}. To make changes, copy it to a folder you can write to and "
        "open the copy."
    )


class FileNotice(QFrame):
    def __init__(self, start_own: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # The palette's own colours, so the bar reads in a dark theme too.
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self.start_button = QPushButton("Start your own programme…", self)
        self.start_button.setToolTip("A new, empty programme file (File → New programme file)")
        self.start_button.clicked.connect(start_own)
        self.dismiss_button = QPushButton("Dismiss", self)
        self.dismiss_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.start_button)
        layout.addWidget(self.dismiss_button)
        self._notice = ""
        self._dismissed = False
        self.hide()

    def show_for(self, db: Database, notice: str = "") -> None:
        """Say what this file is; `notice`: a sentence about how it came to be open."""
        self._notice = notice
        self._dismissed = False
        parts = [notice] if notice else []
        if is_demo(db.path):
            parts.append(DEMO_TEXT)
        if db.read_only_reason is not None:
            parts.append(read_only_text(db))
        self.label.setText(" ".join(parts))
        self.start_button.setVisible(is_demo(db.path))
        # What the coordinator must keep in mind stays; a passing notice can go.
        self.dismiss_button.setVisible(db.read_only_reason is None)
        self.setVisible(bool(parts))

    def dismiss(self) -> None:
        self._dismissed = True
        self.hide()

    def text(self) -> str:
        parent = self.parentWidget()
        shown = self.isVisibleTo(parent) if parent is not None else self.isVisible()
        return self.label.text() if shown else ""
