"""The detail editor beside the participants table: details and (for a mentor) the
screening checklist, checked as you type, saved as one undoable step."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.models import ParticipantStatus, Role
from mentordesk.participants.participant_fields import ParticipantFields, validate_fields
from mentordesk.participants.participant_views import date_order, participant_view
from mentordesk.participants.screening_edit import MentorScreening, validate_screening
from mentordesk.ui.participants import participant_commands as commands
from mentordesk.ui.participants.participant_form import ParticipantForm
from mentordesk.ui.participants.screening_form import ScreeningForm
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.shortcuts import add_shortcut


def _scrolling(widget: QWidget, parent: QWidget) -> QScrollArea:
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    return area


class ParticipantEditor(QWidget):
    # The id of the participant just saved (new or edited).
    saved = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.participant_id: int | None = None
        self._stored_fields: ParticipantFields | None = None
        self._stored_screening: MentorScreening | None = None
        self._valid = False

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAccessibleName("Participant")
        self.form = ParticipantForm(self)
        self.screening = ScreeningForm(self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Participant details")
        self.tabs.addTab(_scrolling(self.form, self), "Details")
        self.screening_tab = self.tabs.addTab(_scrolling(self.screening, self), "Screening")
        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setAccessibleName("Problems to fix before saving")
        self.revert_button = QPushButton("Re&vert", self)
        self.revert_button.setToolTip("Forget the changes not saved yet")
        self.save_button = QPushButton("&Save", self)
        self.save_button.setToolTip("Save the changes (Ctrl+S)")
        self.save_button.setDefault(True)
        self.revert_button.clicked.connect(self.revert)
        self.save_button.clicked.connect(self.save)
        add_shortcut(
            self,
            QKeySequence.StandardKey.Save,
            self.save,
            "Save the edited participant",
            Qt.ShortcutContext.WidgetWithChildrenShortcut,
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.problems, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)
        self.form.edited.connect(self.check)
        self.screening.edited.connect(self.check)
        self.clear()

    # --- what is shown ------------------------------------------------------------------
    def clear(self) -> None:
        self.participant_id = None
        self._stored_fields = None
        self._stored_screening = None
        self.heading.setText("No one selected")
        self.tabs.setEnabled(False)
        self.problems.setText("Select someone in the table, or add a new participant.")
        self.save_button.setEnabled(False)
        self.revert_button.setEnabled(False)

    def show_participant(self, participant_id: int) -> None:
        """Load a participant from the database (any unsaved edit is dropped)."""
        view = participant_view(self.context.db, participant_id)
        person, screening, rules, order = view.person, view.screening, view.rules, view.date_order
        self.participant_id = participant_id
        self._stored_fields = person
        self._stored_screening = screening
        self.form.set_date_order(order)
        self.form.set_fields(person, new=False)
        if screening is not None and rules is not None and view.readiness_summary is not None:
            self.screening.set_screening(screening, rules, order, view.readiness_summary)
        self.tabs.setTabEnabled(self.screening_tab, screening is not None)
        self.tabs.setTabToolTip(
            self.screening_tab, "" if screening is not None else "Screening is for mentors."
        )
        self.tabs.setEnabled(True)
        self.heading.setText(person.display_name)
        self.check()

    def start_new(self, role: Role = Role.MENTEE) -> None:
        """An empty form for a new participant."""
        self.participant_id = None
        self._stored_fields = None
        self._stored_screening = None
        self.form.set_date_order(date_order(self.context.db))
        self.form.set_fields(
            ParticipantFields(
                role=role.value,
                first_name="",
                last_name="",
                capacity=1 if role == Role.MENTOR else None,
            ),
            new=True,
        )
        self.tabs.setEnabled(True)
        self.tabs.setTabEnabled(self.screening_tab, False)
        self.tabs.setTabToolTip(self.screening_tab, "Save the mentor first, then screen them.")
        self.tabs.setCurrentIndex(0)
        self.heading.setText("New participant")
        self.check()
        self.form.widgets["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def is_new(self) -> bool:
        return self.tabs.isEnabled() and self.participant_id is None

    def is_dirty(self) -> bool:
        if not self.tabs.isEnabled():
            return False
        if self.is_new:
            person, _ = self.form.read()
            return bool(person.first_name or person.last_name or person.email)
        person, problems = self.form.read()
        if problems or person != self._stored_fields:
            return True
        if self._stored_screening is not None:
            screening, problems = self.screening.read()
            return bool(problems) or screening != self._stored_screening
        return False

    # --- checking and saving ------------------------------------------------------------
    def check(self) -> bool:
        """Validate everything typed so far; mark the fields; enable Save if it can save."""
        if not self.tabs.isEnabled():
            return False
        person, errors = self.form.read()
        errors = {**validate_fields(person, clock.today()), **errors}
        self.form.show_errors(errors)
        screening_errors: dict[str, str] = {}
        if self._stored_screening is not None:
            screening, screening_errors = self.screening.read()
            screening_errors = {**validate_screening(screening, clock.today()), **screening_errors}
            self.screening.show_errors(screening_errors)
        everything = [*errors.values(), *screening_errors.values()]
        self._valid = not everything
        dirty = self.is_dirty()
        if self.is_new and not dirty:
            # An empty new form is not wrong yet: say what to do instead of what is missing.
            self.form.show_errors({})
            self.problems.setText("Fill in the details, then Save.")
            self.save_button.setEnabled(False)
            self.revert_button.setEnabled(False)
            return self._valid
        if everything:
            self.problems.setText("⚠ " + " ".join(everything))
        elif dirty:
            self.problems.setText("Changes not saved yet.")
        else:
            self.problems.setText("")
        self.save_button.setEnabled(self._valid and dirty)
        self.revert_button.setEnabled(dirty)
        if not self.is_new and self._stored_fields is not None:
            self.heading.setText(person.display_name)
        return self._valid

    def save(self) -> bool:
        """Save what is typed (one undoable step). False if nothing was saved."""
        if not self.check() or not self.is_dirty():
            return False
        person, _ = self.form.read()
        if self.is_new:
            new_id = commands.add_participant(self.context, person, self.window())
            if new_id is None:
                return False
            self.show_participant(new_id)
            self.saved.emit(new_id)
            return True
        assert self.participant_id is not None
        changed_person = person if person != self._stored_fields else None
        changed_screening = None
        if self._stored_screening is not None:
            screening, _ = self.screening.read()
            if screening != self._stored_screening:
                changed_screening = screening
        if changed_person is None and changed_screening is None:
            return False
        participant_id = self.participant_id
        name = self._stored_fields.display_name if self._stored_fields else ""
        if not commands.edit_participant(
            self.context, participant_id, changed_person, changed_screening, name, self.window()
        ):
            return False
        self.show_participant(participant_id)
        self.saved.emit(participant_id)
        return True

    def revert(self) -> None:
        if self.participant_id is not None:
            self.show_participant(self.participant_id)
        elif self.is_new:
            self.clear()

    def confirm_leave(self) -> bool:
        """If there are unsaved changes, ask: save, discard or stay. True: go ahead."""
        if not self.is_dirty():
            return True
        name = self.heading.text() or "this participant"
        answer = QMessageBox.question(
            self.window(),
            "Save changes?",
            f"The changes to {name} are not saved yet. Save them now?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.revert()
            return True
        return False

    def shows_archived(self) -> bool:
        return (
            self._stored_fields is not None
            and self._stored_fields.status == ParticipantStatus.ARCHIVED.value
        )
