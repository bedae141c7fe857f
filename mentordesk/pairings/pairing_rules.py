"""What a coordinator must know before pairing a mentor and a mentee.

Blocking problems are the hard rules no one overrides (screening, capacity, one mentor per
mentee, exclusions, safeguarding for minors); warnings are worth a second look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.models import (
    OPEN_STATUSES,
    ClosureKind,
    PairExclusion,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Programme,
    Role,
)
from mentordesk.pairings.gender_rules import GenderRules, same_gender_problem, wish_problem
from mentordesk.participants.screening_gate import (
    refusal,
    rules_for_minors,
    screening_gate,
    treat_as_minor,
)

__all__ = ["rules_for_minors", "treat_as_minor"]  # still imported from here

# Pairings that take one of a mentor's places.
SEAT_STATUSES = (PairingStatus.PROPOSED, PairingStatus.ACTIVE, PairingStatus.PAUSED)
# Pairings that give a mentee a mentor (or one on the way): a mentee has at most one.
MENTEE_TAKEN_STATUSES = SEAT_STATUSES
# An early closure for one of these reasons means the two are never paired again.
BAD_CLOSURE_REASONS = (
    "Relationship not working",
    "Safeguarding concern",
    "Mentor broke programme rules",
)


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


def min_age_gap(settings: dict[str, Any] | None) -> int:
    """The programme's minimum age gap between mentor and mentee (0: none)."""
    return max(0, int((settings or {}).get("matching", {}).get("min_age_gap", 0) or 0))


def is_bad_closure(kind: ClosureKind | None, reason: str) -> bool:
    folded = reason.strip().casefold()
    return kind == ClosureKind.EARLY and any(folded == r.casefold() for r in BAD_CLOSURE_REASONS)


def bad_closures(
    session: Session,
    mentor_ids: Collection[int] | None = None,
    mentee_ids: Collection[int] | None = None,
) -> dict[tuple[int, int], str]:
    """(mentor id, mentee id) -> reason, for pairs whose earlier pairing closed badly."""
    query = select(
        Pairing.mentor_id, Pairing.mentee_id, Pairing.closure_kind, Pairing.closure_reason
    ).where(Pairing.status == PairingStatus.CLOSED, Pairing.closure_kind == ClosureKind.EARLY)
    if mentor_ids is not None:
        query = query.where(Pairing.mentor_id.in_(list(mentor_ids)))
    if mentee_ids is not None:
        query = query.where(Pairing.mentee_id.in_(list(mentee_ids)))
    return {
        (mentor, mentee): reason
        for mentor, mentee, kind, reason in session.execute(query)
        if is_bad_closure(kind, reason or "")
    }


def pair_problems(
    session: Session,
    mentor_id: int,
    mentee_id: int,
    on_date: dt.date,
    exclude_pairing: int | None = None,
    *,
    start: dt.date | None = None,
) -> list[PairProblem]:
    """Everything wrong with pairing these two today (`on_date`) from `start` (default
    today), blocking problems first. Screening is the screening gate's: it must hold today
    and every day from the start on."""
    start = start or on_date
    # Ages as on the pairing's first day (a backdated start may fall before a birthday).
    first_day = min(on_date, start)
    mentor = session.get(Participant, mentor_id)
    mentee = session.get(Participant, mentee_id)
    problems: list[PairProblem] = []
    if mentor is None or mentee is None:
        missing = mentor_id if mentor is None else mentee_id
        return [PairProblem("missing", f"There is no participant with id {missing}.", True)]
    if mentor.role != Role.MENTOR:
        problems.append(PairProblem("role", f"{mentor.display_name} is not a mentor.", True))
    if mentee.role != Role.MENTEE:
        problems.append(PairProblem("role", f"{mentee.display_name} is not a mentee.", True))
    if problems:
        return problems
    for person in (mentor, mentee):
        if person.status != ParticipantStatus.ACTIVE:
            problems.append(
                PairProblem(
                    "status", f"{person.display_name} is {person.status.label.lower()}.", True
                )
            )
    programme = session.get(Programme, mentor.programme_id)
    settings = programme.settings if programme else {}
    minor = mentee.is_minor_on(first_day)
    # A mentee of unknown age is safeguarded as a minor.
    safeguarded = treat_as_minor(mentee.date_of_birth, first_day)
    readiness = screening_gate(
        session,
        [mentor_id],
        today=on_date,
        start=start,
        safeguarded=safeguarded,
        programme=programme,
    )[mentor_id]
    if not readiness.ready:
        problems.append(PairProblem("screening", refusal(mentor.display_name, readiness), True))
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
    taken_query = select(Pairing.status, Pairing.mentor_id).where(
        Pairing.mentee_id == mentee_id, Pairing.status.in_(MENTEE_TAKEN_STATUSES)
    )
    if exclude_pairing is not None:
        taken_query = taken_query.where(Pairing.id != exclude_pairing)
    taken = session.execute(taken_query.limit(1)).first()
    if taken is not None and taken.status in OPEN_STATUSES:
        problems.append(PairProblem("paired", f"{mentee.display_name} already has a mentor.", True))
    elif taken is not None:
        proposed = session.get(Participant, taken.mentor_id)
        who = f" ({proposed.display_name})" if proposed is not None else ""
        problems.append(
            PairProblem(
                "paired",
                f"{mentee.display_name} already has a proposed mentor{who}; activate or close "
                "that proposal first.",
                True,
            )
        )
    excluded = session.scalar(
        select(PairExclusion.reason).where(
            PairExclusion.mentor_id == mentor_id, PairExclusion.mentee_id == mentee_id
        )
    )
    if excluded is not None:
        why = f" ({excluded})" if excluded else ""
        problems.append(PairProblem("excluded", f"These two must never be paired{why}.", True))
    closed_badly = bad_closures(session, [mentor_id], [mentee_id]).get((mentor_id, mentee_id))
    if closed_badly is not None:
        problems.append(
            PairProblem(
                "closed_badly",
                f"An earlier pairing of these two closed early ({closed_badly}); they are not "
                "paired again.",
                True,
            )
        )
    gender_rules = GenderRules.from_settings(settings)
    for code, problem in (
        ("gender_wish", wish_problem(gender_rules, mentee.mentor_gender_preference, mentor.gender)),
        ("same_gender", same_gender_problem(gender_rules, mentee.gender, mentor.gender)),
    ):
        if problem is not None:
            problems.append(PairProblem(code, problem[0].upper() + problem[1:] + ".", True))
    min_gap = min_age_gap(settings)
    mentor_age, mentee_age = mentor.age_on(first_day), mentee.age_on(first_day)
    if (
        min_gap
        and mentor_age is not None
        and mentee_age is not None
        and mentor_age - mentee_age < min_gap
    ):
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
