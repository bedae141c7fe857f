"""The best assignment of mentees to mentors' places, for the whole cohort at once.

SciPy's `linear_sum_assignment` solves it exactly: one column per mentor place ("seat"),
so a mentor with room for three mentees is three identical columns. A pair the rules
forbid gets benefit 0, the same as leaving the mentee unmatched, and is dropped from the
answer; with benefits never below 0, the best full assignment is then the best matching.
A greedy pass (best pair first) would lose pairs: 8 + 4 where 5 + 9 was possible.
"""

from __future__ import annotations

import numpy as np

from mentordesk.matching.matching_settings import Objective


def solve(
    scores: np.ndarray, allowed: np.ndarray, seats: np.ndarray, objective: Objective
) -> np.ndarray:
    """For each mentee (row), the mentor (column) it gets, or -1.

    scores: mentees x mentors, values >= 0; allowed: same shape, bool; seats: places left
    per mentor. SCORE maximises the total score; COVERAGE first the number of mentees
    matched, then the total score.
    """
    # Imported here: SciPy's optimizer takes a third of a second to load, and only
    # matching needs it.
    from scipy.optimize import linear_sum_assignment

    assignment = np.full(scores.shape[0], -1, dtype=np.int64)
    seats = np.maximum(np.asarray(seats, dtype=np.int64), 0)
    usable = allowed & (seats > 0)[None, :]
    rows = np.flatnonzero(usable.any(axis=1))
    cols = np.flatnonzero(usable.any(axis=0))
    if rows.size == 0 or cols.size == 0:
        return assignment
    # No mentor needs more seats than mentees who could take them.
    seat_owner = np.repeat(cols, np.minimum(seats[cols], rows.size))
    benefit = np.where(usable, np.maximum(scores, 0.0), 0.0)[np.ix_(rows, seat_owner)]
    benefit = benefit.astype(np.float64)
    if objective == Objective.COVERAGE:
        # Worth more than any total of scores (each <= 1): one more pair always wins.
        bonus = float(min(rows.size, seat_owner.size) + 1)
        benefit = np.where(usable[np.ix_(rows, seat_owner)], benefit + bonus, 0.0)
    chosen_rows, chosen_seats = linear_sum_assignment(benefit, maximize=True)
    for row, seat in zip(chosen_rows, chosen_seats, strict=True):
        mentee, mentor = rows[row], seat_owner[seat]
        if usable[mentee, mentor]:
            assignment[mentee] = mentor
    _fill_free_places(assignment, usable, seats)
    return assignment


def _fill_free_places(assignment: np.ndarray, usable: np.ndarray, seats: np.ndarray) -> None:
    """A pair of score 0 adds nothing to the total, so the solver may leave it out; give
    such a mentee a mentor who still has room (the total is unchanged)."""
    used = np.bincount(assignment[assignment >= 0], minlength=len(seats))
    free = seats - used
    for mentee in np.flatnonzero(assignment < 0):
        candidates = np.flatnonzero(usable[mentee] & (free > 0))
        if candidates.size:
            mentor = int(candidates[0])
            assignment[mentee] = mentor
            free[mentor] -= 1


def total(scores: np.ndarray, assignment: np.ndarray) -> float:
    matched = assignment >= 0
    return float(scores[np.flatnonzero(matched), assignment[matched]].sum())
