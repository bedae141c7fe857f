"""One place to ask for today's date, so tests can fix the date."""

from __future__ import annotations

import datetime as dt

_fixed: dt.date | None = None


def today() -> dt.date:
    return _fixed if _fixed is not None else dt.date.today()


def now() -> dt.datetime:
    if _fixed is not None:
        return dt.datetime.combine(_fixed, dt.time(12, 0))
    return dt.datetime.now().replace(microsecond=0)


def set_today(day: dt.date | None) -> None:
    """Fix the date (tests), or pass None to follow the wall clock again."""
    global _fixed
    _fixed = day
