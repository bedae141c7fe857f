"""Every colour the window uses, readable in a light or a dark theme.

Nothing else in ui/ names a colour: backgrounds and text come from the palette, and the
few accents here are either chosen for the theme (messages) or blended into the
palette's own base colour (row tints), so a dark desktop theme stays dark.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel, QWidget


def is_dark(widget: QWidget) -> bool:
    return widget.palette().color(QPalette.ColorRole.Window).lightness() < 128


def error_color(widget: QWidget) -> QColor:
    return QColor("#ff8a80") if is_dark(widget) else QColor("#b00020")


def warning_color(widget: QWidget) -> QColor:
    return QColor("#ffd180") if is_dark(widget) else QColor("#8a5a00")


# Mid-tone accents for small marks (dots, bars) that carry a label of their own: they
# read on a light and on a dark background alike.
ACCENTS = {
    "red": "#c62828",
    "orange": "#e08600",
    "green": "#2e7d32",
    "grey": "#9e9e9e",
    "slate": "#607d8b",
    "blue-grey": "#546e7a",
}
# Row tints: (accent, share of the accent blended into the palette's base colour).
TINTS = {"rejected": ("#d32f2f", 0.22), "duplicate": ("#f9a825", 0.25), "header": ("#2e7d32", 0.22)}


def accent(name: str) -> QColor:
    return QColor(ACCENTS[name])


def tint(widget: QWidget, kind: str) -> QColor:
    """A background for a row of this kind: the palette's base with a touch of colour,
    so the palette's text stays readable on it."""
    colour, share = TINTS[kind]
    base, mark = widget.palette().color(QPalette.ColorRole.Base), QColor(colour)
    return QColor.fromRgbF(
        base.redF() * (1 - share) + mark.redF() * share,
        base.greenF() * (1 - share) + mark.greenF() * share,
        base.blueF() * (1 - share) + mark.blueF() * share,
    )


def make_notice(label: QLabel) -> None:
    """A label that stands out as a notice: the theme's tooltip colours, with a margin."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.Window, palette.color(QPalette.ColorRole.ToolTipBase))
    palette.setColor(QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.ToolTipText))
    label.setPalette(palette)
    label.setAutoFillBackground(True)
    label.setMargin(4)


def show_message(label: QLabel, text: str, color: QColor | None = None) -> None:
    """Show (or, with empty text, hide) a message label in the given colour."""
    label.setText(text)
    label.setVisible(bool(text))
    if color is not None:
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, color)
        label.setPalette(palette)
