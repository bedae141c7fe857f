"""The period a report covers: this term, this year, or a range of dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mentordesk.documents.document_pairs import add_months
from mentordesk.errors import ValidationError
from mentordesk.programme.text_input import format_date

# School terms as most programmes plan them: autumn, spring, summer.
_TERMS = (
    ("Autumn term", 9, 12),
    ("Spring term", 1, 3),
    ("Summer term", 4, 8),
)


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str

    def until(self, today: dt.date) -> dt.date:
        """The last day with data: the period's end, or today when it ends later."""
        return min(self.end, today)

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def months(self, today: dt.date) -> list[dt.date]:
        """The first day of every month from the start to the last day with data."""
        last = self.until(today)
        month = self.start.replace(day=1)
        found = []
        while month <= last:
            found.append(month)
            month = (month + dt.timedelta(days=32)).replace(day=1)
        return found


def _month_end(year: int, month: int) -> dt.date:
    return (dt.date(year, month, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def this_term(today: dt.date) -> Period:
    for label, first, last in _TERMS:
        if first <= today.month <= last:
            start = dt.date(today.year, first, 1)
            return Period(start, _month_end(today.year, last), f"{label} {today.year}")
    raise AssertionError("every month belongs to a term")


def this_year(
    today: dt.date, programme_start: dt.date | None = None, programme_end: dt.date | None = None
) -> Period:
    """The programme's year when its dates include today, else the school year
    (1 September to 31 August) that includes today."""
    if programme_start and programme_end and programme_start <= today <= programme_end:
        return Period(programme_start, programme_end, "Programme year")
    first_year = today.year if today.month >= 9 else today.year - 1
    return Period(
        dt.date(first_year, 9, 1),
        dt.date(first_year + 1, 8, 31),
        f"School year {first_year}–{str(first_year + 1)[-2:]}",
    )


def date_range(start: dt.date | None, end: dt.date | None, today: dt.date) -> Period:
    """A range the user chose; a missing end is today, a missing start a year before it."""
    end = end or today
    start = start or add_months(end, -12) + dt.timedelta(days=1)
    if start > end:
        raise ValidationError(
            f"The period starts ({format_date(start)}) after it ends ({format_date(end)}); "
            "swap the dates."
        )
    return Period(start, end, "Chosen period")


def pairing_period(
    pair_start: dt.date | None,
    pair_end: dt.date | None,
    programme_start: dt.date | None,
    today: dt.date,
) -> Period | None:
    """A pairing report's own period: from the pairing's start, or from the programme
    year's start when that is later, to today (or the pairing's end); the label says which.
    None for a pairing that has not started (the caller uses the programme's year)."""
    if pair_start is None or pair_start > today:
        return None
    end = min(pair_end, today) if pair_end is not None else today
    if programme_start is not None and pair_start < programme_start <= end:
        return Period(programme_start, end, "Since the programme year began")
    return Period(pair_start, max(end, pair_start), "Since the pairing started")
