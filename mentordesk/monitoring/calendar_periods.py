"""Calendar arithmetic shared by the monitoring figures: months are calendar months."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

# The average month, for turning a number of days into "months matched".
DAYS_PER_MONTH = 365.25 / 12


# Day and month names in the application's language, not the machine's locale (and
# without strftime, which is slow when called for every flag).
MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


# Pairs start on few distinct days, and the dashboard asks this for each of thousands.
@lru_cache(maxsize=8192)
def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    if day.day <= 28:
        return dt.date(year, month, day.day)
    return dt.date(year, month, min(day.day, days_in_month(year, month)))


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
    """25 Nov 2026."""
    return f"{day.day:02d} {MONTH_ABBREVIATIONS[day.month - 1]} {day.year}"
