"""Pair a mentor and a mentee (or rematch the mentee of a closed pairing).

What the rules say appears as soon as both are picked: blocking problems in red (the
pairing cannot be saved), warnings with a box to tick once the coordinator has checked them.
"""

from __future__ import annotations

import datetime as dt
from html import escape

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.models import PairingStatus, Role
from mentordesk.pairings.pairing_records import (
    Candidate,
    PairingDetail,
)
from mentordesk.pairings.pairing_rules import PairProblem
from mentordesk.pairings.pairing_views import candidates, proposed_pair_problems
from mentordesk.programme.text_input import format_date
from mentordesk.ui.pairings.pairing_commands import NewPairing
from mentordesk.ui.widgets.date_fields import OptionalDateEdit, from_qdate, make_date_edit
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.palette import error_color, warning_color

CANDIDATE_COLUMNS: list[Column[Candidate]] = [
    Column("Name", lambda c: c.sort_name, text=lambda c: c.name),
    Column("Details", lambda c: c.detail),
]


class CandidatePicker(QWidget):
    """Search as you type in a list of mentors or mentees, by default only those free."""

    def __init__(self, role: Role, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.noun = "mentor" if role == Role.MENTOR else "mentee"
        self._everyone: list[Candidate] = []
        self.model: RowTableModel[Candidate] = RowTableModel(
            CANDIDATE_COLUMNS, key=lambda c: c.id, parent=self
        )
        self.proxy = RowFilterProxy(lambda c: f"{c.name} {c.detail}".casefold(), self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(f"Search {self.noun}s by name, school or employer")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {self.noun}s")
        self.search.textChanged.connect(self.proxy.set_search)
        self.only_available = QCheckBox(
            "Only with a free place" if role == Role.MENTOR else "Only without a mentor", self
        )
        self.only_available.setChecked(True)
        self.only_available.toggled.connect(self._show_rows)
        self.count = QLabel(f"Loading {self.noun}s…", self)
        self.table = RowTableView(self.model, self.proxy, f"pick-{self.noun}", self)
        self.table.setSelectionMode(RowTableView.SelectionMode.SingleSelection)
        self.table.setAccessibleName(f"{self.noun.capitalize()}s")
        # Enter in the search box moves into the list.
        self.search.returnPressed.connect(self._focus_first)
        label = QLabel("&Mentor:" if role == Role.MENTOR else "Men&tee:", self)
        label.setBuddy(self.search)
        options = QHBoxLayout()
        options.addWidget(self.only_available)
        options.addStretch(1)
        options.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addLayout(options)
        layout.addWidget(self.table, 1)

    def set_candidates(self, candidates: list[Candidate]) -> None:
        self._everyone = candidates
        self._show_rows()

    def _show_rows(self) -> None:
        # Filtered here rather than in the proxy: one pass over a plain list.
        only = self.only_available.isChecked()
        rows = [c for c in self._everyone if c.available] if only else self._everyone
        self.model.set_rows(rows)
        free = sum(1 for c in self._everyone if c.available)
        self.count.setText(f"{free:,} free of {len(self._everyone):,}")

    def _focus_first(self) -> None:
        if self.proxy.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def selected_id(self) -> int | None:
        row = self.table.current_row()
        selected = self.table.selectionModel().selectedRows()
        return row.id if (row is not None and selected) else None

    def select_id(self, person_id: int) -> bool:
        if self.model.position_of(person_id) is None and self.only_available.isChecked():
            self.only_available.setChecked(False)
        if self.model.position_of(person_id) is None:  # hidden by the search text
            self.search.clear()
        position = self.model.position_of(person_id)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(position, 0))
        self.table.selectRow(index.row())
        self.table.scrollTo(index)
        return True


class CreatePairingDialog(QDialog):
    """Pick a mentor and a mentee. With `rematch_of`, the mentee is that pairing's."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        rematch_of: PairingDetail | None = None,
        date_order: str = "day_first",
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.rematch_of = rematch_of
        self.problems: list[PairProblem] = []
        self.mentor_picker = CandidatePicker(Role.MENTOR, self)
        self.mentee_picker: CandidatePicker | None = None
        pickers = QHBoxLayout()
        pickers.addWidget(self.mentor_picker, 1)
        if rematch_of is None:
            self.setWindowTitle("New pairing")
            self.mentee_picker = CandidatePicker(Role.MENTEE, self)
            pickers.addWidget(self.mentee_picker, 1)
            intro_text = "Pick a mentor and a mentee."
        else:
            self.setWindowTitle(f"Rematch {rematch_of.mentee_name}")
            ended = (
                f" on {format_date(rematch_of.end_date)}" if rematch_of.end_date is not None else ""
            )
            intro_text = (
                f"Pick a new mentor for <b>{escape(rematch_of.mentee_name)}</b>. The pairing "
                f"with {escape(rematch_of.mentor_name)} closed{ended}"
                + (f" ({escape(rematch_of.closure_reason)})" if rematch_of.closure_reason else "")
                + "."
            )
        intro = QLabel(intro_text, self)
        intro.setWordWrap(True)

        self.problem_label = QLabel(self)
        self.problem_label.setWordWrap(True)
        self.problem_label.setTextFormat(Qt.TextFormat.RichText)
        self.problem_label.setAccessibleName("What the rules say")
        self.acknowledge = QCheckBox("I have &checked these warnings", self)
        self.acknowledge.hide()
        self.acknowledge.toggled.connect(self._update_ok)

        self.status: ValueCombo[PairingStatus] = ValueCombo(
            self,
            value_type=PairingStatus,
            name="Status of the new pairing",
            items={
                PairingStatus.ACTIVE: "Active: they start now",
                PairingStatus.PROPOSED: "Proposed: to be confirmed",
            },
        )
        self.status.currentIndexChanged.connect(self._on_status)
        self.start = make_date_edit(self, "Start date", date_order=date_order)
        self.start.dateChanged.connect(lambda _d: self.refresh_problems())
        # A minor's active pairing needs a parent's or guardian's permission on record.
        self.permission = OptionalDateEdit("Permission received on", self, date_order=date_order)
        self.permission.setToolTip(
            "The day a parent's or guardian's permission came back (a mentee under 18)"
        )
        self.permission.changed.connect(self.refresh_problems)
        form = QFormLayout()
        form.addRow("&Status:", self.status)
        form.addRow("Start &date:", self.start)
        form.addRow("&Permission received on:", self.permission)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Rematch" if rematch_of else "Create pairing")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(pickers, 1)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.acknowledge)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for picker in self._pickers():
            picker.table.selectionModel().selectionChanged.connect(
                lambda *_: self.refresh_problems()
            )
        self.resize(900, 600)
        self.refresh_problems()
        self._load_candidates()

    def _load_candidates(self) -> None:
        """Read the people off the GUI thread: the dialog shows at once, lists follow."""
        db = self.context.db
        with_mentees = self.mentee_picker is not None

        def load(_progress: object) -> tuple[list[Candidate], list[Candidate]]:
            return candidates(db, with_mentees=with_mentees)

        def loaded(result: tuple[list[Candidate], list[Candidate]]) -> None:
            if not shiboken6.isValid(self):  # closed before the lists arrived
                return
            self.mentor_picker.set_candidates(result[0])
            if self.mentee_picker is not None:
                self.mentee_picker.set_candidates(result[1])
            self.loaded = True

        def failed(exc: BaseException) -> None:
            if shiboken6.isValid(self):
                self.problem_label.setText(f"The people could not be read: {exc}")

        self.loaded = False
        self.context.tasks.run(load, on_done=loaded, on_error=failed, title="Reading people…")

    def _pickers(self) -> list[CandidatePicker]:
        return [p for p in (self.mentor_picker, self.mentee_picker) if p is not None]

    def _on_status(self) -> None:
        active = self.status.value() == PairingStatus.ACTIVE
        self.start.setEnabled(active)
        self.permission.setEnabled(active)
        self.refresh_problems()

    def permission_on(self) -> dt.date | None:
        if self.status.value() == PairingStatus.ACTIVE:
            return self.permission.value()
        return None

    def mentee_id(self) -> int | None:
        if self.rematch_of is not None:
            return self.rematch_of.mentee_id
        assert self.mentee_picker is not None
        return self.mentee_picker.selected_id()

    def start_date(self) -> dt.date | None:
        if self.status.value() == PairingStatus.ACTIVE:
            return from_qdate(self.start.date())
        return None

    def refresh_problems(self) -> None:
        mentor_id, mentee_id = self.mentor_picker.selected_id(), self.mentee_id()
        if mentor_id is None or mentee_id is None:
            self.problems = []
            self.problem_label.setText("Pick both people to see what the programme's rules say.")
            self.acknowledge.hide()
            self._update_ok()
            return
        self.problems = proposed_pair_problems(
            self.context.db,
            mentor_id,
            mentee_id,
            today=clock.today(),
            start=self.start_date(),
            rematch_of=self.rematch_of.id if self.rematch_of is not None else None,
            status=self.status.value(),
            permission_on=self.permission_on(),
        )
        self.problem_label.setText(self._problem_html())
        warnings = [p for p in self.problems if not p.blocking]
        blocking = [p for p in self.problems if p.blocking]
        self.acknowledge.setVisible(bool(warnings) and not blocking)
        self.acknowledge.setChecked(False)
        self._update_ok()

    def _problem_html(self) -> str:
        if not self.problems:
            return "✔ No problems: the programme's rules allow this pairing."
        red = error_color(self).name()
        amber = warning_color(self).name()
        lines = []
        for problem in self.problems:
            if problem.blocking:
                lines.append(
                    f"<span style='color:{red}'>✖ <b>Not allowed:</b> "
                    f"{escape(problem.message)}</span>"
                )
            else:
                lines.append(
                    f"<span style='color:{amber}'>⚠ <b>Check:</b> {escape(problem.message)}</span>"
                )
        return "<br>".join(lines)

    def blocked(self) -> bool:
        return any(p.blocking for p in self.problems)

    def _update_ok(self) -> None:
        ready = self.mentor_picker.selected_id() is not None and self.mentee_id() is not None
        warnings = any(not p.blocking for p in self.problems)
        acknowledged = not warnings or self.acknowledge.isChecked()
        self.ok_button.setEnabled(ready and not self.blocked() and acknowledged)

    def value(self) -> NewPairing:
        mentor_id, mentee_id = self.mentor_picker.selected_id(), self.mentee_id()
        assert mentor_id is not None and mentee_id is not None
        return NewPairing(
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            status=self.status.value(),
            start_date=self.start_date(),
            rematch_of=self.rematch_of.id if self.rematch_of is not None else None,
            guardian_permission_on=self.permission_on(),
        )

    def accept(self) -> None:
        if not self.ok_button.isEnabled():
            return
        super().accept()
