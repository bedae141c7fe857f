"""Read-only views of the programme as plain rows, for tables and the command line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from mentordesk import clock
from mentordesk.models import Meeting, Pairing, PairingStatus, Participant, Role
from mentordesk.participants.screening import Readiness, mentor_readiness
from mentordesk.programme.text_input import format_date
from mentordesk.store import Database

# Pairings that count as a match: they take a mentor's place and give a mentee a mentor.
MATCHED_STATUSES = (PairingStatus.PROPOSED, PairingStatus.ACTIVE, PairingStatus.PAUSED)


@dataclass(frozen=True, slots=True)
class ParticipantRow:
    id: int
    role: str
    first_name: str
    last_name: str
    email: str | None
    status: str
    phone: str
    organisation: str  # school for a mentee, employer for a mentor
    date_of_birth: dt.date | None
    interests: tuple[str, ...]
    capacity: int | None = None  # mentee places of a mentor
    matches: int = 0  # proposed, active and paused pairings
    ready: bool | None = None  # mentors: ready to match; None for mentees
    readiness: str = ""  # "Ready to match" or "Not ready: …" (mentors)
    # What needs the coordinator: checks reported by an import and not yet verified, and
    # checks that run out within 30 days (mentors), e.g. "To verify: background check".
    screening_alerts: str = ""
    # Names, email, school or employer and interests, casefolded once, for search as you
    # type (made where the rows are read, off the GUI thread).
    search_text: str = field(default="", compare=False, repr=False)

    @property
    def is_mentor(self) -> bool:
        return self.role == Role.MENTOR.value

    @property
    def unmatched(self) -> bool:
        """A mentee without a mentor, or a mentor with a free place."""
        if self.is_mentor:
            return self.matches < (self.capacity or 1)
        return self.matches == 0

    @property
    def screening_incomplete(self) -> bool:
        return self.is_mentor and not self.ready

    @property
    def places(self) -> str:
        """'1 of 2' places taken, for a mentor; '' for a mentee."""
        return f"{self.matches} of {self.capacity or 1}" if self.is_mentor else ""

    def as_json(self) -> dict[str, Any]:
        keys = ("id", "role", "first_name", "last_name", "email", "status")
        data = asdict(self)
        return {k: data[k] for k in keys}


@dataclass(frozen=True, slots=True)
class PairingRow:
    id: int
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    status: str
    start_date: dt.date | None
    last_meeting: dt.date | None
    meetings_this_month: int = 0

    def as_json(self) -> dict[str, Any]:
        keys = ("id", "mentor_id", "mentee_id", "status", "start_date")
        data = asdict(self)
        return {k: data[k] for k in keys}


def _match_counts(session: Session, ids: list[int] | None) -> dict[int, int]:
    counts: dict[int, int] = {}
    for column in (Pairing.mentor_id, Pairing.mentee_id):
        stmt = (
            select(column, func.count())
            .where(Pairing.status.in_(MATCHED_STATUSES))
            .group_by(column)
        )
        if ids is not None:
            stmt = stmt.where(column.in_(ids))
        for person_id, count in session.connection().execute(stmt):
            counts[person_id] = counts.get(person_id, 0) + count
    return counts


def _text(column: Any) -> Any:
    """The column's stored text, without per-row conversion (enums, JSON, dates)."""
    return type_coerce(column, String).label(column.key)


def screening_alerts(readiness: Readiness) -> str:
    """'To verify: background check · Expires 10 Dec 2026: interview', or ''."""
    parts = []
    if readiness.to_verify:
        parts.append("To verify: " + ", ".join(readiness.to_verify))
    parts += [f"Expires {format_date(day)}: {item}" for item, day in readiness.expiring]
    return " · ".join(parts)


