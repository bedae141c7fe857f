"""Reading what a coordinator types into a form: dates, lists, whole numbers.

Each parser returns the value or raises ValueError with a sentence saying what to write.
"""

from __future__ import annotations

import datetime as dt
import re

from mentordesk import clock
from mentordesk.models import DateOrder

DISPLAY_FORMAT = "%d %b %Y"
_NUMERIC = re.compile(r"^(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4})$")
_NAMED_FORMATS = ("%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%d %b %y")


def format_date(value: dt.date | None) -> str:
    return "" if value is None else value.strftime(DISPLAY_FORMAT)


def date_hint(order: DateOrder = DateOrder.DAY_FIRST) -> str:
    return "DD/MM/YYYY" if order == DateOrder.DAY_FIRST else "MM/DD/YYYY"


def parse_date_text(text: str, order: DateOrder = DateOrder.DAY_FIRST) -> dt.date | None:
    """'' -> None; 'today'; 2026-03-14; 14/03/2026 (or 03/14/2026); 14 Mar 2026."""
    cleaned = " ".join(text.replace(",", " ").split())
    if not cleaned:
        return None
    if cleaned.casefold() == "today":
        return clock.today()
    match = _NUMERIC.match(cleaned)
    if match:
        a, b, c = (int(g) for g in match.groups())
        if len(match.group(1)) == 4:
            year, month, day = a, b, c
        else:
            day, month = (a, b) if order == DateOrder.DAY_FIRST else (b, a)
            year = c + 2000 if c < 100 else c
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    else:
        for fmt in _NAMED_FORMATS:
            try:
                return dt.datetime.strptime(cleaned, fmt).date()
            except ValueError:
                continue
    raise ValueError(f"“{text.strip()}” is not a date; write it as {date_hint(order)}.")


def parse_list_text(text: str) -> tuple[str, ...]:
    """'robotics, football; chess' -> ('robotics', 'football', 'chess'), duplicates dropped."""
    seen: dict[str, str] = {}
    for part in re.split(r"[,;\n]", text):
        item = part.strip()
        if item and item.casefold() not in seen:
            seen[item.casefold()] = item
    return tuple(seen.values())


def format_list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


def parse_whole_number(text: str, what: str) -> int | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    if not re.fullmatch(r"\d+", cleaned):
        raise ValueError(f"{what}: “{cleaned}” is not a whole number.")
    return int(cleaned)
