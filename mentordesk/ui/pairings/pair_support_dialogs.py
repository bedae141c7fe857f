"""Small actions on one pair from the dashboard and the pairings screen: change its
commitment, raise a safety concern, resolve one. Each change is one undoable command,
except raising a concern: the register forgets nothing."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import ConcernSeverity, ConcernSource
from mentordesk.monitoring.commitments import (
    MAX_MEETINGS_PER_MONTH,
    MAX_MINUTES,
    MIN_MINUTES,
    Commitment,
    read_commitment,
)
from mentordesk.monitoring.support_actions import ResolveConcern, SetCommitment
from mentordesk.pairings.concerns import SEVERITY_LABELS, ConcernInput, raise_concern_action
from mentordesk.programme.text_input import format_date
from mentordesk.ui.widgets.date_fields import from_qdate, to_qdate
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, AppContext
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.undo_commands import perform_action


def _lay_out(
    dialog: QDialog, note: str, form: QFormLayout, ok_text: str | None = None
) -> QDialogButtonBox:
    """The dialogs' shared shape: what it is about, the form, then OK and Cancel."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog
    )
    if ok_text:
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    label = QLabel(note, dialog)
    label.setWordWrap(True)
    layout = QVBoxLayout(dialog)
    layout.addWidget(label)
    layout.addLayout(form)
    layout.addWidget(buttons)
    return buttons


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
        _lay_out(self, f"What <b>{html.escape(label)}</b> committed to:", form)

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
        present_error(parent, "Commitment", exc)
        return False
    dialog = CommitmentDialog(before, label, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    per_month, minutes = dialog.values()
    if (per_month, minutes) == (before.own_meetings_per_month, before.own_meeting_minutes):
        return False

    action = SetCommitment(pairing_id, per_month, minutes)
    return perform_action(context, f"Change the commitment of {label}", action, parent) is not None


def _date_edit(day: dt.date, earliest: dt.date | None, name: str, parent: QWidget) -> QDateEdit:
    edit = QDateEdit(to_qdate(day), parent)
    edit.setAccessibleName(name)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd MMM yyyy")
    edit.setMaximumDate(to_qdate(clock.today()))
    if earliest is not None:
        edit.setMinimumDate(to_qdate(earliest))
    return edit


class ResolveConcernDialog(QDialog):
    """Close a concern: what was done, who decided, when. All three are required."""

    def __init__(
        self, raised_on: dt.date, today: dt.date, label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Resolve concern")
        self.resolved_on = _date_edit(today, raised_on, "Resolved on", self)
        self.action = QPlainTextEdit(self)
        self.action.setAccessibleName("What was done")
        self.action.setPlaceholderText(
            "What was done: who was told (the safeguarding lead?), what was agreed…"
        )
        self.action.setTabChangesFocus(True)
        self.action.setFixedHeight(90)
        self.decided_by = QLineEdit(self)
        self.decided_by.setAccessibleName("Who decided")
        self.decided_by.setPlaceholderText("e.g. the safeguarding lead, by name")
        self.action.textChanged.connect(self._update)
        self.decided_by.textChanged.connect(self._update)
        form = QFormLayout()
        form.addRow("&What was done:", self.action)
        form.addRow("Who &decided:", self.decided_by)
        form.addRow("&Resolved on:", self.resolved_on)
        self.buttons = _lay_out(
            self,
            f"The concern raised on {format_date(raised_on)} for <b>{html.escape(label)}</b>. "
            "It stays in the register, with this resolution, for good.",
            form,
            ok_text="Mark resolved",
        )
        self._update()

    def _update(self) -> None:
        # A safety concern is never closed without saying what was done and who decided.
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.action.toPlainText().strip() and self.decided_by.text().strip())
        )

    def values(self) -> tuple[dt.date, str, str]:
        return (
            from_qdate(self.resolved_on.date()),
            self.action.toPlainText().strip(),
            self.decided_by.text().strip(),
        )


def resolve_concern_interactively(
    context: AppContext,
    concern_id: int,
    raised_on: dt.date,
    label: str,
    parent: QWidget | None = None,
) -> bool:
    dialog = ResolveConcernDialog(raised_on, clock.today(), label, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    resolved_on, action, decided_by = dialog.values()
    title = f"Resolve the concern for {label}"
    command = perform_action(
        context, title, ResolveConcern(concern_id, resolved_on, action, decided_by), parent
    )
    return command is not None


class RaiseConcernDialog(QDialog):
    """Write a concern down: what was said or seen, who raised it, how serious, when."""

    def __init__(
        self,
        label: str,
        text: str = "",
        raised_by: str = "",
        raised_on: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Raise a safety concern")
        self.description = QPlainTextEdit(self)
        self.description.setAccessibleName("What was said or seen")
        self.description.setPlaceholderText("What was said or seen, in the words used")
        self.description.setTabChangesFocus(True)
        self.description.setFixedHeight(110)
        self.description.setPlainText(text)
        self.raised_by = QLineEdit(raised_by, self)
        self.raised_by.setAccessibleName("Raised by")
        self.raised_by.setPlaceholderText("e.g. the mentee, the mentor, a parent, a teacher")
        self.severity = QComboBox(self)
        self.severity.setAccessibleName("How serious")
        for severity, severity_label in SEVERITY_LABELS.items():
            self.severity.addItem(severity_label, severity.value)
        self.raised_on = _date_edit(raised_on or clock.today(), None, "Raised on", self)
        for signal in (self.description.textChanged, self.raised_by.textChanged):
            signal.connect(self._update)
        form = QFormLayout()
        form.addRow("&What was said or seen:", self.description)
        form.addRow("Raised &by:", self.raised_by)
        form.addRow("How &serious:", self.severity)
        form.addRow("Raised &on:", self.raised_on)
        self.buttons = _lay_out(
            self,
            f"A concern about <b>{html.escape(label)}</b>. It goes into the concern register "
            "and stays there; it is closed only by a resolution saying what was done.",
            form,
            ok_text="Record concern",
        )
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            bool(self.description.toPlainText().strip() and self.raised_by.text().strip())
        )

    def values(self) -> tuple[str, str, ConcernSeverity, dt.date]:
        return (
            self.description.toPlainText().strip(),
            self.raised_by.text().strip(),
            ConcernSeverity(self.severity.currentData()),
            from_qdate(self.raised_on.date()),
        )


def raise_concern_interactively(
    context: AppContext,
    pairing_id: int,
    label: str,
    parent: QWidget | None = None,
    *,
    source: ConcernSource = ConcernSource.DIRECT,
    check_in_id: int | None = None,
    meeting_id: int | None = None,
    text: str = "",
    raised_by: str = "",
    raised_on: dt.date | None = None,
) -> int | None:
    """Ask for the concern and record it. Not undoable: the register forgets nothing (a
    concern raised by mistake is resolved, saying so)."""
    dialog = RaiseConcernDialog(label, text, raised_by, raised_on, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    description, by, severity, day = dialog.values()
    data = ConcernInput(
        pairing_id=pairing_id,
        description=description,
        raised_by=by,
        raised_on=day,
        severity=severity,
        source=source,
        check_in_id=check_in_id,
        meeting_id=meeting_id,
    )
    try:
        concern_id = raise_concern_action(context.db, data)
    except MentorDeskError as exc:
        present_error(parent, "Raise a safety concern", exc)
        return None
    context.notify(ACTIVITY, PAIRINGS)
    context.status_message.emit(
        f"Concern recorded for {label}; it stays in the register until it is resolved."
    )
    return concern_id