def list_participants(
    session: Session,
    ids: list[int] | None = None,
    on_date: dt.date | None = None,
    *,
    ordered: bool = True,
) -> list[ParticipantRow]:
    """Every participant (or those with `ids`) as plain rows, with match counts and each
    mentor's readiness: a handful of queries of plain columns, whatever the number of
    people. `ordered=False` skips sorting by name (a table sorts them itself)."""
    on_date = on_date or clock.today()
    stmt = select(
        Participant.id,
        _text(Participant.role),
        Participant.first_name,
        Participant.last_name,
        Participant.email,
        _text(Participant.status),
        Participant.phone,
        Participant.school,
        Participant.employer,
        _text(Participant.date_of_birth),
        _text(Participant.interests),
        Participant.capacity,
    )
    if ordered:
        stmt = stmt.order_by(Participant.last_name, Participant.first_name, Participant.id)
    if ids is not None:
        stmt = stmt.where(Participant.id.in_(ids))
    matches = _match_counts(session, ids)
    readiness = {
        mentor_id: (ready.ready, ready.summary, screening_alerts(ready))
        for mentor_id, ready in mentor_readiness(session, on_date, ids).items()
    }
    # Many people share a birthday or a list of interests: parse each text once.
    dates: dict[str | None, dt.date | None] = {None: None, "": None}
    lists: dict[str | None, tuple[str, ...]] = {None: (), "": ()}
    not_mentor = (None, "", "")
    rows: list[ParticipantRow] = []
    append = rows.append
    for (
        person_id,
        role,
        first_name,
        last_name,
        email,
        status,
        phone,
        school,
        employer,
        birth_text,
        interests_text,
        capacity,
    ) in _in_chunks(session.connection().execute(stmt)):
        birth = dates.get(birth_text, _MISSING)
        if birth is _MISSING:
            birth = dates[birth_text] = dt.date.fromisoformat(birth_text)
        interests = lists.get(interests_text)
        if interests is None:
            interests = lists[interests_text] = tuple(json.loads(interests_text) or ())
        ready, summary, alerts = readiness.get(person_id, not_mentor)
        organisation = school or employer
        search = " ".join((first_name, last_name, email or "", organisation, *interests))
        append(
            ParticipantRow(
                person_id,
                role,
                first_name,
                last_name,
                email,
                status,
                phone,
                organisation,
                birth,
                interests,
                capacity,
                matches.get(person_id, 0),
                ready,
                summary,
                alerts,
                search.casefold(),
            )
        )
    return rows


_MISSING: Any = object()
CHUNK_ROWS = 2000


def _in_chunks(result: Any) -> Iterator[Any]:
    """Rows fetched a few thousand at a time: a reader on a worker thread then lets the
    GUI thread run between chunks instead of holding the interpreter for the whole set."""
    for chunk in result.partitions(CHUNK_ROWS):
        yield from chunk


def month_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of `day`'s month and the first day of the next month."""
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following


def _full_name(person: Any) -> ColumnElement[str]:
    """'Preferred-or-first last', built in SQL so Python only receives the text."""
    first = func.coalesce(func.nullif(person.preferred_name, ""), person.first_name)
    return type_coerce(first + " " + person.last_name, String)


def _as_text(column: Any) -> ColumnElement[str]:
    # Raw text skips SQLAlchemy's per-value conversion, which costs more than the query
    # itself on 20,000 rows; dates are parsed with the (C) date.fromisoformat instead.
    return type_coerce(column, String)


def _iso_date(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def list_pairings(
    session: Session, *, on_date: dt.date | None = None, ids: Iterable[int] | None = None
) -> list[PairingRow]:
    """Pairings as plain rows, in one query (meeting figures come from one GROUP BY).

    `on_date` sets the month counted in `meetings_this_month` (default: today); `ids`
    limits the rows, so a screen can refresh only the pairings a change touched.
    """
    first, following = month_bounds(on_date or clock.today())
    mentor = aliased(Participant)
    mentee = aliased(Participant)
    wanted = None if ids is None else sorted(set(ids))
    stats_query = select(
        Meeting.pairing_id,
        func.max(Meeting.held_on).label("last_held"),
        func.sum(
            case(((Meeting.held_on >= first) & (Meeting.held_on < following), 1), else_=0)
        ).label("this_month"),
    ).group_by(Meeting.pairing_id)
    if wanted is not None:
        stats_query = stats_query.where(Meeting.pairing_id.in_(wanted))
    stats = stats_query.subquery()
    stmt = (
        select(
            Pairing.id,
            Pairing.mentor_id,
            Pairing.mentee_id,
            _full_name(mentor),
            _full_name(mentee),
            _as_text(Pairing.status),
            _as_text(Pairing.start_date),
            _as_text(stats.c.last_held),
            stats.c.this_month,
        )
        .join(mentor, Pairing.mentor_id == mentor.id)
        .join(mentee, Pairing.mentee_id == mentee.id)
        .outerjoin(stats, stats.c.pairing_id == Pairing.id)
        .order_by(Pairing.id)
    )
    if wanted is not None:
        stmt = stmt.where(Pairing.id.in_(wanted))
    return [
        PairingRow(
            pairing_id,
            mentor_id,
            mentee_id,
            mentor_name,
            mentee_name,
            status,
            _iso_date(start),
            _iso_date(last),
            this_month or 0,
        )
        for (
            pairing_id,
            mentor_id,
            mentee_id,
            mentor_name,
            mentee_name,
            status,
            start,
            last,
            this_month,
        ) in session.connection().execute(stmt).all()
    ]


def count_participants(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Participant)) or 0


def participant_count(db: Database) -> int:
    """How many people the programme holds (0: an empty file, offered the demo)."""
    with db.reading() as session:
        return count_participants(session)
