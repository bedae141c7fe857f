"""One pairing as a whole: its detail, its commitments, deleting it (with everything
needed to put it back), and rematching a mentee whose pairing has closed.

Every function is one step inside the caller's transaction; the caller commits.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, func, inspect, select, type_coerce
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import ValidationError
from mentordesk.models import (
    CheckIn,
    ClosureKind,
    Goal,
    Initiator,
    Meeting,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Programme,
    Role,
)
from mentordesk.pairings.concerns import (
    ConcernLink,
    ConcernRow,
    concern_links,
    list_concerns,
    refuse_open_concerns,
    restore_links,
)
from mentordesk.pairings.guardian_permission import needs_permission, set_guardian_permission
from mentordesk.pairings.pairing_lifecycle import create_pairing
from mentordesk.pairings.pairing_rules import SEAT_STATUSES, PairProblem, pair_problems
from mentordesk.programme.programme_queries import month_bounds
from mentordesk.programme.text_input import format_date

MAX_MEETINGS_PER_MONTH = 31
MAX_MEETING_MINUTES = 24 * 60


def _day(day: dt.date) -> str:
    return format_date(day)


def _get(session: Session, pairing_id: int) -> Pairing:
    pairing = session.get(Pairing, pairing_id)
    if pairing is None:
        raise ValidationError(
            f"There is no pairing with id {pairing_id}; it may have been deleted."
        )
    return pairing


# --- commitments and agreement ---------------------------------------------------------
@dataclass(frozen=True)
class PairingTerms:
    """What the coordinator edits on a pairing's summary. None = the programme default."""

    meetings_per_month: int | None = None
    meeting_minutes: int | None = None
    agreement_printed_on: dt.date | None = None
    agreement_signed_on: dt.date | None = None
    notes: str = ""
    # The day a parent's or guardian's permission came back (a minor's pairing).
    guardian_permission_on: dt.date | None = None


# What a change to the summary does, in the words of the undo menu: the one field changed,
# else a whole edit.
_TERMS_WORDS = (
    (("guardian_permission_on",), "Record parental permission for", "Clear parental permission of"),
    (("agreement_signed_on",), "Record the signed agreement of", "Clear the signed agreement of"),
    (
        ("agreement_printed_on",),
        "Record the printed agreement of",
        "Clear the printed agreement of",
    ),
    (("meetings_per_month", "meeting_minutes"), "Edit commitments of", "Edit commitments of"),
    (("notes",), "Edit notes of", "Edit notes of"),
)


def terms_change_words(before: PairingTerms, after: PairingTerms) -> str:
    """ "Record parental permission for", "Edit commitments of", … (the pair's name
    follows): what the coordinator did, for the undo menu."""
    changed = {name for name in vars(after) if getattr(before, name) != getattr(after, name)}
    for names, recorded, cleared in _TERMS_WORDS:
        if changed and changed <= set(names):
            return cleared if all(getattr(after, n) in (None, "") for n in names) else recorded
    return "Edit the summary of"


def pairing_terms(pairing: Pairing) -> PairingTerms:
    return PairingTerms(
        meetings_per_month=pairing.meetings_per_month,
        meeting_minutes=pairing.meeting_minutes,
        agreement_printed_on=pairing.agreement_printed_on,
        agreement_signed_on=pairing.agreement_signed_on,
        notes=pairing.notes,
        guardian_permission_on=pairing.guardian_permission_on,
    )


def validate_terms(terms: PairingTerms, today: dt.date) -> None:
    per_month = terms.meetings_per_month
    if per_month is not None and not 0 <= per_month <= MAX_MEETINGS_PER_MONTH:
        raise ValidationError(
            f"Meetings per month is between 0 and {MAX_MEETINGS_PER_MONTH}; {per_month} was "
            "entered."
        )
    minutes = terms.meeting_minutes
    if minutes is not None and not 0 < minutes <= MAX_MEETING_MINUTES:
        raise ValidationError(
            f"A meeting's length is between 1 and {MAX_MEETING_MINUTES} minutes; {minutes} was "
            "entered."
        )
    printed, signed = terms.agreement_printed_on, terms.agreement_signed_on
    for day, what in ((printed, "printed"), (signed, "signed")):
        if day is not None and day > today:
            raise ValidationError(
                f"The agreement's {what} date {_day(day)} is in the future; record it once it "
                "has happened."
            )
    if printed is not None and signed is not None and signed < printed:
        raise ValidationError(
            f"The agreement cannot be signed ({_day(signed)}) before it was printed "
            f"({_day(printed)})."
        )


