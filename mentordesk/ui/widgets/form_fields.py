"""Small form widgets shared by the editors: a date field that takes what people type,
a list field, and marking a field as wrong without hard-coded colours (an icon, a tooltip
and the accessible description, so it reads in a dark theme and to a screen reader)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLineEdit,
    QMenu,
    QStyle,
    QWidget,
    QWidgetAction,
)

from mentordesk.models import DateOrder
from mentordesk.programme.text_input import (
    date_hint,
    format_date,
    format_list,
    parse_date_text,
    parse_list_text,
)

_ERROR_ACTION = "_error_action"


class DateField(QLineEdit):
    """A date typed as 14/03/2026, 2026-03-14, 14 Mar 2026 or 'today', or picked from a
    calendar. Empty means no date."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.order = DateOrder.DAY_FIRST
        self.setPlaceholderText(date_hint(self.order))
        self.setClearButtonEnabled(True)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView)
        self.calendar_action = QAction(icon, "Pick a date", self)
        self.calendar_action.triggered.connect(self._pick)
        self.addAction(self.calendar_action, QLineEdit.ActionPosition.TrailingPosition)
        # Room for a whole date beside the clear and calendar buttons, at any scaling.
        metrics = self.fontMetrics()
        self.setMinimumWidth(metrics.horizontalAdvance("00 Mmm 00000") + 3 * metrics.height() + 8)

    def set_order(self, order: DateOrder) -> None:
        self.order = order
        self.setPlaceholderText(date_hint(order))

    def set_date(self, value: dt.date | None) -> None:
        self.setText(format_date(value))

    def date(self) -> dt.date | None:
        """The date typed; raises ValueError saying how to write it."""
        return parse_date_text(self.text(), self.order)

    def date_or_none(self) -> dt.date | None:
        try:
            return self.date()
        except ValueError:
            return None

    def _pick(self) -> None:
        calendar = QCalendarWidget()
        current = self.date_or_none()
        if current is not None:
            calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        menu = QMenu(self)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(calendar)
        menu.addAction(holder)

        def chosen(day: QDate) -> None:
            self.set_date(dt.date(day.year(), day.month(), day.day()))
            self.editingFinished.emit()
            menu.close()

        calendar.clicked.connect(chosen)
        calendar.activated.connect(chosen)
        menu.exec(self.mapToGlobal(self.rect().bottomLeft()))


class ListField(QLineEdit):
    """Short phrases separated by commas: 'robotics, football'."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("separate with commas")

    def set_items(self, items: tuple[str, ...] | list[str]) -> None:
        self.setText(format_list(items))

    def items(self) -> tuple[str, ...]:
        return parse_list_text(self.text())


class ChangeWatcher:
    """Calls back on any edit of the widgets it watches (while not paused)."""

    def __init__(self, callback: Callable[[], object]) -> None:
        self._callback = callback
        self.paused = False

    def fire(self, *_: object) -> None:
        if not self.paused:
            self._callback()


def mark_error(widget: QWidget, message: str | None, base_description: str = "") -> None:
    """Show (or clear) a problem on a field, readable in any theme."""
    widget.setProperty("validation_error", message or "")
    widget.setToolTip(message or "")
    widget.setAccessibleDescription(message or base_description)
    if not isinstance(widget, QLineEdit):
        return
    action: QAction | None = getattr(widget, _ERROR_ACTION, None)
    if message and action is None:
        icon = widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        action = QAction(icon, message, widget)
        widget.addAction(action, QLineEdit.ActionPosition.LeadingPosition)
        setattr(widget, _ERROR_ACTION, action)
    elif action is not None:
        if message:
            action.setText(message)
            action.setToolTip(message)
        else:
            widget.removeAction(action)
            setattr(widget, _ERROR_ACTION, None)


def error_of(widget: QWidget) -> str:
    """The problem shown on a field, '' when none."""
    return str(widget.property("validation_error") or "")
