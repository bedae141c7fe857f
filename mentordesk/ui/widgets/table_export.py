"""Export any table, as filtered and sorted on screen, to an Excel workbook.

The rows are taken on the GUI thread (plain values); the workbook is written by a
background task with a progress dialog that can cancel (nothing is left behind then).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QWidget

from mentordesk import clock
from mentordesk.progress import Progress
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.error_presenter import present_error

if TYPE_CHECKING:
    from mentordesk.ui.widgets.table_view import RowTableView

XLSX_FILTER = "Excel workbooks (*.xlsx)"
LAST_FOLDER_KEY = "export/folder"


def find_context(widget: QWidget | None) -> AppContext | None:
    """The AppContext of the screen a widget belongs to."""
    while widget is not None:
        context = getattr(widget, "context", None)
        if isinstance(context, AppContext):
            return context
        widget = widget.parentWidget()
    return None


def table_title(view: RowTableView) -> str:
    return view.accessibleName() or view.state_key.replace("_", " ").capitalize()


def suggested_path(view: RowTableView) -> Path:
    folder = settings.app_settings().value(LAST_FOLDER_KEY, "")
    base = Path(str(folder)) if folder and Path(str(folder)).is_dir() else Path.home()
    return base / f"{table_title(view)} {clock.today().isoformat()}.xlsx"


def ask_path(view: RowTableView) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(
        view.window(), "Export table to Excel", str(suggested_path(view)), XLSX_FILTER
    )
    if not chosen:
        return None
    path = Path(chosen)
    return path if path.suffix.lower() == ".xlsx" else path.with_name(path.name + ".xlsx")


def export_view(view: RowTableView, path: Path | None = None) -> None:
    """Ask where (unless `path` is given), then write what the table shows."""
    from mentordesk.programme.spreadsheet_export import write_table

    context = find_context(view)
    if path is None:
        path = ask_path(view)
        if path is None:
            return
    settings.app_settings().setValue(LAST_FOLDER_KEY, str(path.parent))
    headers, rows = view.visible_table()
    title = table_title(view)
    parent = view.window()

    def work(progress: Progress) -> int:
        return write_table(path, title, headers, rows, progress)

    def done(count: int) -> None:
        message = f"Exported {count} row{'s' if count != 1 else ''} of {title} to {path}"
        if context is not None:
            context.status_message.emit(message)

    def failed(exc: BaseException) -> None:
        present_error(parent, "Export failed", exc, what="The table was not exported.")

    if context is None:
        try:
            done(work(Progress()))
        except Exception as exc:  # shown to the user, never lost
            failed(exc)
        return
    context.tasks.run(
        work,
        on_done=done,
        on_error=failed,
        title=f"Exporting {title}…",
        parent=parent,
        on_cancelled=lambda: context.status_message.emit("Export cancelled; no file written."),
    )
