"""The fields of a meeting, a check-in and a goal, laid out two ways: as a compact entry
row (Enter adds) and as a form in the edit dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.models import CheckInWho, GoalStatus, MeetingMode
from mentordesk.pairings.activity import (
    MAX_MEETING_MINUTES,
    CheckInInput,
    GoalInput,
    MeetingInput,
)
from mentordesk.ui.widgets.date_fields import (
    OptionalDateEdit,
    from_qdate,
    make_date_edit,
    set_date_order,
    to_qdate,
)
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.shortcuts import add_shortcut

MODE_LABELS = {
    MeetingMode.IN_PERSON: "In person",
    MeetingMode.VIDEO: "Video",
    MeetingMode.PHONE: "Phone",
}
WHO_LABELS = {
    CheckInWho.MENTOR: "Mentor",
    CheckInWho.MENTEE: "Mentee",
    CheckInWho.GUARDIAN: "Guardian",
}
SATISFACTION_LABELS = {
    None: "Not asked",
    1: "1 – very low",
    2: "2 – low",
    3: "3 – fair",
    4: "4 – good",
    5: "5 – very good",
}


def select_data(combo: ValueCombo[Any], value: Any) -> None:
    """Choose `value`, or the first item when the combo has no such value."""
    if not combo.select_value(value):
        combo.setCurrentIndex(0)


class RecordForm(QWidget):
    """Fields of one record. `compact`: labels above short fields, wide fields on a second
    line (the entry row); otherwise a two-column form (the edit dialog)."""

    # Enter pressed in any field of a compact form.
    submitted = Signal()

    def __init__(
        self, parent: QWidget | None = None, *, compact: bool, date_order: str = "day_first"
    ) -> None:
        super().__init__(parent)
        self.compact = compact
        self.date_order = date_order
        self._build()
        if compact:
            self._lay_out_compact()
            for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                add_shortcut(
                    self,
                    key,
                    self.submitted.emit,
                    "Add the goal, meeting or check-in typed in the entry row",
                    Qt.ShortcutContext.WidgetWithChildrenShortcut,
                )
        else:
            form = QFormLayout(self)
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            for label, widget, _wide in self.fields():
                form.addRow(label, widget)

    # Subclasses create their widgets in _build and list them in fields().
    def _build(self) -> None:
        raise NotImplementedError

    def fields(self) -> list[tuple[str, QWidget, bool]]:
        """(label with a mnemonic, widget, wide) in tab order."""
        raise NotImplementedError

    def first_field(self) -> QWidget:
        return self.fields()[0][1]

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, data: Any) -> None:
        raise NotImplementedError

    def clear_after_add(self) -> None:
        """Ready the entry row for the next record: keep the date and choices, clear text."""

    def set_date_order(self, date_order: str) -> None:
        self.date_order = date_order
        for _label, widget, _wide in self.fields():
            if isinstance(widget, QDateEdit):
                set_date_order(widget, date_order)
            elif isinstance(widget, OptionalDateEdit):
                widget.set_date_order(date_order)

    def compact_lines(self) -> list[list[tuple[str, QWidget, bool]]]:
        """The entry row's lines. By default a wide field has a line of its own and short
        fields share one; a form narrows its row by saying otherwise."""
        lines: list[list[tuple[str, QWidget, bool]]] = []
        for field in self.fields():
            if not lines or field[2] or lines[-1][-1][2]:
                lines.append([])
            lines[-1].append(field)
        return lines

    # The line of the entry row that ends with the Add button (-1: the last).
    add_button_line = -1

    def _lay_out_compact(self) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self._lines: list[QHBoxLayout] = []
        previous: QWidget | None = None
        for fields in self.compact_lines():
            line = QHBoxLayout()
            column.addLayout(line)
            self._lines.append(line)
            for label, widget, wide in fields:
                if label:
                    text = QLabel(label, self)
                    text.setBuddy(widget)
                    line.addWidget(text)
                line.addWidget(widget, 1 if wide else 0)
                if previous is not None:
                    QWidget.setTabOrder(previous, widget)
                previous = widget
            if not any(wide for _label, _widget, wide in fields):
                line.addStretch(1)

    def place_add_button(self, widget: QWidget) -> None:
        """Put a widget (the Add button) at the end of the compact form's Add line."""
        self._lines[self.add_button_line].addWidget(widget)


