"""Participants: the table (search as you type, filters, column chooser, sort) beside the
detail editor; add, edit, archive and delete, each undoable.

The whole table loads off the GUI thread (50,000 people take about a second to read);
after an edit only the rows it touched are read again.
"""

from __future__ import annotations

from itertools import pairwise
from operator import attrgetter
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.models import ParticipantStatus, Role
from mentordesk.participants.participant_views import participant_rows, summarise_deletion
from mentordesk.programme.programme_queries import ParticipantRow
from mentordesk.ui.participants import participant_commands as commands
from mentordesk.ui.participants.participant_columns import (
    DEFAULT_ORDER,
    PARTICIPANT_COLUMNS,
    column_number,
    participant_search_text,
)
from mentordesk.ui.participants.participant_editor import ParticipantEditor
from mentordesk.ui.widgets.table_model import RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import ALL_TOPICS, PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.page import Page
from mentordesk.wording import plural

# Each status choice is the set of statuses it shows; None shows everyone.
CURRENT = frozenset(s for s in ParticipantStatus if s != ParticipantStatus.ARCHIVED)

STATUS_CHOICES: tuple[tuple[frozenset[ParticipantStatus] | None, str], ...] = (
    (CURRENT, "Current (not archived)"),
    *((frozenset({s}), s.label) for s in ParticipantStatus),
    (None, "Everyone, archived too"),
)


