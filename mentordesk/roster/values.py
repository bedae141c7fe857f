"""Turn a cell into a clean field value, or say exactly what is wrong with it.

Every parser takes the raw cell value (text, number, date, bool or None) and returns the
clean value, or raises `BadValue` with a message a coordinator can act on.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

from mentordesk.models import DateOrder, ModePreference, Role, ScreeningStatus
from mentordesk.roster.workbook import CellError


class BadValue(ValueError):
    """A cell that cannot be read as its column's kind of value."""


# Syntax only (RFC 5322 dot-atoms, with Unicode letters as RFC 6531 allows).
_EMAIL = re.compile(
    r"^[\w.!#$%&'*+/=?^`{|}~-]+@[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
    r"(?:\.[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?)+$"
)
_PHONE = re.compile(r"^\+?[\d\s().\-/]{6,24}(?:\s*(?:x|ext\.?)\s*\d{1,6})?$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*(?:[,;\n\r•|]|\s+/\s+)\s*")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[./\-](\d{1,2})[./\-](\d{1,4})(?:[ T].*)?$")
_ORDINAL = re.compile(r"(\d+)(st|nd|rd|th)\b", re.IGNORECASE)
EXCEL_1900 = dt.date(1899, 12, 30)
EXCEL_1904 = dt.date(1904, 1, 1)


# Control characters (NUL, ESC, …): never part of a name or a note; removed on reading.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(value: Any) -> bool:
    """Whether a text cell holds control characters (isprintable() is the fast check)."""
    return type(value) is str and not value.isprintable() and bool(CONTROL.search(value))


def text(value: Any) -> str:
    """Any cell as trimmed text: 9.0 reads as "9", spaces (also non-breaking) collapse,
    control characters are removed."""
    if value is None:
        return ""
    if type(value) is str:  # the common case first
        if not value.isprintable():
            value = CONTROL.sub("", value)
        if "\u200b" in value or "\ufeff" in value:
            value = value.replace("\u200b", " ").replace("\ufeff", " ")
        return " ".join(value.split())
    if isinstance(value, CellError):
        raise BadValue(f"the cell shows the error {value}")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raw = str(value)
    if "\u200b" in raw or "\ufeff" in raw:
        raw = raw.replace("\u200b", " ").replace("\ufeff", " ")
    # str.split() splits on every Unicode space, the non-breaking ones included.
    return " ".join(raw.split())


def name(value: Any) -> str:
    cleaned = text(value)
    if cleaned and not any(ch.isalpha() for ch in cleaned):
        raise BadValue(f"'{cleaned}' is not a name")
    return cleaned


# Words that begin a surname ("van der Berg", "de la Cruz", "bin Ali", "Ó Briain").
SURNAME_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "dela", "la", "le", "les", "lo"}
    | {"di", "da", "das", "dos", "do", "du", "des", "ter", "ten", "te", "zu"}
    | {"bin", "binti", "binte", "ibn", "bint", "ben", "bat", "al", "el", "abu", "ap"}
    | {"ó", "ní", "nic", "ua", "mac", "mc", "st", "st.", "saint"}
)
# One-letter connectors count only as written in lower case: "E" is an initial.
_CONNECTORS = frozenset({"y", "e", "i"})


def _particle(word: str) -> bool:
    return word in _CONNECTORS or word.casefold() in SURNAME_PARTICLES


