"""The details of one participant as a form: fields grouped as a coordinator thinks of
them, mentee-only and mentor-only groups shown by role, problems marked as you type."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.models import DateOrder, ModePreference, ParticipantStatus, Role
from mentordesk.participants.participant_fields import (
    LIST_FIELD_LABELS,
    MAX_CAPACITY,
    MAX_LENGTHS,
    ParticipantFields,
)
from mentordesk.ui.widgets.form_fields import ChangeWatcher, DateField, ListField, mark_error
from mentordesk.ui.widgets.typed_combo import ValueCombo

TEXT_FIELDS = (
    ("first_name", "First &name"),
    ("last_name", "&Last name"),
    ("preferred_name", "Preferred name"),
    ("email", "E&mail"),
    ("phone", "&Phone"),
    ("gender", "Gender"),
    ("external_id", "External ID"),
)
DATE_FIELDS = (("date_of_birth", "Date of &birth"), ("joined_on", "Joined on"))
SCHOOL_FIELDS = (("school", "School"), ("year_group", "Year group"))
WORK_FIELDS = (("employer", "Employer"), ("job_title", "Job title"))
GUARDIAN_FIELDS = (
    ("guardian_name", "Name"),
    ("guardian_relationship", "Relationship"),
    ("guardian_phone", "Phone"),
    ("guardian_email", "Email"),
)
LIST_FIELDS = tuple(LIST_FIELD_LABELS.items())
PLACE_FIELDS = (
    ("location", "Location"),
    ("postcode", "Postcode"),
    ("mentor_gender_preference", "Mentor's gender wished"),
)


class ParticipantForm(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widgets: dict[str, QWidget] = {}
        self._watch = ChangeWatcher(self.edited.emit)
        self._role = Role.MENTEE.value

        person = self._group("Person")
        self.role: ValueCombo[Role] = ValueCombo(
            self, value_type=Role, items=[(role, role.label) for role in Role]
        )
        self.role.currentIndexChanged.connect(self._role_changed)
        self._add(person, "role", "R&ole", self.role)
        self.status: ValueCombo[ParticipantStatus] = ValueCombo(
            self, value_type=ParticipantStatus, items=[(s, s.label) for s in ParticipantStatus]
        )
        self._add(person, "status", "St&atus", self.status)
        for name, label in TEXT_FIELDS:
            self._add(person, name, label, self._line(name))
        for name, label in DATE_FIELDS:
            self._add(person, name, label, DateField(self))

        self.school_group = self._group("School")
        for name, label in SCHOOL_FIELDS:
            self._add(self.school_group, name, label, self._line(name))

        self.work_group = self._group("Work and mentee places")
        for name, label in WORK_FIELDS:
            self._add(self.work_group, name, label, self._line(name))
        self.capacity = QSpinBox(self)
        self.capacity.setRange(0, MAX_CAPACITY)
        self.capacity.setSpecialValueText("—")
        self._add(self.work_group, "capacity", "Mentee pla&ces", self.capacity)

        self.guardian_group = self._group("Parent or guardian")
        for name, label in GUARDIAN_FIELDS:
            self._add(self.guardian_group, name, label, self._line(name))

        matching = self._group("Matching")
        matching_form = matching.layout()
        assert isinstance(matching_form, QFormLayout)
        self.matching_form: QFormLayout = matching_form
        for name, label in LIST_FIELDS:
            self._add(matching, name, label, ListField(self))
        self.meeting_mode: ValueCombo[ModePreference] = ValueCombo(
            self, value_type=ModePreference, items=[(m, m.label) for m in ModePreference]
        )
        self._add(matching, "meeting_mode", "Meeting mode", self.meeting_mode)
        for name, label in PLACE_FIELDS:
            self._add(matching, name, label, self._line(name))

        notes = self._group("Notes")
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.fontMetrics().height() * 5)
        self._add(notes, "notes", "Notes", self.notes)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for group in (person, self.school_group, self.work_group, self.guardian_group):
            layout.addWidget(group)
        layout.addWidget(matching)
        layout.addWidget(notes)
        layout.addStretch(1)
        self._role_changed()

    # --- building -----------------------------------------------------------------------
    def _group(self, title: str) -> QGroupBox:
        group = QGroupBox(title, self)
        form = QFormLayout(group)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return group

    def _line(self, name: str) -> QLineEdit:
        line = QLineEdit(self)
        if name in MAX_LENGTHS:
            line.setMaxLength(MAX_LENGTHS[name])
        return line

    def _add(self, group: QGroupBox, name: str, label: str, widget: QWidget) -> None:
        form = group.layout()
        assert isinstance(form, QFormLayout)
        form.addRow(label, widget)
        # Screen readers read the label's text, without the mnemonic's ampersand.
        plain = label.replace("&", "")
        widget.setAccessibleName(
            f"{group.title()}: {plain}" if group.title() != "Person" else plain
        )
        widget.setObjectName(name)
        self.widgets[name] = widget
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self._watch.fire)
            widget.editingFinished.connect(self._watch.fire)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self._watch.fire)
        elif isinstance(widget, QSpinBox):
            widget.valueChanged.connect(self._watch.fire)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self._watch.fire)

    def _role_changed(self) -> None:
        self._role = self.role.value().value
        mentor = self._role == Role.MENTOR.value
        self.work_group.setVisible(mentor)
        self.school_group.setVisible(not mentor)
        self.guardian_group.setVisible(not mentor)
        self.matching_form.setRowVisible(self.widgets["mentor_gender_preference"], not mentor)
        if mentor and self.capacity.value() == 0:
            self.capacity.setValue(1)

    # --- values -------------------------------------------------------------------------
    def set_date_order(self, order: DateOrder) -> None:
        for name, _label in DATE_FIELDS:
            field = self.widgets[name]
            assert isinstance(field, DateField)
            field.set_order(order)

    def set_fields(self, person: ParticipantFields, *, new: bool) -> None:
        self._watch.paused = True
        try:
            self.role.select_value(person.role)
            self.role.setEnabled(new)
            self.status.select_value(person.status)
            self.meeting_mode.select_value(person.meeting_mode)
            self.capacity.setValue(person.capacity or 0)
            self.notes.setPlainText(person.notes)
            for name, widget in self.widgets.items():
                value = getattr(person, name)
                if isinstance(widget, DateField):
                    widget.set_date(value)
                elif isinstance(widget, ListField):
                    widget.set_items(value)
                elif isinstance(widget, QLineEdit):
                    widget.setText(value or "")
            self._role_changed()
            self.show_errors({})
        finally:
            self._watch.paused = False

    def read(self) -> tuple[ParticipantFields, dict[str, str]]:
        """The fields as typed, and the fields that could not be read (e.g. a bad date)."""
        problems: dict[str, str] = {}
        values: dict[str, Any] = {
            "role": self._role,
            "status": self.status.value().value,
            "meeting_mode": self.meeting_mode.value().value,
            "capacity": self.capacity.value() or None,
            "notes": self.notes.toPlainText(),
        }
        for name, widget in self.widgets.items():
            if name in values:
                continue
            if isinstance(widget, DateField):
                try:
                    values[name] = widget.date()
                except ValueError as exc:
                    problems[name] = str(exc)
                    values[name] = None
            elif isinstance(widget, ListField):
                values[name] = widget.items()
            elif isinstance(widget, QLineEdit):
                values[name] = widget.text()
        return ParticipantFields(**values).cleaned(), problems

    def show_errors(self, errors: dict[str, str]) -> None:
        for name, widget in self.widgets.items():
            mark_error(widget, errors.get(name))

    def date_of_birth(self) -> dt.date | None:
        field = self.widgets["date_of_birth"]
        assert isinstance(field, DateField)
        return field.date_or_none()
