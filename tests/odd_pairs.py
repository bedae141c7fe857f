"""Pairs that documents must print right: a name in each script a school meets, a pair
with very long values (500-character names, goals and notes, 50 goals, 300 meetings), and
a pair with nothing recorded at all."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import (
    CheckIn,
    CheckInWho,
    Goal,
    GoalStatus,
    Meeting,
    MeetingMode,
    Pairing,
    PairingStatus,
    Participant,
    Role,
)
from mentordesk.store import Database, current_programme_id
from tests.pairing_builders import make_mentee, make_mentor, make_pairing

# First and last name of a mentee in each script; the name prints as "first last".
SCRIPT_NAMES: dict[str, tuple[str, str]] = {
    "Latin": ("Søren", "Björk-Nguyễn"),
    "Greek": ("Γιώργος", "Παπαδόπουλος"),
    "Cyrillic": ("Ольга", "Иванова"),
    "Arabic": ("محمد", "العلي"),
    "Hebrew": ("שרה", "כהן"),
    "Devanagari": ("प्रिया", "शर्मा"),
    "Bengali": ("অমিত", "দাস"),
    "Tamil": ("கார்த்திக்", "ராஜா"),
    "Thai": ("สมชาย", "ใจดี"),
    "Chinese": ("小龍", "李"),
    "Japanese": ("さくら", "山田"),
    "Korean": ("민준", "김"),
    "Mixed": ("أحمد", "שלום 李"),
}

LONG = 500


def long_text(seed: str, length: int = LONG) -> str:
    """Words of `seed` up to `length` characters, ending with one unbroken run."""
    words = (seed + " ") * (length // (len(seed) + 1))
    return (words + "x" * length)[:length]


def _mentee(session: Session, first: str, last: str) -> int:
    mentee_id = make_mentee(session, "A B")
    person = session.get(Participant, mentee_id)
    assert person is not None
    person.first_name, person.last_name = first, last
    return mentee_id


def add_script_pairs(db: Database) -> dict[str, int]:
    """One active pairing per script; returns script -> pairing id."""
    ids = {}
    with db.transaction() as session:
        for script, (first, last) in SCRIPT_NAMES.items():
            mentor = make_mentor(session, f"Helen Carter{len(ids)}")
            mentee = _mentee(session, first, last)
            ids[script] = make_pairing(session, mentor, mentee, start=clock.today().replace(day=1))
    return ids


def add_long_pair(db: Database) -> int:
    today = clock.today()
    with db.transaction() as session:
        mentor = make_mentor(session, "Helen Carter")
        person = session.get(Participant, mentor)
        assert person is not None
        person.first_name, person.last_name = "Helen", long_text("Carter-Smythe")
        mentee = _mentee(session, long_text("Zoë"), "x" * LONG)
        mentee_row = session.get(Participant, mentee)
        assert mentee_row is not None
        mentee_row.guardian_name = long_text("Mary")
        mentee_row.guardian_relationship = long_text("aunt")
        start = today - dt.timedelta(days=330)
        pairing_id = make_pairing(session, mentor, mentee, start=start)
        pairing = session.get(Pairing, pairing_id)
        assert pairing is not None
        pairing.notes = long_text("About the pair", 5000)
        pairing.agreement_printed_on = start
        for number in range(50):
            session.add(
                Goal(
                    pairing_id=pairing_id,
                    title=long_text(f"Goal {number}", 300),
                    description=long_text("why", LONG),
                    target_date=start + dt.timedelta(days=7 * number),
                    status=list(GoalStatus)[number % 4],
                    progress=number * 2,
                )
            )
        for number in range(300):
            session.add(
                Meeting(
                    pairing_id=pairing_id,
                    held_on=start + dt.timedelta(days=number),
                    minutes=30 + number % 90,
                    mode=list(MeetingMode)[number % 3],
                    notes=long_text(f"note {number}"),
                )
            )
        for number in range(30):
            session.add(
                CheckIn(
                    pairing_id=pairing_id,
                    held_on=start + dt.timedelta(days=10 * number),
                    who=list(CheckInWho)[number % 3],
                    satisfaction=1 + number % 5,
                    concern=number % 7 == 0,
                    notes=long_text(f"check {number}"),
                )
            )
    return pairing_id


def add_named_pair(db: Database, first: str, last: str, guardian: str = "") -> int:
    """An active pairing whose mentee has these names (and guardian)."""
    with db.transaction() as session:
        mentor = make_mentor(session, "Named Mentor")
        mentee = _mentee(session, first, last)
        person = session.get(Participant, mentee)
        assert person is not None
        person.guardian_name = guardian
        return make_pairing(session, mentor, mentee, start=clock.today().replace(day=1))


def add_empty_pair(db: Database) -> int:
    """A proposed pair with blank names, no goals, meetings or check-ins."""
    with db.transaction() as session:
        mentor = make_mentor(session, "H C")
        mentee = _mentee(session, "", "")
        person = session.get(Participant, mentee)
        assert person is not None
        person.guardian_name = ""
        return make_pairing(session, mentor, mentee, PairingStatus.PROPOSED)


def programme_id(db: Database) -> int:
    with db.reading() as session:
        return current_programme_id(session)


__all__ = ["Role"]
