"""The life of a pairing: create, activate, pause, resume, close, and put back (undo).

Every function is one step inside the caller's transaction; the caller commits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import ClosureKind, Initiator, Pairing, PairingStatus, Participant, Role
from mentordesk.pairings.guardian_permission import (
    NEW_PAIRING_HINT,
    check_permission_date,
    existing_pairing_hint,
    permission_problem,
)
from mentordesk.pairings.pairing_rules import PairProblem, pair_problems
from mentordesk.programme.text_input import format_date
from mentordesk.store import current_programme_id

# Offered when a pairing closes; the coordinator may also write their own.
CLOSURE_REASONS = (
    "Programme year completed",
    "Goals achieved",
    "Mentor's schedule changed",
    "Mentor moved away",
    "Mentee's schedule changed",
    "Mentee moved or changed school",
    "Mentee lost interest",
    "Family withdrew the mentee",
    "Relationship not working",
    "Safeguarding concern",
    "Mentor broke programme rules",
)
# Those of the reasons that mean the pairing ran its agreed course.
PLANNED_CLOSURE_REASONS = frozenset({"Programme year completed", "Goals achieved"})


class PermissionMissing(ValidationError):
    """Refused only because a minor's permission is not on record (or came too late)."""


@dataclass(frozen=True)
class PairingState:
    """The fields a status change touches; enough to put a pairing back as it was."""

    id: int
    status: str
    start_date: dt.date | None
    end_date: dt.date | None
    paused_on: dt.date | None
    closure_kind: str | None
    closure_reason: str
    closure_initiator: str | None
    closure_meeting_on: dt.date | None
    closure_notes: str
    post_closure_contact: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _get(session: Session, pairing_id: int) -> Pairing:
    pairing = session.get(Pairing, pairing_id)
    if pairing is None:
        raise ValidationError(f"There is no pairing with id {pairing_id}.")
    return pairing


def pairing_state(session: Session, pairing_id: int) -> PairingState:
    pairing = _get(session, pairing_id)
    values = {f.name: getattr(pairing, f.name) for f in fields(PairingState)}
    for name in ("status", "closure_kind", "closure_initiator"):
        if values[name] is not None:
            values[name] = str(values[name].value)
    return PairingState(**values)


def apply_pairing_state(session: Session, state: PairingState) -> None:
    """Put a pairing back to a saved state (used by undo and redo)."""
    pairing = _get(session, state.id)
    for f in fields(PairingState):
        if f.name == "id":
            continue
        value = getattr(state, f.name)
        if f.name == "status":
            value = PairingStatus(value)
        elif f.name == "closure_kind" and value is not None:
            value = ClosureKind(value)
        elif f.name == "closure_initiator" and value is not None:
            value = Initiator(value)
        setattr(pairing, f.name, value)
    _flush(session, pairing)


def _flush(session: Session, pairing: Pairing) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        if "pairing.id" in str(exc.orig):
            raise ValidationError(
                f"Pairing number {pairing.id} is taken by another pairing; it cannot be "
                "created again under that number."
            ) from exc
        if "uq_pairing_open_mentee" in str(exc.orig) or "UNIQUE" in str(exc.orig):
            raise ValidationError(
                "This mentee already has an active or paused pairing; close or pause that "
                "one first."
            ) from exc
        raise ValidationError(f"The pairing could not be saved: {exc.orig}") from exc


def create_pairing(
    session: Session,
    mentor_id: int,
    mentee_id: int,
    *,
    status: PairingStatus = PairingStatus.ACTIVE,
    start_date: dt.date | None = None,
    on_date: dt.date,
    score: float | None = None,
    explanation: list[str] | None = None,
    notes: str = "",
    pairing_id: int | None = None,
    guardian_permission_on: dt.date | None = None,
    permission_hint: str = NEW_PAIRING_HINT,
) -> tuple[int, list[PairProblem]]:
    """Create a pairing, refusing what the hard rules forbid. Returns its id and warnings.

    `pairing_id` creates it again under the id it had (redo after undo), so later
    commands that name this pairing still find it. `guardian_permission_on`: the day a
    parent's or guardian's permission came back, which an active pairing of a minor needs
    (`permission_hint` says where to record it, in the refusal).
    """
    if status not in (PairingStatus.ACTIVE, PairingStatus.PROPOSED):
        raise ValidationError("A new pairing is either proposed or active.")
    check_permission_date(guardian_permission_on, on_date)
    problems = pair_problems(session, mentor_id, mentee_id, on_date, start=start_date)
    blocking = [p for p in problems if p.blocking]
    mentee = session.get(Participant, mentee_id)
    if status == PairingStatus.ACTIVE and mentee is not None and mentee.role == Role.MENTEE:
        permission = permission_problem(
            session,
            mentee,
            start=start_date or on_date,
            permission_on=guardian_permission_on,
            hint=permission_hint,
        )
        if permission is not None:
            if not blocking:
                raise PermissionMissing(permission.message)
            blocking.append(permission)
    if blocking:
        raise ValidationError(" ".join(p.message for p in blocking))
    pairing = Pairing(
        id=pairing_id,
        programme_id=current_programme_id(session),
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        status=status,
        proposed_on=on_date,
        start_date=(start_date or on_date) if status == PairingStatus.ACTIVE else start_date,
        score=score,
        explanation=list(explanation or []),
        notes=notes,
        guardian_permission_on=guardian_permission_on,
    )
    session.add(pairing)
    _flush(session, pairing)
    return pairing.id, [p for p in problems if not p.blocking]


