"""Close a pairing: why (from the usual reasons or in the coordinator's words), planned or
early, who initiated it, the closure meeting, the contact allowed afterwards, and notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.models import ClosureKind, Initiator
from mentordesk.ui.date_fields import OptionalDateEdit, from_qdate, make_date_edit, to_qdate
from mentordesk.workspace.pairings import CLOSURE_REASONS

# Reasons that mean the pairing ran its agreed course.
PLANNED_REASONS = {"Programme year completed", "Goals achieved"}
CONTACT_RULES = (
    "No contact outside the programme.",
    "Contact only through the programme coordinator.",
    "Contact allowed with a parent's or guardian's agreement.",
    "Contact allowed (both are adults).",
)
INITIATOR_LABELS = {
    None: "Not recorded",
    Initiator.MENTOR: "Mentor",
    Initiator.MENTEE: "Mentee",
    Initiator.GUARDIAN: "Parent or guardian",
    Initiator.COORDINATOR: "Coordinator",
}


@dataclass(frozen=True)
class ClosureInput:
    reason: str
    kind: ClosureKind
    initiator: Initiator | None
    on_date: dt.date
    closure_meeting_on: dt.date | None
    notes: str
    post_closure_contact: str


class ClosePairingDialog(QDialog):
    def __init__(
        self,
        pairing_title: str,
        start_date: dt.date | None,
        parent: QWidget | None = None,
        *,
        date_order: str = "day_first",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Close the pairing of {pairing_title}")
        intro = QLabel(
            f"Closing ends the pairing of <b>{pairing_title}</b>. Its meetings, goals and "
            "check-ins are kept, and the mentee can be rematched afterwards.",
            self,
        )
        intro.setWordWrap(True)

        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItem("")
        self.reason.addItems(list(CLOSURE_REASONS))
        self.reason.setAccessibleName("Reason for closing")
        self.reason.lineEdit().setPlaceholderText("Pick a reason or write your own")
        self.reason.currentTextChanged.connect(self._on_reason)

        self.planned = QRadioButton("&Planned: it ran its agreed course", self)
        self.early = QRadioButton("&Early: it ended before its agreed end", self)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.planned)
        self.kind_group.addButton(self.early)
        self.planned.setChecked(True)
        kinds = QHBoxLayout()
        kinds.addWidget(self.planned)
        kinds.addWidget(self.early)
        kinds.addStretch(1)

        self.initiator = QComboBox(self)
        self.initiator.setAccessibleName("Who initiated the closure")
        for value, label in INITIATOR_LABELS.items():
            self.initiator.addItem(label, value)

        today = clock.today()
        self.on_date = make_date_edit(self, "Closing date", date_order=date_order, latest=today)
        if start_date is not None:
            self.on_date.setMinimumDate(to_qdate(min(start_date, today)))
        self.meeting = OptionalDateEdit("Closure meeting date", self, date_order=date_order)
        self.contact = QComboBox(self)
        self.contact.setEditable(True)
        self.contact.addItems(list(CONTACT_RULES))
        self.contact.setAccessibleName("Contact allowed after closure")
        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Closure notes")
        self.notes.setPlaceholderText("What was said at the closure meeting; anything to follow up")
        self.notes.setTabChangesFocus(True)

        form = QFormLayout()
        form.addRow("&Reason:", self.reason)
        form.addRow("Kind:", kinds)
        form.addRow("&Initiated by:", self.initiator)
        form.addRow("Closing &date:", self.on_date)
        form.addRow("Closure &meeting:", self.meeting)
        form.addRow("&Contact afterwards:", self.contact)
        form.addRow("&Notes:", self.notes)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Close pairing")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._on_reason(self.reason.currentText())

    def _on_reason(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))
        if text in CLOSURE_REASONS:
            (self.planned if text in PLANNED_REASONS else self.early).setChecked(True)

    def value(self) -> ClosureInput:
        return ClosureInput(
            reason=self.reason.currentText().strip(),
            kind=ClosureKind.PLANNED if self.planned.isChecked() else ClosureKind.EARLY,
            initiator=self.initiator.currentData(),
            on_date=from_qdate(self.on_date.date()),
            closure_meeting_on=self.meeting.value(),
            notes=self.notes.toPlainText().strip(),
            post_closure_contact=self.contact.currentText().strip(),
        )

    def accept(self) -> None:
        if not self.reason.currentText().strip():
            return
        super().accept()
