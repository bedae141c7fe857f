"""Participants: search as you type across names and emails, filter by role, sort."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from mentordesk.ui.context import PAIRINGS, PARTICIPANTS, AppContext
from mentordesk.ui.page import Page
from mentordesk.ui.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.table_view import RowTableView
from mentordesk.workspace.queries import ParticipantRow, list_participants

PARTICIPANT_COLUMNS: list[Column[ParticipantRow]] = [
    Column("Last name", lambda r: r.last_name),
    Column("First name", lambda r: r.first_name),
    Column("Role", lambda r: r.role, text=lambda r: r.role.capitalize()),
    Column("Email", lambda r: r.email),
    Column("School / employer", lambda r: r.organisation),
    Column("Status", lambda r: r.status, text=lambda r: r.status.replace("_", " ").capitalize()),
    Column("Date of birth", lambda r: r.date_of_birth),
    Column("Phone", lambda r: r.phone, hidden_by_default=True),
    Column("Interests", lambda r: r.interests, hidden_by_default=True),
]


def participant_search_text(row: ParticipantRow) -> str:
    return " ".join(
        [row.first_name, row.last_name, row.email or "", row.organisation, *row.interests]
    ).casefold()


class ParticipantsPage(Page):
    title = "Participants"
    topics = frozenset({PARTICIPANTS, PAIRINGS})

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = RowTableModel(PARTICIPANT_COLUMNS, key=lambda r: r.id, parent=self)
        self.proxy = RowFilterProxy(participant_search_text, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search names, emails, school or employer, interests")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search participants")
        self.search.textChanged.connect(self._on_search)
        self.role_filter = QComboBox(self)
        self.role_filter.setAccessibleName("Role filter")
        for label, value in (("Everyone", ""), ("Mentors", "mentor"), ("Mentees", "mentee")):
            self.role_filter.addItem(label, value)
        self.role_filter.currentIndexChanged.connect(self._on_role)
        self.count_label = QLabel(self)
        self.table = RowTableView(self.model, self.proxy, "participants", self)
        self.table.setAccessibleName("Participants")
        self.proxy.rowsInserted.connect(self._update_count)
        self.proxy.rowsRemoved.connect(self._update_count)
        self.proxy.modelReset.connect(self._update_count)
        self.proxy.layoutChanged.connect(self._update_count)

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        role_label = QLabel("&Role:", self)
        role_label.setBuddy(self.role_filter)
        bar.addWidget(role_label)
        bar.addWidget(self.role_filter)
        bar.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def reload(self) -> None:
        with self.context.db.reading() as session:
            rows = list_participants(session)
        self.model.set_rows(rows)
        self._update_count()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _on_role(self) -> None:
        role = self.role_filter.currentData()
        self.proxy.set_predicate("role", (lambda r: r.role == role) if role else None)
        self._update_count()

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.total_rows()
        self.count_label.setText(f"{shown} of {total}" if shown != total else f"{total} people")

    def save_state(self) -> None:
        self.table.save_header()
