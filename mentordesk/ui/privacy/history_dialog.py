"""The history of changes: the whole programme's, a person's or a pairing's, filterable,
with a check that no entry was edited outside MentorDesk."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.privacy.history import (
    HistoryRow,
    check_history,
    history_of,
    pairing_choices,
    people_choices,
)
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.window.context import AppContext

WHOLE, PERSON, PAIRING = "programme", "person", "pairing"


def _changes_text(row: HistoryRow) -> str:
    parts = []
    for field, (old, new) in row.changes.items():
        name = field.replace("_", " ")
        if row.change == "update":
            parts.append(f"{name}: {old if old is not None else '—'} → {new}")
        elif row.change in ("insert", "bulk add"):
            parts.append(f"{name}: {new}")
        else:
            parts.append(f"{name}: {old}")
    return "; ".join(parts)


CHANGE_WORDS = {
    "insert": "added",
    "bulk add": "added together",
    "update": "changed",
    "delete": "removed",
}

COLUMNS: list[Column[HistoryRow]] = [
    Column("Entry", lambda r: r.id, align_right=True),
    Column("When (UTC)", lambda r: r.at),
    Column("Who", lambda r: r.coordinator or r.os_user, tooltip=lambda r: f"User: {r.os_user}"),
    Column("Action", lambda r: r.action, tooltip=lambda r: r.route or None),
    Column("Change", lambda r: CHANGE_WORDS.get(r.change, r.change)),
    Column("Record", lambda r: f"{r.record} {r.record_id or ''}".strip()),
    Column("Details", _changes_text, tooltip=lambda r: _changes_text(r)[:2000] or None),
]


class HistoryDialog(QDialog):
    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        person_id: int | None = None,
        pairing_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("History of changes")
        self.scope = QComboBox(self)
        self.scope.setAccessibleName("Show the history of")
        self.scope.addItem("The whole programme", WHOLE)
        self.scope.addItem("A person", PERSON)
        self.scope.addItem("A pairing", PAIRING)
        self.item = QComboBox(self)
        self.item.setAccessibleName("Whose history")
        self.item.setEditable(True)
        self.item.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Filter: a name, a field, an action…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter the history")
        self.model: RowTableModel[HistoryRow] = RowTableModel(
            COLUMNS,
            key=lambda r: r.id,
            parent=self,
            search_text=lambda r: " ".join(
                (r.action, r.record, r.change, r.coordinator, r.os_user, _changes_text(r))
            ),
        )
        self.proxy = RowFilterProxy(None, self)
        self.table = RowTableView(self.model, self.proxy, "history", self)
        self.table.setAccessibleName("History")
        if not self.table.restored_state:
            self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.status = QLabel("")
        verify = QPushButton("Check the history is intact")
        verify.clicked.connect(self.verify)
        top = QHBoxLayout()
        top.addWidget(QLabel("Show:"))
        top.addWidget(self.scope)
        top.addWidget(self.item, 1)
        top.addWidget(self.search, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(verify)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.scope.currentIndexChanged.connect(self._scope_changed)
        self.item.activated.connect(lambda _=0: self.reload())
        self.search.textChanged.connect(self.model.set_search)
        self.resize(1000, 560)
        if person_id is not None:
            self.show_scope(PERSON, person_id)
        elif pairing_id is not None:
            self.show_scope(PAIRING, pairing_id)
        else:
            self.reload()

    def show_scope(self, scope: str, record_id: int | None = None) -> None:
        self.scope.setCurrentIndex(self.scope.findData(scope))
        if record_id is not None:
            index = self.item.findData(record_id)
            if index >= 0:
                self.item.setCurrentIndex(index)
        self.reload()

    def _scope_changed(self) -> None:
        scope = self.scope.currentData()
        self.item.blockSignals(True)
        self.item.clear()
        choices: list[tuple[int, str]] = []
        if scope == PERSON:
            choices = people_choices(self.context.db)
        elif scope == PAIRING:
            choices = pairing_choices(self.context.db)
        for record_id, label in choices:
            self.item.addItem(label, record_id)
        self.item.setEnabled(scope != WHOLE)
        self.item.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        scope = self.scope.currentData()
        record_id: Any = self.item.currentData() if scope != WHOLE else None
        if scope != WHOLE and record_id is None:
            self.model.set_rows([])
            self.status.setText("Choose whose history to show.")
            return
        rows = history_of(
            self.context.db,
            person_id=int(record_id) if scope == PERSON else None,
            pairing_id=int(record_id) if scope == PAIRING else None,
        )
        self.model.set_rows(rows)
        self.status.setText(f"{len(rows)} entries, newest first.")

    def verify(self) -> None:
        check = check_history(self.context.db)
        if check.ok:
            self.status.setText(f"The history is intact: {check.entries} entries.")
        else:
            self.status.setText(
                f"The history is broken at entry {check.broken_id}: {check.reason}."
            )
