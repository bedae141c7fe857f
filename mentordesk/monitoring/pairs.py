"""The pairings monitoring looks at, as plain rows with the names a coordinator reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.models import ADULT_AGE, Pairing, PairingStatus, Participant, Programme, age_on


@dataclass(frozen=True, slots=True)
class PairInfo:
    id: int
    status: PairingStatus
    start_date: dt.date | None
    end_date: dt.date | None
    agreement_signed_on: dt.date | None
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    mentee_birth: dt.date | None
    guardian_name: str
    # The commitment in force: the pair's own, else the programme's default.
    meetings_per_month: int
    meeting_minutes: int

    @property
    def label(self) -> str:
        return f"{self.mentor_name} & {self.mentee_name}"

    def mentee_is_minor(self, on_date: dt.date) -> bool:
        return self.mentee_birth is not None and age_on(self.mentee_birth, on_date) < ADULT_AGE


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
            Pairing.mentor_id,
            Pairing.mentee_id,
            mentor.first_name,
            mentor.last_name,
            mentor.preferred_name,
            mentee.first_name.label("mentee_first"),
            mentee.last_name.label("mentee_last"),
            mentee.preferred_name.label("mentee_preferred"),
            mentee.date_of_birth,
            mentee.guardian_name,
            func.coalesce(Pairing.meetings_per_month, Programme.meetings_per_month).label(
                "per_month"
            ),
            func.coalesce(Pairing.meeting_minutes, Programme.meeting_minutes).label("minutes"),
        )
        .join(mentor, mentor.id == Pairing.mentor_id)
        .join(mentee, mentee.id == Pairing.mentee_id)
        .join(Programme, Programme.id == Pairing.programme_id)
        .order_by(Pairing.id)
    )
    if statuses is not None:
        stmt = stmt.where(Pairing.status.in_(list(statuses)))
    if pairing_ids is not None:
        stmt = stmt.where(Pairing.id.in_(list(pairing_ids)))
    return {
        r.id: PairInfo(
            id=r.id,
            status=r.status,
            start_date=r.start_date,
            end_date=r.end_date,
            agreement_signed_on=r.agreement_signed_on,
            mentor_id=r.mentor_id,
            mentee_id=r.mentee_id,
            mentor_name=person_name(r.first_name, r.last_name, r.preferred_name),
            mentee_name=person_name(r.mentee_first, r.mentee_last, r.mentee_preferred),
            mentee_birth=r.date_of_birth,
            guardian_name=r.guardian_name,
            meetings_per_month=r.per_month,
            meeting_minutes=r.minutes,
        )
        for r in session.execute(stmt)
    }
