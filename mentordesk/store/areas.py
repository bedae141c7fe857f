"""What a change touched, by area; the window refreshes the screens that show these.

Apart from `store.actions` so the window can name them before the data layer loads.
"""

from __future__ import annotations

PARTICIPANTS = "participants"
PAIRINGS = "pairings"
ACTIVITY = "activity"  # meetings, goals, check-ins, concerns
PROGRAMME = "programme"
ALL_AREAS = frozenset({PARTICIPANTS, PAIRINGS, ACTIVITY, PROGRAMME})
