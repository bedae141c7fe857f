"""Constraints that protect the data hold in the database itself, not only in code."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, StatementError

from mentordesk.models import (
    CheckIn,
    CheckInWho,
    Goal,
    Meeting,
    PairExclusion,
    Pairing,
    PairingStatus,
    Participant,
    Role,
    ScreeningCheck,
    ScreeningKind,
)
from mentordesk.store import Database


def person(role: Role, first: str, last: str = "Smith", **extra: object) -> Participant:
    if role is Role.MENTOR:
        extra.setdefault("capacity", 1)
    return Participant(programme_id=1, role=role, first_name=first, last_name=last, **extra)


def add_pair(db: Database) -> tuple[int, int]:
    with db.transaction() as session:
        mentor, mentee = person(Role.MENTOR, "Ann"), person(Role.MENTEE, "Ben")
        session.add_all([mentor, mentee])
        session.flush()
        return mentor.id, mentee.id


def test_a_mentee_has_at_most_one_active_or_paused_pairing(db: Database) -> None:
    mentor_id, mentee_id = add_pair(db)
    with db.transaction() as session:
        other = person(Role.MENTOR, "Cat")
        session.add(other)
        session.flush()
        session.add(
            Pairing(
                programme_id=1,
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                status=PairingStatus.ACTIVE,
            )
        )
        session.add(
            Pairing(
                programme_id=1,
                mentor_id=other.id,
                mentee_id=mentee_id,
                status=PairingStatus.PROPOSED,
            )
        )
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            Pairing(
                programme_id=1,
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                status=PairingStatus.PAUSED,
            )
        )
    # A closed pairing does not count: the mentee can be rematched.
    with db.transaction() as session:
        session.add(
            Pairing(
                programme_id=1,
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                status=PairingStatus.CLOSED,
                start_date=dt.date(2026, 1, 1),
                end_date=dt.date(2026, 6, 1),
            )
        )


def test_external_ids_are_unique_within_a_programme(db: Database) -> None:
    with db.transaction() as session:
        session.add(person(Role.MENTEE, "A", external_id="S1"))
        session.add(person(Role.MENTEE, "B"))  # people without an external id are fine
        session.add(person(Role.MENTEE, "C"))
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(person(Role.MENTEE, "D", external_id="S1"))


def test_emails_compare_without_case(db: Database) -> None:
    with db.transaction() as session:
        session.add(person(Role.MENTEE, "Ann", email="Ann.Lee@School.ORG"))
    with db.reading() as session:
        found = session.scalar(
            select(Participant.first_name).where(Participant.email == "ann.lee@school.org")
        )
    assert found == "Ann"


def test_mentors_need_a_capacity_of_at_least_one(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            Participant(programme_id=1, role=Role.MENTOR, first_name="A", last_name="B", capacity=0)
        )
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            Participant(
                programme_id=1, role=Role.MENTOR, first_name="A", last_name="B", capacity=None
            )
        )


def test_vocabularies_are_checked_by_the_database(db: Database) -> None:
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO participant (programme_id, role, status, first_name, last_name, "
                "preferred_name, phone, gender, school, year_group, employer, job_title, "
                "guardian_name, guardian_phone, guardian_relationship, interests, career_goals, "
                "skills, languages, availability, location, postcode, meeting_mode, "
                "mentor_gender_preference, preferences, notes, extra) VALUES (1, 'wizard', "
                "'active', 'A', 'B', '', '', '', '', '', '', '', '', '', '', '[]', '[]', '[]', "
                "'[]', '[]', '', '', 'any', '', '{}', '', '{}')"
            )
        )
    with pytest.raises(StatementError), db.transaction() as session:
        session.add(Participant(programme_id=1, role="wizard", first_name="A", last_name="B"))


def test_satisfaction_is_between_one_and_five(db: Database) -> None:
    mentor_id, mentee_id = add_pair(db)
    with db.transaction() as session:
        pairing = Pairing(programme_id=1, mentor_id=mentor_id, mentee_id=mentee_id)
        session.add(pairing)
        session.flush()
        pairing_id = pairing.id
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            CheckIn(
                pairing_id=pairing_id,
                held_on=dt.date(2026, 1, 1),
                who=CheckInWho.MENTOR,
                satisfaction=6,
            )
        )


def test_a_person_cannot_be_paired_with_themselves(db: Database) -> None:
    mentor_id, _ = add_pair(db)
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(Pairing(programme_id=1, mentor_id=mentor_id, mentee_id=mentor_id))


def test_a_closed_pairing_has_an_end_date(db: Database) -> None:
    mentor_id, mentee_id = add_pair(db)
    with pytest.raises(IntegrityError), db.transaction() as session:
        session.add(
            Pairing(
                programme_id=1,
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                status=PairingStatus.CLOSED,
            )
        )


def test_deleting_a_person_erases_their_records(db: Database) -> None:
    mentor_id, mentee_id = add_pair(db)
    with db.transaction() as session:
        pairing = Pairing(programme_id=1, mentor_id=mentor_id, mentee_id=mentee_id)
        pairing.meetings.append(Meeting(held_on=dt.date(2026, 2, 1), minutes=60))
        pairing.goals.append(Goal(title="Read more"))
        pairing.check_ins.append(CheckIn(held_on=dt.date(2026, 2, 2), who=CheckInWho.MENTEE))
        session.add(pairing)
        session.add(ScreeningCheck(participant_id=mentor_id, kind=ScreeningKind.INTERVIEW))
        session.add(PairExclusion(mentor_id=mentor_id, mentee_id=mentee_id))
    with db.transaction() as session:
        session.execute(text("DELETE FROM participant WHERE id = :id"), {"id": mentor_id})
    with db.reading() as session:
        for table in (
            "pairing",
            "meeting",
            "goal",
            "check_in",
            "screening_check",
            "pair_exclusion",
        ):
            assert session.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0, table


def test_minor_is_judged_on_the_given_day() -> None:
    child = person(Role.MENTEE, "Kim", date_of_birth=dt.date(2010, 3, 15))
    assert child.is_minor_on(dt.date(2028, 3, 14))
    assert not child.is_minor_on(dt.date(2028, 3, 15))
    assert not person(Role.MENTEE, "Unknown").is_minor_on(dt.date(2028, 1, 1))
