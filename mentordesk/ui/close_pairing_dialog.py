"""Closing a pair: the dialog that asks for the reason, kind, initiator, closure meeting and
contact rules, and the undoable command that closes the pair. Any screen can use
`close_pair_interactively(context, pairing_id, parent)`."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
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
from mentordesk.monitoring.closures import ClosureContext, closure_context
from mentordesk.store import Database
from mentordesk.ui.context import ACTIVITY, PAIRINGS, PARTICIPANTS, AppContext
from mentordesk.ui.undo import UseCaseCommand, perform
from mentordesk.workspace.pairings import (
    CLOSURE_REASONS,
    PairingState,
    apply_pairing_state,
    close,
    pairing_state,
)

OTHER_REASON = "Other (write it below)"
# Offered for the rules of contact after closure; the coordinator may write their own.
CONTACT_RULES = (
    "No contact outside the programme.",
    "Contact only through the programme coordinator.",
    "Contact allowed with the guardian's written agreement.",
    "Contact allowed: both are adults and agreed.",
)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


@dataclass(frozen=True)
class ClosureRequest:
    reason: str
    kind: ClosureKind
    initiator: Initiator | None
    on_date: dt.date
    closure_meeting_on: dt.date | None
    post_closure_contact: str
    notes: str


class ClosePairingDialog(QDialog):
    def __init__(self, pair: ClosureContext, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Close pair")
        self.pair = pair
        intro = QLabel(
            f"Close the pair <b>{html.escape(pair.label)}</b>"
            + (f", matched since {pair.start_date:%d %b %Y}." if pair.start_date else "."),
            self,
        )
        intro.setWordWrap(True)

        self.reason = QComboBox(self)
        self.reason.setAccessibleName("Reason")
        self.reason.addItems([*CLOSURE_REASONS, OTHER_REASON])
        self.reason.currentIndexChanged.connect(self._update)
        self.other_reason = QLineEdit(self)
        self.other_reason.setAccessibleName("Other reason")
        self.other_reason.setPlaceholderText("The reason, in a few words")
        self.other_reason.textChanged.connect(self._update)

        self.planned = QRadioButton("&Planned (the pair ran its course)", self)
        self.early = QRadioButton("&Early (it ended before its time)", self)
        self.kind_group = QButtonGroup(self)
        self.kind_group.addButton(self.planned)
        self.kind_group.addButton(self.early)
        (self.early if pair.suggested_kind is ClosureKind.EARLY else self.planned).setChecked(True)
        kind_row = QVBoxLayout()
        kind_row.addWidget(self.planned)
        kind_row.addWidget(self.early)

        self.initiator = QComboBox(self)
        self.initiator.setAccessibleName("Initiated by")
        self.initiator.addItem("Not recorded", None)
        for who in Initiator:
            self.initiator.addItem(who.label, who)

        self.closing_date = QDateEdit(to_qdate(today), self)
        self.closing_date.setAccessibleName("Closing date")
        self.closing_date.setCalendarPopup(True)
        self.closing_date.setDisplayFormat("dd MMM yyyy")
        if pair.start_date is not None:
            self.closing_date.setMinimumDate(to_qdate(pair.start_date))

        self.meeting_held = QCheckBox("Closure &meeting held on", self)
        self.meeting_date = QDateEdit(to_qdate(today), self)
        self.meeting_date.setAccessibleName("Closure meeting date")
        self.meeting_date.setCalendarPopup(True)
        self.meeting_date.setDisplayFormat("dd MMM yyyy")
        self.meeting_date.setEnabled(False)
        self.meeting_held.toggled.connect(self.meeting_date.setEnabled)
        meeting_row = QHBoxLayout()
        meeting_row.addWidget(self.meeting_held)
        meeting_row.addWidget(self.meeting_date, 1)

        self.contact = QComboBox(self)
        self.contact.setAccessibleName("Contact after closure")
        self.contact.setEditable(True)
        self.contact.addItems(CONTACT_RULES)
        if not pair.mentee_is_minor:
            self.contact.setCurrentIndex(
                CONTACT_RULES.index("Contact allowed: both are adults and agreed.")
            )

        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Details")
        self.notes.setPlaceholderText("What happened, what was said at the closure meeting…")
        self.notes.setFixedHeight(80)

        form = QFormLayout()
        form.addRow("&Reason:", self.reason)
        form.addRow("", self.other_reason)
        form.addRow("Kind:", kind_row)
        form.addRow("&Initiated by:", self.initiator)
        form.addRow("Closing &date:", self.closing_date)
        form.addRow("", meeting_row)
        form.addRow("&Contact after closure:", self.contact)
        form.addRow("De&tails:", self.notes)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Close pair")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        other = self.reason.currentText() == OTHER_REASON
        self.other_reason.setVisible(other)
        self.ok_button.setEnabled(bool(self.reason_text()))

    def reason_text(self) -> str:
        if self.reason.currentText() == OTHER_REASON:
            return self.other_reason.text().strip()
        return self.reason.currentText()

    def request(self) -> ClosureRequest:
        return ClosureRequest(
            reason=self.reason_text(),
            kind=ClosureKind.EARLY if self.early.isChecked() else ClosureKind.PLANNED,
            initiator=self.initiator.currentData(),
            on_date=from_qdate(self.closing_date.date()),
            closure_meeting_on=(
                from_qdate(self.meeting_date.date()) if self.meeting_held.isChecked() else None
            ),
            post_closure_contact=self.contact.currentText().strip(),
            notes=self.notes.toPlainText().strip(),
        )


def close_pairing_command(
    context: AppContext, pairing_id: int, label: str, request: ClosureRequest
) -> UseCaseCommand:
    """One undoable action: close the pair; undo puts every closure field back."""
    saved: dict[str, PairingState] = {}

    def do(db: Database) -> None:
        with db.transaction() as session:
            saved.setdefault("before", pairing_state(session, pairing_id))
            close(
                session,
                pairing_id,
                reason=request.reason,
                on_date=request.on_date,
                kind=request.kind,
                initiator=request.initiator,
                closure_meeting_on=request.closure_meeting_on,
                notes=request.notes,
                post_closure_contact=request.post_closure_contact,
            )

    def undo(db: Database) -> None:
        with db.transaction() as session:
            apply_pairing_state(session, saved["before"])

    return UseCaseCommand(
        context, f"Close pair {label}", do, undo, (PAIRINGS, PARTICIPANTS, ACTIVITY)
    )


def close_pair_interactively(
    context: AppContext, pairing_id: int, parent: QWidget | None = None
) -> bool:
    """Ask for the closure details and close the pair (undoable). True if it was closed."""
    today = clock.today()
    try:
        with context.db.reading() as session:
            pair = closure_context(session, pairing_id, today)
    except MentorDeskError as exc:
        QMessageBox.warning(parent, "Close pair", str(exc))
        return False
    if pair.status is PairingStatus.CLOSED:
        QMessageBox.information(parent, "Close pair", f"{pair.label} is already closed.")
        return False
    dialog = ClosePairingDialog(pair, today, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    command = close_pairing_command(context, pairing_id, pair.label, dialog.request())
    return perform(context, command, parent)
