"""On random cohorts: the matcher never breaks a hard rule, its rules agree with the
one-pair rules used when a pairing is saved, and its answer is the optimum."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentordesk.matching.cohort import load_cohort
from mentordesk.matching.matcher import (
    EXCLUDED_BY_RULE,
    MENTORS_FULL,
    NO_ELIGIBLE_MENTOR,
    assess_pair,
    run_match,
)
from mentordesk.matching.matching_settings import MatchSettings, Objective
from mentordesk.models import PairingStatus, Participant, Role
from mentordesk.pairings.pairing_lifecycle import create_pairing
from mentordesk.pairings.pairing_rules import mentor_load, pair_problems
from mentordesk.store import Database
from tests.matching_cohorts import build_cohort
from tests.test_matching_solver import brute_force

TODAY = dt.date(2026, 11, 25)
RANDOM_COHORTS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _blocking(session, mentor_id: int, mentee_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in pair_problems(session, mentor_id, mentee_id, TODAY) if p.blocking]


@RANDOM_COHORTS
@given(seed=st.integers(0, 2**32 - 1), coverage=st.booleans())
def test_proposals_never_break_a_hard_rule(db: Database, seed: int, coverage: bool) -> None:
    rng = random.Random(seed)
    with db.reading() as session:  # everything is rolled back after each example
        ids = build_cohort(session, seed, rng.randint(3, 9), rng.randint(2, 5), TODAY)
        objective = Objective.COVERAGE if coverage else Objective.SCORE
        result = run_match(session, on_date=TODAY, objective=objective)
        mentees = [p.mentee_id for p in result.proposals]
        assert len(mentees) == len(set(mentees)), "a mentee got two mentors"
        # Saving them one by one re-checks every rule, counting the places taken so far.
        for proposal in result.proposals:
            assert proposal.mentee_id in ids.mentees and proposal.mentor_id in ids.mentors
            assert _blocking(session, proposal.mentor_id, proposal.mentee_id) == []
            create_pairing(
                session,
                proposal.mentor_id,
                proposal.mentee_id,
                status=PairingStatus.PROPOSED,
                on_date=TODAY,
            )
        # Every mentee left over has the reason that really applies.
        for left in result.unmatched:
            problems = [_blocking(session, mentor, left.mentee_id) for mentor in ids.mentors]
            only_full = [codes == ["capacity"] for codes in problems]
            if left.code == MENTORS_FULL:
                assert any(only_full), left
            else:
                assert left.code in (NO_ELIGIBLE_MENTOR, EXCLUDED_BY_RULE)
                assert all(codes and codes != ["capacity"] for codes in problems), left
        session.rollback()


@RANDOM_COHORTS
@given(seed=st.integers(0, 2**32 - 1))
def test_cohort_rules_agree_with_pair_problems(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    with db.reading() as session:
        ids = build_cohort(session, seed, rng.randint(3, 8), rng.randint(2, 5), TODAY)
        cohort = load_cohort(session, TODAY, MatchSettings())
        rows_e = np.arange(len(cohort.mentees))
        rows_r = np.arange(len(cohort.mentors))
        allowed = cohort.allowed(rows_e, rows_r) & (cohort.seats > 0)[None, :]
        for mentee_id in ids.mentees:
            for mentor_id in ids.mentors:
                e = cohort.mentees.position.get(mentee_id)
                r = cohort.mentors.position.get(mentor_id)
                ours = e is not None and r is not None and bool(allowed[e, r])
                theirs = _blocking(session, mentor_id, mentee_id)
                assert ours == (not theirs), (mentor_id, mentee_id, theirs)
                if e is not None and r is not None and not ours:
                    # The words for it exist too (capacity is said by the screen itself).
                    assert cohort.blocking_reasons(e, r) or cohort.seats[r] == 0
        session.rollback()


@RANDOM_COHORTS
@given(seed=st.integers(0, 2**32 - 1))
def test_run_is_the_optimum_of_every_possible_assignment(db: Database, seed: int) -> None:
    """Brute force over the real database: rules from pair_problems, scores pair by pair."""
    rng = random.Random(seed)
    with db.reading() as session:
        ids = build_cohort(session, seed, rng.randint(2, 6), rng.randint(1, 3), TODAY)
        waiting = [p.id for p in session.query(Participant).filter_by(role=Role.MENTEE)]
        allowed_pairs = {}
        for mentee_id in waiting:
            for mentor_id in ids.mentors:
                codes = _blocking(session, mentor_id, mentee_id)
                if not [c for c in codes if c != "capacity"]:
                    allowed_pairs[mentee_id, mentor_id] = True
        mentees = sorted({e for e, _ in allowed_pairs})
        mentors = ids.mentors
        seats = np.array(
            [
                max(0, (session.get(Participant, m).capacity or 1) - mentor_load(session, m))
                for m in mentors
            ]
        )
        scores = np.zeros((len(mentees), len(mentors)), dtype=np.float32)
        allowed = np.zeros(scores.shape, dtype=bool)
        for i, mentee_id in enumerate(mentees):
            for j, mentor_id in enumerate(mentors):
                if (mentee_id, mentor_id) in allowed_pairs:
                    allowed[i, j] = True
                    assessed = assess_pair(session, mentor_id, mentee_id, on_date=TODAY)
                    assert assessed is not None
                    scores[i, j] = assessed.score
        best_total, (best_count, best_at_count) = brute_force(scores, allowed, seats)

        by_score = run_match(session, on_date=TODAY, objective=Objective.SCORE)
        assert by_score.total_score == pytest.approx(best_total, abs=1e-4)
        by_coverage = run_match(session, on_date=TODAY, objective=Objective.COVERAGE)
        assert len(by_coverage.proposals) == best_count
        assert by_coverage.total_score == pytest.approx(best_at_count, abs=1e-4)
        session.rollback()


@RANDOM_COHORTS
@given(seed=st.integers(0, 2**32 - 1))
def test_locks_stay_and_rejections_are_kept_out(db: Database, seed: int) -> None:
    rng = random.Random(seed)
    with db.reading() as session:
        build_cohort(session, seed, rng.randint(3, 8), rng.randint(2, 5), TODAY)
        first = run_match(session, on_date=TODAY)
        if not first.proposals:
            session.rollback()
            return
        locked = rng.sample(first.proposals, rng.randint(0, len(first.proposals)))
        unlocked = [p for p in first.proposals if p not in locked]
        rejected = [(p.mentor_id, p.mentee_id) for p in unlocked[:1]]
        again = run_match(
            session,
            on_date=TODAY,
            locks=[(p.mentor_id, p.mentee_id) for p in locked],
            rejected=rejected,
        )
        pairs = {(p.mentor_id, p.mentee_id): p for p in again.proposals}
        for proposal in locked:
            assert pairs[proposal.mentor_id, proposal.mentee_id].locked
        for pair in rejected:
            assert pair not in pairs
        assert not again.dropped_locks
        places = Counter(p.mentor_id for p in again.proposals)
        for mentor_id, used in places.items():
            capacity = session.get(Participant, mentor_id).capacity or 1
            assert used + mentor_load(session, mentor_id) <= capacity
        session.rollback()
