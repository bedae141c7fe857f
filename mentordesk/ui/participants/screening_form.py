"""A mentor's screening checklist and training as a form.

One row per item (the standard ones, then the programme's own): status, date done,
expiry, references, what was seen and who saw it, notes. An item is complete only with
its evidence. Marking an item complete fills in today, and a background
check's expiry from the programme's validity, so ticking one off is one choice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.models import DateOrder, ScreeningKind, ScreeningStatus
from mentordesk.participants.screening import ScreeningRequirements
from mentordesk.participants.screening_edit import (
    ChecklistItem,
    CheckRecord,
    MentorScreening,
    TrainingRecord,
    checklist_items,
)
from mentordesk.ui.widgets.form_fields import ChangeWatcher, DateField, mark_error
from mentordesk.ui.widgets.typed_combo import ValueCombo


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass
class _ItemRow:
    item: ChecklistItem
    status: ValueCombo[ScreeningStatus]
    completed: DateField
    expires: DateField
    references: QSpinBox | None
    notes: QLineEdit
    seen: QLineEdit
    seen_by: QLineEdit
    record: CheckRecord | None = None  # what is stored, to keep its id


@dataclass
class _TrainingRow:
    name: QLineEdit
    completed: DateField
    hours: QDoubleSpinBox
    remove: QPushButton
    record: TrainingRecord | None = None


class ScreeningForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._watch = ChangeWatcher(self.edited.emit)
        self.mentor_id: int | None = None
        self.rules = ScreeningRequirements()
        self.order = DateOrder.DAY_FIRST
        self.item_rows: list[_ItemRow] = []
        self.training_rows: list[_TrainingRow] = []
        self._stored: MentorScreening | None = None

        self.readiness = QLabel(self)
        self.readiness.setWordWrap(True)
        self.readiness.setTextFormat(Qt.TextFormat.PlainText)
        bold = self.readiness.font()
        bold.setBold(True)
        self.readiness.setFont(bold)
        self.readiness.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readiness.setAccessibleName("Readiness to match")

        self.checks_box = QGroupBox("Checklist (* required by the programme)", self)
        self.checks_grid = QGridLayout(self.checks_box)
        self.training_box = QGroupBox("Pre-match training", self)
        self.training_grid = QGridLayout(self.training_box)
        self.add_training_button = QPushButton("&Add training", self)
        self.add_training_button.clicked.connect(self._add_training_clicked)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.readiness)
        layout.addWidget(self.checks_box)
        layout.addWidget(self.training_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_training_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)

    # --- building -----------------------------------------------------------------------
    def _clear(self) -> None:
        for grid in (self.checks_grid, self.training_grid):
            while grid.count():
                taken = grid.takeAt(0)
                widget = taken.widget() if taken is not None else None
                if widget is not None:
                    widget.deleteLater()
        self.item_rows.clear()
        self.training_rows.clear()

    def _headers(self, grid: QGridLayout, texts: list[str]) -> None:
        for column, text in enumerate(texts):
            label = QLabel(f"<b>{text}</b>", self)
            grid.addWidget(label, 0, column)

    def _build_items(self, screening: MentorScreening) -> None:
        # Four grid lines an item: its name; status and dates; evidence; notes (and
        # references).
        # Narrow enough for the editor pane, even at 200 % scaling with a scroll bar.
        self._headers(self.checks_grid, ["Status", "Done on", "Expires"])
        line = 1
        for item in checklist_items(self.rules, screening):
            title = f"{item.title}{' *' if item.required else ''}"
            label = QLabel(f"<b>{title}</b>", self)
            status: ValueCombo[ScreeningStatus] = ValueCombo(
                self, value_type=ScreeningStatus, items=[(v, v.label) for v in ScreeningStatus]
            )
            completed, expires = DateField(self), DateField(self)
            for date_field in (completed, expires):
                date_field.set_order(self.order)
            notes = QLineEdit(self)
            notes.setPlaceholderText("Notes")
            seen = QLineEdit(self)
            seen.setPlaceholderText("Certificate or reference no. seen")
            seen_by = QLineEdit(self)
            seen_by.setPlaceholderText("Seen by")
            references = None
            if item.kind == ScreeningKind.REFERENCES.value:
                references = QSpinBox(self)
                references.setRange(0, 20)
                references.setSuffix(" received")
                references.setToolTip(f"The programme asks for {self.rules.min_references}")
            row = _ItemRow(item, status, completed, expires, references, notes, seen, seen_by)
            for widget, what in (
                (status, "status"),
                (completed, "date done"),
                (expires, "expiry date"),
                (references, "number of references"),
                (notes, "notes"),
                (seen, "certificate or reference number seen"),
                (seen_by, "seen by"),
            ):
                if widget is not None:
                    widget.setAccessibleName(f"{item.title}: {what}")
            label.setBuddy(status)
            self.checks_grid.addWidget(label, line, 0, 1, 3)
            self.checks_grid.addWidget(status, line + 1, 0)
            self.checks_grid.addWidget(completed, line + 1, 1)
            self.checks_grid.addWidget(expires, line + 1, 2)
            self.checks_grid.addWidget(seen, line + 2, 0, 1, 2)
            self.checks_grid.addWidget(seen_by, line + 2, 2)
            if references is not None:
                self.checks_grid.addWidget(notes, line + 3, 0, 1, 2)
                self.checks_grid.addWidget(references, line + 3, 2)
                references.valueChanged.connect(self._watch.fire)
            else:
                self.checks_grid.addWidget(notes, line + 3, 0, 1, 3)
            line += 4
            status.currentIndexChanged.connect(lambda _=0, r=row: self._status_changed(r))
            for editor in (completed, expires, notes, seen, seen_by):
                editor.textEdited.connect(self._watch.fire)
                editor.editingFinished.connect(self._watch.fire)
            completed.editingFinished.connect(lambda r=row: self._propose_expiry(r))
            self.item_rows.append(row)
        self.checks_grid.setColumnStretch(1, 1)
        self.checks_grid.setColumnStretch(2, 1)

    def _add_training_row(self, record: TrainingRecord | None) -> _TrainingRow:
        # Two grid lines a training: its name and Remove; the date and the hours.
        if not self.training_rows:
            self._headers(self.training_grid, ["Training, done on", "Hours"])
        number = len(self.training_rows) + 1
        line = 2 * number - 1
        name = QLineEdit(record.name if record else "Pre-match training", self)
        completed = DateField(self)
        completed.set_order(self.order)
        completed.set_date(record.completed_on if record else None)
        hours = QDoubleSpinBox(self)
        hours.setRange(0, 200)
        hours.setDecimals(1)
        hours.setSingleStep(0.5)
        hours.setSuffix(" h")
        hours.setValue(record.hours if record else 0.0)
        remove = QPushButton("Remove", self)
        row = _TrainingRow(name, completed, hours, remove, record)
        for widget, what in ((name, "name"), (completed, "date done"), (hours, "hours")):
            widget.setAccessibleName(f"Training {number}: {what}")
        remove.setAccessibleName(f"Remove training {number}")
        remove.clicked.connect(lambda _=False, r=row: self._remove_training(r))
        for field in (name, completed):
            field.textEdited.connect(self._watch.fire)
            field.editingFinished.connect(self._watch.fire)
        hours.valueChanged.connect(self._watch.fire)
        self.training_grid.addWidget(name, line, 0)
        self.training_grid.addWidget(remove, line, 1)
        self.training_grid.addWidget(completed, line + 1, 0)
        self.training_grid.addWidget(hours, line + 1, 1)
        self.training_grid.setColumnStretch(0, 1)
        self.training_rows.append(row)
        return row

    def _add_training_clicked(self) -> None:
        row = self._add_training_row(None)
        row.completed.set_date(clock.today())
        row.name.setFocus()
        self._watch.fire()

    def _remove_training(self, row: _TrainingRow) -> None:
        for widget in (row.name, row.completed, row.hours, row.remove):
            widget.hide()
        self.training_rows.remove(row)
        self._watch.fire()

    # --- conveniences -------------------------------------------------------------------
    def _status_changed(self, row: _ItemRow) -> None:
        if self._watch.paused:
            return
        if row.status.value() == ScreeningStatus.COMPLETE and not row.completed.text():
            row.completed.set_date(clock.today())
            self._propose_expiry(row)
        self._watch.fire()

    def _propose_expiry(self, row: _ItemRow) -> None:
        """A completed background check expires after the programme's validity."""
        if self._watch.paused or row.item.kind != ScreeningKind.BACKGROUND_CHECK.value:
            return
        done = row.completed.date_or_none()
        if done is not None and not row.expires.text():
            row.expires.set_date(_add_years(done, self.rules.check_valid_years))
            self._watch.fire()

    # --- values -------------------------------------------------------------------------
    def set_screening(
        self,
        screening: MentorScreening,
        rules: ScreeningRequirements,
        order: DateOrder,
        readiness: str,
    ) -> None:
        self._watch.paused = True
        try:
            self._clear()
            self.mentor_id = screening.mentor_id
            self.rules = rules
            self.order = order
            self._stored = screening
            self._build_items(screening)
            for row in self.item_rows:
                record = screening.check(row.item.key)
                row.record = record
                if record is None:
                    continue
                row.status.select_value(record.status)
                row.completed.set_date(record.completed_on)
                row.expires.set_date(record.expires_on)
                if row.references is not None:
                    row.references.setValue(record.reference_count)
                row.notes.setText(record.notes)
                row.seen.setText(record.seen_reference)
                row.seen_by.setText(record.seen_by)
            for training in screening.trainings:
                self._add_training_row(training)
            self.set_readiness(readiness)
            self.show_errors({})
        finally:
            self._watch.paused = False

    def set_readiness(self, text: str) -> None:
        if text.startswith("Not ready: "):
            reasons = text.removeprefix("Not ready: ").split("; ")
            text = "Not ready to match:\n" + "\n".join(f"• {r}" for r in reasons)
        self.readiness.setText(text)

    def read(self) -> tuple[MentorScreening, dict[str, str]]:
        """The checklist as filled in, and the fields that could not be read."""
        assert self._stored is not None
        problems: dict[str, str] = {}
        result = self._stored
        for check_row in self.item_rows:
            dates = []
            for date_field in (check_row.completed, check_row.expires):
                try:
                    dates.append(date_field.date())
                except ValueError as exc:
                    problems[check_row.item.key] = f"{check_row.item.title}: {exc}"
                    dates.append(None)
            status = check_row.status.value().value
            check_base = check_row.record or CheckRecord(
                kind=check_row.item.kind,
                label=check_row.item.key
                if check_row.item.kind == ScreeningKind.OTHER.value
                else "",
            )
            check = replace(
                check_base,
                status=status,
                completed_on=dates[0],
                expires_on=dates[1],
                reference_count=(
                    check_row.references.value()
                    if check_row.references
                    else check_base.reference_count
                ),
                notes=check_row.notes.text().strip(),
                seen_reference=check_row.seen.text().strip(),
                seen_by=check_row.seen_by.text().strip(),
            )
            untouched = check_row.record is None and check == check_base
            if not untouched:
                result = result.with_check(check)
        trainings = []
        for number, training_row in enumerate(self.training_rows):
            try:
                completed = training_row.completed.date()
            except ValueError as exc:
                problems[f"training:{number}"] = f"Training: {exc}"
                completed = None
            training_base = training_row.record or TrainingRecord()
            trainings.append(
                replace(
                    training_base,
                    name=training_row.name.text(),
                    completed_on=completed,
                    hours=training_row.hours.value(),
                )
            )
        return replace(result, trainings=tuple(trainings)), problems

    def show_errors(self, errors: dict[str, str]) -> None:
        for row in self.item_rows:
            message = errors.get(row.item.key)
            mark_error(row.completed, message)
            mark_error(row.status, message)
            mark_error(row.seen, message if message and "seen" in message else None)
            mark_error(row.seen_by, message if message and "saw" in message else None)
        for number, training_row in enumerate(self.training_rows):
            message = errors.get(f"training:{number}")
            mark_error(training_row.name, message)
            mark_error(training_row.completed, message)
