"""The rules a participant's fields must meet, and reading what a coordinator types."""

from __future__ import annotations

import datetime as dt

import pytest

from mentordesk.models import DateOrder
from mentordesk.participants.participant_fields import ParticipantFields, validate_fields
from mentordesk.programme.text_input import parse_date_text, parse_list_text

TODAY = dt.date(2026, 11, 25)


def mentee(**changes: object) -> ParticipantFields:
    values: dict[str, object] = {
        "role": "mentee",
        "first_name": "Ann",
        "last_name": "Lee",
        "date_of_birth": dt.date(2012, 3, 4),
        "guardian_name": "Mary Lee",
        "guardian_phone": "0123",
    }
    values.update(changes)
    return ParticipantFields(**values)  # type: ignore[arg-type]


def mentor(**changes: object) -> ParticipantFields:
    values: dict[str, object] = {
        "role": "mentor",
        "first_name": "Sam",
        "last_name": "Ray",
        "email": "sam@example.org",
        "capacity": 1,
    }
    values.update(changes)
    return ParticipantFields(**values)  # type: ignore[arg-type]


def test_a_complete_mentee_and_mentor_are_valid() -> None:
    assert validate_fields(mentee(), TODAY) == {}
    assert validate_fields(mentor(), TODAY) == {}


@pytest.mark.parametrize(
    ("person", "field", "words"),
    [
        (mentee(first_name="  "), "first_name", "first name"),
        (mentee(last_name=""), "last_name", "last name"),
        (mentee(email="ann@"), "email", "not an email"),
        (mentee(email="ann lee@example.org"), "email", "not an email"),
        (mentee(guardian_email="mum.example.org"), "guardian_email", "not an email"),
        (mentee(date_of_birth=dt.date(2027, 1, 1)), "date_of_birth", "future"),
        (mentee(date_of_birth=dt.date(1900, 1, 1)), "date_of_birth", "over 110"),
        (mentee(guardian_name=""), "guardian_name", "Under 18"),
        (mentee(guardian_phone="", guardian_email=None), "guardian_phone", "Under 18"),
        (mentor(capacity=None), "capacity", "at least 1"),
        (mentor(capacity=0), "capacity", "at least 1"),
        (mentor(capacity=11), "capacity", "at most 10"),
        (mentor(email=None, phone=""), "email", "email or a phone"),
        (mentee(first_name="x" * 201), "first_name", "too long"),
    ],
)
def test_each_rule_names_the_field_and_says_what_to_do(
    person: ParticipantFields, field: str, words: str
) -> None:
    errors = validate_fields(person, TODAY)
    assert field in errors
    assert words in errors[field]


def test_guardian_is_not_needed_for_an_adult_or_an_unknown_age() -> None:
    adult = mentee(date_of_birth=dt.date(2000, 1, 1), guardian_name="", guardian_phone="")
    unknown = mentee(date_of_birth=None, guardian_name="", guardian_phone="")
    assert validate_fields(adult, TODAY) == {}
    assert validate_fields(unknown, TODAY) == {}
    # Turning 18 tomorrow is still a minor today.
    almost = mentee(date_of_birth=dt.date(2008, 11, 26), guardian_name="")
    assert "guardian_name" in validate_fields(almost, TODAY)


def test_cleaned_trims_text_drops_empty_optional_text_and_mentee_capacity() -> None:
    person = mentee(first_name=" Ann ", email="  ", capacity=3, interests=(" chess ", "", "art"))
    cleaned = person.cleaned()
    assert cleaned.first_name == "Ann"
    assert cleaned.email is None
    assert cleaned.capacity is None
    assert cleaned.interests == ("chess", "art")


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("", DateOrder.DAY_FIRST, None),
        ("2026-03-14", DateOrder.DAY_FIRST, dt.date(2026, 3, 14)),
        ("14/03/2026", DateOrder.DAY_FIRST, dt.date(2026, 3, 14)),
        ("03/14/2026", DateOrder.MONTH_FIRST, dt.date(2026, 3, 14)),
        ("4.3.26", DateOrder.DAY_FIRST, dt.date(2026, 3, 4)),
        ("14 Mar 2026", DateOrder.DAY_FIRST, dt.date(2026, 3, 14)),
        ("14 March 2026", DateOrder.DAY_FIRST, dt.date(2026, 3, 14)),
        ("today", DateOrder.DAY_FIRST, TODAY),
    ],
)
def test_dates_are_read_as_people_write_them(
    text: str, order: DateOrder, expected: dt.date | None
) -> None:
    assert parse_date_text(text, order) == expected


@pytest.mark.parametrize("text", ["31/02/2026", "soon", "14/13/2026", "2026-02-30"])
def test_a_bad_date_says_how_to_write_it(text: str) -> None:
    with pytest.raises(ValueError, match="DD/MM/YYYY"):
        parse_date_text(text)


def test_lists_split_on_commas_and_drop_repeats() -> None:
    assert parse_list_text("robotics, Football;football\nchess, ") == (
        "robotics",
        "Football",
        "chess",
    )


def test_one_list_of_list_fields() -> None:
    """The importer's vocabulary and the editor's form follow the registry's list fields."""
    from mentordesk.participants.participant_fields import LIST_FIELDS
    from mentordesk.roster.fields import LIST_FIELDS as IMPORTED_LISTS
    from mentordesk.ui.participants.participant_form import LIST_FIELDS as FORM_LISTS

    assert frozenset(LIST_FIELDS) == IMPORTED_LISTS
    assert tuple(name for name, _label in FORM_LISTS) == LIST_FIELDS
