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


def format_date(
    value: dt.date | None, *, long: bool = False, weekday: bool = False, missing: str = ""
) -> str:
    """The one way MentorDesk shows a date, on screen, in messages and in documents.

    Month names, never numbers, so nobody reads 06/05 as 5 June: '09 May 2026' in lists
    and sentences; `long` spells the month out for letters and reports ('9 November
    2026'); `weekday` starts with the day's name ('Wednesday 25 November 2026'). A
    datetime adds its time ('09 May 2026 14:05'). Typing dates follows the programme's
    day/month order instead (see parse_date_text and date_hint).
    """
    if value is None:
        return missing
    if long or weekday:
        text = f"{value.day} {value:%B %Y}"
        return f"{value:%A} {text}" if weekday else text
    text = value.strftime(DISPLAY_FORMAT)
    if isinstance(value, dt.datetime):
        text += f" {value:%H:%M}"
    return text


def format_month(month: dt.date, *, with_year: bool = False) -> str:
    """A month on a chart's axis: 'Nov', or 'Nov 26' where the year changes."""
    return f"{month:%b}" + (f" {month:%y}" if with_year else "")


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
