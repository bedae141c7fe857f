"""What happens inside a pairing: meetings, coordinator check-ins and goals.

Each record has an input dataclass (what the coordinator types), a row dataclass (what a
table shows) and add / update / delete steps that run inside the caller's transaction.
`update_*` returns the previous input and `delete_*` the deleted row, which is all undo
needs: undo of an update is the same update with the old input, undo of a delete is an
add with the old id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import ValidationError
from mentordesk.models import (
    CheckIn,
    CheckInWho,
    Concern,
    ConcernSource,
    Goal,
    GoalStatus,
    Meeting,
    MeetingMode,
    Pairing,
)
from mentordesk.pairings.concerns import ConcernInput, raise_concern, relink_concerns
from mentordesk.programme.text_input import format_date

MAX_MEETING_MINUTES = 24 * 60
MAX_GOAL_TITLE = 300

Record = TypeVar("Record", Meeting, CheckIn, Goal)


def _day(day: dt.date) -> str:
    return format_date(day)


def _pairing(session: Session, pairing_id: int) -> Pairing:
    pairing = session.get(Pairing, pairing_id)
    if pairing is None:
        raise ValidationError(f"There is no pairing with id {pairing_id}.")
    return pairing


def _record(session: Session, kind: type[Record], record_id: int, noun: str) -> Record:
    record = session.get(kind, record_id)
    if record is None:
        raise ValidationError(f"There is no {noun} with id {record_id}; it may have been deleted.")
    return record


def _save(session: Session, noun: str) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise ValidationError(f"The {noun} could not be saved: {exc.orig}") from exc


def _not_future(day: dt.date, what: str, today: dt.date) -> None:
    if day > today:
        raise ValidationError(
            f"The {what} date {_day(day)} is in the future; record it once it has happened."
        )


# --- meetings -------------------------------------------------------------------------
@dataclass(frozen=True)
class MeetingInput:
    held_on: dt.date
    minutes: int
    mode: MeetingMode = MeetingMode.IN_PERSON
    notes: str = ""


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: int
    pairing_id: int
    held_on: dt.date
    minutes: int
    mode: MeetingMode
    notes: str
    import_batch_id: int | None = None

    def as_input(self) -> MeetingInput:
        return MeetingInput(self.held_on, self.minutes, self.mode, self.notes)


def validate_meeting(pairing: Pairing, data: MeetingInput, today: dt.date) -> None:
    if not 0 < data.minutes <= MAX_MEETING_MINUTES:
        raise ValidationError(
            f"A meeting lasts between 1 and {MAX_MEETING_MINUTES} minutes; "
            f"{data.minutes} was entered."
        )
    MeetingMode(data.mode)
    _not_future(data.held_on, "meeting", today)
    if pairing.start_date is not None and data.held_on < pairing.start_date:
        raise ValidationError(
            f"The meeting date {_day(data.held_on)} is before this pairing started "
            f"({_day(pairing.start_date)})."
        )
    if pairing.end_date is not None and data.held_on > pairing.end_date:
        raise ValidationError(
            f"The meeting date {_day(data.held_on)} is after this pairing closed "
            f"({_day(pairing.end_date)})."
        )


def _meeting_row(meeting: Meeting) -> MeetingRow:
    return MeetingRow(
        id=meeting.id,
        pairing_id=meeting.pairing_id,
        held_on=meeting.held_on,
        minutes=meeting.minutes,
        mode=MeetingMode(meeting.mode),
        notes=meeting.notes,
        import_batch_id=meeting.import_batch_id,
    )


def list_meetings(session: Session, pairing_id: int) -> list[MeetingRow]:
    """A pairing's meetings, newest first."""
    stmt = (
        select(
            Meeting.id,
            Meeting.pairing_id,
            Meeting.held_on,
            Meeting.minutes,
            Meeting.mode,
            Meeting.notes,
            Meeting.import_batch_id,
        )
        .where(Meeting.pairing_id == pairing_id)
        .order_by(Meeting.held_on.desc(), Meeting.id.desc())
    )
    return [MeetingRow(*r) for r in session.execute(stmt)]