class MeetingForm(RecordForm):
    def _build(self) -> None:
        self.held_on = make_date_edit(
            self, "Meeting date", date_order=self.date_order, latest=clock.today()
        )
        self.minutes = QSpinBox(self)
        self.minutes.setRange(1, MAX_MEETING_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(60)
        self.minutes.setAccessibleName("Minutes")
        self.mode = ValueCombo(self, value_type=MeetingMode, name="How they met", items=MODE_LABELS)
        self.notes = QLineEdit(self)
        self.notes.setAccessibleName("Meeting notes")
        self.notes.setPlaceholderText("What they did (confidential, never in reports)")

    def fields(self) -> list[tuple[str, QWidget, bool]]:
        return [
            ("Date", self.held_on, False),
            ("M&inutes", self.minutes, False),
            ("H&ow", self.mode, False),
            ("&Notes", self.notes, True),
        ]

    def value(self) -> MeetingInput:
        return MeetingInput(
            held_on=from_qdate(self.held_on.date()),
            minutes=self.minutes.value(),
            mode=self.mode.value(),
            notes=self.notes.text(),
        )

    def set_value(self, data: MeetingInput) -> None:
        self.held_on.setMaximumDate(to_qdate(max(clock.today(), data.held_on)))
        self.held_on.setDate(to_qdate(data.held_on))
        self.minutes.setValue(data.minutes)
        select_data(self.mode, data.mode)
        self.notes.setText(data.notes)

    def clear_after_add(self) -> None:
        self.notes.clear()


class CheckInForm(RecordForm):
    def _build(self) -> None:
        self.held_on = make_date_edit(
            self, "Check-in date", date_order=self.date_order, latest=clock.today()
        )
        self.who = ValueCombo(
            self, value_type=CheckInWho, name="Who was contacted", items=WHO_LABELS
        )
        self.who.setToolTip("The mentor, the mentee, or the mentee's parent or guardian")
        self.satisfaction = ValueCombo(
            self, value_type=int, optional=True, name="Satisfaction", items=SATISFACTION_LABELS
        )
        self.concern = QCheckBox("&Concern", self)
        self.concern.setAccessibleName("Concern raised")
        self.concern.setToolTip(
            "Tick to raise a safety concern: it goes into the concern register with the "
            "notes as what was said, and stays there until it is resolved"
        )
        self.notes = QLineEdit(self)
        self.notes.setAccessibleName("Check-in notes")
        self.notes.setPlaceholderText("What was said; what to follow up")

    def fields(self) -> list[tuple[str, QWidget, bool]]:
        fields: list[tuple[str, QWidget, bool]] = [
            ("Date", self.held_on, False),
            ("&Who", self.who, False),
            ("&Satisfaction", self.satisfaction, False),
            ("", self.concern, False),
            ("&Notes", self.notes, True),
        ]
        return fields

    def compact_lines(self) -> list[list[tuple[str, QWidget, bool]]]:
        fields = self.fields()
        return [fields[:3], fields[3:]]  # the concern box goes beside the notes

    def value(self) -> CheckInInput:
        return CheckInInput(
            held_on=from_qdate(self.held_on.date()),
            who=self.who.value(),
            satisfaction=self.satisfaction.value(),
            concern=self.concern.isChecked(),
            notes=self.notes.text(),
        )

    def set_value(self, data: CheckInInput) -> None:
        self.held_on.setMaximumDate(to_qdate(max(clock.today(), data.held_on)))
        self.held_on.setDate(to_qdate(data.held_on))
        select_data(self.who, data.who)
        select_data(self.satisfaction, data.satisfaction)
        self.concern.setChecked(data.concern)
        # A concern once raised cannot be unticked: it is resolved in the register.
        self.concern.setEnabled(not data.concern)
        self.notes.setText(data.notes)

    def clear_after_add(self) -> None:
        self.notes.clear()
        self.concern.setChecked(False)
        select_data(self.satisfaction, None)


class GoalForm(RecordForm):
    def _build(self) -> None:
        self.title = QLineEdit(self)
        self.title.setAccessibleName("Goal")
        self.title.setPlaceholderText("e.g. Prepare a CV")
        self.target = OptionalDateEdit("Target date", self)
        self.target.set_date_order(self.date_order)
        self.status = ValueCombo(
            self, value_type=GoalStatus, name="Goal status", items={s: s.label for s in GoalStatus}
        )
        self.progress = QSpinBox(self)
        self.progress.setRange(0, 100)
        self.progress.setSingleStep(10)
        self.progress.setSuffix(" %")
        self.progress.setAccessibleName("Progress")
        self.description: QLineEdit | None = None
        self.completed_on: OptionalDateEdit | None = None
        if not self.compact:
            self.description = QLineEdit(self)
            self.description.setAccessibleName("Goal description")
            self.completed_on = OptionalDateEdit("Completed on", self)
            self.completed_on.set_date_order(self.date_order)
        # Achieving a goal completes it.
        self.status.currentIndexChanged.connect(self._on_status)

    def _on_status(self) -> None:
        achieved = self.status.value() == GoalStatus.ACHIEVED
        if achieved:
            self.progress.setValue(100)
        if self.completed_on is not None:
            self.completed_on.setEnabled(achieved)

    def fields(self) -> list[tuple[str, QWidget, bool]]:
        if self.compact:
            return [
                ("G&oal", self.title, True),
                ("Ta&rget date", self.target, False),
                ("&Status", self.status, False),
                ("&Progress", self.progress, False),
            ]
        assert self.description is not None and self.completed_on is not None
        return [
            ("&Goal", self.title, False),
            ("&Description", self.description, False),
            ("&Target date", self.target, False),
            ("&Status", self.status, False),
            ("&Progress", self.progress, False),
            ("&Completed on", self.completed_on, False),
        ]

    def first_field(self) -> QWidget:
        return self.title

    add_button_line = 0  # beside the title: Enter or Add, the goal is what matters

    def value(self) -> GoalInput:
        status = self.status.value()
        completed = self.completed_on.value() if self.completed_on is not None else None
        return GoalInput(
            title=self.title.text(),
            target_date=self.target.value(),
            status=status,
            progress=self.progress.value(),
            description=self.description.text() if self.description is not None else "",
            completed_on=completed if status == GoalStatus.ACHIEVED else None,
        )

    def set_value(self, data: GoalInput) -> None:
        self.title.setText(data.title)
        self.target.set_value(data.target_date)
        select_data(self.status, data.status)
        self.progress.setValue(data.progress)
        if self.description is not None:
            self.description.setText(data.description)
        if self.completed_on is not None:
            self.completed_on.set_value(data.completed_on)
            self.completed_on.setEnabled(data.status == GoalStatus.ACHIEVED)

    def clear_after_add(self) -> None:
        self.title.clear()
        self.progress.setValue(0)
        select_data(self.status, GoalStatus.NOT_STARTED)
        self.target.set_value(None)
