"""A small bar chart drawn with QPainter: readable on any screen, no chart library."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    """Vertical bars with their value on top and their label below."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._bars: list[tuple[str, int, QColor | None]] = []
        self.setAccessibleName(title)
        self.setMinimumSize(QSize(260, 170))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_bars(self, bars: Sequence[tuple[str, int] | tuple[str, int, QColor | None]]) -> None:
        self._bars = [(b[0], int(b[1]), b[2] if len(b) > 2 else None) for b in bars]
        summary = ", ".join(f"{label}: {value}" for label, value, _ in self._bars)
        # What a screen reader (and a hovering mouse) gets instead of the picture.
        self.setAccessibleDescription(f"{self.title}. {summary}")
        self.setToolTip(summary)
        self.update()

    def bars(self) -> list[tuple[str, int]]:
        return [(label, value) for label, value, _ in self._bars]

    def sizeHint(self) -> QSize:
        return QSize(max(260, 34 * len(self._bars) + 40), 190)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        title_height = QFontMetrics(self.font()).height() + 4
        area = QRectF(self.rect()).adjusted(8, 4, -8, -4)

        title_font = self.font()
        title_font.setBold(True)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        painter.drawText(
            QRectF(area.left(), area.top(), area.width(), title_height),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.title,
        )
        small = self.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        painter.setFont(small)
        metrics = QFontMetrics(small)
        line = metrics.height()
        if not self._bars:
            painter.drawText(area, Qt.AlignmentFlag.AlignCenter, "Nothing to show yet")
            return

        # Room above for the title and the tallest bar's value, below for the labels.
        plot = area.adjusted(0, title_height + 6 + line, 0, -(line + 6))
        baseline = plot.bottom()
        peak = max(value for _, value, _ in self._bars) or 1
        slot = plot.width() / len(self._bars)
        bar_width = max(6.0, min(48.0, slot * 0.62))
        default = palette.color(QPalette.ColorRole.Highlight)
        grid = QColor(text_colour)
        grid.setAlpha(60)
        painter.setPen(grid)
        painter.drawLine(int(plot.left()), int(baseline), int(plot.right()), int(baseline))
        for number, (label, value, colour) in enumerate(self._bars):
            centre = plot.left() + slot * (number + 0.5)
            height = plot.height() * value / peak
            bar = QRectF(centre - bar_width / 2, baseline - height, bar_width, height)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour or default)
            painter.drawRoundedRect(bar, 2, 2)
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(centre - slot / 2, bar.top() - line - 2, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                str(value),
            )
            painter.drawText(
                QRectF(centre - slot / 2, baseline + 4, slot, line),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot)),
            )
