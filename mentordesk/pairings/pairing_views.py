"""What the pairings screen reads, as plain rows: each query opens its own short read, so
the window never holds a session."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from mentordesk.errors import MentorDeskError, ValidationError
from mentordesk.models import PairingStatus, Participant, Role
from mentordesk.pairings import activity
from mentordesk.pairings.guardian_permission import check_permission_date, permission_problem
from mentordesk.pairings.pairing_records import (
    Candidate,
    PairingDetail,
    pairing_candidates,
    pairing_counts,
    pairing_detail,
    programme_defaults,
    rematch_problems,
)
from mentordesk.pairings.pairing_rules import PairProblem, pair_problems
from mentordesk.programme.programme_queries import PairingRow, list_pairings
from mentordesk.store import Database


def pairing_rows(db: Database, ids: set[int] | None = None) -> list[PairingRow]:
    with db.reading() as session:
        return list_pairings(session, ids=ids)


@dataclass(frozen=True)
class PairingPanel:
    """One pairing with its records (`detail` None: there is no such pairing, or none)."""

    date_order: str
    detail: PairingDetail | None = None
    records: dict[str, list[Any]] = field(
        default_factory=lambda: {"goals": [], "meetings": [], "check_ins": []}
    )


def pairing_panel(db: Database, pairing_id: int | None) -> PairingPanel:
    """Everything the detail panel shows, in one short read."""
    with db.reading() as session:
        date_order = programme_defaults(session).date_order
        if pairing_id is None:
            return PairingPanel(date_order)
        try:
            detail = pairing_detail(session, pairing_id)
        except MentorDeskError:
            return PairingPanel(date_order)  # deleted meanwhile (its creation was undone)
        return PairingPanel(
            date_order,
            detail,
            {
                "goals": list(activity.list_goals(session, pairing_id)),
                "meetings": list(activity.list_meetings(session, pairing_id)),
                "check_ins": list(activity.list_check_ins(session, pairing_id)),
            },
        )


def deletion_counts(db: Database, pairing_id: int) -> dict[str, int]:
    """How much deleting a pairing would remove: meetings, goals, check-ins."""
    with db.reading() as session:
        return pairing_counts(session, pairing_id)


def candidates(db: Database, *, with_mentees: bool) -> tuple[list[Candidate], list[Candidate]]:
    """Active mentors with their load, and (if asked) mentees with whether they are paired."""
    with db.reading() as session:
        mentors = pairing_candidates(session, Role.MENTOR)
        mentees = pairing_candidates(session, Role.MENTEE) if with_mentees else []
    return mentors, mentees


def proposed_pair_problems(
    db: Database,
    mentor_id: int,
    mentee_id: int,
    *,
    today: dt.date,
    start: dt.date | None,
    rematch_of: int | None = None,
    status: PairingStatus = PairingStatus.PROPOSED,
    permission_on: dt.date | None = None,
) -> list[PairProblem]:
    """What the rules say about pairing these two from `start` (or rematching a closed
    pairing's mentee), as `status`: the same rules, the same screening gate and, for an
    active pairing of a minor, the same need of permission that creating it applies."""
    with db.reading() as session:
        if rematch_of is not None:
            problems = rematch_problems(session, rematch_of, mentor_id, today, start=start)
        else:
            problems = pair_problems(session, mentor_id, mentee_id, today, start=start)
        mentee = session.get(Participant, mentee_id)
        if PairingStatus(status) != PairingStatus.ACTIVE or mentee is None:
            return problems
        try:
            check_permission_date(permission_on, today)
        except ValidationError as exc:
            return [PairProblem("permission", str(exc), True), *problems]
        permission = permission_problem(
            session,
            mentee,
            start=start or today,
            permission_on=permission_on,
            hint="enter the day it came back (Permission received on), or make the pairing "
            "proposed and record it later",
        )
        if permission is None:
            return problems
        blocking = [p for p in problems if p.blocking]
        return [*blocking, permission, *(p for p in problems if not p.blocking)]
