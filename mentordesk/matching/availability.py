"""Free time as people write it ("Tue/Thu evenings", "Saturday morning", "weekends"),
read into a bit mask of 21 slots (7 days x morning, afternoon, evening) so overlaps of a
whole cohort are one bitwise AND."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from mentordesk.matching.text import fold

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PART_NAMES = ("morning", "afternoon", "evening")
ALL_DAYS = frozenset(range(7))
ALL_PARTS = frozenset(range(3))

_DAY_WORDS: dict[str, frozenset[int]] = {}
for _number, _name in enumerate(DAY_NAMES):
    _lower = _name.lower()
    for _word in {_lower, _lower + "s", _lower[:3], _lower[:3] + "s"}:
        _DAY_WORDS[_word] = frozenset({_number})
_DAY_WORDS.update(
    {
        "tues": frozenset({1}),
        "weds": frozenset({2}),
        "thur": frozenset({3}),
        "thurs": frozenset({3}),
        "weekday": frozenset(range(5)),
        "weekdays": frozenset(range(5)),
        "weekend": frozenset({5, 6}),
        "weekends": frozenset({5, 6}),
        "daily": ALL_DAYS,
        "everyday": ALL_DAYS,
        "anytime": ALL_DAYS,
        "any": ALL_DAYS,
    }
)
_PART_WORDS = {
    "morning": 0,
    "mornings": 0,
    "am": 0,
    "breakfast": 0,
    "afternoon": 1,
    "afternoons": 1,
    "lunch": 1,
    "lunchtime": 1,
    "school": 1,  # "after school"
    "evening": 2,
    "evenings": 2,
    "night": 2,
    "nights": 2,
    "pm": 1,
    "work": 2,  # "after work"
}
# "18:00", "6.30pm", "4pm", "after 4": a clock time becomes the part of the day it falls in.
_CLOCK = re.compile(r"\b(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?\b")


_RANGE = re.compile(r"\b([a-z]{3,9})\s*(?:-|–|to|until|till)\s*([a-z]{3,9})\b")


def _expand_range(match: re.Match[str]) -> str:
    """'Mon-Wed' -> 'mon tue wed' (ranges of single days only)."""
    first, last = _DAY_WORDS.get(match.group(1)), _DAY_WORDS.get(match.group(2))
    if first is None or last is None or len(first) != 1 or len(last) != 1:
        return match.group(0)
    start, end = min(first), min(last)
    span = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
    return " ".join(DAY_NAMES[d].lower() for d in span)


def _clock_to_part(match: re.Match[str]) -> str:
    hour = int(match.group(1))
    minutes, half = match.group(2), match.group(3)
    if hour > 23:
        return match.group(0)
    if half == "pm" and hour < 12:
        hour += 12
    elif half is None and minutes is None and 1 <= hour <= 7:
        hour += 12  # "after 4" means the afternoon
    part = 0 if hour < 12 else (1 if hour < 17 else 2)
    return f" {PART_NAMES[part]} "


@functools.lru_cache(maxsize=16384)
def slot_mask(text: str) -> int:
    """The slots one phrase names. Days without a time mean the whole day; a time without
    days means every day; "Monday morning and Wednesday evening" is two slots."""
    groups: list[tuple[set[int], set[int]]] = []
    days: set[int] = set()
    parts: set[int] = set()
    parts_first = False  # "evenings on Tuesday and Thursday": days follow their time
    plain = _CLOCK.sub(_clock_to_part, _RANGE.sub(_expand_range, text.lower()))
    for token in fold(plain).split():
        if token in _DAY_WORDS:
            if days and parts and not parts_first:  # "Monday morning, Tuesday …"
                groups.append((days, parts))
                days, parts = set(), set()
            days |= _DAY_WORDS[token]
            continue
        part = _PART_WORDS.get(token)
        if part is None:
            continue
        if days and parts and parts_first:  # "… on Tuesday, mornings on Saturday"
            groups.append((days, parts))
            days, parts = set(), set()
        if not days:
            parts_first = True
        elif not parts:
            parts_first = False
        parts.add(part)
    if days or parts:
        groups.append((days, parts))
    mask = 0
    for group_days, group_parts in groups:
        for day in group_days or ALL_DAYS:
            for part in group_parts or ALL_PARTS:
                mask |= 1 << (day * 3 + part)
    return mask


def availability_mask(slots: Iterable[str]) -> int:
    mask = 0
    for text in slots:
        mask |= slot_mask(str(text))
    return mask


def describe_slots(mask: int, limit: int = 3) -> str:
    """'Tuesday evenings and Saturdays' for the slots in `mask`."""
    phrases: list[str] = []
    for day, name in enumerate(DAY_NAMES):
        bits = [(mask >> (day * 3 + part)) & 1 for part in range(3)]
        if all(bits):
            phrases.append(f"{name}s")
        else:
            phrases.extend(f"{name} {PART_NAMES[part]}s" for part in range(3) if bits[part])
    if len(phrases) > limit:
        shown = ", ".join(phrases[:limit])
        return f"{shown} and {len(phrases) - limit} more"
    if len(phrases) > 1:
        return ", ".join(phrases[:-1]) + " and " + phrases[-1]
    return phrases[0] if phrases else ""


def count_slots(mask: int) -> int:
    return int(mask).bit_count()
