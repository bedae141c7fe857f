"""The date an agreement came back signed: the dialog that asks for it, and the undoable
step that records (or clears) it."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from mentordesk import clock
from mentordesk.documents.agreement_register import RecordSigned
from mentordesk.ui.widgets.date_fields import from_qdate, to_qdate
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.undo_commands import ActionCommand


def signed_dates_command(
    context: AppContext, changes: dict[int, tuple[dt.date | None, dt.date | None]]
) -> ActionCommand:
    """One undoable step setting (or clearing) the signed date of some pairings."""
    cleared = all(after is None for _, after in changes.values())
    count = len(changes)
    noun = "agreement" if count == 1 else f"{count} agreements"
    text = f"Clear the signed date of {noun}" if cleared else f"Record {noun} returned signed"
    action = RecordSigned(tuple((pairing_id, after) for pairing_id, (_, after) in changes.items()))
    return ActionCommand(context, text, action)


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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen(self) -> dt.date:
        return from_qdate(self.date.date())
