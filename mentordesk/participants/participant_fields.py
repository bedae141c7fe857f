"""The editable fields of a participant and the rules they must meet.

The same `validate_fields()` runs in the editor as the coordinator types and in the
use-case before anything is written, so the two can never disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields, replace
from typing import Any

from mentordesk.models import ADULT_AGE, ModePreference, ParticipantStatus, Role, age_on

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_CAPACITY = 10
OLDEST_AGE = 110
# Text fields and the longest text each column holds.
MAX_LENGTHS = {
    "first_name": 200,
    "last_name": 200,
    "preferred_name": 200,
    "phone": 60,
    "external_id": 100,
    "gender": 60,
    "school": 200,
    "year_group": 60,
    "employer": 200,
    "job_title": 200,
    "guardian_name": 200,
    "guardian_phone": 60,
    "guardian_relationship": 60,
    "location": 200,
    "postcode": 20,
    "mentor_gender_preference": 60,
}
# Fields that hold a list of short texts, with the label the window shows. The roster
# importer's vocabulary (`roster.fields`) and the editor's form both follow this one list.
LIST_FIELD_LABELS = {
    "interests": "Interests",
    "career_goals": "Career goals",
    "skills": "Skills",
    "languages": "Languages",
    "availability": "Availability",
}
LIST_FIELDS = tuple(LIST_FIELD_LABELS)
LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "email": "Email",
    "phone": "Phone",
    "date_of_birth": "Date of birth",
    "joined_on": "Joined on",
    "capacity": "Mentee places",
    "guardian_name": "Guardian name",
    "guardian_phone": "Guardian phone",
    "guardian_email": "Guardian email",
    "external_id": "External ID",
}


@dataclass(frozen=True)
class ParticipantFields:
    """What the coordinator edits about a person (not their screening or pairings)."""

    role: str
    first_name: str
    last_name: str
    status: str = ParticipantStatus.ACTIVE.value
    preferred_name: str = ""
    email: str | None = None
    phone: str = ""
    date_of_birth: dt.date | None = None
    gender: str = ""
    external_id: str | None = None
    school: str = ""
    year_group: str = ""
    employer: str = ""
    job_title: str = ""
    guardian_name: str = ""
    guardian_phone: str = ""
    guardian_email: str | None = None
    guardian_relationship: str = ""
    interests: tuple[str, ...] = ()
    career_goals: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    availability: tuple[str, ...] = ()
    location: str = ""
    postcode: str = ""
    meeting_mode: str = ModePreference.ANY.value
    mentor_gender_preference: str = ""
    capacity: int | None = None
    joined_on: dt.date | None = None
    notes: str = ""

    @property
    def display_name(self) -> str:
        first = self.preferred_name.strip() or self.first_name.strip()
        return f"{first} {self.last_name.strip()}".strip() or "(no name)"

    def cleaned(self) -> ParticipantFields:
        """Trimmed text, empty optional text as None, no capacity for a mentee."""
        changes: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str):
                changes[f.name] = value.strip()
            elif f.name in LIST_FIELDS:
                changes[f.name] = tuple(v.strip() for v in value if v.strip())
        for name in ("email", "guardian_email", "external_id"):
            changes[name] = changes.get(name) or None
        if self.role != Role.MENTOR.value:
            changes["capacity"] = None
        return replace(self, **changes)

    def column_values(self) -> dict[str, Any]:
        """The values as the ORM columns take them (enums, lists)."""
        values: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        values["role"] = Role(self.role)
        values["status"] = ParticipantStatus(self.status)
        values["meeting_mode"] = ModePreference(self.meeting_mode)
        for name in LIST_FIELDS:
            values[name] = list(values[name])
        return values

    @classmethod
    def from_columns(cls, source: Any) -> ParticipantFields:
        """Read the fields from an ORM object or a row with the same attribute names."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = getattr(source, f.name)
            if f.name in ("role", "status", "meeting_mode"):
                value = str(value.value if hasattr(value, "value") else value)
            elif f.name in LIST_FIELDS:
                value = tuple(value or ())
            values[f.name] = value
        return cls(**values)


def is_minor(date_of_birth: dt.date | None, on_date: dt.date) -> bool:
    return date_of_birth is not None and age_on(date_of_birth, on_date) < ADULT_AGE


def valid_email(text: str) -> bool:
    return bool(EMAIL.match(text))


def validate_fields(person: ParticipantFields, on_date: dt.date) -> dict[str, str]:
    """Problems by field name, each a sentence a coordinator can act on. Empty: valid."""
    p = person.cleaned()
    errors: dict[str, str] = {}
    if p.role not in {r.value for r in Role}:
        errors["role"] = "Choose whether this person is a mentor or a mentee."
    if not p.first_name:
        errors["first_name"] = "Give a first name."
    if not p.last_name:
        errors["last_name"] = "Give a last name."
    for name, limit in MAX_LENGTHS.items():
        value = getattr(p, name) or ""
        if len(value) > limit:
            label = LABELS.get(name, name.replace("_", " ").capitalize())
            errors.setdefault(name, f"{label} is too long (at most {limit} characters).")
    for name in ("email", "guardian_email"):
        value = getattr(p, name)
        if value and not valid_email(value):
            errors[name] = (
                f"“{value}” is not an email address (it should look like name@example.org)."
            )
    if p.date_of_birth is not None:
        if p.date_of_birth > on_date:
            errors["date_of_birth"] = "The date of birth is in the future."
        elif age_on(p.date_of_birth, on_date) > OLDEST_AGE:
            errors["date_of_birth"] = f"The date of birth makes this person over {OLDEST_AGE}."
    if p.role == Role.MENTOR.value:
        if p.capacity is None or p.capacity < 1:
            errors["capacity"] = "A mentor takes at least 1 mentee."
        elif p.capacity > MAX_CAPACITY:
            errors["capacity"] = f"A mentor takes at most {MAX_CAPACITY} mentees."
        if not p.email and not p.phone:
            errors.setdefault("email", "Give an email or a phone number to reach this mentor.")
    if is_minor(p.date_of_birth, on_date):
        if not p.guardian_name:
            errors["guardian_name"] = "Under 18: give the name of a parent or guardian."
        if not p.guardian_phone and not p.guardian_email:
            errors["guardian_phone"] = "Under 18: give the guardian's phone or email."
    return errors


def validation_message(errors: dict[str, str]) -> str:
    return " ".join(errors.values())


DATE_FIELDS = ("date_of_birth", "joined_on")
OPTIONAL_TEXT_FIELDS = ("email", "guardian_email", "external_id")
FIELD_NAMES = tuple(f.name for f in fields(ParticipantFields))


def field_from_text(name: str, text: str) -> Any:
    """A field's value from plain text (the command line's `--set NAME=VALUE`): lists are
    comma-separated, dates are YYYY-MM-DD, empty optional text is no value."""
    if name not in FIELD_NAMES:
        raise ValueError(f"there is no participant field “{name}”")
    text = text.strip()
    if name in LIST_FIELDS:
        return tuple(part.strip() for part in text.split(",") if part.strip())
    if name in DATE_FIELDS:
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{name}: “{text}” is not a date; write it as YYYY-MM-DD") from None
    if name == "capacity":
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            raise ValueError(f"capacity: “{text}” is not a whole number") from None
    if name in OPTIONAL_TEXT_FIELDS:
        return text or None
    return text
