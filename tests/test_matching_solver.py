"""The solver finds the optimum: checked against every possible assignment of small cohorts."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mentordesk.matching.matching_settings import Objective
from mentordesk.matching.solver import solve, total


def brute_force(
    scores: np.ndarray, allowed: np.ndarray, seats: np.ndarray
) -> tuple[float, tuple[int, float]]:
    """Enumerate every assignment; return the best total, and the best (count, total)."""
    n_mentees, n_mentors = scores.shape
    best_total = 0.0
    best_coverage = (0, 0.0)

    def walk(mentee: int, free: list[int], count: int, score: float) -> None:
        nonlocal best_total, best_coverage
        if mentee == n_mentees:
            best_total = max(best_total, score)
            best_coverage = max(best_coverage, (count, score))
            return
        walk(mentee + 1, free, count, score)  # left unmatched
        for mentor in range(n_mentors):
            if allowed[mentee, mentor] and free[mentor] > 0:
                free[mentor] -= 1
                walk(mentee + 1, free, count + 1, score + float(scores[mentee, mentor]))
                free[mentor] += 1

    walk(0, [int(s) for s in seats], 0, 0.0)
    return best_total, best_coverage


def check_valid(assignment: np.ndarray, allowed: np.ndarray, seats: np.ndarray) -> None:
    matched = np.flatnonzero(assignment >= 0)
    assert all(allowed[e, assignment[e]] for e in matched)
    used = np.bincount(assignment[matched], minlength=len(seats))
    assert (used <= seats).all()


@st.composite
def cohorts(draw: st.DrawFn) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n_mentees = draw(st.integers(1, 6))
    n_mentors = draw(st.integers(1, 4))
    # Coarse scores make ties, where a careless solver goes wrong.
    values = st.sampled_from([0.0, 0.1, 0.25, 0.4, 0.5, 0.75, 0.9, 1.0])
    scores = np.array(
        draw(st.lists(st.lists(values, min_size=n_mentors, max_size=n_mentors),
                      min_size=n_mentees, max_size=n_mentees)),
        dtype=np.float32,
    )  # fmt: skip
    allowed = np.array(
        draw(st.lists(st.lists(st.booleans(), min_size=n_mentors, max_size=n_mentors),
                      min_size=n_mentees, max_size=n_mentees)),
        dtype=bool,
    )  # fmt: skip
    seats = np.array(
        draw(st.lists(st.integers(0, 3), min_size=n_mentors, max_size=n_mentors)), dtype=np.int64
    )
    return scores, allowed, seats


@settings(max_examples=300, deadline=None)
@given(cohorts())
def test_solver_matches_brute_force_on_both_objectives(
    cohort: tuple[np.ndarray, np.ndarray, np.ndarray],
) -> None:
    scores, allowed, seats = cohort
    best_total, (best_count, best_total_at_count) = brute_force(scores, allowed, seats)

    by_score = solve(scores, allowed, seats, Objective.SCORE)
    check_valid(by_score, allowed, seats)
    assert total(scores, by_score) == pytest.approx(best_total, abs=1e-5)

    by_coverage = solve(scores, allowed, seats, Objective.COVERAGE)
    check_valid(by_coverage, allowed, seats)
    assert int((by_coverage >= 0).sum()) == best_count
    assert total(scores, by_coverage) == pytest.approx(best_total_at_count, abs=1e-5)


def test_not_greedy_five_plus_nine_beats_eight_plus_four() -> None:
    # Mentee by mentee, A takes its best mentor X (8) and B is left with Y (4): 12.
    scores = np.array([[0.8, 0.5], [0.9, 0.4]], dtype=np.float32)
    assignment = solve(scores, np.ones((2, 2), dtype=bool), np.array([1, 1]), Objective.SCORE)
    assert list(assignment) == [1, 0]  # A–Y (5) + B–X (9) = 14
    assert total(scores, assignment) == pytest.approx(1.4)


def test_not_greedy_best_pair_first_either() -> None:
    # Best pair first takes A–X (9), then B–Y (1): 10; A–Y (8) + B–X (8.5) is 16.5.
    scores = np.array([[0.9, 0.8], [0.85, 0.1]], dtype=np.float32)
    assignment = solve(scores, np.ones((2, 2), dtype=bool), np.array([1, 1]), Objective.SCORE)
    assert list(assignment) == [1, 0]
    assert total(scores, assignment) == pytest.approx(1.65)


def test_coverage_matches_more_mentees_than_score() -> None:
    # X is great for A (1.0); A could take Y instead (0.05); B can only take X (0.2).
    scores = np.array([[1.0, 0.05], [0.2, 0.0]], dtype=np.float32)
    allowed = np.array([[True, True], [True, False]])
    seats = np.array([1, 1])
    assert list(solve(scores, allowed, seats, Objective.SCORE)) == [0, -1]  # 1.0 > 0.25
    assert list(solve(scores, allowed, seats, Objective.COVERAGE)) == [1, 0]


def test_capacity_is_a_number_of_places() -> None:
    scores = np.full((5, 2), 0.5, dtype=np.float32)
    allowed = np.ones((5, 2), dtype=bool)
    assignment = solve(scores, allowed, np.array([3, 1]), Objective.COVERAGE)
    assert sorted(assignment.tolist()) == [-1, 0, 0, 0, 1]


def test_zero_scores_still_get_free_places() -> None:
    scores = np.zeros((3, 2), dtype=np.float32)
    allowed = np.array([[True, False], [True, True], [False, False]])
    assignment = solve(scores, allowed, np.array([1, 1]), Objective.SCORE)
    assert (assignment[:2] >= 0).all() and assignment[2] == -1
    check_valid(assignment, allowed, np.array([1, 1]))


def test_nobody_allowed() -> None:
    scores = np.ones((2, 2), dtype=np.float32)
    assignment = solve(scores, np.zeros((2, 2), dtype=bool), np.array([1, 1]), Objective.SCORE)
    assert list(assignment) == [-1, -1]
