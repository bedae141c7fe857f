"""Print (Ctrl+P): a document through the system's print dialog, with a preview.

The PDF MentorDesk makes is rendered page by page (pypdfium2) and drawn on the printer,
so what prints is what a saved PDF holds. The preview asks for the PDF again when the
programme settings change while it is open, so it always shows what would print. Its Print
button opens the system's print dialog; the preview is accepted only once the pages went to
the printer, so the caller knows when to record that they were printed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QAction, QImage, QPainter
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from mentordesk.documents.preview import page_pngs
from mentordesk.errors import MentorDeskError
from mentordesk.ui.window.context import PROGRAMME, AppContext

PRINT_DPI = 200


def paint_pdfs(printer: QPrinter, pdfs: list[bytes]) -> int:
    """Draw every page of these PDFs on `printer`, one after the other, each fitted to the
    paper; the page count."""
    pages = [png for pdf in pdfs for png in page_pngs(pdf, PRINT_DPI)]
    painter = QPainter(printer)
    try:
        for number, png in enumerate(pages):
            if number:
                printer.newPage()
            image = QImage.fromData(png)
            area = painter.viewport()
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(area.x(), area.y(), size.width(), size.height())
            painter.setViewport(target)
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(area)
            painter.setWindow(area)
    finally:
        painter.end()
    return len(pages)


class PrintPreview(QPrintPreviewDialog):
    """The system's print preview over a PDF made on demand by `make_pdf`."""

    def __init__(
        self,
        context: AppContext,
        make_pdfs: Callable[[], list[bytes]],
        title: str,
        parent: QWidget | None = None,
    ) -> None:
        # Kept here, not as `printer`: that name is the dialog's own method.
        self.paper = QPrinter(QPrinter.PrinterMode.HighResolution)
        super().__init__(self.paper, parent)
        self.setWindowTitle(title)
        self.make_pdfs = make_pdfs
        self.pages = 0
        self.error = ""
        self.paintRequested.connect(self._paint)
        context.changed.connect(self._on_changed)
        # Qt's own Print button opens a print dialog made in C++; ours is made here, so the
        # window decides what happens after it (and tests can answer it).
        self.print_action = self._action(QCoreApplication.translate("QPrintPreviewDialog", "Print"))
        self.print_action.triggered.disconnect()
        self.print_action.triggered.connect(self.print_pages)

    def _action(self, text: str) -> QAction:
        for action in self.findChildren(QAction):
            if action.text() == text:
                return action
        raise LookupError(text)

    def print_pages(self) -> None:
        """The system's print dialog; the pages go to the printer it set up."""
        dialog = QPrintDialog(self.paper, self)
        dialog.setWindowTitle(self.windowTitle())
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.preview_widget().print_()
        if self.error:
            self.reject()
        else:
            self.accept()

    def preview_widget(self) -> QPrintPreviewWidget:
        widget = self.findChild(QPrintPreviewWidget)
        assert widget is not None
        return widget

    def _paint(self, printer: QPrinter) -> None:
        try:
            self.pages = paint_pdfs(printer, self.make_pdfs())
            self.error = ""
        except MentorDeskError as exc:
            self.error = str(exc)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if PROGRAMME in topics and self.isVisible():
            self.preview_widget().updatePreview()


def print_documents(
    context: AppContext, make_pdfs: Callable[[], list[bytes]], title: str, parent: QWidget
) -> bool:
    """Open the print preview; its Print button goes through the system's print dialog.
    True when the documents were printed."""
    preview = PrintPreview(context, make_pdfs, title, parent)
    try:
        printed = preview.exec() == QDialog.DialogCode.Accepted
    finally:
        context.changed.disconnect(preview._on_changed)
    if preview.error:
        QMessageBox.warning(parent, "Cannot print", preview.error)
        return False
    return printed
