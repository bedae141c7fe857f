"""Undoable actions on pairings and on their meetings, check-ins and goals.

Each builder returns a `UseCaseCommand` whose `do` and `undo` run a use-case in one
transaction. Commands that add a record remember its id, so redo creates it again under
the same id and the commands above it on the stack still find it.

Besides the topics, each command names the pairings it touched with `row_topic(id)`, so
the pairings screen refreshes those rows instead of re-reading every pairing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import PairingStatus
from mentordesk.pairings import activity
from mentordesk.pairings.pairing_lifecycle import (
    apply_pairing_state,
    create_pairing,
    pairing_state,
)
from mentordesk.pairings.pairing_records import (
    PairingSnapshot,
    PairingTerms,
    delete_pairing,
    rematch,
    restore_pairing,
    update_terms,
)
from mentordesk.store import Database
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, AppContext
from mentordesk.ui.window.undo_commands import UseCaseCommand

ROW_PREFIX = "pairing-row:"


def row_topic(pairing_id: int) -> str:
    return f"{ROW_PREFIX}{pairing_id}"


def touched_pairings(topics: Iterable[str]) -> set[int]:
    return {int(t[len(ROW_PREFIX) :]) for t in topics if t.startswith(ROW_PREFIX)}


def perform_inline(context: AppContext, command: UseCaseCommand) -> str | None:
    """Run a command and push it on the undo stack; return the refusal text instead of
    showing a message box (for fast entry rows that show the reason beside the fields)."""
    try:
        command.run_first()
    except MentorDeskError as exc:
        return str(exc)
    context.undo_stack.push(command)
    context.status_message.emit(command.text())
    return None


def _in_transaction(db: Database, step: Callable[[Session], Any]) -> Any:
    with db.transaction() as session:
        return step(session)


# --- pairings --------------------------------------------------------------------------
@dataclass(frozen=True)
class NewPairing:
    mentor_id: int
    mentee_id: int
    status: PairingStatus
    start_date: dt.date | None
    # The closed pairing whose mentee is being rematched, if any.
    rematch_of: int | None = None


def create_pairing_command(context: AppContext, new: NewPairing, title: str) -> UseCaseCommand:
    """`result` after the first run: (new pairing id, warnings)."""
    made: dict[str, int] = {}

    def create(session: Session) -> Any:
        kwargs: dict[str, Any] = {
            "status": new.status,
            "start_date": new.start_date,
            "on_date": clock.today(),
            "pairing_id": made.get("id"),
        }
        if new.rematch_of is not None:
            result = rematch(session, new.rematch_of, new.mentor_id, **kwargs)
        else:
            result = create_pairing(session, new.mentor_id, new.mentee_id, **kwargs)
        made["id"] = result[0]
        command.topics = (PAIRINGS, row_topic(result[0]))
        return result

    def remove(db: Database) -> None:
        _in_transaction(db, lambda s: delete_pairing(s, made["id"]))

    command = UseCaseCommand(
        context, title, lambda db: _in_transaction(db, create), remove, (PAIRINGS,)
    )
    return command


def status_command(
    context: AppContext, pairing_id: int, title: str, change: Callable[[Session], None]
) -> UseCaseCommand:
    """A status change (activate, pause, resume, close); undo puts the old state back."""
    saved: dict[str, Any] = {}

    def do(session: Session) -> None:
        saved["before"] = pairing_state(session, pairing_id)
        change(session)

    def undo(session: Session) -> None:
        apply_pairing_state(session, saved["before"])

    return UseCaseCommand(
        context,
        title,
        lambda db: _in_transaction(db, do),
        lambda db: _in_transaction(db, undo),
        (PAIRINGS, row_topic(pairing_id)),
    )


def terms_command(
    context: AppContext, pairing_id: int, terms: PairingTerms, title: str
) -> UseCaseCommand:
    saved: dict[str, PairingTerms] = {}

    def do(session: Session) -> None:
        before = update_terms(session, pairing_id, terms)
        saved.setdefault("before", before)

    def undo(session: Session) -> None:
        update_terms(session, pairing_id, saved["before"])

    return UseCaseCommand(
        context,
        title,
        lambda db: _in_transaction(db, do),
        lambda db: _in_transaction(db, undo),
        (PAIRINGS, row_topic(pairing_id)),
    )


def delete_pairing_command(context: AppContext, pairing_id: int, title: str) -> UseCaseCommand:
    saved: dict[str, PairingSnapshot] = {}

    def do(session: Session) -> None:
        saved["snapshot"] = delete_pairing(session, pairing_id)

    def undo(session: Session) -> None:
        restore_pairing(session, saved["snapshot"])

    return UseCaseCommand(
        context,
        title,
        lambda db: _in_transaction(db, do),
        lambda db: _in_transaction(db, undo),
        (PAIRINGS, ACTIVITY, row_topic(pairing_id)),
    )


# --- meetings, check-ins, goals -------------------------------------------------------
@dataclass(frozen=True)
class RecordKind:
    """The use-cases of one kind of record inside a pairing."""

    noun: str
    add: Callable[..., int]  # (session, pairing_id, data, record_id=None) -> id
    update: Callable[[Session, int, Any], Any]  # returns the previous input
    delete: Callable[[Session, int], Any]  # returns the deleted row
    restore: Callable[[Session, Any], int]


MEETINGS = RecordKind(
    "meeting",
    lambda s, pid, data, record_id=None: activity.add_meeting(s, pid, data, meeting_id=record_id),
    activity.update_meeting,
    activity.delete_meeting,
    activity.restore_meeting,
)
CHECK_INS = RecordKind(
    "check-in",
    lambda s, pid, data, record_id=None: activity.add_check_in(s, pid, data, check_in_id=record_id),
    activity.update_check_in,
    activity.delete_check_in,
    activity.restore_check_in,
)
GOALS = RecordKind(
    "goal",
    lambda s, pid, data, record_id=None: activity.add_goal(s, pid, data, goal_id=record_id),
    activity.update_goal,
    activity.delete_goal,
    activity.restore_goal,
)


def _activity_command(
    context: AppContext,
    pairing_id: int,
    title: str,
    do: Callable[[Session], Any],
    undo: Callable[[Session], Any],
) -> UseCaseCommand:
    return UseCaseCommand(
        context,
        title,
        lambda db: _in_transaction(db, do),
        lambda db: _in_transaction(db, undo),
        (ACTIVITY, row_topic(pairing_id)),
    )


def add_record_command(
    context: AppContext, kind: RecordKind, pairing_id: int, data: Any, title: str
) -> UseCaseCommand:
    """`result` after the first run: the new record's id."""
    made: dict[str, int] = {}

    def do(session: Session) -> int:
        made["id"] = kind.add(session, pairing_id, data, record_id=made.get("id"))
        return made["id"]

    return _activity_command(context, pairing_id, title, do, lambda s: kind.delete(s, made["id"]))


def update_record_command(
    context: AppContext, kind: RecordKind, pairing_id: int, record_id: int, data: Any, title: str
) -> UseCaseCommand:
    saved: dict[str, Any] = {}

    def do(session: Session) -> None:
        before = kind.update(session, record_id, data)
        saved.setdefault("before", before)

    return _activity_command(
        context, pairing_id, title, do, lambda s: kind.update(s, record_id, saved["before"])
    )


def delete_record_command(
    context: AppContext, kind: RecordKind, pairing_id: int, record_ids: list[int], title: str
) -> UseCaseCommand:
    """Delete one or more records of a pairing as one action."""
    saved: list[Any] = []

    def do(session: Session) -> None:
        saved[:] = [kind.delete(session, record_id) for record_id in record_ids]

    def undo(session: Session) -> None:
        for row in saved:
            kind.restore(session, row)

    return _activity_command(context, pairing_id, title, do, undo)
