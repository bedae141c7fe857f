"""Calendar arithmetic shared by the monitoring figures: months are calendar months."""

from __future__ import annotations

import calendar
import datetime as dt

# The average month, for turning a number of days into "months matched".
DAYS_PER_MONTH = 365.25 / 12


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def months_between(start: dt.date, end: dt.date) -> float:
    return (end - start).days / DAYS_PER_MONTH


def reached_months(start: dt.date, end: dt.date, months: int) -> bool:
    """Did a pair that ran from `start` to `end` last `months` full calendar months?"""
    return end >= add_months(start, months)


def month_starts(last_month: dt.date, count: int) -> list[dt.date]:
    """The first days of the `count` months ending with the month of `last_month`."""
    first = last_month.replace(day=1)
    return [add_months(first, -offset) for offset in range(count - 1, -1, -1)]


def format_day(day: dt.date) -> str:
    return day.strftime("%d %b %Y")
