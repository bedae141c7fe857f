"""A mentor's checklist written and put back with the same use-case; readiness follows
the programme's own required items."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from mentordesk.errors import ValidationError
from mentordesk.participants.screening import ScreeningRequirements, mentor_readiness
from mentordesk.participants.screening_edit import (
    CheckRecord,
    TrainingRecord,
    checklist_items,
    read_requirements,
    read_screening,
    validate_screening,
    write_requirements,
    write_screening,
)
from mentordesk.store import Database
from tests.db_dump import dump

TODAY = dt.date(2026, 11, 25)
UNSCREENED = 59  # demo mentor who has only started the application
EXPIRED = 55  # demo mentor whose background check has expired


def readiness(db: Database, mentor_id: int) -> str:
    with db.reading() as session:
        return mentor_readiness(session, TODAY, [mentor_id])[mentor_id].summary


def test_ticking_off_every_item_makes_a_mentor_ready_and_undo_puts_it_back(
    demo_db: Database,
) -> None:
    before_rows = dump(demo_db)
    assert "application in progress" in readiness(demo_db, UNSCREENED)
    with demo_db.reading() as session:
        before = read_screening(session, UNSCREENED)
    done = dt.date(2026, 11, 1)
    after = before
    for kind in ("application", "interview", "references", "background_check"):
        current = after.check(kind) or CheckRecord(kind=kind)
        after = after.with_check(
            replace(
                current,
                status="complete",
                completed_on=done,
                expires_on=dt.date(2029, 11, 1) if kind == "background_check" else None,
                reference_count=2 if kind == "references" else 0,
                seen_reference=f"{kind}-seen",
                seen_by="A. Coordinator",
            )
        )
    after = replace(after, trainings=(TrainingRecord(completed_on=done, hours=6),))
    with demo_db.transaction() as session:
        stored = write_screening(session, after, TODAY)
    assert all(c.id is not None for c in stored.checks)
    assert readiness(demo_db, UNSCREENED) == "Ready to match"
    # Undo: the same use-case with the old record.
    with demo_db.transaction() as session:
        write_screening(session, before, TODAY)
    assert dump(demo_db) == before_rows
    # Redo: the stored record again, with the same ids.
    with demo_db.transaction() as session:
        again = write_screening(session, stored, TODAY)
    assert again == stored
    assert readiness(demo_db, UNSCREENED) == "Ready to match"


def test_removed_items_come_back_with_their_ids(demo_db: Database) -> None:
    with demo_db.reading() as session:
        before = read_screening(session, 41)
    without = replace(before, checks=before.checks[:2], trainings=())
    with demo_db.transaction() as session:
        write_screening(session, without, TODAY)
    with demo_db.transaction() as session:
        write_screening(session, before, TODAY)
    with demo_db.reading() as session:
        assert read_screening(session, 41) == before


@pytest.mark.parametrize(
    ("record", "words"),
    [
        (CheckRecord(kind="interview", status="complete"), "give the date it was completed"),
        (
            CheckRecord(kind="interview", completed_on=dt.date(2026, 12, 1)),
            "in the future",
        ),
        (
            CheckRecord(
                kind="background_check",
                status="complete",
                completed_on=dt.date(2026, 1, 1),
                expires_on=dt.date(2025, 1, 1),
            ),
            "expire before",
        ),
        (
            CheckRecord(kind="background_check", status="complete", completed_on=TODAY),
            "give the certificate or reference number that was seen",
        ),
        (
            CheckRecord(
                kind="background_check",
                status="complete",
                completed_on=TODAY,
                seen_reference="001234567890",
            ),
            "say who saw the evidence",
        ),
    ],
)
def test_checklist_rules(demo_db: Database, record: CheckRecord, words: str) -> None:
    with demo_db.reading() as session:
        screening = read_screening(session, 41).with_check(record)
    assert words in " ".join(validate_screening(screening, TODAY).values())
    with pytest.raises(ValidationError, match=words), demo_db.transaction() as session:
        write_screening(session, screening, TODAY)


def test_screening_is_for_mentors_only(demo_db: Database) -> None:
    with (
        pytest.raises(ValidationError, match="screening is for mentors"),
        demo_db.reading() as session,
    ):
        read_screening(session, 1)


def test_programme_items_are_required_and_listed(demo_db: Database) -> None:
    rules = ScreeningRequirements(
        required=(*ScreeningRequirements().required, "Safeguarding course"),
        min_references=3,
    )
    with demo_db.transaction() as session:
        old = write_requirements(session, rules)
    assert old == ScreeningRequirements()
    summary = readiness(demo_db, 41)
    assert "Safeguarding course not done" in summary
    assert "references: 2 of 3" in summary
    with demo_db.reading() as session:
        assert read_requirements(session) == rules
        items = checklist_items(rules, read_screening(session, 41))
    assert [i.title for i in items][-1] == "Safeguarding course"
    assert items[-1].required
    with demo_db.reading() as session:
        screening = read_screening(session, 41)
    course = CheckRecord(
        kind="other",
        label="Safeguarding course",
        status="complete",
        completed_on=TODAY,
        seen_reference="Course certificate SC-77",
        seen_by="A. Coordinator",
    )
    with demo_db.transaction() as session:
        write_screening(session, screening.with_check(course), TODAY)
    assert readiness(demo_db, 41) == "Not ready: references: 2 of 3"
    with demo_db.transaction() as session:
        write_requirements(session, old)
    assert readiness(demo_db, 41) == "Ready to match"


def test_expired_background_check_is_the_reason(demo_db: Database) -> None:
    assert readiness(demo_db, EXPIRED) == "Not ready: background check expired on 20 Nov 2026"
