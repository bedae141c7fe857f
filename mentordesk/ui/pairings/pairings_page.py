"""Pairings: every mentor–mentee pair (status, start, last meeting, meetings this month)
on the left, the selected pairing's detail on the right."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mentordesk.models import PairingStatus
from mentordesk.pairings.pairing_views import pairing_rows
from mentordesk.programme.programme_queries import PairingRow
from mentordesk.ui.pairings.create_pairing_dialog import CreatePairingDialog
from mentordesk.ui.pairings.pairing_commands import (
    create_pairing_command,
    touched_pairings,
)
from mentordesk.ui.pairings.pairing_detail import MEETINGS_TAB, PairingDetailPanel
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.undo_commands import perform
from mentordesk.wording import plural

PAIRING_COLUMNS: list[Column[PairingRow]] = [
    Column("Mentor", lambda r: r.mentor_name),
    Column("Mentee", lambda r: r.mentee_name, stretch=True),
    Column("Status", lambda r: r.status, text=lambda r: r.status.capitalize()),
    Column("Start date", lambda r: r.start_date),
    Column("Last meeting", lambda r: r.last_meeting),
    Column("Met this month", lambda r: r.meetings_this_month, align_right=True),
]
# Topics this screen can follow row by row; anything else re-reads the whole table.
ROW_LEVEL_TOPICS = frozenset({PAIRINGS, ACTIVITY})


def pairing_search_text(row: PairingRow) -> str:
    return f"{row.mentor_name} {row.mentee_name}".casefold()


class PairingsPage(Page):
    title = "Pairings"
    topics = frozenset({PAIRINGS, PARTICIPANTS, ACTIVITY, PROGRAMME})
    shows = ("pairings",)
    new_record_text = "New &pairing…"
    delete_text = "Delete the pairing, or the goals, meetings or check-ins selected…"
    other_keys = (("Go from the pairings table to the pairing's meetings", "Enter"),)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.create_dialog: CreatePairingDialog | None = None
        self._reloading = False
        self.model = RowTableModel(PAIRING_COLUMNS, key=lambda r: r.id, parent=self)
        self.proxy = RowFilterProxy(pairing_search_text, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search mentor or mentee")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search pairings")
        self.search.textChanged.connect(self._on_search)
        self.status_filter: ValueCombo[PairingStatus | None] = ValueCombo(
            self,
            value_type=PairingStatus,
            optional=True,
            name="Status filter",
            items=[(None, "Any status"), *((s, s.label) for s in PairingStatus)],
        )
        self.status_filter.currentIndexChanged.connect(self._on_status)
        self.count_label = QLabel(self)
        self.new_button = QPushButton("New pairing…", self)
        self.new_button.setToolTip("Pair a mentor and a mentee (Ctrl+Shift+N)")
        self.new_button.clicked.connect(self.new_pairing)
        self.table = RowTableView(self.model, self.proxy, "pairings", self)
        self.table.setAccessibleName("Pairings")
        self.table.set_empty_text(
            "No pairings yet. Propose pairs on Matching (Ctrl+4), or pair a mentor and a "
            "mentee by hand with Ctrl+Shift+N."
        )
        self.table.setSelectionMode(RowTableView.SelectionMode.SingleSelection)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)

        self.detail = PairingDetailPanel(context, self)
        self.detail.open_pairing.connect(self.show_record)
        # Enter on a pairing goes to its meetings, ready to log one.
        self.table.activated.connect(lambda _index: self.detail.show_tab(MEETINGS_TAB))

        bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        status_label = QLabel("S&tatus:", self)
        status_label.setBuddy(self.status_filter)
        bar.addWidget(status_label)
        bar.addWidget(self.status_filter)
        bar.addWidget(self.count_label)
        bar.addWidget(self.new_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(bar)
        left_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        state = settings.load_state("pairings/splitter")
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([760, 560])
        self.splitter.splitterMoved.connect(lambda *_: self._save_splitter())
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        QWidget.setTabOrder(self.search, self.status_filter)
        QWidget.setTabOrder(self.status_filter, self.new_button)
        QWidget.setTabOrder(self.new_button, self.table)
        QWidget.setTabOrder(self.table, self.detail.tabs)

    # --- reading ----------------------------------------------------------------------
    def reload(self) -> None:
        current = self.detail.pairing_id
        rows = pairing_rows(self.context.db)
        # The reset clears the selection; the pairing shown stays shown (with any edits
        # typed in its summary) when it is still there.
        self._reloading = True
        try:
            self.model.set_rows(rows)
            selected = current is not None and self._select(current, show=False)
        finally:
            self._reloading = False
        self.detail.show_pairing(current if selected else None)
        self._update_count()

    def _on_changed(self, topics: frozenset[str]) -> None:
        """Refresh only the pairings a command touched, when that is all that changed."""
        ids = touched_pairings(topics)
        relevant = topics & self.topics
        if not relevant:
            return
        if not ids or not relevant <= ROW_LEVEL_TOPICS or not self.isVisible() or self._stale:
            super()._on_changed(topics)
            return
        self.refresh_rows(ids)

    def refresh_rows(self, ids: set[int]) -> None:
        fresh = {row.id: row for row in pairing_rows(self.context.db, ids)}
        shown = self.detail.pairing_id
        deleted = shown in ids and shown not in fresh
        # A row may leave the status filter, or the table may be rebuilt: the pairing
        # shown stays shown either way, unless it was deleted.
        self._reloading = True
        try:
            for pairing_id in ids:
                row = fresh.get(pairing_id)
                if row is None:
                    self.model.remove_key(pairing_id)
                else:
                    self.model.update_row(row)
            if shown is None or deleted or not self._select(shown, show=False, reveal=False):
                self.table.selectionModel().clear()
        finally:
            self._reloading = False
        if shown in ids:
            self.detail.show_pairing(None if deleted else shown)
        self._update_count()

    # --- selection --------------------------------------------------------------------
    def current_id(self) -> int | None:
        row = self.table.current_row()
        return None if row is None else row.id

    def _on_current(self, current: object, _previous: object) -> None:
        if not self._reloading:
            self.detail.show_pairing(self.current_id())

    def _select(self, pairing_id: int, *, show: bool = True, reveal: bool = True) -> bool:
        """Select a pairing's row; `reveal` clears the search and filter that hide it."""
        position = self.model.position_of(pairing_id)
        if position is None and not reveal:
            return False
        if position is None:  # absent, or hidden by the search or the status filter
            self.search.clear()
            self.status_filter.setCurrentIndex(0)
            position = self.model.position_of(pairing_id)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        if show and self.detail.pairing_id != pairing_id:
            self.detail.show_pairing(pairing_id)
        return True

    def show_record(self, record_id: int) -> None:
        """Select a pairing and open its detail (navigation from other screens)."""
        self.refresh_if_stale()
        if not self._select(record_id):
            self.refresh()  # made since this screen last read the pairings
            self._select(record_id)
        self.table.setFocus()

    # --- actions ----------------------------------------------------------------------
    def new_pairing(self) -> None:
        dialog = CreatePairingDialog(self.context, self, date_order=self.detail.date_order)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen() -> None:
            new = dialog.value()
            names = _names(dialog)
            command = create_pairing_command(self.context, new, f"Pair {names}")
            if perform(self.context, command, self):
                new_id, warnings = command.result
                self.show_record(new_id)
                if warnings:
                    self.context.status_message.emit(
                        f"Paired {names}; noted: " + " ".join(w.message for w in warnings)
                    )

        dialog.accepted.connect(chosen)
        dialog.finished.connect(lambda _r: setattr(self, "create_dialog", None))
        self.create_dialog = dialog
        dialog.open()

    def new_record(self) -> None:
        self.new_pairing()

    def delete_selected(self) -> None:
        """Delete the records selected in the goals, meetings or check-ins list that has
        the focus; elsewhere, the pairing shown. Both ask or can be undone."""
        tab = self.detail.focused_activity_tab()
        if tab is not None:
            tab.delete_selected()
        elif self.detail.detail is None:
            self.context.status_message.emit("Select the pairing to delete first.")
        else:
            self.detail.delete_pairing()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _on_status(self) -> None:
        status = self.status_filter.value()
        self.proxy.set_predicate("status", (lambda r: r.status == status) if status else None)
        self._update_count()

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.total_rows()
        self.count_label.setText(
            f"{shown} of {total}" if shown != total else plural(total, "pairing")
        )

    def _save_splitter(self) -> None:
        settings.save_state("pairings/splitter", self.splitter.saveState())

    def save_state(self) -> None:
        self.table.save_header()
        self._save_splitter()
        for tab in (self.detail.goals, self.detail.meetings, self.detail.check_ins):
            tab.table.save_header()


def _names(dialog: CreatePairingDialog) -> str:
    mentor = dialog.mentor_picker.table.current_row()
    assert mentor is not None  # the dialog is accepted only with both picked
    if dialog.rematch_of is not None:
        mentee_name = dialog.rematch_of.mentee_name
    else:
        assert dialog.mentee_picker is not None
        mentee = dialog.mentee_picker.table.current_row()
        assert mentee is not None
        mentee_name = mentee.name
    return f"{mentor.name} & {mentee_name}"
