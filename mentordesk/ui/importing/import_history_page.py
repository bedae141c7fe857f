"""Imports: every roster and meeting log imported, newest first, with its counts. "Undo this
import" where that is still possible, and where it is not, the one sentence saying why;
"Put it back" for an import undone. Both are commands on the window's undo stack, so
Ctrl+Z and Ctrl+Shift+Z step through them like any other change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.programme.text_input import format_date
from mentordesk.roster.import_history import ImportHistoryRow, import_history
from mentordesk.roster.import_undo import RedoImport, UndoImport
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, AppContext
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.undo_commands import ActionCommand, perform
from mentordesk.wording import plural


def when(row: ImportHistoryRow) -> str:
    return format_date(row.imported_at)  # a datetime: the date and its time


IMPORT_COLUMNS: list[Column[ImportHistoryRow]] = [
    Column("When", lambda r: r.imported_at, text=when),
    Column("Kind", lambda r: r.kind_label),
    Column("File", lambda r: r.file_name, tooltip=lambda r: f"Sheet '{r.sheet}'"),
    Column("New", lambda r: r.created, align_right=True),
    Column("Updated", lambda r: r.updated, align_right=True),
    Column("Already there", lambda r: r.unchanged, align_right=True, hidden_by_default=True),
    Column("Rejected", lambda r: r.rejected, align_right=True),
    Column("Undo", lambda r: r.state, tooltip=lambda r: r.state, stretch=True),
]


def what_undo_does(row: ImportHistoryRow) -> str:
    if row.kind == "meetings":
        return f"The {plural(row.created, 'meeting')} it added are removed."
    sentence = f"The {plural(row.created, 'person', 'people')} it added are removed"
    if row.updated:
        sentence += f", and the {plural(row.updated, 'person', 'people')} it updated get "
        sentence += "their earlier details back"
    return sentence + "."


class ImportsPage(Page):
    title = "Imports"
    # An import, its undo, and pairings made since all change what can be undone.
    topics = frozenset({PARTICIPANTS, PAIRINGS, ACTIVITY})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = RowTableModel(IMPORT_COLUMNS, key=lambda r: r.id, parent=self)
        self.proxy = RowFilterProxy(None, self)
        self.table = RowTableView(self.model, self.proxy, "imports", self)
        self.table.setAccessibleName("Imports")
        self.table.setSelectionMode(RowTableView.SelectionMode.SingleSelection)
        if not self.table.restored_state:
            self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.set_empty_text(
            "No imports yet. Import a roster of people (Ctrl+I) or a meeting log: each "
            "import is listed here, and can be undone while nothing depends on it."
        )
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.roster_button = QPushButton("Import &roster…", self)
        self.roster_button.clicked.connect(lambda: context.go_to.emit("import"))
        self.log_button = QPushButton("Import &meeting log…", self)
        self.log_button.clicked.connect(lambda: context.go_to.emit("import-meetings"))
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.undo_button = QPushButton("&Undo this import…", self)
        self.undo_button.clicked.connect(self.undo_selected)
        self.redo_button = QPushButton("&Put it back", self)
        self.redo_button.setToolTip("Import again exactly what the undo removed")
        self.redo_button.clicked.connect(self.redo_selected)
        top = QHBoxLayout()
        top.addWidget(self.roster_button)
        top.addWidget(self.log_button)
        top.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.detail, 1)
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._update()

    def reload(self) -> None:
        current = self.table.current_row()
        self.model.set_rows(import_history(self.context.db))
        reselected = current is not None and self.table.select_key(current.id)
        if not reselected and self.proxy.rowCount():
            self.table.selectRow(0)
        self._update()

    def selected(self) -> ImportHistoryRow | None:
        row = self.table.current_row()
        return row if isinstance(row, ImportHistoryRow) else None

    def _update(self) -> None:
        row = self.selected()
        writable = self.context.db.writable
        self.roster_button.setEnabled(writable)
        self.log_button.setEnabled(writable)
        self.undo_button.setEnabled(writable and row is not None and row.can_undo)
        self.redo_button.setEnabled(writable and row is not None and row.undone)
        if row is None:
            self.detail.setText("")
        elif not writable:
            self.detail.setText(
                f"{row.file_name}: this file is open for reading only, so no import can be "
                "undone or put back here."
            )
        elif row.undone:
            self.detail.setText(f"{row.file_name}: {row.state} “Put it back” imports it again.")
        else:
            self.detail.setText(f"{row.file_name}: {row.state}")

    def undo_selected(self) -> None:
        row = self.selected()
        if row is None or not row.can_undo:
            return
        answer = QMessageBox.question(
            self,
            "Undo this import?",
            f"Undo the import of {row.file_name} ({when(row)})? {what_undo_does(row)}\n\n"
            "Edit → Redo (Ctrl+Shift+Z) or “Put it back” imports it again.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        command = ActionCommand(
            self.context, f"Undo the import of {row.file_name}", UndoImport(row.id), warn=True
        )
        perform(self.context, command, self)

    def redo_selected(self) -> None:
        row = self.selected()
        if row is None or not row.undone:
            return
        command = ActionCommand(
            self.context, f"Put back the import of {row.file_name}", RedoImport(row.id), warn=True
        )
        perform(self.context, command, self)
