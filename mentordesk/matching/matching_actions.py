"""The matching screen's actions (accept proposals, never pair two people, change the
weights and rules) and its reads (run the matcher, a mentee's mentor options), each on the
Database with its own unit of work."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentordesk.matching.decisions import (
    accept_proposals,
    add_exclusion,
    remove_exclusion,
    withdraw_pairings,
)
from mentordesk.matching.matcher import (
    MatchResult,
    MentorOption,
    Proposal,
    mentor_options,
    run_match,
)
from mentordesk.matching.matching_settings import (
    MatchSettings,
    Objective,
    load_match_settings,
    save_match_settings,
)
from mentordesk.models import PairingStatus
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.store import Database
from mentordesk.store.actions import (
    PAIRINGS,
    PARTICIPANTS,
    PROGRAMME,
    Outcome,
    Sequence,
    outcome,
)


def match_settings(db: Database) -> MatchSettings:
    with db.reading() as session:
        return load_match_settings(session)


def match_cohort(
    db: Database,
    *,
    on_date: dt.date,
    objective: Objective | None = None,
    locks: Iterable[tuple[int, int]] = (),
    rejected: Iterable[tuple[int, int]] = (),
    progress: Progress = NO_PROGRESS,
) -> MatchResult:
    """Propose pairs for every mentee waiting for a mentor (reads only)."""
    with db.reading() as session:
        return run_match(
            session,
            on_date=on_date,
            objective=objective,
            locks=locks,
            rejected=rejected,
            progress=progress,
        )


def options_for_mentee(
    db: Database,
    mentee_id: int,
    *,
    on_date: dt.date,
    settings: MatchSettings | None = None,
    places_used: Mapping[int, int] | None = None,
    rejected: Iterable[tuple[int, int]] = (),
) -> list[MentorOption]:
    with db.reading() as session:
        return mentor_options(
            session,
            mentee_id,
            on_date=on_date,
            settings=settings,
            places_used=places_used,
            rejected=rejected,
        )


@dataclass(frozen=True)
class AcceptProposals:
    """Save proposals as pairings, all or none; `result`: the new pairings' ids."""

    proposals: tuple[Proposal, ...]
    status: PairingStatus
    on_date: dt.date

    def apply(self, session: Session) -> Outcome:
        ids = accept_proposals(
            session, self.proposals, status=PairingStatus(self.status), on_date=self.on_date
        )
        return outcome(WithdrawPairings(tuple(ids), self), (PAIRINGS,), result=ids)


@dataclass(frozen=True)
class WithdrawPairings:
    """Undo of an acceptance: refused once a pairing has a life of its own."""

    pairing_ids: tuple[int, ...]
    accepted: AcceptProposals

    def apply(self, session: Session) -> Outcome:
        withdraw_pairings(session, self.pairing_ids)
        return outcome(self.accepted, (PAIRINGS,))


@dataclass(frozen=True)
class ProposeForCohort:
    """Run the matcher and save its proposals as proposed pairings in the same transaction,
    so what is saved is exactly what was computed (`mentordesk match --apply`). `result`: the
    match result; the inverse withdraws the new pairings. When nothing is proposed nothing
    changes and the outcome names no area."""

    on_date: dt.date
    objective: Objective | None = None

    def apply(self, session: Session) -> Outcome:
        result = run_match(session, on_date=self.on_date, objective=self.objective)
        if not result.proposals:
            return outcome(Sequence(()), (), result=result)
        accepted = AcceptProposals(result.proposals, PairingStatus.PROPOSED, self.on_date)
        done = accepted.apply(session)
        return outcome(done.inverse, done.areas, pairings=done.result, result=result)


@dataclass(frozen=True)
class NeverPair:
    """Exclude pairs for good (the matcher never proposes them again)."""

    pairs: tuple[tuple[int, int], ...]
    reason: str
    on_date: dt.date

    def apply(self, session: Session) -> Outcome:
        created = []
        for mentor_id, mentee_id in self.pairs:
            new = add_exclusion(session, mentor_id, mentee_id, self.reason, self.on_date)
            if new is not None:
                created.append(new)
        return outcome(RemoveExclusions(tuple(created), self), (PARTICIPANTS,))


@dataclass(frozen=True)
class RemoveExclusions:
    exclusion_ids: tuple[int, ...]
    made_by: NeverPair

    def apply(self, session: Session) -> Outcome:
        for exclusion_id in self.exclusion_ids:
            remove_exclusion(session, exclusion_id)
        return outcome(self.made_by, (PARTICIPANTS,))


@dataclass(frozen=True)
class SaveMatchSettings:
    settings: MatchSettings

    def apply(self, session: Session) -> Outcome:
        before = load_match_settings(session)
        save_match_settings(session, self.settings)
        return outcome(SaveMatchSettings(before), (PROGRAMME,))
