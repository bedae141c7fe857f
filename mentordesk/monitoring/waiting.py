"""Mentees waiting for a mentor: active mentees without an active or paused pairing.

A mentee's wait starts when they joined (or, after a closed pairing, when it ended).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.models import (
    OPEN_STATUSES,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Role,
)
from mentordesk.monitoring.monitored_pairs import fetch, person_name


@dataclass(frozen=True, slots=True)
class WaitingMentee:
    participant_id: int
    name: str
    since: dt.date
    days: int
    # A mentor has been proposed but the pair has not started.
    proposed: bool


def waiting_mentees(session: Session, on_date: dt.date) -> list[WaitingMentee]:
    """Longest wait first."""
    live = aliased(Pairing)
    closed = aliased(Pairing)
    proposed = aliased(Pairing)
    last_end = (
        select(func.max(closed.end_date))
        .where(closed.mentee_id == Participant.id, closed.status == PairingStatus.CLOSED)
        .scalar_subquery()
    )
    stmt = select(
        Participant.id,
        Participant.first_name,
        Participant.last_name,
        Participant.preferred_name,
        Participant.joined_on,
        Participant.created_at,
        last_end.label("last_end"),
        exists()
        .where(proposed.mentee_id == Participant.id, proposed.status == PairingStatus.PROPOSED)
        .label("proposed"),
    ).where(
        Participant.role == Role.MENTEE,
        Participant.status == ParticipantStatus.ACTIVE,
        ~exists().where(
            and_(live.mentee_id == Participant.id, live.status.in_(list(OPEN_STATUSES)))
        ),
    )
    rows = []
    for person_id, first, last, preferred, joined, created, ended, proposed in fetch(session, stmt):
        starts = [day for day in (joined, ended) if day is not None]
        if not starts and created is not None:
            starts.append(created.date())
        since = max(starts) if starts else on_date
        rows.append(
            WaitingMentee(
                participant_id=person_id,
                name=person_name(first, last, preferred),
                since=since,
                days=max(0, (on_date - since).days),
                proposed=bool(proposed),
            )
        )
    rows.sort(key=lambda w: (-w.days, w.name))
    return rows
