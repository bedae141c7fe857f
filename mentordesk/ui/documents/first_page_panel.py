"""The Documents screen's right-hand panel: the first page of the last document previewed,
what was last saved or printed, and Open in PDF viewer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

PREVIEW_DPI = 110


class PagePreview(QLabel):
    """Shows a page image scaled to the width available, keeping its proportions."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.source: QPixmap | None = None
        self._width = 0
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setWordWrap(True)

    def set_page(self, pixmap: QPixmap) -> None:
        self.source = pixmap
        self._width = 0
        self._fit()

    def _fit(self) -> None:
        if self.source is None or self.source.isNull():
            return
        width = max(100, self.width() - 4)
        if width != self._width:
            self._width = width
            self.setPixmap(
                self.source.scaledToWidth(
                    min(width, self.source.width() * 2),
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit()


class FirstPagePanel(QGroupBox):
    """The preview, the last message about a document, and the last file saved."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("First page", parent)
        self.last_saved: Path | None = None
        self.last_preview_png: bytes | None = None
        self.preview = PagePreview("Choose a pairing and press Preview.", self)
        self.preview.setAccessibleName("Preview of the first page")
        scroll = QScrollArea(self)
        scroll.setWidget(self.preview)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(300)
        self.open_button = QPushButton("&Open in PDF viewer", self)
        self.open_button.clicked.connect(self.open_last_saved)
        self.saved_label = QLabel(self)
        self.saved_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.open_button)
        self.update_open_button()

    def show_page(self, png: bytes, caption: str) -> None:
        self.last_preview_png = png
        self.preview.set_page(QPixmap.fromImage(QImage.fromData(png)))
        self.preview.setToolTip(caption)
        self.saved_label.setText(caption)

    def tell(self, message: str, saved: Path | None = None) -> None:
        """What was just done with a document (and the file it went to, if any)."""
        if saved is not None:
            self.last_saved = saved
        self.saved_label.setText(message)
        self.update_open_button()

    def update_open_button(self) -> None:
        self.open_button.setEnabled(self.last_saved is not None and self.last_saved.exists())

    def open_last_saved(self) -> None:
        if self.last_saved is None or not self.last_saved.exists():
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved))):
            QMessageBox.information(
                self,
                "No PDF viewer",
                f"No program to open PDF files was found. The file is at {self.last_saved}.",
            )
