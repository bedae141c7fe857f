"""The date an agreement came back signed: the dialog that asks for it, and the undoable
step that records (or clears) it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from mentordesk import clock
from mentordesk.documents.agreement_register import RecordSigned
from mentordesk.ui.widgets.date_fields import from_qdate, to_qdate
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.undo_commands import ActionCommand


def signed_dates_command(
    context: AppContext,
    changes: dict[int, tuple[dt.date | None, dt.date | None]],
    *,
    by_guardian: bool = False,
) -> ActionCommand:
    """One undoable step setting (or clearing) the signed date of some pairings; with
    `by_guardian`, recording a parent's or guardian's permission where a mentee needs it."""
    cleared = all(after is None for _, after in changes.values())
    count = len(changes)
    noun = "agreement" if count == 1 else f"{count} agreements"
    by = " by a parent or guardian" if by_guardian else ""
    text = f"Clear the signed date of {noun}" if cleared else f"Record {noun} returned signed{by}"
    dates = tuple((pairing_id, after) for pairing_id, (_, after) in changes.items())
    return ActionCommand(context, text, RecordSigned(dates, by_guardian=by_guardian))


class SignedDateDialog(QDialog):
    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement returned signed")
        today = clock.today()
        self.date = QDateEdit(to_qdate(today), self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setMaximumDate(to_qdate(today))
        what = "the agreement" if count == 1 else f"the {count} agreements"
        form = QFormLayout(self)
        form.addRow(QLabel(f"The day {what} came back signed:", self))
        form.addRow("&Date:", self.date)
        # A parent's signature on the agreement is their permission (a minor's pairing
        # becomes active only with it): recorded here too when the coordinator says so.
        self.by_guardian = QCheckBox(
            "Signed by a &parent or guardian: record their permission too "
            "(for mentees under 18 without it)",
            self,
        )
        form.addRow(self.by_guardian)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> dt.date:
        return from_qdate(self.date.date())
