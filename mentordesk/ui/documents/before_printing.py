"""What the Documents screen asks before a document is printed or saved, for agreements and
reports alike: empty programme settings, characters no font has, where to save; and how a
failure or a first-page preview is shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from mentordesk.documents.preflight import Preflight
from mentordesk.errors import MentorDeskError
from mentordesk.programme.first_run import missing_settings
from mentordesk.progress import Progress
from mentordesk.ui.documents.first_page_panel import PREVIEW_DPI, FirstPagePanel
from mentordesk.ui.window import window_state as ui_settings
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.error_presenter import present_error

PDF_FILTER = "PDF documents (*.pdf)"


def show_error(parent: QWidget, exc: BaseException) -> None:
    present_error(parent, "Not done" if isinstance(exc, MentorDeskError) else "Failed", exc)


def open_settings(context: AppContext, parent: QWidget) -> None:
    from mentordesk.ui.documents.programme_settings_dialog import ProgrammeSettingsDialog

    ProgrammeSettingsDialog(context, parent).exec()


def settings_ready(context: AppContext, parent: QWidget) -> bool:
    """Before printing agreements: name the programme settings still empty, and let the
    coordinator fill them in first (or print anyway). True to go on printing."""
    missing = missing_settings(context.db)
    if not missing:
        return True
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Programme settings are incomplete")
    box.setText("The agreements would print with blanks: " + ", ".join(missing) + ".")
    box.setInformativeText("Fill them in now? (File → Programme settings)")
    fill = box.addButton("Fill in settings…", QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton("Print anyway", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(fill)
    box.exec()
    if box.clickedButton() is fill:
        open_settings(context, parent)
        return False
    return box.clickedButton() is anyway


def confirm_print(parent: QWidget, preflight: Preflight) -> bool:
    """Name what will not print as it should (empty settings, characters no font has)
    before printing; the coordinator prints anyway or goes back."""
    if preflight.clean:
        return True
    answer = QMessageBox.warning(
        parent,
        "Before printing",
        "\n\n".join(preflight.lines()) + "\n\nPrint anyway?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    return answer == QMessageBox.StandardButton.Yes


def ask_target(parent: QWidget, separate: bool, suggestion: str) -> Path | None:
    """Where to save: a folder (one file per pair) or a PDF file, starting where the last
    document went."""
    folder = ui_settings.app_settings().value("documents/folder", str(Path.home()))
    if separate:
        chosen = QFileDialog.getExistingDirectory(
            parent, "Choose a folder for the agreements", str(folder)
        )
    else:
        chosen, _ = QFileDialog.getSaveFileName(
            parent, "Save as PDF", str(Path(str(folder)) / suggestion), PDF_FILTER
        )
    if not chosen:
        return None
    path = Path(chosen)
    ui_settings.app_settings().setValue("documents/folder", str(path if separate else path.parent))
    return path


def show_first_page(
    context: AppContext,
    panel: FirstPagePanel,
    make_pdf: Callable[[Progress], bytes],
    caption: str,
) -> None:
    """Make the document on the worker and show its first page."""

    def work(progress: Progress) -> bytes:
        from mentordesk.documents.preview import first_page_png

        return first_page_png(make_pdf(progress), PREVIEW_DPI)

    context.tasks.run(
        work,
        on_done=lambda png: panel.show_page(png, caption),
        on_error=lambda exc: show_error(panel, exc),
        title="Preparing the preview…",
        parent=panel,
    )