# The first of two Spanish or Portuguese surnames ("García López"): common ones, so a
# name like "María José García López" keeps both surnames and both given names.
FIRST_SURNAMES = frozenset(
    {
        "garcía",
        "garcia",
        "rodríguez",
        "rodriguez",
        "martínez",
        "martinez",
        "hernández",
        "hernandez",
        "lópez",
        "lopez",
        "gonzález",
        "gonzalez",
        "pérez",
        "perez",
        "sánchez",
        "sanchez",
        "ramírez",
        "ramirez",
        "torres",
        "flores",
        "rivera",
        "gómez",
        "gomez",
        "díaz",
        "diaz",
        "reyes",
        "morales",
        "cruz",
        "ortiz",
        "gutiérrez",
        "gutierrez",
        "chávez",
        "chavez",
        "ramos",
        "ruiz",
        "álvarez",
        "alvarez",
        "mendoza",
        "castillo",
        "jiménez",
        "jimenez",
        "moreno",
        "romero",
        "herrera",
        "medina",
        "aguilar",
        "vargas",
        "castro",
        "guzmán",
        "guzman",
        "fernández",
        "fernandez",
        "muñoz",
        "munoz",
        "rojas",
        "silva",
        "suárez",
        "suarez",
        "delgado",
        "navarro",
        "domínguez",
        "dominguez",
        "vega",
        "soto",
        "molina",
        "ortega",
        "marín",
        "marin",
        "santos",
        "núñez",
        "nunez",
        "iglesias",
        "blanco",
        "serrano",
        "márquez",
        "marquez",
        "cabrera",
        "prieto",
        "campos",
        "vázquez",
        "vazquez",
        "rubio",
        "gil",
        "ibáñez",
        "ibanez",
        "pascual",
        "carmona",
        "calvo",
        "cortés",
        "cortes",
        "garrido",
        "lozano",
        "sanz",
        "rey",
        "alonso",
        "costa",
        "pereira",
        "oliveira",
        "ferreira",
        "rocha",
        "sousa",
        "almeida",
        "carvalho",
    }
)


def split_full_name(value: Any) -> tuple[str, str]:
    """A full name as (first, last); a single word gives (word, "") for the caller to refuse.

    "Smith, Ann" → ("Ann", "Smith"); "Ann Marie Smith" → ("Ann Marie", "Smith"); surname
    particles stay with the surname ("Ana van der Berg" → "van der Berg"); two Spanish
    surnames stay together ("María José García López"); Mac/Mc names are kept as written.
    """
    cleaned = name(value)
    if not cleaned:
        return "", ""
    if "," in cleaned:
        last, _, first = cleaned.partition(",")
        return first.strip(), last.strip()
    parts = cleaned.split(" ")
    if len(parts) == 1:
        return cleaned, ""
    cut = len(parts) - 1
    # Particles before the last word belong to the surname, however many ("van der").
    while cut > 1 and _particle(parts[cut - 1]):
        cut -= 1
    # "García López", "García y López": a common first surname before the last one.
    before = cut - 1
    if before > 0 and parts[before] in _CONNECTORS and cut == len(parts) - 2:
        before -= 1
    if before > 0 and parts[before].casefold() in FIRST_SURNAMES:
        cut = before
        while cut > 1 and _particle(parts[cut - 1]):
            cut -= 1
    return " ".join(parts[:cut]), " ".join(parts[cut:])


def email(value: Any) -> str | None:
    cleaned = text(value)
    if cleaned.lower().startswith("mailto:"):
        cleaned = cleaned[7:]
    if not cleaned:
        return None
    if " " in cleaned or not _EMAIL.match(cleaned) or ".." in cleaned:
        raise BadValue(f"'{text(value)}' is not a valid email address")
    local, _, domain = cleaned.rpartition("@")
    # Domains compare without case; the local part is kept as written.
    return f"{local}@{domain.lower()}"


