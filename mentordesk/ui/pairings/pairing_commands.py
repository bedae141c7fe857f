"""Undo commands for the actions on pairings and on their meetings, check-ins and goals
(`mentordesk.pairings.pairing_actions`). Each action names the pairings it touched, and the
command turns them into `row_topic(id)` topics, so the pairings screen refreshes those rows
instead of re-reading every pairing.
"""

from __future__ import annotations

from collections.abc import Iterable

from mentordesk.pairings.pairing_actions import (
    CHECK_IN,
    GOAL,
    MEETING,
    AddRecord,
    ChangePairingStatus,
    ClosureRequest,
    CreatePairing,
    DeletePairing,
    DeleteRecords,
    UpdateRecord,
    UpdateTerms,
)
from mentordesk.pairings.pairing_records import PairingTerms
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.undo_commands import ROW_PREFIX, ActionCommand, row_topic

__all__ = [
    "CHECK_INS",
    "GOALS",
    "MEETINGS",
    "NewPairing",
    "row_topic",
    "touched_pairings",
]

# The kinds of record inside a pairing, by the noun the window shows.
MEETINGS, CHECK_INS, GOALS = MEETING, CHECK_IN, GOAL
# What the pairing dialog hands over: the action that makes the pairing.
NewPairing = CreatePairing


def touched_pairings(topics: Iterable[str]) -> set[int]:
    return {int(t[len(ROW_PREFIX) :]) for t in topics if t.startswith(ROW_PREFIX)}


def create_pairing_command(context: AppContext, new: CreatePairing, title: str) -> ActionCommand:
    """`result` after the first run: (new pairing id, warnings)."""
    return ActionCommand(context, title, new)


def status_command(
    context: AppContext,
    pairing_id: int,
    title: str,
    change: str,
    closure: ClosureRequest | None = None,
) -> ActionCommand:
    """A status change (activate, pause, resume, close); undo puts the old state back."""
    return ActionCommand(context, title, ChangePairingStatus(pairing_id, change, closure=closure))


def terms_command(
    context: AppContext, pairing_id: int, terms: PairingTerms, title: str
) -> ActionCommand:
    return ActionCommand(context, title, UpdateTerms(pairing_id, terms))


def delete_pairing_command(context: AppContext, pairing_id: int, title: str) -> ActionCommand:
    return ActionCommand(context, title, DeletePairing(pairing_id))


def add_record_command(
    context: AppContext, kind: str, pairing_id: int, data: object, title: str
) -> ActionCommand:
    """`result` after the first run: the new record's id."""
    return ActionCommand(context, title, AddRecord(kind, pairing_id, data))


def update_record_command(
    context: AppContext, kind: str, pairing_id: int, record_id: int, data: object, title: str
) -> ActionCommand:
    return ActionCommand(context, title, UpdateRecord(kind, pairing_id, record_id, data))


def delete_record_command(
    context: AppContext, kind: str, pairing_id: int, record_ids: list[int], title: str
) -> ActionCommand:
    """Delete one or more records of a pairing as one action."""
    return ActionCommand(context, title, DeleteRecords(kind, pairing_id, tuple(record_ids)))
