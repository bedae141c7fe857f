"""What a coordinator must know before pairing a mentor and a mentee.

Blocking problems are the hard rules no one overrides (screening, capacity, one mentor per
mentee, exclusions, safeguarding for minors); warnings are worth a second look.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.models import (
    OPEN_STATUSES,
    PairExclusion,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Programme,
    Role,
)
from mentordesk.workspace.screening import ScreeningRequirements, mentor_readiness

# Pairings that take one of a mentor's places.
SEAT_STATUSES = (PairingStatus.PROPOSED, PairingStatus.ACTIVE, PairingStatus.PAUSED)


@dataclass(frozen=True)
class PairProblem:
    code: str
    message: str
    blocking: bool


def mentor_load(session: Session, mentor_id: int, exclude_pairing: int | None = None) -> int:
    query = select(func.count(Pairing.id)).where(
        Pairing.mentor_id == mentor_id, Pairing.status.in_(SEAT_STATUSES)
    )
    if exclude_pairing is not None:
        query = query.where(Pairing.id != exclude_pairing)
    return session.scalar(query) or 0


def pair_problems(
    session: Session,
    mentor_id: int,
    mentee_id: int,
    on_date: dt.date,
    exclude_pairing: int | None = None,
) -> list[PairProblem]:
    """Everything wrong with pairing these two on `on_date`, blocking problems first."""
    mentor = session.get(Participant, mentor_id)
    mentee = session.get(Participant, mentee_id)
    problems: list[PairProblem] = []
    if mentor is None or mentee is None:
        missing = mentor_id if mentor is None else mentee_id
        return [PairProblem("missing", f"There is no participant with id {missing}.", True)]
    if mentor.role is not Role.MENTOR:
        problems.append(PairProblem("role", f"{mentor.display_name} is not a mentor.", True))
    if mentee.role is not Role.MENTEE:
        problems.append(PairProblem("role", f"{mentee.display_name} is not a mentee.", True))
    if problems:
        return problems
    for person in (mentor, mentee):
        if person.status is not ParticipantStatus.ACTIVE:
            problems.append(
                PairProblem(
                    "status", f"{person.display_name} is {person.status.label.lower()}.", True
                )
            )
    programme = session.get(Programme, mentor.programme_id)
    settings = programme.settings if programme else {}
    rules = ScreeningRequirements.from_settings(settings)
    minor = mentee.is_minor_on(on_date)
    valid_through = programme.end_date if (minor and programme) else None
    readiness = mentor_readiness(session, on_date, [mentor_id], rules, valid_through)[mentor_id]
    if not readiness.ready:
        problems.append(
            PairProblem(
                "screening",
                f"{mentor.display_name} is not ready to match: " + "; ".join(readiness.missing),
                True,
            )
        )
    capacity = mentor.capacity or 1
    load = mentor_load(session, mentor_id, exclude_pairing)
    if load >= capacity:
        problems.append(
            PairProblem(
                "capacity",
                f"{mentor.display_name} already has {load} of {capacity} mentee places taken.",
                True,
            )
        )
    open_query = select(Pairing.id).where(
        Pairing.mentee_id == mentee_id, Pairing.status.in_(OPEN_STATUSES)
    )
    if exclude_pairing is not None:
        open_query = open_query.where(Pairing.id != exclude_pairing)
    if session.scalar(open_query.limit(1)) is not None:
        problems.append(PairProblem("paired", f"{mentee.display_name} already has a mentor.", True))
    excluded = session.scalar(
        select(PairExclusion.reason).where(
            PairExclusion.mentor_id == mentor_id, PairExclusion.mentee_id == mentee_id
        )
    )
    if excluded is not None:
        why = f" ({excluded})" if excluded else ""
        problems.append(PairProblem("excluded", f"These two must never be paired{why}.", True))
    min_gap = int((settings or {}).get("matching", {}).get("min_age_gap", 0) or 0)
    mentor_age, mentee_age = mentor.age_on(on_date), mentee.age_on(on_date)
    known_ages = mentor_age is not None and mentee_age is not None
    if min_gap and known_ages and mentor_age - mentee_age < min_gap:  # type: ignore[operator]
        problems.append(
            PairProblem(
                "age_gap",
                f"The age gap is {mentor_age - mentee_age} years; the programme asks for "
                f"at least {min_gap}.",
                True,
            )
        )
    if minor and not (mentee.guardian_name and (mentee.guardian_phone or mentee.guardian_email)):
        problems.append(
            PairProblem(
                "guardian",
                f"{mentee.display_name} is under 18 and has no parent or guardian contact.",
                False,
            )
        )
    if mentee.date_of_birth is None:
        problems.append(
            PairProblem("age_unknown", f"{mentee.display_name} has no date of birth.", False)
        )
    problems.sort(key=lambda p: not p.blocking)
    return problems