def activate(session: Session, pairing_id: int, on_date: dt.date) -> None:
    pairing = _get(session, pairing_id)
    if pairing.status == PairingStatus.ACTIVE:
        return
    if pairing.status == PairingStatus.CLOSED:
        raise ValidationError("A closed pairing cannot be reactivated; create a new pairing.")
    # Activating a proposal or resuming a paused pairing passes the same gate as a new one.
    proposed = pairing.status == PairingStatus.PROPOSED
    start = (pairing.start_date or on_date) if proposed else None
    _refuse_blocking(session, pairing, on_date, start, permission_by_start=proposed)
    if pairing.status == PairingStatus.PROPOSED:
        pairing.start_date = pairing.start_date or on_date
    pairing.status = PairingStatus.ACTIVE
    pairing.paused_on = None
    _flush(session, pairing)


def pause(session: Session, pairing_id: int, on_date: dt.date) -> None:
    pairing = _get(session, pairing_id)
    if pairing.status != PairingStatus.ACTIVE:
        raise ValidationError(
            f"Only an active pairing can be paused; this one is {pairing.status}."
        )
    pairing.status = PairingStatus.PAUSED
    pairing.paused_on = on_date
    _flush(session, pairing)


def _refuse_blocking(
    session: Session,
    pairing: Pairing,
    on_date: dt.date,
    start: dt.date | None,
    *,
    permission_by_start: bool,
) -> None:
    """Refuse to make `pairing` active when a hard rule forbids it from `start` on, or a
    minor's permission is not on record (with `permission_by_start`: by the start)."""
    problems = [
        p
        for p in pair_problems(
            session,
            pairing.mentor_id,
            pairing.mentee_id,
            on_date,
            exclude_pairing=pairing.id,
            start=start,
        )
        if p.blocking
    ]
    permission = permission_problem(
        session,
        pairing.mentee,
        start=pairing.start_date or start or on_date,
        permission_on=pairing.guardian_permission_on,
        hint=existing_pairing_hint(pairing.id),
        before_start=permission_by_start,
    )
    if permission is not None and not problems:
        raise PermissionMissing(permission.message)
    if permission is not None:
        problems.append(permission)
    if problems:
        raise ValidationError(" ".join(p.message for p in problems))


def resume(session: Session, pairing_id: int, on_date: dt.date) -> None:
    pairing = _get(session, pairing_id)
    if pairing.status != PairingStatus.PAUSED:
        raise ValidationError(
            f"Only a paused pairing can be resumed; this one is {pairing.status}."
        )
    # Resuming from today: the mentor's screening must hold from today on.
    _refuse_blocking(session, pairing, on_date, on_date, permission_by_start=False)
    pairing.status = PairingStatus.ACTIVE
    pairing.paused_on = None
    _flush(session, pairing)


def close(
    session: Session,
    pairing_id: int,
    *,
    reason: str,
    on_date: dt.date,
    kind: ClosureKind = ClosureKind.PLANNED,
    initiator: Initiator | None = None,
    closure_meeting_on: dt.date | None = None,
    notes: str = "",
    post_closure_contact: str = "",
) -> None:
    pairing = _get(session, pairing_id)
    if pairing.status == PairingStatus.CLOSED:
        raise ValidationError("This pairing is already closed.")
    if not reason.strip():
        raise ValidationError("Give a reason for closing the pairing.")
    if pairing.start_date is not None and on_date < pairing.start_date:
        raise ValidationError(
            f"The closing date {format_date(on_date)} is before the start date "
            f"{format_date(pairing.start_date)}."
        )
    pairing.status = PairingStatus.CLOSED
    pairing.end_date = on_date
    pairing.closure_reason = reason.strip()
    pairing.closure_kind = kind
    pairing.closure_initiator = initiator
    pairing.closure_meeting_on = closure_meeting_on
    pairing.closure_notes = notes
    pairing.post_closure_contact = post_closure_contact
    _flush(session, pairing)
