"""Run the matcher for the cohort: locked pairs first, then the best assignment of the rest,
each proposal with its score and plain reasons, each mentee left over with the reason."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.matching.cohort import RULE_LABELS, Cohort, load_cohort
from mentordesk.matching.matching_settings import MatchSettings, Objective, load_match_settings
from mentordesk.matching.scoring import explain, pair_values, score_matrix
from mentordesk.matching.solver import solve
from mentordesk.programme.text_input import format_date
from mentordesk.progress import NO_PROGRESS, Progress

# Why a mentee is left without a mentor.
NO_ELIGIBLE_MENTOR = "no_eligible_mentor"
MENTORS_FULL = "mentors_full"
EXCLUDED_BY_RULE = "excluded_by_rule"


@dataclass(frozen=True)
class Proposal:
    mentor_id: int
    mentee_id: int
    mentor_name: str
    mentee_name: str
    score: float
    reasons: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    locked: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "mentor_id": self.mentor_id,
            "mentee_id": self.mentee_id,
            "score": round(self.score, 4),
            "reasons": list(self.reasons),
            "warnings": list(self.warnings),
            "locked": self.locked,
        }


@dataclass(frozen=True)
class Unmatched:
    mentee_id: int
    mentee_name: str
    code: str
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"mentee_id": self.mentee_id, "reason": self.reason, "code": self.code}


@dataclass(frozen=True)
class MatchResult:
    objective: Objective
    on_date: dt.date
    proposals: tuple[Proposal, ...]
    unmatched: tuple[Unmatched, ...]
    # Locked pairs the rules no longer allow, each with the reason; they were not kept.
    dropped_locks: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def total_score(self) -> float:
        return float(sum(p.score for p in self.proposals))

    def as_json(self) -> dict[str, Any]:
        return {
            "objective": self.objective.value,
            "total_score": round(self.total_score, 4),
            "proposals": [p.as_json() for p in self.proposals],
            "unmatched": [u.as_json() for u in self.unmatched],
            "dropped_locks": list(self.dropped_locks),
        }


def _proposal(
    cohort: Cohort,
    e: int,
    r: int,
    locked: bool,
    mentee_warnings: bool = True,
    value: dict[str, float] | None = None,
) -> Proposal:
    explanation = explain(cohort, e, r, value)
    warnings = explanation.warnings + (tuple(cohort.mentee_warnings[e]) if mentee_warnings else ())
    return Proposal(
        mentor_id=int(cohort.mentors.ids[r]),
        mentee_id=int(cohort.mentees.ids[e]),
        mentor_name=cohort.mentors.names[r],
        mentee_name=cohort.mentees.names[e],
        score=explanation.score,
        reasons=explanation.reasons,
        warnings=warnings,
        locked=locked,
    )


def _unmatched_reason(
    cohort: Cohort, e: int, allowed_row: np.ndarray, rules: dict[str, np.ndarray]
) -> tuple[str, str]:
    if allowed_row.any():
        count = int(allowed_row.sum())
        mentors = (
            "the only eligible mentor is" if count == 1 else f"all {count} eligible mentors are"
        )
        return MENTORS_FULL, f"{mentors} full"
    ready = cohort.ready
    if not ready.any():
        return NO_ELIGIBLE_MENTOR, "no eligible mentor: no mentor has completed screening"
    labels = dict(RULE_LABELS)
    if cohort.safeguarded[e]:
        through = f" through {format_date(cohort.programme_end)}" if cohort.programme_end else ""
        labels["screening"] = f"background check not valid for a minor{through}"
    # Among screened mentors, how many each rule rules out (one mentor may count twice).
    parts = [
        f"{labels[name]} ({count})"
        for name in RULE_LABELS
        if (count := int((rules[name][0] & ready).sum()))
    ]
    return EXCLUDED_BY_RULE, "excluded by a rule from every screened mentor: " + ", ".join(parts)


def run_match(
    session: Session,
    *,
    on_date: dt.date,
    objective: Objective | None = None,
    settings: MatchSettings | None = None,
    locks: Iterable[tuple[int, int]] = (),
    rejected: Iterable[tuple[int, int]] = (),
    progress: Progress = NO_PROGRESS,
) -> MatchResult:
    """Propose pairs for every active mentee without a mentor. Reads only.

    locks: (mentor id, mentee id) pairs to keep; rejected: pairs not to propose this run.
    """
    settings = settings or load_match_settings(session)
    objective = objective or settings.objective
    timings: dict[str, float] = {}
    progress.step(0, 4, "Reading mentors and mentees…")
    start = time.perf_counter()
    cohort = load_cohort(session, on_date, settings, rejected=rejected)
    timings["load"] = time.perf_counter() - start
    progress.step(1, 4, f"Scoring {len(cohort.mentees) * len(cohort.mentors):,} pairs…")
    start = time.perf_counter()
    all_mentees = np.arange(len(cohort.mentees))
    all_mentors = np.arange(len(cohort.mentors))
    scores = score_matrix(cohort, all_mentees, all_mentors)
    rules = cohort.rule_matrices(all_mentees, all_mentors)
    allowed = np.ones(scores.shape, dtype=bool)
    for mask in rules.values():
        allowed &= ~mask
    timings["score"] = time.perf_counter() - start

    # Locked pairs stay, if the rules still allow them and the mentor has room.
    seats = cohort.seats.copy()
    assignment = np.full(len(cohort.mentees), -1, dtype=np.int64)
    locked = np.zeros(len(cohort.mentees), dtype=bool)
    dropped: list[str] = []
    for mentor_id, mentee_id in locks:
        e = cohort.mentees.position.get(mentee_id)
        r = cohort.mentors.position.get(mentor_id)
        if e is None or r is None:
            dropped.append(
                f"Locked pair {mentor_id}–{mentee_id}: one of them is no longer active, or the "
                "mentee has a mentor now."
            )
            continue
        names = f"{cohort.mentors.names[r]} – {cohort.mentees.names[e]}"
        if locked[e]:
            dropped.append(f"{names}: the mentee is locked to another mentor already.")
            continue
        if not allowed[e, r]:
            why = "; ".join(cohort.blocking_reasons(e, r))
            dropped.append(f"{names}: {why}.")
            continue
        if seats[r] <= 0:
            dropped.append(f"{names}: the mentor has no place left.")
            continue
        assignment[e], locked[e] = r, True
        seats[r] -= 1

    progress.step(2, 4, "Finding the best pairs for the whole cohort…")
    start = time.perf_counter()
    free_rows = np.flatnonzero(~locked)
    solved = solve(scores[free_rows], allowed[free_rows], seats, objective)
    assignment[free_rows] = solved
    timings["solve"] = time.perf_counter() - start

    progress.step(3, 4, "Explaining each pair…")
    matched = np.flatnonzero(assignment >= 0)
    values = pair_values(cohort, matched, assignment[matched])
    proposals = [
        _proposal(cohort, int(e), int(assignment[e]), bool(locked[e]), value=value)
        for e, value in zip(matched, values, strict=True)
    ]
    proposals.sort(key=lambda p: (-p.score, p.mentee_name))
    unmatched = []
    for row in np.flatnonzero(assignment < 0):
        row_rules = {name: mask[row : row + 1] for name, mask in rules.items()}
        code, reason = _unmatched_reason(cohort, int(row), allowed[row], row_rules)
        unmatched.append(
            Unmatched(int(cohort.mentees.ids[row]), cohort.mentees.names[row], code, reason)
        )
    progress.step(4, 4, "Done")
    return MatchResult(
        objective=objective,
        on_date=on_date,
        proposals=tuple(proposals),
        unmatched=tuple(sorted(unmatched, key=lambda u: u.mentee_name)),
        dropped_locks=tuple(dropped),
        timings=timings,
    )


@dataclass(frozen=True)
class MentorOption:
    """One mentor as a hand-picked choice for a mentee, with everything against it."""

    mentor_id: int
    mentor_name: str
    score: float
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    places_left: int
    blocking: tuple[str, ...]  # hard rules that forbid the pair; empty when allowed

    @property
    def allowed(self) -> bool:
        return not self.blocking


def mentor_options(
    session: Session,
    mentee_id: int,
    *,
    on_date: dt.date,
    settings: MatchSettings | None = None,
    places_used: Mapping[int, int] | None = None,
    rejected: Iterable[tuple[int, int]] = (),
) -> list[MentorOption]:
    """Every active mentor for one mentee, best first, allowed ones before the others.

    places_used: places each mentor takes in the proposals on screen (not yet saved).
    """
    settings = settings or load_match_settings(session)
    cohort = load_cohort(session, on_date, settings, mentee_ids=[mentee_id], rejected=rejected)
    e = cohort.mentees.position.get(mentee_id)
    if e is None:
        raise ValidationError(f"There is no active mentee with id {mentee_id}.")
    used = Counter(places_used or {})
    options = []
    mentor_rows = np.arange(len(cohort.mentors))
    values = pair_values(cohort, np.full(len(mentor_rows), e), mentor_rows)
    for r in range(len(mentor_rows)):
        mentor_id = int(cohort.mentors.ids[r])
        explanation = explain(cohort, e, r, values[r])
        warnings = explanation.warnings + tuple(cohort.mentee_warnings[e])
        left = int(cohort.seats[r]) - used[mentor_id]
        blocking = cohort.blocking_reasons(e, r)
        if left <= 0:
            blocking.append("no place left")
        options.append(
            MentorOption(
                mentor_id=mentor_id,
                mentor_name=cohort.mentors.names[r],
                score=explanation.score,
                reasons=explanation.reasons,
                warnings=warnings,
                places_left=max(left, 0),
                blocking=tuple(blocking),
            )
        )
    options.sort(key=lambda o: (not o.allowed, -o.score, o.mentor_name))
    return options


def assess_pair(
    session: Session,
    mentor_id: int,
    mentee_id: int,
    *,
    on_date: dt.date,
    settings: MatchSettings | None = None,
) -> Proposal | None:
    """Score and explanation of one pair, or None if one of them is not an active
    mentor / mentee (the pairing rules then say why)."""
    settings = settings or load_match_settings(session)
    cohort = load_cohort(session, on_date, settings, mentee_ids=[mentee_id])
    e = cohort.mentees.position.get(mentee_id)
    r = cohort.mentors.position.get(mentor_id)
    if e is None or r is None:
        return None
    # The mentee's own warnings (guardian, date of birth) come with the pairing rules.
    return _proposal(cohort, e, r, locked=False, mentee_warnings=False)