def phone(value: Any) -> str:
    """Phone numbers stay text, leading zeros and all."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    cleaned = text(value)
    if not cleaned:
        return ""
    if not _PHONE.match(cleaned) or sum(ch.isdigit() for ch in cleaned) < 6:
        raise BadValue(f"'{cleaned}' is not a phone number")
    return cleaned


def _serial(number: float, epoch_1904: bool) -> dt.date:
    if not 1 <= number < 2958466:
        raise BadValue(f"{number:g} is not a date")
    if not epoch_1904 and number < 60:
        # Excel's day 60 is the 29 February 1900 that never was.
        return EXCEL_1900 + dt.timedelta(days=int(number) + 1)
    return (EXCEL_1904 if epoch_1904 else EXCEL_1900) + dt.timedelta(days=int(number))


def _year(raw: str) -> int:
    year = int(raw)
    if len(raw) <= 2:
        # Two-digit years are read as the most recent past year with those digits.
        from mentordesk import clock

        century = clock.today().year // 100 * 100
        year += century if century + year <= clock.today().year else century - 100
    return year


def _make(year: int, month: int, day: int, original: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise BadValue(f"'{original}' is not a real date") from None


def date(
    value: Any, order: DateOrder = DateOrder.DAY_FIRST, *, epoch_1904: bool = False
) -> dt.date | None:
    """Date cells, 1900/1904 serials, ISO text, day-first or month-first text, month names.

    An ambiguous text date such as 03/04/2026 follows `order`; 13/04/2026 or 04/13/2026
    can only be read one way and are read that way whatever the setting.
    """
    if value is None:
        return None
    if isinstance(value, CellError):
        raise BadValue(f"the cell shows the error {value}")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise BadValue(f"'{text(value)}' is not a date")
    if isinstance(value, int | float):
        return _serial(float(value), epoch_1904)
    raw = text(value)
    if not raw:
        return None
    if re.fullmatch(r"\d{1,7}(\.\d+)?", raw):
        return _serial(float(raw), epoch_1904)
    match = _NUMERIC_DATE.match(raw)
    if match:
        a, b, c = match.groups()
        if len(a) == 4:  # ISO or year-first
            return _make(int(a), int(b), int(c), raw)
        first, second, year = int(a), int(b), _year(c)
        if first > 12 and second <= 12:
            return _make(year, second, first, raw)
        if second > 12 and first <= 12:
            return _make(year, first, second, raw)
        if order == DateOrder.MONTH_FIRST:
            return _make(year, first, second, raw)
        return _make(year, second, first, raw)
    return _named_month_date(raw)


def _named_month_date(raw: str) -> dt.date:
    words = re.findall(r"[A-Za-z]+|\d+", _ORDINAL.sub(r"\1", raw))
    month = None
    numbers: list[str] = []
    for word in words:
        lowered = word.lower()
        if lowered in _MONTHS and month is None:
            month = _MONTHS[lowered]
        elif word.isdigit():
            numbers.append(word)
        elif lowered not in {
            "of",
            "the",
            "mon",
            "tue",
            "wed",
            "thu",
            "fri",
            "sat",
            "sun",
        } and not lowered.endswith("day"):
            raise BadValue(f"'{raw}' is not a date")
    if month is None or len(numbers) != 2:
        raise BadValue(f"'{raw}' is not a date")
    first, second = numbers
    if len(first) == 4:
        year_text, day_text = first, second
    else:
        day_text, year_text = first, second
    return _make(_year(year_text), month, int(day_text), raw)


_YES = {
    "yes",
    "y",
    "true",
    "done",
    "complete",
    "completed",
    "passed",
    "clear",
    "cleared",
    "ok",
    "✓",
    "✔",
    "x",
    "1",
}
_NO = {"no", "n", "false", "not done", "not started", "none", "0", "-", "pending"}
_IN_PROGRESS = {
    "in progress",
    "inprogress",
    "applied",
    "submitted",
    "started",
    "awaiting",
    "waiting",
    "in process",
    "processing",
    "ongoing",
}


@functools.lru_cache(maxsize=1024)
def check(value: Any) -> ScreeningStatus | None:
    """yes / no / in progress for a screening check (empty: not said).

    A sheet's "yes" (or "x", "1", a date) is only reported: nobody has seen a certificate
    yet, so it is REPORTED, never COMPLETE, and does not make a mentor ready."""
    if isinstance(value, bool):
        return ScreeningStatus.REPORTED if value else ScreeningStatus.NOT_STARTED
    if isinstance(value, dt.date | dt.datetime):
        return ScreeningStatus.REPORTED  # a date in a "check done" column: said to be done
    cleaned = text(value).lower().rstrip(".")
    if not cleaned:
        return None
    if cleaned in _YES or cleaned.startswith("yes"):
        return ScreeningStatus.REPORTED
    if cleaned in _IN_PROGRESS or "progress" in cleaned:
        return ScreeningStatus.IN_PROGRESS
    if cleaned in _NO or cleaned.startswith("no"):
        return ScreeningStatus.NOT_STARTED
    if cleaned in {"failed", "fail", "refused", "rejected"}:
        return ScreeningStatus.FAILED
    if looks_like_date(value):
        return ScreeningStatus.REPORTED  # a date typed as text: said to be done
    raise BadValue(f"'{text(value)}' is not yes, no or in progress")


def items(value: Any) -> list[str]:
    """A list cell: split on commas, semicolons and line breaks; duplicates dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        raw = value.replace("\u00a0", " ")
        parts = _LIST_SPLIT.split(raw)
    else:
        parts = [text(value)]
    seen: dict[str, str] = {}
    for part in parts:
        cleaned = text(part)
        if cleaned and cleaned.casefold() not in seen:
            seen[cleaned.casefold()] = cleaned
    return list(seen.values())


