"""Snooze a flag of one pair until a date, saying why."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from mentordesk.monitoring.flag_board import LONGEST_SNOOZE_DAYS, PairFlags
from mentordesk.monitoring.flags import FlagKind
from mentordesk.ui.widgets.typed_combo import ValueCombo

DEFAULT_DAYS = 14


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class SnoozeDialog(QDialog):
    def __init__(self, row: PairFlags, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Snooze a flag")
        intro = QLabel(
            f"Put a flag of {row.subject} aside until a date. It comes back on the "
            "dashboard the day after. Safety concerns cannot be snoozed.",
            self,
        )
        intro.setWordWrap(True)
        self.kind: ValueCombo[FlagKind] = ValueCombo(
            self,
            value_type=FlagKind,
            name="Flag to snooze",
            items=[(kind, kind.label) for kind in row.snoozable()],
        )
        self.until = QDateEdit(_qdate(today + dt.timedelta(days=DEFAULT_DAYS)), self)
        self.until.setCalendarPopup(True)
        self.until.setDisplayFormat("d MMMM yyyy")
        self.until.setMinimumDate(_qdate(today + dt.timedelta(days=1)))
        self.until.setMaximumDate(_qdate(today + dt.timedelta(days=LONGEST_SNOOZE_DAYS)))
        self.until.setAccessibleName("Snooze until")
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("e.g. the mentee is on a school trip until then")
        self.reason.setAccessibleName("Why")
        form = QFormLayout()
        form.addRow("&Flag:", self.kind)
        form.addRow("&Until:", self.until)
        form.addRow("&Why:", self.reason)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Snooze")
        self.reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.reason.text().strip()) and self.kind.count() > 0)

    def choice(self) -> tuple[FlagKind, dt.date, str]:
        until = self.until.date().toPython()
        assert isinstance(until, dt.date)  # PySide6's stubs type QDate.toPython() as object
        return self.kind.value(), until, self.reason.text()