class ParticipantsPage(Page):
    title = "Participants"
    topics = frozenset({PARTICIPANTS, PAIRINGS, PROGRAMME})
    shows = (PARTICIPANTS,)
    new_record_text = "New &participant"
    delete_text = "Delete the selected participants…"
    other_keys = (("Go from the search box to the first match", "Enter"),)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._generation = 0  # the latest full load; older results are dropped
        self._loading = False
        self._touched: set[int] = set()
        self._partial_next = False
        self._full_needed = True
        context.records_changed.connect(self._on_records)

        self.model = RowTableModel(PARTICIPANT_COLUMNS, key=attrgetter("id"), parent=self)
        self.proxy = RowFilterProxy(participant_search_text, self)
        self.table = RowTableView(self.model, self.proxy, "participants", self)
        self.table.setAccessibleName("Participants")
        self.table.set_empty_text(
            "No one in the programme yet. Import your mentees and mentors with File → Import "
            "roster (Ctrl+I), or add a person with Edit → New (Ctrl+Shift+N)."
        )
        if not self.table.restored_state:
            header = self.table.horizontalHeader()
            for visual, name in enumerate(DEFAULT_ORDER):
                header.moveSection(header.visualIndex(column_number(name)), visual)
        self.editor = ParticipantEditor(context, self)
        self.editor.saved.connect(self._on_saved)
        self._build_filters()
        self._build_actions()

        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Number of participants shown")
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_count)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.proxy.modelReset.connect(self._reselect)

        # Two short lines of filters: the table side stays narrow enough for the editor.
        filters = QHBoxLayout()
        for label_text, widget in (("&Role:", self.role_filter), ("S&tatus:", self.status_filter)):
            label = QLabel(label_text, self)
            label.setBuddy(widget)
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addStretch(1)
        checks = QHBoxLayout()
        checks.addWidget(self.screening_filter)
        checks.addWidget(self.unmatched_filter)
        checks.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addLayout(filters)
        left_layout.addLayout(checks)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count_label)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        state = settings.load_state("participants/splitter")
        if state is None or not self.splitter.restoreState(state):
            self.splitter.setSizes([540, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)
        self._set_tab_order()
        self._apply_filters()
        self._update_actions()

    # --- building -----------------------------------------------------------------------
    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search names, emails, school or employer, interests")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search participants")
        self.search.textChanged.connect(self._on_search)
        self.search.returnPressed.connect(self._select_first)
        self.role_filter: ValueCombo[Role | None] = ValueCombo(
            self,
            value_type=Role,
            optional=True,
            name="Role filter",
            items=[(None, "Everyone"), (Role.MENTOR, "Mentors"), (Role.MENTEE, "Mentees")],
        )
        self.status_filter: ValueCombo[frozenset[ParticipantStatus] | None] = ValueCombo(
            self, value_type=frozenset, optional=True, name="Status filter", items=STATUS_CHOICES
        )
        self.screening_filter = QCheckBox("Screening &incomplete", self)
        self.screening_filter.setToolTip("Mentors not yet ready to match, and why")
        self.unmatched_filter = QCheckBox("&Unmatched", self)
        self.unmatched_filter.setToolTip("Mentees without a mentor; mentors with a free place")
        self.role_filter.currentIndexChanged.connect(self._apply_filters)
        self.status_filter.currentIndexChanged.connect(self._apply_filters)
        self.screening_filter.toggled.connect(self._apply_filters)
        self.unmatched_filter.toggled.connect(self._apply_filters)

    def _build_actions(self) -> None:
        self.new_action = QAction("&New participant", self)
        self.new_action.setToolTip("Add a participant (Ctrl+Shift+N)")
        self.new_action.triggered.connect(self.new_record)
        self.archive_action = QAction("&Archive", self)
        self.archive_action.setToolTip(
            "Hide the selected people from the lists; keep their records"
        )
        self.archive_action.triggered.connect(self.archive_selected)
        self.unarchive_action = QAction("Bring &back from archive", self)
        self.unarchive_action.triggered.connect(self.unarchive_selected)
        self.delete_action = QAction("&Delete…", self)
        self.delete_action.setToolTip("Erase the selected people and all their records (Delete)")
        self.delete_action.triggered.connect(self.delete_selected)
        self.rules_action = QAction("Screening &requirements…", self)
        self.rules_action.setToolTip("What a mentor must complete before being matched")
        self.rules_action.triggered.connect(self.edit_rules)
        self.never_pair_action = QAction("Ne&ver pair…", self)
        self.never_pair_action.setToolTip(
            "The selected person's never-pair list: see, add (with a reason) or remove rules"
        )
        self.never_pair_action.triggered.connect(self.edit_never_pairs)
        self.export_action = QAction("E&xport to Excel…", self)
        self.export_action.setToolTip("Export the table as shown (Ctrl+E)")
        self.export_action.triggered.connect(self.table.export)
        self.toolbar = QToolBar("Participant actions", self)
        self.toolbar.setAccessibleName("Participant actions")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (
            self.new_action,
            self.archive_action,
            self.unarchive_action,
            self.delete_action,
            None,
            self.never_pair_action,
            self.rules_action,
            self.export_action,
        ):
            if action is None:
                self.toolbar.addSeparator()
            else:
                self.toolbar.addAction(action)
        self.table.context_actions = [
            self.new_action,
            None,
            self.archive_action,
            self.unarchive_action,
            self.delete_action,
        ]
        # Shown in the menu for discoverability; the window's Edit → Delete owns the key.
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    def _set_tab_order(self) -> None:
        chain = [
            self.search,
            self.role_filter,
            self.status_filter,
            self.screening_filter,
            self.unmatched_filter,
            self.table,
            self.editor.tabs,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- loading ------------------------------------------------------------------------
    def _on_records(self, topic: str, ids: frozenset[int]) -> None:
        if topic == PARTICIPANTS:
            self._touched |= set(ids)
            self._partial_next = True

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & self.topics:
            # A change that named its participants refreshes only them; any other, all.
            if not self._partial_next or topics == ALL_TOPICS:
                self._full_needed = True
            self._partial_next = False
        super()._on_changed(topics)

    def reload(self) -> None:
        if self._full_needed or self._loading or not self._touched:
            self._load_all()
        else:
            self._load_some(sorted(self._touched))
        self._touched = set()
        self._full_needed = False

    def _load_all(self) -> None:
        self._generation += 1
        generation = self._generation
        self._loading = True
        if self.model.rowCount() == 0:
            self.count_label.setText("Loading…")
        db = self.context.db

        def done(rows: list[ParticipantRow]) -> None:
            if generation != self._generation:
                return  # a newer load is on its way
            self._loading = False
            self.model.set_rows(rows)
            self._after_load(None)

        def failed(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self._loading = False
            self.count_label.setText("Could not load the participants.")
            QMessageBox.warning(self, "Participants", f"The participants could not be read: {exc}")

        self.context.tasks.run(
            lambda _progress: participant_rows(db), on_done=done, on_error=failed
        )

    def _load_some(self, ids: list[int]) -> None:
        rows = participant_rows(self.context.db, ids)
        found = {r.id for r in rows}
        self.model.update_rows(rows)
        for missing in set(ids) - found:
            self.model.remove_key(missing)
        self._after_load(set(ids))

    def _after_load(self, touched: set[int] | None) -> None:
        self._update_count()
        editing = self.editor.participant_id
        if editing is None:
            return
        if self.model.row_for(editing) is None:
            self.editor.clear()  # deleted (or undone add)
            return
        if (touched is None or editing in touched) and not self.editor.is_dirty():
            self.editor.show_participant(editing)
        self._reselect()

    # --- filters ------------------------------------------------------------------------
    def _on_search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._update_count()

    def _apply_filters(self, *_: object) -> None:
        role = self.role_filter.value()
        statuses = self.status_filter.value()
        self.proxy.set_predicate("role", (lambda r: r.role == role) if role else None)
        self.proxy.set_predicate(
            "status", (lambda r: r.status in statuses) if statuses is not None else None
        )
        self.proxy.set_predicate(
            "screening",
            (lambda r: r.screening_incomplete) if self.screening_filter.isChecked() else None,
        )
        self.proxy.set_predicate(
            "unmatched", (lambda r: r.unmatched) if self.unmatched_filter.isChecked() else None
        )
        self._update_count()

    def _update_count(self, *_: object) -> None:
        shown, total = self.proxy.rowCount(), self.model.total_rows()
        if self._loading and total == 0:
            return
        self.count_label.setText(
            f"{shown:,} of {total:,}" if shown != total else plural(total, "person", "people")
        )

    # --- selection and editing ----------------------------------------------------------
    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        row = self.table.current_row()
        if row is None or row.id == self.editor.participant_id:
            return
        if not self.editor.confirm_leave():
            self._reselect()
            return
        self.editor.show_participant(row.id)
        self._update_actions()

    def _reselect(self) -> None:
        """Keep the person in the editor selected in the table, when they are shown."""
        editing = self.editor.participant_id
        if editing is None:
            return
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            position = self.model.position_of(editing)
            if position is not None:
                index = self.proxy.mapFromSource(self.model.index(position, 0))
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
        finally:
            selection.blockSignals(False)
        self.table.viewport().update()
        self._update_actions()

    def _select_first(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus()
            self.table.setCurrentIndex(self.proxy.index(0, 0))

    def _on_saved(self, participant_id: int) -> None:
        if not self.table.select_key(participant_id):
            self.context.status_message.emit(
                "Saved. The filters hide this person; clear them to see them in the table."
            )

    def selected_ids(self) -> list[int]:
        rows = self.table.selected_rows()
        if rows:
            return [r.id for r in rows]
        return [self.editor.participant_id] if self.editor.participant_id is not None else []

    def _selected_rows(self) -> list[ParticipantRow]:
        return [r for r in self.table.selected_rows() if r is not None]

    def _update_actions(self, *_: Any) -> None:
        rows = self._selected_rows()
        archived = ParticipantStatus.ARCHIVED.value
        self.archive_action.setEnabled(any(r.status != archived for r in rows))
        self.unarchive_action.setEnabled(any(r.status == archived for r in rows))
        self.delete_action.setEnabled(bool(rows))

    def show_record(self, record_id: int) -> None:
        self.refresh_if_stale()
        known = self.model.row_for(record_id) is not None
        if known and self.model.position_of(record_id) is None:
            self.search.clear()
            self.status_filter.select_value(None)
            self.role_filter.setCurrentIndex(0)
            self.screening_filter.setChecked(False)
            self.unmatched_filter.setChecked(False)
        if not self.table.select_key(record_id) and self.editor.confirm_leave():
            self.editor.show_participant(record_id)

    # --- actions ------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def new_record(self) -> None:
        if not self.editor.confirm_leave():
            return
        role = self.role_filter.value() or Role.MENTEE
        self.table.clearSelection()
        self.editor.start_new(role)

    def archive_selected(self) -> None:
        rows = [r for r in self._selected_rows() if r.status != ParticipantStatus.ARCHIVED.value]
        if not rows:
            return
        text = f"Archive {_who(rows)}"
        if commands.set_statuses(
            self.context, [r.id for r in rows], ParticipantStatus.ARCHIVED, text, self.window()
        ):
            self.context.status_message.emit(
                f"{text}: hidden from the lists, records kept. "
                "Choose Status → Archived to see them."
            )

    def unarchive_selected(self) -> None:
        rows = [r for r in self._selected_rows() if r.status == ParticipantStatus.ARCHIVED.value]
        if rows:
            commands.set_statuses(
                self.context,
                [r.id for r in rows],
                ParticipantStatus.ACTIVE,
                f"Bring back {_who(rows)}",
                self.window(),
            )

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.context.status_message.emit("Select the participants to delete first.")
            return
        if self.editor.participant_id in ids and self.editor.is_dirty():
            self.editor.revert()
        try:
            summary = summarise_deletion(self.context.db, ids)
        except MentorDeskError as exc:  # e.g. an open safety concern: refused before asking
            QMessageBox.warning(self.window(), "Delete participants", str(exc))
            return
        count = len(summary.names)
        what = summary.names[0] if count == 1 else f"{count} participants"
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            f"Delete {what}?",
            f"Delete {what} for good?",
            QMessageBox.StandardButton.Cancel,
            self.window(),
        )
        box.setInformativeText(
            f"This erases {summary.sentence()}\n\nArchive instead to hide someone and keep "
            "their records. A deletion can be undone (Edit → Undo) until MentorDesk closes."
        )
        delete_button = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is not delete_button:
            return
        text = f"Delete {what}"
        if commands.delete_participants(self.context, ids, text, self.window()):
            self.context.status_message.emit(f"{text}. Edit → Undo brings everything back.")

    def edit_never_pairs(self) -> None:
        from mentordesk.ui.participants.never_pair_dialog import NeverPairDialog

        rows = self.table.selected_rows()
        if len(rows) != 1:
            self.context.status_message.emit("Select one person to see their never-pair list.")
            return
        row = rows[0]
        dialog = NeverPairDialog(
            self.context, row.id, f"{row.first_name} {row.last_name}", self.window()
        )
        self.never_pair_dialog: NeverPairDialog | None = dialog  # while it is open (tests)
        dialog.exec()
        self.never_pair_dialog = None

    def edit_rules(self) -> None:
        from mentordesk.ui.participants.screening_rules_dialog import ScreeningRulesDialog

        dialog = ScreeningRulesDialog(self.context, self.window())
        dialog.exec()

    def can_leave(self) -> bool:
        return self.editor.confirm_leave()

    def save_state(self) -> None:
        self.table.save_header()
        settings.save_state("participants/splitter", self.splitter.saveState())


def _who(rows: list[ParticipantRow]) -> str:
    if len(rows) == 1:
        return f"{rows[0].first_name} {rows[0].last_name}"
    return f"{len(rows)} participants"
