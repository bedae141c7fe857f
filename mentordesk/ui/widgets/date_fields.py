"""Date entry for forms: a date edit that types the way the programme writes dates, and
an optional date (a check box that says whether the date is known)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from mentordesk import clock

FORMATS = {"day_first": "dd/MM/yyyy", "month_first": "MM/dd/yyyy"}
EARLIEST = QDate(1900, 1, 1)


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


# The keys of the window's Undo and Redo (Edit menu).
UNDO_REDO = (
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
)


class WindowUndoFilter(QObject):
    """Lets Ctrl+Z and Ctrl+Shift+Z in a date edit reach the window's Undo and Redo.

    A date edit claims the undo keys for its text, yet keeps no undo history of its own
    (what is typed there is a date, fixed up section by section). Without this, Ctrl+Z
    right after adding a meeting, when the entry row's date has the focus again, did
    nothing at all.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            combo = event.keyCombination().toCombined()
            if any(event.matches(key) for key in UNDO_REDO) or QKeySequence(combo) == QKeySequence(
                "Ctrl+Shift+Z"
            ):
                event.ignore()  # not the field's: the shortcut goes to the window
                return True
        return False


def pass_undo_to_window(edit: QDateEdit) -> None:
    undo_filter = WindowUndoFilter(edit)
    edit.installEventFilter(undo_filter)


def make_date_edit(
    parent: QWidget | None,
    name: str,
    *,
    date_order: str = "day_first",
    latest: dt.date | None = None,
) -> QDateEdit:
    """A date edit with a calendar pop-up, set to today. `latest` forbids later dates."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(FORMATS.get(date_order, FORMATS["day_first"]))
    edit.setMinimumDate(EARLIEST)
    if latest is not None:
        edit.setMaximumDate(to_qdate(latest))
    edit.setDate(to_qdate(clock.today()))
    edit.setAccessibleName(name)
    pass_undo_to_window(edit)
    return edit


def set_date_order(edit: QDateEdit, date_order: str) -> None:
    edit.setDisplayFormat(FORMATS.get(date_order, FORMATS["day_first"]))


class OptionalDateEdit(QWidget):
    """A date that may be unknown: the check box says whether the date is set."""

    changed = Signal()

    def __init__(
        self, name: str, parent: QWidget | None = None, *, date_order: str = "day_first"
    ) -> None:
        super().__init__(parent)
        self.check = QCheckBox(self)
        self.check.setAccessibleName(f"{name} is known")
        self.check.setToolTip(f"Tick when the {name.lower()} is known")
        self.edit = make_date_edit(self, name, date_order=date_order)
        self.edit.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(self._on_toggled)
        self.edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.setAccessibleName(name)

    def _on_toggled(self, checked: bool) -> None:
        self.edit.setEnabled(checked)
        if checked:
            self.edit.setFocus()
        self.changed.emit()

    def value(self) -> dt.date | None:
        return from_qdate(self.edit.date()) if self.check.isChecked() else None

    def set_value(self, day: dt.date | None) -> None:
        for widget in (self.check, self.edit):
            widget.blockSignals(True)
        self.check.setChecked(day is not None)
        self.edit.setEnabled(day is not None)
        self.edit.setDate(to_qdate(day or clock.today()))
        for widget in (self.check, self.edit):
            widget.blockSignals(False)

    def set_date_order(self, date_order: str) -> None:
        set_date_order(self.edit, date_order)