def update_terms(
    session: Session, pairing_id: int, terms: PairingTerms, *, today: dt.date | None = None
) -> PairingTerms:
    """Change commitments, agreement dates, permission and notes; returns what they were
    before."""
    pairing = _get(session, pairing_id)
    before = pairing_terms(pairing)
    today = today or clock.today()
    validate_terms(terms, today)
    set_guardian_permission(session, pairing, terms.guardian_permission_on, today=today)
    pairing.meetings_per_month = terms.meetings_per_month
    pairing.meeting_minutes = terms.meeting_minutes
    pairing.agreement_printed_on = terms.agreement_printed_on
    pairing.agreement_signed_on = terms.agreement_signed_on
    pairing.notes = terms.notes
    session.flush()
    return before


# --- detail ----------------------------------------------------------------------------
@dataclass(frozen=True)
class PairingDetail:
    id: int
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    mentee_age: int | None
    status: PairingStatus
    proposed_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    paused_on: dt.date | None
    score: float | None
    explanation: tuple[str, ...]
    terms: PairingTerms
    default_meetings_per_month: int
    default_meeting_minutes: int
    closure_kind: ClosureKind | None
    closure_reason: str
    closure_initiator: Initiator | None
    closure_meeting_on: dt.date | None
    closure_notes: str
    post_closure_contact: str
    meeting_count: int
    meetings_this_month: int
    last_meeting: dt.date | None
    open_concerns: int
    # The pair's concerns from the register: open ones first, most serious first.
    concerns: tuple[ConcernRow, ...] = ()
    # A minor's pairing in a programme that asks a parent's or guardian's permission.
    needs_permission: bool = False

    @property
    def meetings_per_month(self) -> int:
        own = self.terms.meetings_per_month
        return self.default_meetings_per_month if own is None else own

    @property
    def meeting_minutes(self) -> int:
        own = self.terms.meeting_minutes
        return self.default_meeting_minutes if own is None else own

    @property
    def title(self) -> str:
        return f"{self.mentor_name} & {self.mentee_name}"


@dataclass(frozen=True)
class ProgrammeDefaults:
    meetings_per_month: int
    meeting_minutes: int
    date_order: str


def programme_defaults(session: Session) -> ProgrammeDefaults:
    row = session.execute(
        select(Programme.meetings_per_month, Programme.meeting_minutes, Programme.date_order)
        .order_by(Programme.id)
        .limit(1)
    ).one_or_none()
    if row is None:
        return ProgrammeDefaults(4, 60, "day_first")
    return ProgrammeDefaults(row[0], row[1], str(row[2].value))


def pairing_detail(
    session: Session, pairing_id: int, *, on_date: dt.date | None = None
) -> PairingDetail:
    today = on_date or clock.today()
    pairing = _get(session, pairing_id)
    defaults = programme_defaults(session)
    first, following = month_bounds(today)
    count, this_month, last = session.execute(
        select(
            func.count(Meeting.id),
            func.count(Meeting.id).filter(Meeting.held_on >= first, Meeting.held_on < following),
            func.max(Meeting.held_on),
        ).where(Meeting.pairing_id == pairing_id)
    ).one()
    concerns = list_concerns(session, include_closed=True, pairing_ids=[pairing_id])
    return PairingDetail(
        id=pairing.id,
        mentor_id=pairing.mentor_id,
        mentee_id=pairing.mentee_id,
        mentor_name=pairing.mentor.display_name,
        mentee_name=pairing.mentee.display_name,
        mentee_age=pairing.mentee.age_on(today),
        status=PairingStatus(pairing.status),
        proposed_on=pairing.proposed_on,
        start_date=pairing.start_date,
        end_date=pairing.end_date,
        paused_on=pairing.paused_on,
        score=pairing.score,
        explanation=tuple(pairing.explanation or ()),
        terms=pairing_terms(pairing),
        default_meetings_per_month=defaults.meetings_per_month,
        default_meeting_minutes=defaults.meeting_minutes,
        closure_kind=pairing.closure_kind,
        closure_reason=pairing.closure_reason,
        closure_initiator=pairing.closure_initiator,
        closure_meeting_on=pairing.closure_meeting_on,
        closure_notes=pairing.closure_notes,
        post_closure_contact=pairing.post_closure_contact,
        meeting_count=count or 0,
        meetings_this_month=this_month or 0,
        last_meeting=last,
        open_concerns=sum(1 for c in concerns if c.is_open),
        concerns=tuple(concerns),
        needs_permission=needs_permission(session, pairing.mentee, pairing.start_date or today),
    )