def add_meeting(
    session: Session,
    pairing_id: int,
    data: MeetingInput,
    *,
    meeting_id: int | None = None,
    import_batch_id: int | None = None,
    today: dt.date | None = None,
) -> int:
    """Log a meeting. `meeting_id` puts back a deleted meeting under its old id (undo)."""
    validate_meeting(_pairing(session, pairing_id), data, today or clock.today())
    meeting = Meeting(
        id=meeting_id,
        pairing_id=pairing_id,
        held_on=data.held_on,
        minutes=data.minutes,
        mode=MeetingMode(data.mode),
        notes=data.notes.strip(),
        import_batch_id=import_batch_id,
    )
    session.add(meeting)
    _save(session, "meeting")
    return meeting.id


def update_meeting(
    session: Session, meeting_id: int, data: MeetingInput, *, today: dt.date | None = None
) -> MeetingInput:
    """Change a meeting; returns what it was before."""
    meeting = _record(session, Meeting, meeting_id, "meeting")
    before = _meeting_row(meeting).as_input()
    validate_meeting(meeting.pairing, data, today or clock.today())
    meeting.held_on = data.held_on
    meeting.minutes = data.minutes
    meeting.mode = MeetingMode(data.mode)
    meeting.notes = data.notes.strip()
    _save(session, "meeting")
    return before


def delete_meeting(session: Session, meeting_id: int) -> MeetingRow:
    meeting = _record(session, Meeting, meeting_id, "meeting")
    row = _meeting_row(meeting)
    session.delete(meeting)
    _save(session, "meeting")
    return row


def restore_meeting(session: Session, row: MeetingRow) -> int:
    """Put a deleted meeting back exactly (dates in the past stay valid)."""
    return add_meeting(
        session,
        row.pairing_id,
        row.as_input(),
        meeting_id=row.id,
        import_batch_id=row.import_batch_id,
        today=max(clock.today(), row.held_on),
    )


# --- check-ins ------------------------------------------------------------------------
@dataclass(frozen=True)
class CheckInInput:
    held_on: dt.date
    who: CheckInWho
    satisfaction: int | None = None
    # Ticked, the check-in raises a safety concern in the register (pairings/concerns.py),
    # with the notes as what was said. Once raised it cannot be unticked.
    concern: bool = False
    notes: str = ""


@dataclass(frozen=True, slots=True)
class CheckInRow:
    id: int
    pairing_id: int
    held_on: dt.date
    who: CheckInWho
    satisfaction: int | None
    concern: bool
    notes: str
    # From the register: when the concerns this check-in raised were all resolved (None
    # while one is open), and their ids (undo of a deletion links them back).
    concern_resolved_on: dt.date | None = None
    concern_ids: tuple[int, ...] = ()

    def as_input(self) -> CheckInInput:
        return CheckInInput(self.held_on, self.who, self.satisfaction, self.concern, self.notes)

    @property
    def open_concern(self) -> bool:
        return self.concern and self.concern_resolved_on is None


def validate_check_in(data: CheckInInput, today: dt.date) -> None:
    CheckInWho(data.who)
    if data.satisfaction is not None and not 1 <= data.satisfaction <= 5:
        raise ValidationError(
            f"Satisfaction is a score from 1 to 5; {data.satisfaction} was entered."
        )
    _not_future(data.held_on, "check-in", today)


def _concern_state(
    session: Session, check_in_ids: list[int]
) -> dict[int, tuple[dt.date | None, tuple[int, ...]]]:
    """Per check-in: (all its concerns resolved on, or None while one is open; their ids)."""
    found: dict[int, list[tuple[int, dt.date | None]]] = {}
    if check_in_ids:
        stmt = (
            select(Concern.check_in_id, Concern.id, Concern.resolved_on)
            .where(Concern.check_in_id.in_(check_in_ids))
            .order_by(Concern.id)
        )
        for check_in_id, concern_id, resolved_on in session.execute(stmt):
            if check_in_id is not None:
                found.setdefault(check_in_id, []).append((concern_id, resolved_on))
    state = {}
    for check_in_id, concerns in found.items():
        dates = [resolved for _, resolved in concerns]
        resolved = None if any(d is None for d in dates) else max(d for d in dates if d)
        state[check_in_id] = (resolved, tuple(c for c, _ in concerns))
    return state


