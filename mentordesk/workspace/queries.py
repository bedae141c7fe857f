"""Read-only views of the programme as plain rows, for tables and the command line."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

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


def list_pairings(session: Session) -> list[PairingRow]:
    mentor = aliased(Participant)
    mentee = aliased(Participant)
    last_meeting = (
        select(Meeting.pairing_id, func.max(Meeting.held_on).label("last_held"))
        .group_by(Meeting.pairing_id)
        .subquery()
    )
    stmt = (
        select(
            Pairing.id,
            Pairing.mentor_id,
            Pairing.mentee_id,
            mentor.first_name.label("mentor_first"),
            mentor.last_name.label("mentor_last"),
            mentee.first_name.label("mentee_first"),
            mentee.last_name.label("mentee_last"),
            Pairing.status,
            Pairing.start_date,
            last_meeting.c.last_held,
        )
        .join(mentor, Pairing.mentor_id == mentor.id)
        .join(mentee, Pairing.mentee_id == mentee.id)
        .outerjoin(last_meeting, last_meeting.c.pairing_id == Pairing.id)
        .order_by(Pairing.id)
    )
    return [
        PairingRow(
            id=r.id,
            mentor_id=r.mentor_id,
            mentee_id=r.mentee_id,
            mentor_name=f"{r.mentor_first} {r.mentor_last}",
            mentee_name=f"{r.mentee_first} {r.mentee_last}",
            status=r.status.value,
            start_date=r.start_date,
            last_meeting=r.last_held,
        )
        for r in session.execute(stmt)
    ]


def count_participants(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Participant)) or 0