# --- delete and put back ---------------------------------------------------------------
def _columns(record: Any) -> dict[str, Any]:
    """Every column of an ORM record, JSON values copied so later edits cannot leak in."""
    mapper = inspect(type(record))
    return {attr.key: copy.deepcopy(getattr(record, attr.key)) for attr in mapper.column_attrs}


@dataclass(frozen=True)
class PairingSnapshot:
    """A deleted pairing with its goals, meetings and check-ins, column by column."""

    pairing: dict[str, Any]
    goals: list[dict[str, Any]] = field(default_factory=list)
    meetings: list[dict[str, Any]] = field(default_factory=list)
    check_ins: list[dict[str, Any]] = field(default_factory=list)
    # Resolved concerns about the pairing: kept in the register, linked back on undo.
    concern_links: tuple[ConcernLink, ...] = ()

    @property
    def id(self) -> int:
        return int(self.pairing["id"])


def pairing_counts(session: Session, pairing_id: int) -> dict[str, int]:
    """How much a deletion would remove: meetings, goals, check-ins. Refused, as the
    deletion would be, while a concern about the pair is open."""
    refuse_open_concerns(session, [pairing_id], "This pairing", "the pair")
    return {
        "meetings": session.scalar(
            select(func.count(Meeting.id)).where(Meeting.pairing_id == pairing_id)
        )
        or 0,
        "goals": session.scalar(select(func.count(Goal.id)).where(Goal.pairing_id == pairing_id))
        or 0,
        "check_ins": session.scalar(
            select(func.count(CheckIn.id)).where(CheckIn.pairing_id == pairing_id)
        )
        or 0,
    }


def delete_pairing(session: Session, pairing_id: int) -> PairingSnapshot:
    """Delete a pairing and its records; returns everything `restore_pairing` needs.

    Refused while a concern about the pair is open; resolved ones stay in the register."""
    pairing = _get(session, pairing_id)
    refuse_open_concerns(session, [pairing_id], "This pairing", "the pair")
    snapshot = PairingSnapshot(
        pairing=_columns(pairing),
        goals=[_columns(g) for g in pairing.goals],
        meetings=[_columns(m) for m in pairing.meetings],
        check_ins=[_columns(c) for c in pairing.check_ins],
        concern_links=concern_links(session, [pairing_id]),
    )
    session.delete(pairing)
    session.flush()
    return snapshot


def restore_pairing(session: Session, snapshot: PairingSnapshot) -> int:
    """Put a deleted pairing back exactly, under its old ids."""
    session.add(Pairing(**copy.deepcopy(snapshot.pairing)))
    try:
        session.flush()
        for kind, rows in ((Goal, snapshot.goals), (Meeting, snapshot.meetings)):
            session.add_all(kind(**copy.deepcopy(r)) for r in rows)
        session.add_all(CheckIn(**copy.deepcopy(r)) for r in snapshot.check_ins)
        session.flush()
        restore_links(session, snapshot.concern_links)
    except IntegrityError as exc:
        text = str(exc.orig)
        if "pairing.id" in text:
            raise ValidationError(
                f"Pairing {snapshot.id} has been put back already, or a newer pairing has "
                "taken its number; it cannot be put back."
            ) from exc
        if "uq_pairing_open_mentee" in text or "pairing.mentee_id" in text:
            raise ValidationError(
                "This mentee has been paired again since; the old pairing cannot be put back "
                "while the new one is active or paused."
            ) from exc
        if "FOREIGN KEY" in text:
            raise ValidationError(
                "The mentor or mentee of this pairing has been deleted since; it cannot be "
                "put back."
            ) from exc
        raise ValidationError(f"The pairing could not be put back: {text}") from exc
    return snapshot.id


# --- rematch ---------------------------------------------------------------------------
def rematch_problems(
    session: Session,
    closed_pairing_id: int,
    mentor_id: int,
    on_date: dt.date,
    *,
    start: dt.date | None = None,
) -> list[PairProblem]:
    """What a coordinator must see before pairing this mentee again with `mentor_id`."""
    closed = _get(session, closed_pairing_id)
    problems = pair_problems(session, mentor_id, closed.mentee_id, on_date, start=start)
    if mentor_id == closed.mentor_id:
        problems.append(_same_mentor(closed))
    return problems


