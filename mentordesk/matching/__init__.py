"""Matching: score every eligible mentor–mentee pair, explain it, and find the best set of
pairs for the whole cohort under the hard rules. Plain Python and numpy, no Qt."""