def count(value: Any) -> int | None:
    cleaned = text(value)
    if not cleaned:
        return None
    words = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    match = re.match(r"^(?:up to\s+)?(\d+)", cleaned.lower())
    if match:
        number = int(match.group(1))
    elif cleaned.lower().split(" ")[0] in words:
        number = words[cleaned.lower().split(" ")[0]]
    else:
        raise BadValue(f"'{cleaned}' is not a number of mentees")
    if not 1 <= number <= 50:
        raise BadValue(f"{number} is not a number of mentees a mentor can take (1 or more)")
    return number


_MENTOR_WORDS = {
    "mentor",
    "mentors",
    "big",
    "bigs",
    "volunteer",
    "volunteers",
    "big brother",
    "big sister",
    "adult",
    "coach",
}
_MENTEE_WORDS = {
    "mentee",
    "mentees",
    "little",
    "littles",
    "student",
    "students",
    "pupil",
    "pupils",
    "youth",
    "young person",
    "child",
    "learner",
    "little brother",
    "little sister",
}


@functools.lru_cache(maxsize=1024)
def role(value: Any) -> Role | None:
    cleaned = text(value).lower().strip(" .")
    if not cleaned:
        return None
    if cleaned in _MENTOR_WORDS or cleaned.startswith("mentor"):
        return Role.MENTOR
    if cleaned in _MENTEE_WORDS or cleaned.startswith("mentee"):
        return Role.MENTEE
    raise BadValue(f"'{text(value)}' is not a role: write mentor or mentee")


@functools.lru_cache(maxsize=1024)
def mode(value: Any) -> ModePreference | None:
    cleaned = text(value).lower().replace("-", " ")
    if not cleaned:
        return None
    online = any(
        w in cleaned for w in ("online", "video", "zoom", "teams", "virtual", "remote", "phone")
    )
    in_person = any(w in cleaned for w in ("person", "face", "f2f", "school", "on site", "onsite"))
    if any(
        w in cleaned
        for w in (
            "either",
            "any",
            "both",
            "no preference",
            "don't mind",
            "dont mind",
            "hybrid",
            "flexible",
        )
    ):
        return ModePreference.ANY
    if online and in_person:
        return ModePreference.ANY
    if online:
        return ModePreference.ONLINE
    if in_person:
        return ModePreference.IN_PERSON
    raise BadValue(f"'{text(value)}' is not a meeting mode: write in person, online or either")


@functools.lru_cache(maxsize=1024)
def gender(value: Any) -> str:
    cleaned = text(value)
    lowered = cleaned.lower()
    if lowered in {"f", "female", "woman", "girl", "w"}:
        return "female"
    if lowered in {"m", "male", "man", "boy"}:
        return "male"
    return cleaned


@functools.lru_cache(maxsize=1024)
def gender_wish(value: Any) -> str:
    lowered = text(value).lower()
    if lowered in {
        "",
        "no preference",
        "none",
        "any",
        "either",
        "don't mind",
        "dont mind",
        "n/a",
        "no",
    }:
        return ""
    return gender(value)


def looks_like_email(value: Any) -> bool:
    return isinstance(value, str) and bool(_EMAIL.match(value.strip()))


def looks_like_phone(value: Any) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        return 6 <= len(str(abs(value))) <= 15
    return (
        isinstance(value, str)
        and bool(_PHONE.match(value.strip()))
        and sum(ch.isdigit() for ch in value) >= 7
    )


def looks_like_date(value: Any) -> bool:
    if isinstance(value, dt.date | dt.datetime):
        return True
    if isinstance(value, str) and any(ch.isdigit() for ch in value):
        try:
            date(value)
        except BadValue:
            return False
        return True
    return False
