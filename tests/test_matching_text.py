"""Wording tolerance and free-time reading."""

from __future__ import annotations

import pytest

from mentordesk.matching.availability import availability_mask, describe_slots, slot_mask
from mentordesk.matching.text import phrase_key, same_phrase, similarity


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("software engineering", "Software Engineer"),
        ("Nursing", "nurse"),
        ("teaching", "Teacher"),
        ("accounting", "Accountant"),
        ("architecture", "Architect"),
        ("engineering", "Civil Engineer"),
        ("Robotics", "robotic"),
        ("robtics", "robotics"),  # a typo
        ("Zoë's café", "zoes cafe"),
        ("maths", "Mathematics"),
        ("I want to be a vet", "veterinary"),
        ("video games", "gaming"),
    ],
)
def test_same_meaning_in_other_words(a: str, b: str) -> None:
    assert same_phrase(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("law", "lawn"),
        ("cooking", "coding"),
        ("football", "basketball"),
        ("nursing", "medicine"),
        ("information technology", "information security"),
    ],
)
def test_different_things_stay_apart(a: str, b: str) -> None:
    assert not same_phrase(a, b)


def test_similarity_is_a_matrix() -> None:
    same = similarity(["nursing", "law"], ["Nurse", "Solicitor", "Chef"])
    assert same.tolist() == [[True, False, False], [False, True, False]]
    assert similarity([], ["x"]).shape == (0, 1)
    assert phrase_key("Software Engineers") == phrase_key("software engineering")


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("Tuesday evening", "Tuesday evenings"),
        ("Tue/Thu evenings", "Tuesday evenings and Thursday evenings"),
        ("Monday morning and Wednesday evening", "Monday mornings and Wednesday evenings"),
        ("evenings on Tuesday and Thursday", "Tuesday evenings and Thursday evenings"),
        ("weekends", "Saturdays and Sundays"),
        ("after school Mon-Wed", "Monday afternoons, Tuesday afternoons and 1 more"),
        ("Sat 10:00", "Saturday mornings"),
        ("6.30pm Fridays", "Friday evenings"),
        ("whenever suits", ""),
    ],
)
def test_free_time_as_people_write_it(text: str, described: str) -> None:
    assert describe_slots(slot_mask(text), limit=2) == described


def test_overlap_is_a_bitwise_and() -> None:
    mentee = availability_mask(["Tuesday evening", "Saturday morning"])
    mentor = availability_mask(["Tue/Thu evenings", "weekends"])
    assert describe_slots(mentee & mentor) == "Tuesday evenings and Saturday mornings"
    assert availability_mask([]) == 0
