"""The participants table's rows: what the filters need, computed in a few queries."""

from __future__ import annotations

import datetime as dt

from mentordesk.programme.programme_queries import list_participants
from mentordesk.store import Database


def test_rows_carry_matches_and_readiness(demo_db: Database) -> None:
    with demo_db.reading() as session:
        rows = {r.id: r for r in list_participants(session)}
    assert len(rows) == 60
    paired_mentee, waiting_mentee = rows[1], rows[30]
    assert paired_mentee.matches == 1 and not paired_mentee.unmatched
    assert waiting_mentee.matches == 0 and waiting_mentee.unmatched
    assert paired_mentee.ready is None and paired_mentee.readiness == ""
    ready_mentor = rows[41]  # capacity 2, one pairing
    assert ready_mentor.ready is True and ready_mentor.readiness == "Ready to match"
    assert ready_mentor.places == "1 of 2" and ready_mentor.unmatched
    full_mentor = rows[42]  # capacity 1, one pairing
    assert full_mentor.places == "1 of 1" and not full_mentor.unmatched
    unscreened = rows[59]
    assert unscreened.screening_incomplete
    assert unscreened.readiness.startswith("Not ready: application in progress")
    # A closed pairing does not count as a match.
    closed_mentee = rows[14]
    assert closed_mentee.matches == 0


def test_rows_for_some_ids_match_the_full_list(demo_db: Database) -> None:
    with demo_db.reading() as session:
        everyone = {r.id: r for r in list_participants(session)}
        some = list_participants(session, [1, 41, 59])
    assert {r.id for r in some} == {1, 41, 59}
    assert all(r == everyone[r.id] for r in some)


def test_command_line_json_keeps_its_keys(demo_db: Database) -> None:
    with demo_db.reading() as session:
        row = list_participants(session)[0]
    assert list(row.as_json()) == ["id", "role", "first_name", "last_name", "email", "status"]
    assert isinstance(row.date_of_birth, dt.date)
    assert isinstance(row.interests, tuple)
