"""Never-pair rules: a mentor and a mentee who must never be paired (a relative, a known
conflict, a bad closure). Each person has their own list; a rule is added in advance with
a reason, seen, and removed (undoably). `pair_problems` and the matcher obey them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from mentordesk import clock
from mentordesk.errors import ValidationError
from mentordesk.models import PairExclusion, Participant, Role
from mentordesk.store import Database
from mentordesk.store.actions import PAIRINGS, PARTICIPANTS, Outcome, outcome

MAX_REASON = 500


@dataclass(frozen=True)
class NeverPairRow:
    id: int
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    reason: str
    created_on: dt.date | None

    def other(self, person_id: int) -> tuple[int, str]:
        """The other person of the rule, seen from `person_id`."""
        if person_id == self.mentor_id:
            return self.mentee_id, self.mentee_name
        return self.mentor_id, self.mentor_name

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "mentor_id": self.mentor_id,
            "mentor": self.mentor_name,
            "mentee_id": self.mentee_id,
            "mentee": self.mentee_name,
            "reason": self.reason,
            "created_on": self.created_on,
        }


def _name(first: str, last: str, preferred: str) -> str:
    return f"{preferred or first} {last}".strip()


def list_never_pairs(session: Session, person_id: int | None = None) -> list[NeverPairRow]:
    """Every rule (or one person's), by the mentee's then the mentor's name."""
    mentor, mentee = aliased(Participant), aliased(Participant)
    stmt = (
        select(
            PairExclusion.id,
            PairExclusion.mentor_id,
            PairExclusion.mentee_id,
            mentor.first_name,
            mentor.last_name,
            mentor.preferred_name,
            mentee.first_name,
            mentee.last_name,
            mentee.preferred_name,
            PairExclusion.reason,
            PairExclusion.created_on,
        )
        .join(mentor, mentor.id == PairExclusion.mentor_id)
        .join(mentee, mentee.id == PairExclusion.mentee_id)
    )
    if person_id is not None:
        stmt = stmt.where(
            or_(PairExclusion.mentor_id == person_id, PairExclusion.mentee_id == person_id)
        )
    rows = [
        NeverPairRow(
            r[0], r[1], r[2], _name(r[3], r[4], r[5]), _name(r[6], r[7], r[8]), r[9] or "", r[10]
        )
        for r in session.execute(stmt)
    ]
    rows.sort(key=lambda r: (r.mentee_name.casefold(), r.mentor_name.casefold(), r.id))
    return rows


def mentor_and_mentee(session: Session, first_id: int, second_id: int) -> tuple[int, int]:
    """The two people as (mentor id, mentee id), in whichever order they were given."""
    people = {p.id: p for p in (session.get(Participant, i) for i in (first_id, second_id)) if p}
    for person_id in (first_id, second_id):
        if person_id not in people:
            raise ValidationError(f"There is no participant with id {person_id}.")
    roles = {Role(people[i].role) for i in (first_id, second_id)}
    if roles != {Role.MENTOR, Role.MENTEE}:
        raise ValidationError(
            "A never-pair rule is between a mentor and a mentee; "
            f"{people[first_id].display_name} and {people[second_id].display_name} are not."
        )
    if Role(people[first_id].role) == Role.MENTOR:
        return first_id, second_id
    return second_id, first_id


def add_never_pair(
    session: Session,
    first_id: int,
    second_id: int,
    reason: str,
    *,
    created_on: dt.date | None = None,
    rule_id: int | None = None,
) -> int:
    """Add a rule with its reason; `rule_id` puts a removed one back (undo)."""
    mentor_id, mentee_id = mentor_and_mentee(session, first_id, second_id)
    reason = reason.strip()
    if not reason:
        raise ValidationError("Say why these two must never be paired (e.g. “Relatives”).")
    if len(reason) > MAX_REASON:
        raise ValidationError(f"Keep the reason under {MAX_REASON} characters.")
    existing = session.scalar(
        select(PairExclusion.reason).where(
            PairExclusion.mentor_id == mentor_id, PairExclusion.mentee_id == mentee_id
        )
    )
    if existing is not None:
        raise ValidationError(
            f"These two are on the never-pair list already ({existing or 'no reason given'})."
        )
    rule = PairExclusion(
        id=rule_id,
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        reason=reason,
        created_on=created_on or clock.today(),
    )
    session.add(rule)
    session.flush()
    return rule.id


def remove_never_pair(session: Session, first_id: int, second_id: int) -> NeverPairRow:
    """Remove the rule between two people; returns it, for undo."""
    mentor_id, mentee_id = mentor_and_mentee(session, first_id, second_id)
    rule = session.scalar(
        select(PairExclusion).where(
            PairExclusion.mentor_id == mentor_id, PairExclusion.mentee_id == mentee_id
        )
    )
    if rule is None:
        raise ValidationError("These two are not on the never-pair list.")
    (row,) = [r for r in list_never_pairs(session, mentor_id) if r.id == rule.id]
    session.delete(rule)
    session.flush()
    return row


# --- actions and queries -----------------------------------------------------------------
@dataclass(frozen=True)
class AddNeverPair:
    first_id: int
    second_id: int
    reason: str
    created_on: dt.date | None = None
    rule_id: int | None = None

    def apply(self, session: Session) -> Outcome:
        rule_id = add_never_pair(
            session,
            self.first_id,
            self.second_id,
            self.reason,
            created_on=self.created_on,
            rule_id=self.rule_id,
        )
        return outcome(
            RemoveNeverPair(self.first_id, self.second_id),
            (PARTICIPANTS, PAIRINGS),
            participants=(self.first_id, self.second_id),
            result=rule_id,
        )


@dataclass(frozen=True)
class RemoveNeverPair:
    first_id: int
    second_id: int

    def apply(self, session: Session) -> Outcome:
        row = remove_never_pair(session, self.first_id, self.second_id)
        inverse = AddNeverPair(
            row.mentor_id, row.mentee_id, row.reason, row.created_on, rule_id=row.id
        )
        return outcome(
            inverse,
            (PARTICIPANTS, PAIRINGS),
            participants=(self.first_id, self.second_id),
            result=row,
        )


def never_pairs_query(db: Database, person_id: int | None = None) -> list[NeverPairRow]:
    with db.reading() as session:
        return list_never_pairs(session, person_id)


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str


def never_pair_candidates(db: Database, person_id: int) -> list[Candidate]:
    """The people of the other role, for picking the other person of a new rule."""
    with db.reading() as session:
        person = session.get(Participant, person_id)
        if person is None:
            raise ValidationError(f"There is no participant with id {person_id}.")
        other = Role.MENTEE if Role(person.role) == Role.MENTOR else Role.MENTOR
        rows = session.execute(
            select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.preferred_name,
            ).where(Participant.role == other)
        ).all()
    found = [Candidate(r[0], _name(r[1], r[2], r[3])) for r in rows]
    found.sort(key=lambda c: (c.name.casefold(), c.id))
    return found