def _same_mentor(closed: Pairing) -> PairProblem:
    return PairProblem(
        "same_mentor",
        f"{closed.mentor.display_name} was this mentee's mentor in the pairing that closed.",
        False,
    )


def rematch(
    session: Session,
    closed_pairing_id: int,
    mentor_id: int,
    *,
    status: PairingStatus = PairingStatus.ACTIVE,
    start_date: dt.date | None = None,
    on_date: dt.date,
    pairing_id: int | None = None,
    guardian_permission_on: dt.date | None = None,
) -> tuple[int, list[PairProblem]]:
    """Pair the mentee of a closed pairing with a new mentor; the closed one stays as it is."""
    closed = _get(session, closed_pairing_id)
    if closed.status != PairingStatus.CLOSED:
        raise ValidationError(
            f"Only the mentee of a closed pairing can be rematched; this pairing is "
            f"{closed.status.label.lower()}. Close it first."
        )
    note = (
        f"Rematched after the pairing with {closed.mentor.display_name} closed"
        + (f" on {_day(closed.end_date)}" if closed.end_date else "")
        + (f" ({closed.closure_reason})." if closed.closure_reason else ".")
    )
    new_id, warnings = create_pairing(
        session,
        mentor_id,
        closed.mentee_id,
        status=status,
        start_date=start_date,
        on_date=on_date,
        notes=note,
        pairing_id=pairing_id,
        guardian_permission_on=guardian_permission_on,
    )
    if mentor_id == closed.mentor_id:
        warnings = [*warnings, _same_mentor(closed)]
    return new_id, warnings


# --- people to pick from ---------------------------------------------------------------
# Not frozen: tens of thousands are built at once, and a frozen __init__ is several times
# slower. Treat them as read-only all the same.
@dataclass(slots=True)
class Candidate:
    """A mentor or mentee offered in the new-pairing picker."""

    id: int
    role: str
    name: str
    # e.g. "1 of 2 places taken · Brightsoft" or "Year 9 · Riverside · has a mentor"
    detail: str
    available: bool
    # "Müller, Zoë": the order people are listed in.
    sort_name: str = ""


def pairing_candidates(session: Session, role: Role) -> list[Candidate]:
    """Active mentors (with their load) or mentees (with whether they are paired), by
    surname. One query whatever the number of people: a GROUP BY gives every load at once.
    """
    if role == Role.MENTOR:
        counted = Pairing.mentor_id
        statuses: tuple[PairingStatus, ...] = SEAT_STATUSES
    else:
        counted = Pairing.mentee_id
        statuses = (PairingStatus.ACTIVE, PairingStatus.PAUSED)
    load = (
        select(counted.label("pid"), func.count(Pairing.id).label("n"))
        .where(Pairing.status.in_(statuses))
        .group_by(counted)
        .subquery()
    )
    first = func.coalesce(func.nullif(Participant.preferred_name, ""), Participant.first_name)
    stmt = (
        select(
            Participant.id,
            type_coerce(first + " " + Participant.last_name, String),
            type_coerce(Participant.last_name + ", " + first, String),
            Participant.capacity,
            Participant.school if role == Role.MENTEE else Participant.job_title,
            Participant.year_group if role == Role.MENTEE else Participant.employer,
            load.c.n,
        )
        .outerjoin(load, load.c.pid == Participant.id)
        .where(Participant.role == role, Participant.status == ParticipantStatus.ACTIVE)
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    )
    rows = session.connection().execute(stmt).all()
    result = []
    if role == Role.MENTOR:
        for person_id, name, sort_name, capacity, job, employer, taken in rows:
            seats, used = capacity or 1, taken or 0
            places = f"{used} of {seats} place{'s' if seats != 1 else ''} taken"
            detail = " · ".join(p for p in (places, job, employer) if p)
            result.append(Candidate(person_id, "mentor", name, detail, used < seats, sort_name))
    else:
        for person_id, name, sort_name, _capacity, school, year, taken in rows:
            detail = " · ".join(p for p in (year, school, "has a mentor" if taken else "") if p)
            result.append(Candidate(person_id, "mentee", name, detail, not taken, sort_name))
    return result
