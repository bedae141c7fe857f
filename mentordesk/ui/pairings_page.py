"""Pairings: every mentor–mentee pair with its status and last meeting."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from mentordesk.models import PairingStatus
from mentordesk.ui.context import ACTIVITY, PAIRINGS, PARTICIPANTS, AppContext
from mentordesk.ui.page import Page
from mentordesk.ui.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.table_view import RowTableView
from mentordesk.workspace.queries import PairingRow, list_pairings

PAIRING_COLUMNS: list[Column[PairingRow]] = [
    Column("Mentor", lambda r: r.mentor_name),
    Column("Mentee", lambda r: r.mentee_name),
    Column("Status", lambda r: r.status, text=lambda r: r.status.capitalize()),
    Column("Start date", lambda r: r.start_date),
    Column("Last meeting", lambda r: r.last_meeting),
]


def pairing_search_text(row: PairingRow) -> str:
    return f"{row.mentor_name} {row.mentee_name}".casefold()


class PairingsPage(Page):
    title = "Pairings"
    topics = frozenset({PAIRINGS, PARTICIPANTS, ACTIVITY})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = RowTableModel(PAIRING_COLUMNS, key=lambda r: r.id, parent=self)
        self.proxy = RowFilterProxy(pairing_search_text, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search mentor or mentee")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search pairings")
        self.search.textChanged.connect(self.proxy.set_search)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName("Status filter")
        self.status_filter.addItem("Any status", "")
        for status in PairingStatus:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.currentIndexChanged.connect(self._on_status)
        self.table = RowTableView(self.model, self.proxy, "pairings", self)
        self.table.setAccessibleName("Pairings")
        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        status_label = QLabel("S&tatus:", self)
        status_label.setBuddy(self.status_filter)
        bar.addWidget(status_label)
        bar.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)

    def reload(self) -> None:
        with self.context.db.reading() as session:
            rows = list_pairings(session)
        self.model.set_rows(rows)

    def _on_status(self) -> None:
        status = self.status_filter.currentData()
        self.proxy.set_predicate("status", (lambda r: r.status == status) if status else None)

    def save_state(self) -> None:
        self.table.save_header()
