"""The facts of a pairing that documents print, read in one query as plain rows."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import GoalStatus, Pairing, PairingStatus, Participant, Programme
from mentordesk.store import current_programme_id

# Pairings an agreement is printed for by default.
AGREEMENT_STATUSES = (PairingStatus.ACTIVE, PairingStatus.PROPOSED)


@dataclass(frozen=True)
class GoalLine:
    title: str
    status: GoalStatus
    progress: int
    target_date: dt.date | None
    completed_on: dt.date | None


@dataclass(frozen=True)
class PairFacts:
    id: int
    status: PairingStatus
    mentor_id: int
    mentor_name: str
    mentee_name: str
    # True when the mentee is under 18 on the start date (or today, before a start date),
    # and when the date of birth is unknown: a guardian line too many is harmless.
    mentee_is_minor: bool
    guardian_name: str
    guardian_relationship: str
    proposed_on: dt.date | None
    start_date: dt.date | None
    end_date: dt.date | None
    meetings_per_month: int
    meeting_minutes: int
    commitment_months: int
    agreement_printed_on: dt.date | None
    agreement_signed_on: dt.date | None
    goals: tuple[GoalLine, ...]

    @property
    def title(self) -> str:
        return f"{self.mentee_name} and {self.mentor_name}"

    @property
    def planned_end(self) -> dt.date | None:
        if self.start_date is None:
            return None
        return add_months(self.start_date, self.commitment_months)


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def full_name(person: Participant) -> str:
    """The name printed on documents: the person's own first and last names."""
    return " ".join(part for part in (person.first_name.strip(), person.last_name.strip()) if part)


def _facts(pairing: Pairing, programme: Programme, today: dt.date) -> PairFacts:
    mentee = pairing.mentee
    on = pairing.start_date or today
    minor = mentee.date_of_birth is None or mentee.is_minor_on(on)
    return PairFacts(
        id=pairing.id,
        status=pairing.status,
        mentor_id=pairing.mentor_id,
        mentor_name=full_name(pairing.mentor),
        mentee_name=full_name(mentee),
        mentee_is_minor=minor,
        guardian_name=mentee.guardian_name.strip(),
        guardian_relationship=mentee.guardian_relationship.strip(),
        proposed_on=pairing.proposed_on,
        start_date=pairing.start_date,
        end_date=pairing.end_date,
        meetings_per_month=(
            pairing.meetings_per_month
            if pairing.meetings_per_month is not None
            else programme.meetings_per_month
        ),
        meeting_minutes=pairing.meeting_minutes or programme.meeting_minutes,
        commitment_months=programme.commitment_months,
        agreement_printed_on=pairing.agreement_printed_on,
        agreement_signed_on=pairing.agreement_signed_on,
        goals=tuple(
            GoalLine(g.title, g.status, g.progress, g.target_date, g.completed_on)
            for g in sorted(pairing.goals, key=lambda g: (g.target_date or dt.date.max, g.id))
        ),
    )


def load_pairs(session: Session, pairing_ids: Sequence[int] | None = None) -> list[PairFacts]:
    """The pairings asked for, in the order asked; without ids, every active or proposed
    pairing ordered by mentee name. An unknown id is refused, naming it."""
    programme = session.get(Programme, current_programme_id(session))
    assert programme is not None
    stmt = select(Pairing).options(
        selectinload(Pairing.mentor), selectinload(Pairing.mentee), selectinload(Pairing.goals)
    )
    if pairing_ids is None:
        stmt = stmt.where(Pairing.status.in_(AGREEMENT_STATUSES))
    else:
        stmt = stmt.where(Pairing.id.in_(set(pairing_ids)))
    pairings = list(session.scalars(stmt))
    today = clock.today()
    if pairing_ids is None:
        pairings.sort(key=lambda p: (p.mentee.last_name.casefold(), p.mentee.first_name, p.id))
        return [_facts(p, programme, today) for p in pairings]
    by_id = {p.id: p for p in pairings}
    missing = [str(i) for i in dict.fromkeys(pairing_ids) if i not in by_id]
    if missing:
        raise MentorDeskError(
            f"There is no pairing with ID {', '.join(missing)}. "
            "'mentordesk list pairings' shows the IDs."
        )
    return [_facts(by_id[i], programme, today) for i in dict.fromkeys(pairing_ids)]
