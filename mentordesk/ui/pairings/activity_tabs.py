"""The Meetings, Check-ins and Goals tabs of a pairing's detail: an entry row for fast
keyboard entry (Enter adds, focus goes back to the first field), the list, and edit and
delete, every change undoable."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.pairings.activity import CheckInRow, GoalRow, MeetingRow
from mentordesk.pairings.pairing_records import PairingDetail
from mentordesk.programme.text_input import format_date
from mentordesk.ui.pairings.activity_forms import (
    MODE_LABELS,
    SATISFACTION_LABELS,
    WHO_LABELS,
    CheckInForm,
    GoalForm,
    MeetingForm,
    RecordForm,
)
from mentordesk.ui.pairings.pairing_commands import (
    CHECK_INS,
    GOALS,
    MEETINGS,
    add_record_command,
    delete_record_command,
    update_record_command,
)
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.palette import error_color, show_message
from mentordesk.ui.window.shortcuts import add_shortcut
from mentordesk.ui.window.undo_commands import perform, try_perform

MEETING_COLUMNS: list[Column[MeetingRow]] = [
    Column("Date", lambda r: r.held_on),
    Column("Minutes", lambda r: r.minutes, align_right=True),
    Column("How", lambda r: r.mode.value, text=lambda r: MODE_LABELS[r.mode]),
    Column("Notes", lambda r: r.notes, tooltip=lambda r: r.notes or None),
]


def _concern_text(row: CheckInRow) -> str:
    if not row.concern:
        return ""
    if row.concern_resolved_on is None:
        return "Open"
    return f"Resolved {format_date(row.concern_resolved_on)}"


CHECK_IN_COLUMNS: list[Column[CheckInRow]] = [
    Column("Date", lambda r: r.held_on),
    Column("Who", lambda r: r.who.value, text=lambda r: WHO_LABELS[r.who]),
    Column(
        "Satisfaction",
        lambda r: r.satisfaction,
        text=lambda r: "" if r.satisfaction is None else SATISFACTION_LABELS[r.satisfaction],
    ),
    Column("Concern", _concern_text),
    Column("Notes", lambda r: r.notes, tooltip=lambda r: r.notes or None),
]

GOAL_COLUMNS: list[Column[GoalRow]] = [
    Column("Goal", lambda r: r.title, tooltip=lambda r: r.description or None),
    Column("Target date", lambda r: r.target_date),
    Column("Status", lambda r: r.status.value, text=lambda r: r.status.label),
    Column("Progress", lambda r: r.progress, text=lambda r: f"{r.progress} %", align_right=True),
    Column("Completed", lambda r: r.completed_on),
]


class RecordDialog(QDialog):
    """Edit one record. A refused change keeps the dialog open with the reason shown."""

    def __init__(
        self,
        form: RecordForm,
        title: str,
        submit: Callable[[Any], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = form
        self._submit = submit
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem")
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        # Room for a sentence of notes, in characters so it follows the font and scaling.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

    def accept(self) -> None:
        problem = self._submit(self.form.value())
        if problem:
            show_message(self.error, problem, error_color(self))
            return
        super().accept()


class ActivityTab(QWidget):
    """One kind of record of the pairing shown: entry row, table, edit and delete."""

    kind: str  # the noun: meeting, check-in, goal
    form_class: type[RecordForm]
    columns: list[Column[Any]]
    plural = "records"
    default_order = Qt.SortOrder.DescendingOrder  # newest first

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.pairing: PairingDetail | None = None
        self.date_order = "day_first"
        self.entry = self.form_class(self, compact=True)
        self.add_button = QPushButton("&Add", self)
        self.add_button.setAccessibleName(f"Add {self.kind}")
        self.add_button.setToolTip(f"Add this {self.kind} (Enter)")
        self.entry.place_add_button(self.add_button)
        self.entry.submitted.connect(self.add)
        self.add_button.clicked.connect(self.add)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName(f"Problem with the {self.kind}")
        self.error.hide()

        self.model: RowTableModel[Any] = RowTableModel(
            self.columns, key=lambda r: r.id, parent=self
        )
        self.proxy = RowFilterProxy(None, self)
        self.table = RowTableView(self.model, self.proxy, f"pairing-{self.plural}", self)
        self.table.setAccessibleName(self.plural.capitalize())
        if settings.load_state(f"header/pairing-{self.plural}") is None:
            self.table.sortByColumn(0, self.default_order)
        self.table.activated.connect(lambda _index: self.edit_current())
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setToolTip(f"Change the selected {self.kind} (F2 or Enter)")
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button = QPushButton("Delete", self)
        self.delete_button.setToolTip(f"Delete the selected {self.plural} (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        # Delete belongs to the window's Edit → Delete, which the pairings screen passes
        # to the list that has the focus (a second binding here would silence both).
        add_shortcut(
            self.table,
            Qt.Key.Key_F2,
            self.edit_current,
            "Edit the goal, meeting or check-in selected in its list",
            Qt.ShortcutContext.WidgetShortcut,
        )
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.edit_dialog: RecordDialog | None = None

        buttons = self.button_row = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.entry)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.add_button, self.table)
        QWidget.setTabOrder(self.table, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.delete_button)
        self._update_buttons()

    # --- what subclasses say ----------------------------------------------------------
    def describe(self, data: Any) -> str:
        """A few words naming a record in the Edit menu, e.g. 'on 19 Nov 2026'."""
        raise NotImplementedError

    def prepare_entry(self, pairing: PairingDetail, new_pairing: bool) -> None:
        """Set the entry row's defaults for this pairing (`new_pairing`: just shown)."""

    # --- showing ----------------------------------------------------------------------
    def set_pairing(self, pairing: PairingDetail | None, rows: list[Any], date_order: str) -> None:
        changed = pairing is None or self.pairing is None or pairing.id != self.pairing.id
        self.pairing = pairing
        if date_order != self.date_order:
            self.date_order = date_order
            self.entry.set_date_order(date_order)
        self.model.set_rows(rows)
        self.setEnabled(pairing is not None)
        if changed:
            show_message(self.error, "")
        if pairing is not None:
            self.prepare_entry(pairing, changed)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def focus_entry(self) -> None:
        self.entry.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def _title(self, verb: str, data: Any) -> str:
        assert self.pairing is not None
        return f"{verb} {self.kind} {self.describe(data)} – {self.pairing.title}"

    # --- actions ----------------------------------------------------------------------
    def add(self) -> None:
        if self.pairing is None:
            return
        data = self.entry.value()
        command = add_record_command(
            self.context, self.kind, self.pairing.id, data, self._title("Add", data)
        )
        problem = try_perform(self.context, command)
        if problem:
            show_message(self.error, problem, error_color(self))
            return
        show_message(self.error, "")
        self.entry.clear_after_add()
        self.focus_entry()

    def edit_current(self) -> None:
        row = self.table.current_row()
        if row is None or self.pairing is None:
            return
        pairing_id = self.pairing.id
        form = self.form_class(compact=False, date_order=self.date_order)
        form.set_value(row.as_input())

        def submit(data: Any) -> str | None:
            command = update_record_command(
                self.context, self.kind, pairing_id, row.id, data, self._title("Edit", data)
            )
            return try_perform(self.context, command)

        dialog = RecordDialog(form, f"Edit {self.kind}", submit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.edit_dialog = dialog
        dialog.finished.connect(self._dialog_closed)
        dialog.open()
        form.first_field().setFocus()

    def _dialog_closed(self) -> None:
        self.edit_dialog = None
        self.table.setFocus()

    def delete_selected(self) -> None:
        rows = self.table.selected_rows()
        if self.pairing is None:
            return
        if not rows:
            self.context.status_message.emit(f"Select the {self.plural} to delete first.")
            return
        if len(rows) == 1:
            title = self._title("Delete", rows[0].as_input())
        else:
            title = f"Delete {len(rows)} {self.plural} – {self.pairing.title}"
        command = delete_record_command(
            self.context, self.kind, self.pairing.id, [r.id for r in rows], title
        )
        perform(self.context, command, self)


class ConcernSourceTab(ActivityTab):
    """A tab whose records a concern can be raised from (a meeting note, a check-in)."""

    raise_concern_requested = Signal(object)  # the selected row

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.raise_concern_button = QPushButton("Raise concern…", self)
        self.raise_concern_button.setToolTip(
            f"Raise a safety concern from the selected {self.kind}: it goes into the "
            "concern register and stays there until it is resolved"
        )
        self.raise_concern_button.clicked.connect(self.raise_concern)
        self.button_row.insertWidget(1, self.raise_concern_button)
        self._update_buttons()

    def _update_buttons(self, *_: object) -> None:
        super()._update_buttons()
        if hasattr(self, "raise_concern_button"):
            self.raise_concern_button.setEnabled(len(self.table.selected_rows()) == 1)

    def raise_concern(self) -> None:
        row = self.table.current_row()
        if row is not None and self.pairing is not None:
            self.raise_concern_requested.emit(row)


class MeetingsTab(ConcernSourceTab):
    kind = MEETINGS
    form_class = MeetingForm
    columns = MEETING_COLUMNS
    plural = "meetings"
    entry: MeetingForm

    def describe(self, data: Any) -> str:
        return f"on {format_date(data.held_on)}"

    _default_minutes: int | None = None

    def prepare_entry(self, pairing: PairingDetail, new_pairing: bool) -> None:
        # Propose the pair's usual length, unless the coordinator is typing another one.
        if new_pairing or pairing.meeting_minutes != self._default_minutes:
            self._default_minutes = pairing.meeting_minutes
            self.entry.minutes.setValue(pairing.meeting_minutes)


class CheckInsTab(ConcernSourceTab):
    kind = CHECK_INS
    form_class = CheckInForm
    columns = CHECK_IN_COLUMNS
    plural = "check-ins"

    def describe(self, data: Any) -> str:
        return f"with {WHO_LABELS[data.who].lower()} on {format_date(data.held_on)}"


class GoalsTab(ActivityTab):
    kind = GOALS
    form_class = GoalForm
    columns = GOAL_COLUMNS
    plural = "goals"
    default_order = Qt.SortOrder.AscendingOrder

    def describe(self, data: Any) -> str:
        title = data.title.strip()
        return f"“{title[:40]}…”" if len(title) > 40 else f"“{title}”"