def _check_in_row(session: Session, check_in: CheckIn) -> CheckInRow:
    resolved, ids = _concern_state(session, [check_in.id]).get(check_in.id, (None, ()))
    return CheckInRow(
        id=check_in.id,
        pairing_id=check_in.pairing_id,
        held_on=check_in.held_on,
        who=CheckInWho(check_in.who),
        satisfaction=check_in.satisfaction,
        concern=bool(check_in.concern),
        notes=check_in.notes,
        concern_resolved_on=resolved,
        concern_ids=ids,
    )


def list_check_ins(session: Session, pairing_id: int) -> list[CheckInRow]:
    """A pairing's check-ins, newest first."""
    stmt = (
        select(
            CheckIn.id,
            CheckIn.pairing_id,
            CheckIn.held_on,
            CheckIn.who,
            CheckIn.satisfaction,
            CheckIn.concern,
            CheckIn.notes,
        )
        .where(CheckIn.pairing_id == pairing_id)
        .order_by(CheckIn.held_on.desc(), CheckIn.id.desc())
    )
    rows = session.execute(stmt).all()
    state = _concern_state(session, [r[0] for r in rows if r[5]])
    return [
        CheckInRow(r[0], r[1], r[2], r[3], r[4], bool(r[5]), r[6], *state.get(r[0], (None, ())))
        for r in rows
    ]


def _write_check_in(check_in: CheckIn, data: CheckInInput) -> None:
    check_in.held_on = data.held_on
    check_in.who = CheckInWho(data.who)
    check_in.satisfaction = data.satisfaction
    check_in.concern = data.concern
    check_in.notes = data.notes.strip()


def _raise_from_check_in(session: Session, check_in: CheckIn, today: dt.date) -> None:
    who = CheckInWho(check_in.who)
    raise_concern(
        session,
        ConcernInput(
            pairing_id=check_in.pairing_id,
            description=check_in.notes or f"Concern raised in the check-in with the {who.value}.",
            raised_by=who.label,
            raised_on=check_in.held_on,
            source=ConcernSource.CHECK_IN,
            check_in_id=check_in.id,
        ),
        today=today,
    )


def add_check_in(
    session: Session,
    pairing_id: int,
    data: CheckInInput,
    *,
    check_in_id: int | None = None,
    today: dt.date | None = None,
    concern_ids: tuple[int, ...] = (),
) -> int:
    """Log a check-in; ticked, it raises a concern in the register. `concern_ids`: the
    concerns a deleted check-in raised, linked back when it is put back (undo)."""
    day = today or clock.today()
    _pairing(session, pairing_id)
    validate_check_in(data, day)
    check_in = CheckIn(id=check_in_id, pairing_id=pairing_id)
    _write_check_in(check_in, data)
    session.add(check_in)
    _save(session, "check-in")
    if concern_ids:
        relink_concerns(session, concern_ids, check_in.id)
    elif data.concern:
        _raise_from_check_in(session, check_in, day)
    return check_in.id


def update_check_in(
    session: Session, check_in_id: int, data: CheckInInput, *, today: dt.date | None = None
) -> CheckInInput:
    day = today or clock.today()
    check_in = _record(session, CheckIn, check_in_id, "check-in")
    before = _check_in_row(session, check_in)
    validate_check_in(data, day)
    if before.concern and not data.concern:
        raise ValidationError(
            "A concern raised in a check-in cannot be unticked: it stays in the concern "
            "register until it is resolved (Resolve concern…), saying what was done."
        )
    _write_check_in(check_in, data)
    _save(session, "check-in")
    if data.concern and not before.concern:
        _raise_from_check_in(session, check_in, day)
    return before.as_input()


def delete_check_in(session: Session, check_in_id: int) -> CheckInRow:
    """Delete a check-in; a concern it raised stays in the register."""
    check_in = _record(session, CheckIn, check_in_id, "check-in")
    row = _check_in_row(session, check_in)
    session.delete(check_in)
    _save(session, "check-in")
    return row


def restore_check_in(session: Session, row: CheckInRow) -> int:
    latest = max(row.held_on, clock.today())
    return add_check_in(
        session,
        row.pairing_id,
        row.as_input(),
        check_in_id=row.id,
        today=latest,
        concern_ids=row.concern_ids,
    )


