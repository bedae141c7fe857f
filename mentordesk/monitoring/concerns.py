"""Resolving a safety concern raised in a check-in (and putting it back, for undo)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import CheckIn


@dataclass(frozen=True)
class ConcernState:
    check_in_id: int
    resolved_on: dt.date | None
    notes: str


def concern_state(session: Session, check_in_id: int) -> ConcernState:
    check_in = _get(session, check_in_id)
    return ConcernState(check_in_id, check_in.concern_resolved_on, check_in.notes or "")


def resolve_concern(
    session: Session, check_in_id: int, resolved_on: dt.date, action: str = ""
) -> ConcernState:
    """Mark a concern resolved, adding what was done to the check-in's notes.

    Returns the state before, so the caller can undo."""
    check_in = _get(session, check_in_id)
    if check_in.concern_resolved_on is not None:
        raise ValidationError(
            f"This concern was already resolved on {check_in.concern_resolved_on:%d %b %Y}."
        )
    if resolved_on < check_in.held_on:
        raise ValidationError(
            f"A concern cannot be resolved ({resolved_on:%d %b %Y}) before it was raised "
            f"({check_in.held_on:%d %b %Y})."
        )
    before = ConcernState(check_in.id, check_in.concern_resolved_on, check_in.notes or "")
    check_in.concern_resolved_on = resolved_on
    if action.strip():
        entry = f"Resolved {resolved_on:%d %b %Y}: {action.strip()}"
        check_in.notes = f"{check_in.notes}\n{entry}" if check_in.notes else entry
    session.flush()
    return before


def apply_concern_state(session: Session, state: ConcernState) -> None:
    check_in = _get(session, state.check_in_id)
    check_in.concern_resolved_on = state.resolved_on
    check_in.notes = state.notes
    session.flush()


def _get(session: Session, check_in_id: int) -> CheckIn:
    check_in = session.get(CheckIn, check_in_id)
    if check_in is None:
        raise ValidationError(f"There is no check-in with id {check_in_id}.")
    if not check_in.concern:
        raise ValidationError("This check-in raised no concern.")
    return check_in
