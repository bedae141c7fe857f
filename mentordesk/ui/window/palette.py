"""Colours for messages that stay readable in a light or a dark theme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget) -> QColor:
    return QColor("#ff8a80") if is_dark(widget) else QColor("#b00020")


def warning_color(widget: QWidget) -> QColor:
    return QColor("#ffd180") if is_dark(widget) else QColor("#8a5a00")


def show_message(label: QLabel, text: str, color: QColor | None = None) -> None:
    """Show (or, with empty text, hide) a message label in the given colour."""
    label.setText(text)
    label.setVisible(bool(text))
    if color is not None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, color)
        label.setPalette(palette)