# --- goals ----------------------------------------------------------------------------
@dataclass(frozen=True)
class GoalInput:
    title: str
    target_date: dt.date | None = None
    status: GoalStatus = GoalStatus.NOT_STARTED
    progress: int = 0
    description: str = ""
    # Left empty, an achieved goal is completed today; other statuses clear it.
    completed_on: dt.date | None = None


@dataclass(frozen=True, slots=True)
class GoalRow:
    id: int
    pairing_id: int
    title: str
    target_date: dt.date | None
    status: GoalStatus
    progress: int
    description: str
    completed_on: dt.date | None

    def as_input(self) -> GoalInput:
        return GoalInput(
            self.title,
            self.target_date,
            self.status,
            self.progress,
            self.description,
            self.completed_on,
        )


def validate_goal(data: GoalInput, today: dt.date) -> None:
    title = data.title.strip()
    if not title:
        raise ValidationError("A goal needs a title, e.g. “Prepare a CV”.")
    if len(title) > MAX_GOAL_TITLE:
        raise ValidationError(
            f"A goal's title is at most {MAX_GOAL_TITLE} characters; put the rest in its "
            "description."
        )
    GoalStatus(data.status)
    if not 0 <= data.progress <= 100:
        raise ValidationError(
            f"Progress is a percentage from 0 to 100; {data.progress} was entered."
        )
    if data.completed_on is not None:
        if data.status != GoalStatus.ACHIEVED:
            raise ValidationError("Only an achieved goal has a completion date.")
        _not_future(data.completed_on, "completion", today)


def _write_goal(goal: Goal, data: GoalInput, today: dt.date) -> None:
    achieved = data.status == GoalStatus.ACHIEVED
    goal.title = data.title.strip()
    goal.description = data.description.strip()
    goal.target_date = data.target_date
    goal.status = GoalStatus(data.status)
    # An achieved goal is complete: its progress is 100 whatever was typed.
    goal.progress = 100 if achieved else data.progress
    goal.completed_on = (data.completed_on or today) if achieved else None


def _goal_row(goal: Goal) -> GoalRow:
    return GoalRow(
        id=goal.id,
        pairing_id=goal.pairing_id,
        title=goal.title,
        target_date=goal.target_date,
        status=GoalStatus(goal.status),
        progress=goal.progress,
        description=goal.description,
        completed_on=goal.completed_on,
    )


def list_goals(session: Session, pairing_id: int) -> list[GoalRow]:
    """A pairing's goals in the order they were set."""
    stmt = (
        select(
            Goal.id,
            Goal.pairing_id,
            Goal.title,
            Goal.target_date,
            Goal.status,
            Goal.progress,
            Goal.description,
            Goal.completed_on,
        )
        .where(Goal.pairing_id == pairing_id)
        .order_by(Goal.id)
    )
    return [GoalRow(*r) for r in session.execute(stmt)]


def add_goal(
    session: Session,
    pairing_id: int,
    data: GoalInput,
    *,
    goal_id: int | None = None,
    today: dt.date | None = None,
) -> int:
    day = today or clock.today()
    _pairing(session, pairing_id)
    validate_goal(data, day)
    goal = Goal(id=goal_id, pairing_id=pairing_id)
    _write_goal(goal, data, day)
    session.add(goal)
    _save(session, "goal")
    return goal.id


def update_goal(
    session: Session, goal_id: int, data: GoalInput, *, today: dt.date | None = None
) -> GoalInput:
    day = today or clock.today()
    goal = _record(session, Goal, goal_id, "goal")
    before = _goal_row(goal).as_input()
    validate_goal(data, day)
    _write_goal(goal, data, day)
    _save(session, "goal")
    return before


def delete_goal(session: Session, goal_id: int) -> GoalRow:
    goal = _record(session, Goal, goal_id, "goal")
    row = _goal_row(goal)
    session.delete(goal)
    _save(session, "goal")
    return row


def restore_goal(session: Session, row: GoalRow) -> int:
    latest = max(d for d in (row.completed_on, clock.today()) if d)
    return add_goal(session, row.pairing_id, row.as_input(), goal_id=row.id, today=latest)
