"""Readiness of mentors and the rules checked before a pairing is made."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from mentordesk.errors import ValidationError
from mentordesk.models import (
    ClosureKind,
    Initiator,
    PairExclusion,
    Pairing,
    PairingStatus,
    Participant,
    Programme,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.pairings import pairing_lifecycle as pairings
from mentordesk.pairings.pairing_rules import pair_problems
from mentordesk.participants.screening import mentor_readiness
from mentordesk.store import Database
from tests.conftest import FIXED_TODAY
from tests.permission_off import permission_not_asked

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _permission_not_asked(db: Database) -> None:
    """These tests are about other rules (permission: test_guardian_permission.py)."""
    permission_not_asked(db)


def screened_mentor(
    first: str, capacity: int = 1, bg_expires: dt.date | None = None
) -> Participant:
    mentor = Participant(
        programme_id=1,
        role=Role.MENTOR,
        first_name=first,
        last_name="M",
        capacity=capacity,
        date_of_birth=dt.date(1980, 1, 1),
    )
    done = dt.date(2026, 1, 10)
    for kind in (
        ScreeningKind.APPLICATION,
        ScreeningKind.INTERVIEW,
        ScreeningKind.REFERENCES,
        ScreeningKind.BACKGROUND_CHECK,
    ):
        mentor.screening_checks.append(
            ScreeningCheck(
                seen_reference="REF-1",
                seen_by="Coordinator",
                kind=kind,
                status=ScreeningStatus.COMPLETE,
                completed_on=done,
                reference_count=2 if kind is ScreeningKind.REFERENCES else 0,
                expires_on=(bg_expires or dt.date(2029, 1, 1))
                if kind is ScreeningKind.BACKGROUND_CHECK
                else None,
            )
        )
    mentor.trainings.append(Training(completed_on=done, hours=4))
    return mentor


def mentee(first: str, born: dt.date = dt.date(2012, 5, 1), **extra: object) -> Participant:
    extra.setdefault("guardian_name", "Pat Parent")
    extra.setdefault("guardian_phone", "0700")
    return Participant(
        programme_id=1,
        role=Role.MENTEE,
        first_name=first,
        last_name="K",
        date_of_birth=born,
        **extra,
    )


def add(db: Database, *people: Participant) -> list[int]:
    with db.transaction() as session:
        session.add_all(people)
        session.flush()
        return [p.id for p in people]


def test_a_fully_screened_mentor_is_ready(db: Database) -> None:
    (mentor_id,) = add(db, screened_mentor("Ann"))
    with db.reading() as session:
        readiness = mentor_readiness(session, TODAY)[mentor_id]
    assert readiness.ready and readiness.summary == "Ready to match"


def test_readiness_says_what_is_missing(db: Database) -> None:
    mentor = screened_mentor("Ann", bg_expires=dt.date(2026, 10, 1))
    mentor.trainings.clear()
    mentor.screening_checks[2].reference_count = 1
    (mentor_id,) = add(db, mentor)
    with db.reading() as session:
        readiness = mentor_readiness(session, TODAY)[mentor_id]
    assert not readiness.ready
    assert readiness.missing == (
        "references: 1 of 2",
        "background check expired on 01 Oct 2026",
        "pre-match training not recorded",
    )


def test_required_items_follow_the_programme_settings(db: Database) -> None:
    mentor = screened_mentor("Ann")
    mentor.trainings.clear()
    (mentor_id,) = add(db, mentor)
    with db.transaction() as session:
        programme = session.scalars(select(Programme)).one()
        programme.settings = {"screening": {"required": ["application", "background_check"]}}
    with db.reading() as session:
        assert mentor_readiness(session, TODAY)[mentor_id].ready


def test_blocking_rules_refuse_the_pairing(db: Database) -> None:
    unready = screened_mentor("Una")
    unready.trainings.clear()
    mentor_id, unready_id, kid_id, other_kid_id = add(
        db, screened_mentor("Ann"), unready, mentee("Kit"), mentee("Lou")
    )
    with db.transaction() as session:
        _, warnings = pairings.create_pairing(session, mentor_id, kid_id, on_date=TODAY)
        assert warnings == []
    with db.reading() as session:
        codes = {p.code for p in pair_problems(session, mentor_id, other_kid_id, TODAY)}
        assert codes == {"capacity"}
        codes = {p.code for p in pair_problems(session, unready_id, kid_id, TODAY)}
        assert codes == {"screening", "paired"}
    with pytest.raises(ValidationError, match="mentee places taken"), db.transaction() as s:
        pairings.create_pairing(s, mentor_id, other_kid_id, on_date=TODAY)
    with db.reading() as session:
        assert session.scalar(select(Pairing.id).where(Pairing.mentee_id == other_kid_id)) is None


def test_exclusions_and_guardian_rules(db: Database) -> None:
    mentor_id, kid_id, lone_id = add(
        db,
        screened_mentor("Ann", capacity=3),
        mentee("Kit"),
        mentee("Lou", guardian_name="", guardian_phone=""),
    )
    with db.transaction() as session:
        session.add(PairExclusion(mentor_id=mentor_id, mentee_id=kid_id, reason="Relatives"))
    with db.reading() as session:
        excluded = pair_problems(session, mentor_id, kid_id, TODAY)
        assert [(p.code, p.blocking) for p in excluded] == [("excluded", True)]
        assert "Relatives" in excluded[0].message
        lone = pair_problems(session, mentor_id, lone_id, TODAY)
        assert [(p.code, p.blocking) for p in lone] == [("guardian", False)]


def test_a_minor_needs_a_background_check_valid_to_the_programme_end(db: Database) -> None:
    mentor_id, kid_id, adult_id = add(
        db,
        screened_mentor("Ann", capacity=2, bg_expires=dt.date(2027, 3, 1)),
        mentee("Kit"),
        mentee("Sam", born=dt.date(2000, 1, 1)),
    )
    with db.transaction() as session:
        session.scalars(select(Programme)).one().end_date = dt.date(2027, 7, 31)
    with db.reading() as session:
        assert [p.code for p in pair_problems(session, mentor_id, kid_id, TODAY)] == ["screening"]
        assert pair_problems(session, mentor_id, adult_id, TODAY) == []


def test_status_lifecycle_and_undo_by_state(db: Database) -> None:
    mentor_id, kid_id = add(db, screened_mentor("Ann"), mentee("Kit"))
    with db.transaction() as session:
        pairing_id, _ = pairings.create_pairing(
            session, mentor_id, kid_id, status=PairingStatus.PROPOSED, on_date=TODAY
        )
        before = pairings.pairing_state(session, pairing_id)
        pairings.activate(session, pairing_id, TODAY)
        pairings.pause(session, pairing_id, TODAY)
        pairings.resume(session, pairing_id, FIXED_TODAY)
        pairings.close(
            session,
            pairing_id,
            reason="Goals achieved",
            on_date=TODAY,
            kind=ClosureKind.PLANNED,
            initiator=Initiator.COORDINATOR,
        )
    with db.reading() as session:
        closed = session.get(Pairing, pairing_id)
        assert closed is not None and closed.status is PairingStatus.CLOSED
        assert closed.end_date == TODAY and closed.start_date == TODAY
    with db.transaction() as session:
        pairings.apply_pairing_state(session, before)
    with db.reading() as session:
        back = session.get(Pairing, pairing_id)
        assert back is not None and back.status is PairingStatus.PROPOSED
        assert back.end_date is None and back.closure_reason == ""


def test_wrong_transitions_are_refused_with_a_reason(db: Database) -> None:
    mentor_id, kid_id = add(db, screened_mentor("Ann"), mentee("Kit"))
    with db.transaction() as session:
        pairing_id, _ = pairings.create_pairing(session, mentor_id, kid_id, on_date=TODAY)
    with pytest.raises(ValidationError, match="Only a paused pairing"), db.transaction() as s:
        pairings.resume(s, pairing_id, FIXED_TODAY)
    with pytest.raises(ValidationError, match="reason"), db.transaction() as s:
        pairings.close(s, pairing_id, reason="  ", on_date=TODAY)
