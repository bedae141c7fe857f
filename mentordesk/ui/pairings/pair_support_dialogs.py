"""Small actions on one pair from the dashboard: change its commitment, resolve a concern.
Each is one undoable command."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.monitoring.commitments import (
    MAX_MEETINGS_PER_MONTH,
    MAX_MINUTES,
    MIN_MINUTES,
    Commitment,
    read_commitment,
)
from mentordesk.monitoring.support_actions import ResolveConcern, SetCommitment
from mentordesk.ui.widgets.date_fields import from_qdate, to_qdate
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.undo_commands import perform_action


class CommitmentDialog(QDialog):
    """How often and how long a pair meets: its own values or the programme's default."""

    def __init__(self, current: Commitment, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Commitment")
        self.per_month = QSpinBox(self)
        self.per_month.setRange(0, MAX_MEETINGS_PER_MONTH)
        self.per_month.setSuffix(" a month")
        self.per_month.setAccessibleName("Meetings a month")
        self.per_month.setValue(current.meetings_per_month)
        self.own_per_month = QCheckBox(
            f"Own value (default: {current.default_meetings_per_month} a month)", self
        )
        self.own_per_month.setChecked(current.own_meetings_per_month is not None)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(MIN_MINUTES, MAX_MINUTES)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" minutes")
        self.minutes.setAccessibleName("Minutes a meeting")
        self.minutes.setValue(current.meeting_minutes)
        self.own_minutes = QCheckBox(
            f"Own value (default: {current.default_meeting_minutes} minutes)", self
        )
        self.own_minutes.setChecked(current.own_meeting_minutes is not None)
        for box, spin in ((self.own_per_month, self.per_month), (self.own_minutes, self.minutes)):
            spin.setEnabled(box.isChecked())
            box.toggled.connect(spin.setEnabled)
        form = QFormLayout()
        for text, spin, box in (
            ("&Meetings:", self.per_month, self.own_per_month),
            ("&Length:", self.minutes, self.own_minutes),
        ):
            row = QHBoxLayout()
            row.addWidget(spin)
            row.addWidget(box, 1)
            caption = QLabel(text, self)
            caption.setBuddy(spin)
            form.addRow(caption, row)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"What <b>{html.escape(label)}</b> committed to:", self))
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[int | None, int | None]:
        return (
            self.per_month.value() if self.own_per_month.isChecked() else None,
            self.minutes.value() if self.own_minutes.isChecked() else None,
        )


def edit_commitment(
    context: AppContext, pairing_id: int, label: str, parent: QWidget | None = None
) -> bool:
    try:
        before = read_commitment(context.db, pairing_id)
    except MentorDeskError as exc:
        QMessageBox.warning(parent, "Commitment", str(exc))
        return False
    dialog = CommitmentDialog(before, label, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    per_month, minutes = dialog.values()
    if (per_month, minutes) == (before.own_meetings_per_month, before.own_meeting_minutes):
        return False

    action = SetCommitment(pairing_id, per_month, minutes)
    return perform_action(context, f"Change the commitment of {label}", action, parent) is not None


class ResolveConcernDialog(QDialog):
    def __init__(
        self, raised_on: dt.date, today: dt.date, label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Resolve concern")
        self.resolved_on = QDateEdit(to_qdate(today), self)
        self.resolved_on.setAccessibleName("Resolved on")
        self.resolved_on.setCalendarPopup(True)
        self.resolved_on.setDisplayFormat("dd MMM yyyy")
        self.resolved_on.setMinimumDate(to_qdate(raised_on))
        self.action = QPlainTextEdit(self)
        self.action.setAccessibleName("What was done")
        self.action.setPlaceholderText(
            "What was done: who was told (the safeguarding lead?), what was agreed…"
        )
        self.action.setFixedHeight(90)
        self.action.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("&Resolved on:", self.resolved_on)
        form.addRow("&What was done:", self.action)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Mark resolved")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        note = QLabel(
            f"The concern raised on {raised_on:%d %b %Y} for <b>{html.escape(label)}</b>. "
            "Record what was done before marking it resolved.",
            self,
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        # A safety concern is never closed without saying what was done.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.action.toPlainText().strip())
        )

    def values(self) -> tuple[dt.date, str]:
        return from_qdate(self.resolved_on.date()), self.action.toPlainText().strip()


def resolve_concern_interactively(
    context: AppContext,
    check_in_id: int,
    raised_on: dt.date,
    label: str,
    parent: QWidget | None = None,
) -> bool:
    dialog = ResolveConcernDialog(raised_on, clock.today(), label, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    resolved_on, action = dialog.values()
    title = f"Resolve the concern for {label}"
    command = perform_action(
        context, title, ResolveConcern(check_in_id, resolved_on, action), parent
    )
    return command is not None
