"""Closing a pairing, from the dashboard or the pairings screen: the dialog that asks why
(a usual reason or the coordinator's own words), planned or early, who initiated it, the
closing date, the closure meeting, the contact allowed afterwards and notes; and the one
undoable command that closes the pairing."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import ClosureKind, Initiator, PairingStatus
from mentordesk.monitoring.closures import ClosureContext, closing_view
from mentordesk.pairings.pairing_actions import CLOSE, ClosureRequest
from mentordesk.pairings.pairing_lifecycle import CLOSURE_REASONS, PLANNED_CLOSURE_REASONS
from mentordesk.programme.text_input import format_date
from mentordesk.ui.pairings.pairing_commands import status_command
from mentordesk.ui.widgets.date_fields import OptionalDateEdit, from_qdate, make_date_edit, to_qdate
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.undo_commands import ActionCommand, perform

OTHER_REASON = "Other (write it below)"
ADULTS_CONTACT = "Contact allowed: both are adults and agreed."
# Offered for the rules of contact after closure; the coordinator may write their own.
CONTACT_RULES = (
    "No contact outside the programme.",
    "Contact only through the programme coordinator.",
    "Contact allowed with the guardian's written agreement.",
    ADULTS_CONTACT,
)
INITIATOR_LABELS = {
    None: "Not recorded",
    Initiator.MENTOR: "Mentor",
    Initiator.MENTEE: "Mentee",
    Initiator.GUARDIAN: "Parent or guardian",
    Initiator.COORDINATOR: "Coordinator",
}


class ClosePairingDialog(QDialog):
    def __init__(
        self,
        pair: ClosureContext,
        today: dt.date,
        parent: QWidget | None = None,
        *,
        date_order: str = "day_first",
    ) -> None:
        super().__init__(parent)
        self.pair = pair
        self.setWindowTitle(f"Close the pairing of {pair.label}")
        since = f", matched since {format_date(pair.start_date)}" if pair.start_date else ""
        intro = QLabel(
            f"Close the pairing of <b>{html.escape(pair.label)}</b>{since}. Its meetings, "
            "goals and check-ins are kept, and the mentee can be rematched afterwards.",
            self,
        )
        intro.setWordWrap(True)

        # No reason chosen at first: a closure is always recorded with a real one.
        self.reason: ValueCombo[str] = ValueCombo(
            self,
            value_type=str,
            name="Reason for closing",
            items=[(r, r) for r in (*CLOSURE_REASONS, OTHER_REASON)],
        )
        self.reason.setPlaceholderText("Choose a reason")
        self.reason.setCurrentIndex(-1)
        self.reason.currentIndexChanged.connect(self._on_reason)
        self.other_reason = QLineEdit(self)
        self.other_reason.setAccessibleName("Other reason")
        self.other_reason.setPlaceholderText("The reason, in a few words")
        self.other_reason.textChanged.connect(self._update)

        self.planned = QRadioButton("&Planned: it ran its agreed course", self)
        self.early = QRadioButton("&Early: it ended before its agreed end", self)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.planned)
        self.kind_group.addButton(self.early)
        self._suggest_kind(pair.suggested_kind)
        kinds = QHBoxLayout()
        kinds.addWidget(self.planned)
        kinds.addWidget(self.early)
        kinds.addStretch(1)

        self.initiator: ValueCombo[Initiator | None] = ValueCombo(
            self,
            value_type=Initiator,
            optional=True,
            name="Who initiated the closure",
            items=INITIATOR_LABELS,
        )

        self.closing_date = make_date_edit(
            self, "Closing date", date_order=date_order, latest=today
        )
        self.closing_date.setDate(to_qdate(today))
        self.meeting = OptionalDateEdit("Closure meeting date", self, date_order=date_order)
        if pair.start_date is not None:
            earliest = to_qdate(min(pair.start_date, today))
            self.closing_date.setMinimumDate(earliest)
            self.meeting.edit.setMinimumDate(earliest)

        self.contact: ValueCombo[str] = ValueCombo(
            self,
            value_type=str,
            name="Contact allowed after closure",
            items=[(rule, rule) for rule in CONTACT_RULES],
            editable=True,
        )
        if not pair.mentee_is_minor:
            self.contact.select_value(ADULTS_CONTACT)

        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Closure notes")
        self.notes.setPlaceholderText("What was said at the closure meeting; anything to follow up")
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(80)

        form = QFormLayout()
        form.addRow("&Reason:", self.reason)
        form.addRow("", self.other_reason)
        form.addRow("Kind:", kinds)
        form.addRow("&Initiated by:", self.initiator)
        form.addRow("Closing &date:", self.closing_date)
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
        self._update()

    def _suggest_kind(self, kind: ClosureKind) -> None:
        (self.early if kind == ClosureKind.EARLY else self.planned).setChecked(True)

    def _on_reason(self) -> None:
        """A usual reason suggests the kind: planned when it says the pairing ran its
        course, otherwise as the dates say (planned once the commitment has run)."""
        text = self.reason.currentText()
        if text in PLANNED_CLOSURE_REASONS:
            self._suggest_kind(ClosureKind.PLANNED)
        elif text in CLOSURE_REASONS:
            self._suggest_kind(self.pair.suggested_kind)
        self._update()

    def _update(self) -> None:
        other = self.reason.currentText() == OTHER_REASON
        self.other_reason.setVisible(other)
        if other and self.isVisible():
            self.other_reason.setFocus()
        self.ok_button.setEnabled(bool(self.reason_text()))

    def reason_text(self) -> str:
        if self.reason.currentText() == OTHER_REASON:
            return self.other_reason.text().strip()
        return self.reason.currentText()

    def request(self) -> ClosureRequest:
        return ClosureRequest(
            reason=self.reason_text(),
            kind=ClosureKind.EARLY if self.early.isChecked() else ClosureKind.PLANNED,
            initiator=self.initiator.value(),
            on_date=from_qdate(self.closing_date.date()),
            closure_meeting_on=self.meeting.value(),
            post_closure_contact=self.contact.value().strip(),
            notes=self.notes.toPlainText().strip(),
        )

    def accept(self) -> None:
        if self.reason_text():
            super().accept()


def close_pairing_command(
    context: AppContext, pairing_id: int, label: str, request: ClosureRequest
) -> ActionCommand:
    """One undoable action: close the pairing; undo puts every closure field back."""
    return status_command(context, pairing_id, f"Close pairing {label}", CLOSE, request)


def closing_dialog(
    context: AppContext, pairing_id: int, parent: QWidget | None = None
) -> ClosePairingDialog | None:
    """The dialog for this pairing, or None (after saying why) when it cannot be closed."""
    today = clock.today()
    try:
        pair, date_order = closing_view(context.db, pairing_id, today)
    except MentorDeskError as exc:
        present_error(parent, "Close pairing", exc)
        return None
    if pair.status == PairingStatus.CLOSED:
        QMessageBox.information(parent, "Close pairing", f"{pair.label} is already closed.")
        return None
    return ClosePairingDialog(pair, today, parent, date_order=date_order)


def close_as_asked(context: AppContext, dialog: ClosePairingDialog, parent: QWidget) -> bool:
    """Close the pairing with what the accepted dialog holds (undoable)."""
    pair = dialog.pair
    command = close_pairing_command(context, pair.pairing_id, pair.label, dialog.request())
    return perform(context, command, parent)


def close_pair_interactively(context: AppContext, pairing_id: int, parent: QWidget) -> bool:
    """Ask for the closure details and close the pairing. True if it was closed."""
    dialog = closing_dialog(context, pairing_id, parent)
    if dialog is None:
        return False
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return close_as_asked(context, dialog, parent)
    finally:
        dialog.deleteLater()
