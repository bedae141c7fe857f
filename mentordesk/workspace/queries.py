"""Read-only views of the programme as plain rows, for tables and the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import ColumnElement, String, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from mentordesk import clock
from mentordesk.models import Meeting, Pairing, Participant


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


def list_participants(session: Session) -> list[ParticipantRow]:
    stmt = select(
        Participant.id,
        Participant.role,
        Participant.first_name,
        Participant.last_name,
        Participant.email,
        Participant.status,
        Participant.phone,
        Participant.school,
        Participant.employer,
        Participant.date_of_birth,
        Participant.interests,
    ).order_by(Participant.last_name, Participant.first_name, Participant.id)
    return [
        ParticipantRow(
            id=r.id,
            role=r.role.value,
            first_name=r.first_name,
            last_name=r.last_name,
            email=r.email,
            status=r.status.value,
            phone=r.phone,
            organisation=r.school or r.employer,
            date_of_birth=r.date_of_birth,
            interests=tuple(r.interests or ()),
        )
        for r in session.execute(stmt)
    ]


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
