"""Charts drawn with reportlab's own graphics, so they stay sharp and their text is text."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal, cast

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from mentordesk.documents.fonts import SANS
from mentordesk.documents.layout import ACCENT, INK, MUTED, RULE
from mentordesk.documents.report_data import CheckInLine, MeetingLine, MonthCount
from mentordesk.models import CheckInWho, MeetingMode
from mentordesk.programme.text_input import format_month

MODE_COLOURS = {
    MeetingMode.IN_PERSON: colors.HexColor("#1f5f8b"),
    MeetingMode.VIDEO: colors.HexColor("#4fa3a5"),
    MeetingMode.PHONE: colors.HexColor("#e0a34a"),
}
WHO_COLOURS = {
    CheckInWho.MENTEE: colors.HexColor("#1f5f8b"),
    CheckInWho.MENTOR: colors.HexColor("#4fa3a5"),
    CheckInWho.GUARDIAN: colors.HexColor("#c0504d"),
}
FONT_SIZE = 7.5


Anchor = Literal["start", "middle", "end"]


def _label(
    x: float, y: float, text: str, anchor: Anchor = "middle", colour: colors.Color = MUTED
) -> String:
    return String(
        x, y, text, fontName=SANS, fontSize=FONT_SIZE, fillColor=colour, textAnchor=anchor
    )


def _box(x: float, y: float, width: float, height: float, colour: colors.Color) -> Rect:
    """A filled box with no outline. Its colours are set as attributes: reportlab's stubs
    type Rect's keywords as one TypedDict, not unpacked keywords."""
    box = Rect(x, y, width, height)
    box.fillColor = colour
    box.strokeColor = None
    return box


def month_label(month: dt.date, with_year: bool) -> str:
    return format_month(month, with_year=with_year)


def meetings_per_month_chart(months: Sequence[MonthCount], width: float) -> Drawing:
    height = 150
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 30, 28
    # reportlab draws at any size; its stubs type a chart's size as int.
    chart.width, chart.height = cast(int, width - 40), height - 50
    chart.data = [[m.meetings for m in months] or [0]]
    with_year = len({m.month.year for m in months}) > 1
    chart.categoryAxis.categoryNames = [month_label(m.month, with_year) for m in months] or [""]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = FONT_SIZE
    chart.categoryAxis.labels.fillColor = MUTED
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    top = max([m.meetings for m in months] or [0])
    chart.valueAxis.valueMax = max(4, top + (4 - top % 4 if top % 4 else 0))
    chart.valueAxis.valueStep = max(1, chart.valueAxis.valueMax // 4)
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = FONT_SIZE
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.3
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = SANS
    chart.barLabels.fontSize = FONT_SIZE
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(_label(4, height - 7, "Meetings", anchor="start"))
    return drawing


class DateAxis:
    """Maps dates to x positions, and draws month ticks."""

    def __init__(self, start: dt.date, end: dt.date, left: float, right: float) -> None:
        self.start = start
        self.days = max(1, (end - start).days)
        self.end = end
        self.left, self.right = left, right

    def x(self, day: dt.date) -> float:
        return self.left + (self.right - self.left) * (day - self.start).days / self.days

    def draw(self, drawing: Drawing, y: float, top: float) -> None:
        drawing.add(Line(self.left, y, self.right, y, strokeColor=RULE, strokeWidth=0.6))
        month = self.start.replace(day=1)
        months = []
        while month <= self.end:
            if month >= self.start:
                months.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        step = max(1, -(-len(months) // 12))  # at most about 12 labels
        with_year = len({m.year for m in months}) > 1 or not months
        for index, month in enumerate(months):
            x = self.x(month)
            drawing.add(Line(x, y, x, top, strokeColor=RULE, strokeWidth=0.25))
            if index % step == 0:
                drawing.add(_label(x + 2, y - 10, month_label(month, with_year), anchor="start"))


def meeting_timeline(
    meetings: Sequence[MeetingLine], start: dt.date, end: dt.date, width: float
) -> Drawing:
    """One bar per meeting on a date line; its height is the meeting's length."""
    height = 118
    drawing = Drawing(width, height)
    base, top = 30, height - 22
    axis = DateAxis(start, end, 34, width - 6)
    axis.draw(drawing, base, top)
    longest = max([m.minutes for m in meetings] + [120])
    for minutes in (60, 120):
        if minutes <= longest:
            y = base + (top - base) * minutes / longest
            drawing.add(Line(34, y, width - 6, y, strokeColor=RULE, strokeWidth=0.25))
            drawing.add(_label(30, y - 2.5, f"{minutes} min", anchor="end"))
    for meeting in meetings:
        x = axis.x(meeting.held_on)
        h = (top - base) * meeting.minutes / longest
        drawing.add(_box(x - 1.6, base, 3.2, h, MODE_COLOURS[meeting.mode]))
    # Legend: only the ways they met.
    x = 34
    used = {m.mode for m in meetings}
    for mode, colour in MODE_COLOURS.items():
        if mode not in used:
            continue
        drawing.add(_box(x, height - 10, 7, 7, colour))
        drawing.add(_label(x + 10, height - 9, mode.label, anchor="start", colour=INK))
        x += 70
    return drawing


def satisfaction_chart(
    check_ins: Sequence[CheckInLine], start: dt.date, end: dt.date, width: float
) -> Drawing:
    """Satisfaction (1 to 5) at each check-in, one line per person asked."""
    height = 130
    drawing = Drawing(width, height)
    base, top = 30, height - 22
    axis = DateAxis(start, end, 34, width - 6)
    axis.draw(drawing, base, top)

    def y(score: int) -> float:
        return base + (top - base) * (score - 1) / 4

    for score in range(1, 6):
        drawing.add(Line(34, y(score), width - 6, y(score), strokeColor=RULE, strokeWidth=0.25))
        drawing.add(_label(30, y(score) - 2.5, str(score), anchor="end"))
    for who, colour in WHO_COLOURS.items():
        points = [
            (axis.x(c.held_on), y(c.satisfaction))
            for c in check_ins
            if c.who is who and c.satisfaction is not None
        ]
        if len(points) > 1:
            drawing.add(
                PolyLine(
                    [v for point in points for v in point], strokeColor=colour, strokeWidth=1.2
                )
            )
        for px, py in points:
            drawing.add(Circle(px, py, 2.2, fillColor=colour, strokeColor=colors.white))
    for c in check_ins:
        if c.concern:
            drawing.add(_label(axis.x(c.held_on), top + 3, "!", colour=colors.HexColor("#c0504d")))
    x = 34
    rated = {c.who for c in check_ins if c.satisfaction is not None}
    for who, colour in WHO_COLOURS.items():
        if who not in rated:  # a legend entry with no line beside it says nothing
            continue
        drawing.add(_box(x, height - 10, 7, 7, colour))
        drawing.add(_label(x + 10, height - 9, who.label, anchor="start", colour=INK))
        x += 70
    drawing.add(_label(width - 6, height - 9, "1 = unhappy, 5 = very happy", anchor="end"))
    return drawing


def progress_bar(fraction: float, width: float = 90, height: float = 8) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(_box(0, 0, width, height, colors.HexColor("#e3e9ee")))
    filled = max(0.0, min(1.0, fraction)) * width
    if filled:
        drawing.add(_box(0, 0, filled, height, ACCENT))
    return drawing
