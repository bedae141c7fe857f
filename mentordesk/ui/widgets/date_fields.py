"""Date entry for forms: a date edit that types the way the programme writes dates, and
an optional date (a check box that says whether the date is known)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from mentordesk import clock
from mentordesk.programme.text_input import DISPLAY_FORMAT

FORMATS = {"day_first": "dd/MM/yyyy", "month_first": "MM/dd/yyyy"}
EARLIEST = QDate(1900, 1, 1)
# strftime's codes as Qt writes them, for showing a date the way format_date does.
_QT_CODES = {"%d": "dd", "%b": "MMM", "%B": "MMMM", "%Y": "yyyy", "%m": "MM", "%y": "yy"}


def qt_format(strftime_format: str) -> str:
    """A strftime format ("%d %b %Y") as a Qt display format ("dd MMM yyyy")."""
    text = strftime_format
    for code, qt in _QT_CODES.items():
        text = text.replace(code, qt)
    return text


def show_month_names(edit: QDateEdit) -> None:
    """Show the date as format_date writes it everywhere else ("25 Nov 2026"), month names
    in English as strftime gives them, whatever the system's language; a named month
    can't be misread whichever way round the programme types its dates."""
    edit.setDisplayFormat(qt_format(DISPLAY_FORMAT))
    edit.setLocale(QLocale.c())


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
        self,
        name: str,
        parent: QWidget | None = None,
        *,
        date_order: str = "day_first",
        month_names: bool = False,
    ) -> None:
        super().__init__(parent)
        self.month_names = month_names
        self.check = QCheckBox(self)
        self.check.setAccessibleName(f"{name} is known")
        self.check.setToolTip(f"Tick when the {name.lower()} is known")
        self.edit = make_date_edit(self, name, date_order=date_order)
        if month_names:
            show_month_names(self.edit)
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
        if not self.month_names:  # named months read the same in either order
            set_date_order(self.edit, date_order)
