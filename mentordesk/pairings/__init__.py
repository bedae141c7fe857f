"""Pairings: their life (create, activate, pause, resume, close), the rules checked before
pairing two people, and what happens inside a pairing (meetings, check-ins, goals)."""
