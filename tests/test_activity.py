"""Meetings, check-ins and goals: validation, and the add / update / delete / restore steps
that undo relies on."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from mentordesk.errors import ValidationError
from mentordesk.models import CheckInWho, GoalStatus, MeetingMode, PairingStatus
from mentordesk.pairings import activity
from mentordesk.pairings.activity import CheckInInput, GoalInput, MeetingInput
from mentordesk.pairings.concerns import list_concerns, resolve_concern
from mentordesk.store import Database
from tests.pairing_builders import make_mentee, make_mentor, make_pairing

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def pairing_id(db: Database) -> int:
    with db.transaction() as s:
        return make_pairing(s, make_mentor(s), make_mentee(s), start=dt.date(2026, 9, 1))


def test_meeting_add_update_delete_restore(db: Database, pairing_id: int) -> None:
    first = MeetingInput(dt.date(2026, 11, 20), 60, MeetingMode.VIDEO, "  Worked on a CV ")
    with db.transaction() as s:
        meeting_id = activity.add_meeting(s, pairing_id, first)
        activity.add_meeting(s, pairing_id, MeetingInput(dt.date(2026, 11, 2), 45))
    with db.reading() as s:
        rows = activity.list_meetings(s, pairing_id)
    assert [r.held_on for r in rows] == [dt.date(2026, 11, 20), dt.date(2026, 11, 2)]
    assert rows[0].notes == "Worked on a CV" and rows[0].mode is MeetingMode.VIDEO

    changed = MeetingInput(dt.date(2026, 11, 21), 90, MeetingMode.PHONE, "Phoned instead")
    with db.transaction() as s:
        before = activity.update_meeting(s, meeting_id, changed)
    assert before == MeetingInput(dt.date(2026, 11, 20), 60, MeetingMode.VIDEO, "Worked on a CV")

    with db.transaction() as s:
        deleted = activity.delete_meeting(s, meeting_id)
    with db.reading() as s:
        assert [r.id for r in activity.list_meetings(s, pairing_id)] != [meeting_id]
        assert len(activity.list_meetings(s, pairing_id)) == 1
    with db.transaction() as s:
        assert activity.restore_meeting(s, deleted) == meeting_id
    with db.reading() as s:
        restored = activity.list_meetings(s, pairing_id)[0]
    assert restored == deleted
    assert restored.as_input() == changed


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (MeetingInput(TODAY, 0), "between 1 and 1440 minutes"),
        (MeetingInput(TODAY, -30), "between 1 and 1440 minutes"),
        (MeetingInput(TODAY, 1441), "between 1 and 1440 minutes"),
        (MeetingInput(TODAY + dt.timedelta(days=1), 60), "in the future"),
        (MeetingInput(dt.date(2026, 8, 31), 60), "before this pairing started"),
    ],
)
def test_meeting_refused(db: Database, pairing_id: int, data: MeetingInput, message: str) -> None:
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        activity.add_meeting(s, pairing_id, data)
    with db.reading() as s:
        assert activity.list_meetings(s, pairing_id) == []


def test_meeting_after_closure_refused(db: Database) -> None:
    with db.transaction() as s:
        closed = make_pairing(
            s,
            make_mentor(s),
            make_mentee(s),
            PairingStatus.CLOSED,
            start=dt.date(2026, 6, 1),
            end=dt.date(2026, 10, 1),
        )
    with pytest.raises(ValidationError, match="after this pairing closed"), db.transaction() as s:
        activity.add_meeting(s, closed, MeetingInput(dt.date(2026, 10, 2), 60))


def test_update_refused_keeps_the_meeting(db: Database, pairing_id: int) -> None:
    with db.transaction() as s:
        meeting_id = activity.add_meeting(s, pairing_id, MeetingInput(TODAY, 60))
    with pytest.raises(ValidationError), db.transaction() as s:
        activity.update_meeting(s, meeting_id, MeetingInput(TODAY, 0))
    with db.reading() as s:
        assert activity.list_meetings(s, pairing_id)[0].minutes == 60


def test_missing_records_are_named(db: Database, pairing_id: int) -> None:
    with pytest.raises(ValidationError, match="no meeting with id 999"), db.transaction() as s:
        activity.delete_meeting(s, 999)
    with pytest.raises(ValidationError, match="no pairing with id 999"), db.transaction() as s:
        activity.add_goal(s, 999, GoalInput("Read more"))


def test_check_in_round_trip_and_concern(db: Database, pairing_id: int) -> None:
    raised = CheckInInput(dt.date(2026, 11, 10), CheckInWho.GUARDIAN, 2, True, "Worried")
    with db.transaction() as s:
        check_in_id = activity.add_check_in(s, pairing_id, raised)
    with db.reading() as s:
        row = activity.list_check_ins(s, pairing_id)[0]
        (concern,) = list_concerns(s)
    assert row.open_concern and row.concern_ids == (concern.id,)
    assert (concern.description, concern.raised_by, concern.check_in_id) == (
        "Worried",
        "Guardian",
        check_in_id,
    )
    # Unticking is refused, and nothing is written.
    unticked = CheckInInput(dt.date(2026, 11, 10), CheckInWho.GUARDIAN, 2, False, "Fine now")
    with pytest.raises(ValidationError, match="cannot be unticked"), db.transaction() as s:
        activity.update_check_in(s, check_in_id, unticked)
    with db.transaction() as s:
        resolve_concern(
            s, concern.id, resolved_on=dt.date(2026, 11, 20), action="Met", decided_by="Lead"
        )
    with db.reading() as s:
        row = activity.list_check_ins(s, pairing_id)[0]
    assert row.concern and not row.open_concern and row.notes == "Worried"
    assert row.concern_resolved_on == dt.date(2026, 11, 20)
    # Deleting the check-in keeps the concern; undo links it back.
    with db.transaction() as s:
        deleted = activity.delete_check_in(s, check_in_id)
    with db.reading() as s:
        kept = list_concerns(s, include_closed=True)
    assert [(c.id, c.check_in_id, c.description) for c in kept] == [(concern.id, None, "Worried")]
    with db.transaction() as s:
        activity.restore_check_in(s, deleted)
    with db.reading() as s:
        assert activity.list_check_ins(s, pairing_id) == [deleted]
        assert len(list_concerns(s, include_closed=True)) == 1


def test_ticking_a_concern_later_raises_it_once(db: Database, pairing_id: int) -> None:
    plain = CheckInInput(dt.date(2026, 11, 10), CheckInWho.MENTEE, 4, False, "Said a thing")
    with db.transaction() as s:
        check_in_id = activity.add_check_in(s, pairing_id, plain)
        assert list_concerns(s) == []
        activity.update_check_in(s, check_in_id, replace(plain, concern=True))
        activity.update_check_in(s, check_in_id, replace(plain, concern=True, notes="More"))
        (concern,) = list_concerns(s)
    assert (concern.check_in_id, concern.description) == (check_in_id, "Said a thing")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (CheckInInput(TODAY, CheckInWho.MENTOR, 0), "from 1 to 5"),
        (CheckInInput(TODAY, CheckInWho.MENTOR, 6), "from 1 to 5"),
        (CheckInInput(TODAY + dt.timedelta(days=3), CheckInWho.MENTEE), "in the future"),
    ],
)
def test_check_in_refused(db: Database, pairing_id: int, data: CheckInInput, message: str) -> None:
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        activity.add_check_in(s, pairing_id, data)


def test_goal_achieved_is_complete_and_reopening_clears_it(db: Database, pairing_id: int) -> None:
    with db.transaction() as s:
        goal_id = activity.add_goal(
            s, pairing_id, GoalInput("  Prepare a CV ", dt.date(2027, 1, 31), progress=30)
        )
    with db.transaction() as s:
        before = activity.update_goal(
            s, goal_id, GoalInput("Prepare a CV", dt.date(2027, 1, 31), GoalStatus.ACHIEVED, 60)
        )
    assert before.title == "Prepare a CV" and before.progress == 30
    with db.reading() as s:
        goal = activity.list_goals(s, pairing_id)[0]
    assert goal.status is GoalStatus.ACHIEVED
    assert goal.progress == 100 and goal.completed_on == TODAY
    with db.transaction() as s:
        activity.update_goal(s, goal_id, GoalInput("Prepare a CV", status=GoalStatus.IN_PROGRESS))
    with db.reading() as s:
        goal = activity.list_goals(s, pairing_id)[0]
    assert goal.completed_on is None and goal.target_date is None
    with db.transaction() as s:
        deleted = activity.delete_goal(s, goal_id)
    with db.transaction() as s:
        activity.restore_goal(s, deleted)
    with db.reading() as s:
        assert activity.list_goals(s, pairing_id) == [deleted]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GoalInput("   "), "needs a title"),
        (GoalInput("x" * 301), "at most 300"),
        (GoalInput("Read", progress=-1), "from 0 to 100"),
        (GoalInput("Read", progress=101), "from 0 to 100"),
        (GoalInput("Read", completed_on=TODAY), "Only an achieved goal"),
        (
            GoalInput("Read", status=GoalStatus.ACHIEVED, completed_on=TODAY + dt.timedelta(1)),
            "in the future",
        ),
    ],
)
def test_goal_refused(db: Database, pairing_id: int, data: GoalInput, message: str) -> None:
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        activity.add_goal(s, pairing_id, data)
    with db.reading() as s:
        assert activity.list_goals(s, pairing_id) == []
