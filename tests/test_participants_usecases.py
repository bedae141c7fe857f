"""Add, edit, archive and delete participants; deleting erases everything about them and
putting it back restores every row exactly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mentordesk.errors import ValidationError
from mentordesk.models import (
    CheckIn,
    Goal,
    Meeting,
    PairExclusion,
    Pairing,
    Participant,
    ParticipantStatus,
    ScreeningCheck,
    Training,
)
from mentordesk.participants import participant_changes as people
from mentordesk.participants.participant_fields import ParticipantFields
from mentordesk.store import Database
from tests.db_dump import dump

TODAY = dt.date(2026, 11, 25)
MENTEE = ParticipantFields(
    role="mentee",
    first_name="Late",
    last_name="Signup",
    date_of_birth=dt.date(2013, 1, 2),
    guardian_name="Pat Signup",
    guardian_email="pat@example.org",
    interests=("chess",),
)


def count(db: Database, model: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_create_read_and_update_round_trip(db: Database) -> None:
    with db.transaction() as session:
        new_id = people.create_participant(session, MENTEE, TODAY)
    with db.reading() as session:
        stored = people.read_participant(session, new_id)
        joined = session.get(Participant, new_id).joined_on  # type: ignore[union-attr]
    assert stored.first_name == "Late"
    assert stored.interests == ("chess",)
    assert joined == TODAY
    changed = ParticipantFields(**{**stored.__dict__, "phone": "0555", "interests": ("art",)})
    with db.transaction() as session:
        before = people.update_participant(session, new_id, changed, TODAY)
    assert before == stored
    with db.reading() as session:
        assert people.read_participant(session, new_id).phone == "0555"


def test_create_with_an_id_recreates_the_same_person(db: Database) -> None:
    with db.transaction() as session:
        first = people.create_participant(session, MENTEE, TODAY)
    with db.transaction() as session:
        people.delete_participants(session, [first])
    with db.transaction() as session:
        again = people.create_participant(session, MENTEE, TODAY, participant_id=first)
    assert again == first


def test_invalid_input_is_refused_and_nothing_written(db: Database) -> None:
    bad = ParticipantFields(**{**MENTEE.__dict__, "guardian_name": "", "email": "nope"})
    with (
        pytest.raises(ValidationError, match="not an email") as caught,
        db.transaction() as session,
    ):
        people.create_participant(session, bad, TODAY)
    assert "guardian" in str(caught.value)
    assert count(db, Participant) == 0


def test_external_id_clash_is_a_clear_message(db: Database) -> None:
    person = ParticipantFields(**{**MENTEE.__dict__, "external_id": "S1"})
    with db.transaction() as session:
        people.create_participant(session, person, TODAY)
    with pytest.raises(ValidationError, match="external ID “S1”"), db.transaction() as session:
        people.create_participant(session, person, TODAY)
    assert count(db, Participant) == 1


def test_role_of_an_existing_person_cannot_change(demo_db: Database) -> None:
    with demo_db.reading() as session:
        stored = people.read_participant(session, 20)
    as_mentor = ParticipantFields(**{**stored.__dict__, "role": "mentor", "capacity": 1})
    with (
        pytest.raises(ValidationError, match="cannot change"),
        demo_db.transaction() as session,
    ):
        people.update_participant(session, 20, as_mentor, TODAY)


def test_archive_is_refused_while_a_pairing_is_open_and_undone_by_old_status(
    demo_db: Database,
) -> None:
    # Mentee 1 is in an active pairing; mentee 30 is not paired.
    with (
        pytest.raises(ValidationError, match="close it before archiving"),
        demo_db.transaction() as session,
    ):
        people.set_statuses(session, {1: "archived"})
    with demo_db.transaction() as session:
        previous = people.set_statuses(session, {30: "archived"})
    assert previous == {30: "active"}
    with demo_db.transaction() as session:
        people.set_statuses(session, previous)
    with demo_db.reading() as session:
        assert session.get(Participant, 30).status is ParticipantStatus.ACTIVE  # type: ignore[union-attr]


def test_deletion_summary_counts_what_goes(demo_db: Database) -> None:
    with demo_db.reading() as session:
        pairing = session.scalars(select(Pairing).where(Pairing.mentee_id == 1)).one()
        meetings = len(pairing.meetings)
        summary = people.deletion_summary(session, [1])
    assert summary.pairings == 1
    assert summary.meetings == meetings > 0
    assert summary.goals == 2
    sentence = summary.sentence()
    assert "1 pairing" in sentence and f"{meetings} meetings" in sentence


def test_deleting_a_mentor_erases_every_record_and_restore_puts_all_back(
    demo_db: Database,
) -> None:
    before = dump(demo_db)
    mentor_id = 46  # mentor of an active pairing, and of the never-pair rule
    with demo_db.reading() as session:
        pairing_ids = list(
            session.scalars(select(Pairing.id).where(Pairing.mentor_id == mentor_id))
        )
    assert pairing_ids
    with demo_db.transaction() as session:
        snapshot = people.delete_participants(session, [mentor_id])
    assert snapshot.count("participant") == 1
    assert snapshot.count("screening_check") == 4
    assert snapshot.count("pair_exclusion") == 1
    with demo_db.reading() as session:
        assert session.get(Participant, mentor_id) is None
        for model in (ScreeningCheck, Training):
            left = select(func.count()).select_from(model).where(model.participant_id == mentor_id)
            assert session.scalar(left) == 0
        for model in (Goal, Meeting, CheckIn):
            left = select(func.count()).select_from(model).where(model.pairing_id.in_(pairing_ids))
            assert session.scalar(left) == 0
        assert session.scalar(select(func.count()).select_from(PairExclusion)) == 0
    with demo_db.transaction() as session:
        people.restore_participants(session, snapshot)
    assert dump(demo_db) == before


def test_deleting_several_people_sharing_a_pairing_restores_exactly(demo_db: Database) -> None:
    before = dump(demo_db)
    with demo_db.transaction() as session:
        snapshot = people.delete_participants(session, [1, 41, 2, 42])
    assert snapshot.count("participant") == 4
    with demo_db.transaction() as session:
        people.restore_participants(session, snapshot)
    assert dump(demo_db) == before


def test_restore_is_refused_when_an_identifier_was_reused(demo_db: Database) -> None:
    with demo_db.reading() as session:
        stored = people.read_participant(session, 30)
    with demo_db.transaction() as session:
        snapshot = people.delete_participants(session, [30])
    with demo_db.transaction() as session:
        people.create_participant(session, stored, TODAY)  # same external id
    with (
        pytest.raises(ValidationError, match="cannot be put back"),
        demo_db.transaction() as session,
    ):
        people.restore_participants(session, snapshot)


def test_deleting_someone_gone_already_is_refused(demo_db: Database) -> None:
    with (
        pytest.raises(ValidationError, match="no longer exist"),
        demo_db.transaction() as session,
    ):
        people.delete_participants(session, [9999])
