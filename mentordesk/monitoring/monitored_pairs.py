"""The pairings monitoring looks at, as plain rows with the names a coordinator reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable, func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.models import ADULT_AGE, Pairing, PairingStatus, Participant, Programme, age_on


# Not frozen: thousands are built per dashboard, and a frozen dataclass costs five times
# as much to build. Treat it as read-only all the same.
@dataclass(slots=True)
class PairInfo:
    id: int
    status: PairingStatus
    start_date: dt.date | None
    end_date: dt.date | None
    agreement_signed_on: dt.date | None
    guardian_permission_on: dt.date | None
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    mentee_birth: dt.date | None
    guardian_name: str
    # The commitment in force: the pair's own, else the programme's default.
    meetings_per_month: int
    meeting_minutes: int
    label: str  # "Mentor & Mentee"

    def mentee_is_minor(self, on_date: dt.date) -> bool:
        return self.mentee_birth is not None and age_on(self.mentee_birth, on_date) < ADULT_AGE


def fetch(session: Session, stmt: Executable) -> Sequence[Any]:
    """Run a select of plain columns on the session's connection and take every row at
    once: no ORM work and no Python call per row, which counts when there are thousands."""
    rows: Sequence[Any] = session.connection().execute(stmt).all()
    return rows


def person_name(first: str, last: str, preferred: str = "") -> str:
    return f"{preferred or first} {last}".strip()


def load_pairs(
    session: Session,
    statuses: Collection[PairingStatus] | None = None,
    pairing_ids: Collection[int] | None = None,
) -> dict[int, PairInfo]:
    mentor = aliased(Participant)
    mentee = aliased(Participant)
    stmt = (
        select(
            Pairing.id,
            Pairing.status,
            Pairing.start_date,
            Pairing.end_date,
            Pairing.agreement_signed_on,
            Pairing.guardian_permission_on,
            Pairing.mentor_id,
            Pairing.mentee_id,
            mentor.first_name,
            mentor.last_name,
            mentor.preferred_name,
            mentee.first_name,
            mentee.last_name,
            mentee.preferred_name,
            mentee.date_of_birth,
            mentee.guardian_name,
            func.coalesce(Pairing.meetings_per_month, Programme.meetings_per_month),
            func.coalesce(Pairing.meeting_minutes, Programme.meeting_minutes),
        )
        .join(mentor, mentor.id == Pairing.mentor_id)
        .join(mentee, mentee.id == Pairing.mentee_id)
        .join(Programme, Programme.id == Pairing.programme_id)
    )
    if statuses is not None:
        stmt = stmt.where(Pairing.status.in_(list(statuses)))
    if pairing_ids is not None:
        stmt = stmt.where(Pairing.id.in_(list(pairing_ids)))
    # Positional unpacking: thousands of rows, and attribute access by name costs.
    pairs = {}
    for (
        pairing_id,
        status,
        start_date,
        end_date,
        signed_on,
        permission_on,
        mentor_id,
        mentee_id,
        mentor_first,
        mentor_last,
        mentor_preferred,
        mentee_first,
        mentee_last,
        mentee_preferred,
        mentee_birth,
        guardian_name,
        per_month,
        minutes,
    ) in fetch(session, stmt):
        mentor_name = person_name(mentor_first, mentor_last, mentor_preferred)
        mentee_name = person_name(mentee_first, mentee_last, mentee_preferred)
        pairs[pairing_id] = PairInfo(
            id=pairing_id,
            status=status,
            start_date=start_date,
            end_date=end_date,
            agreement_signed_on=signed_on,
            guardian_permission_on=permission_on,
            mentor_id=mentor_id,
            mentee_id=mentee_id,
            mentor_name=mentor_name,
            mentee_name=mentee_name,
            mentee_birth=mentee_birth,
            guardian_name=guardian_name,
            meetings_per_month=per_month,
            meeting_minutes=minutes,
            label=f"{mentor_name} & {mentee_name}",
        )
    return pairs
