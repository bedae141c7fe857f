"""Actions on pairings and on their meetings, check-ins and goals: create (or rematch),
activate, pause, resume, close, edit the terms, delete; add, edit and delete records.

Each runs in one transaction (`store.actions.run`) and returns its inverse; the window's
undo and the command line call these same actions. A record deleted by an undo comes back
under its old id on redo, so later steps that name it still find it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import ClosureKind, Initiator, PairingStatus
from mentordesk.pairings import activity
from mentordesk.pairings import pairing_lifecycle as lifecycle
from mentordesk.pairings.guardian_permission import record_guardian_permission
from mentordesk.pairings.pairing_records import (
    PairingSnapshot,
    PairingTerms,
    delete_pairing,
    rematch,
    restore_pairing,
    update_terms,
)
from mentordesk.store.actions import ACTIVITY, PAIRINGS, Outcome, outcome


@dataclass(frozen=True)
class CreatePairing:
    """Pair two people (or, with `rematch_of`, the mentee of a closed pairing with a new
    mentor). `result`: (the new pairing's id, the warnings the rules raised)."""

    mentor_id: int
    mentee_id: int
    status: PairingStatus = PairingStatus.ACTIVE
    start_date: dt.date | None = None
    rematch_of: int | None = None
    on_date: dt.date | None = None
    # The matcher's score and reasons, kept with a pair made from the command line.
    score: float | None = None
    explanation: tuple[str, ...] = ()
    # The day a parent's or guardian's permission came back: a minor's active pairing needs it.
    guardian_permission_on: dt.date | None = None

    def apply(self, session: Session) -> Outcome:
        kwargs: dict[str, Any] = {
            "status": PairingStatus(self.status),
            "start_date": self.start_date,
            "on_date": self.on_date or clock.today(),
            "guardian_permission_on": self.guardian_permission_on,
        }
        if self.rematch_of is not None:
            new_id, warnings = rematch(session, self.rematch_of, self.mentor_id, **kwargs)
        else:
            new_id, warnings = lifecycle.create_pairing(
                session,
                self.mentor_id,
                self.mentee_id,
                score=self.score,
                explanation=list(self.explanation),
                **kwargs,
            )
        return outcome(
            DeletePairing(new_id),
            (PAIRINGS,),
            pairings=[new_id],
            result=(new_id, warnings),
            warnings=[w.message for w in warnings],
        )


@dataclass(frozen=True)
class DeletePairing:
    """Delete a pairing made by mistake, with its records; undo puts all of it back."""

    pairing_id: int

    def apply(self, session: Session) -> Outcome:
        snapshot = delete_pairing(session, self.pairing_id)
        return outcome(RestorePairing(snapshot), (PAIRINGS, ACTIVITY), pairings=[self.pairing_id])


@dataclass(frozen=True)
class RestorePairing:
    snapshot: PairingSnapshot

    def apply(self, session: Session) -> Outcome:
        pairing_id = restore_pairing(session, self.snapshot)
        return outcome(DeletePairing(pairing_id), (PAIRINGS, ACTIVITY), pairings=[pairing_id])


@dataclass(frozen=True)
class ClosureRequest:
    reason: str
    kind: ClosureKind
    initiator: Initiator | None
    on_date: dt.date
    closure_meeting_on: dt.date | None = None
    post_closure_contact: str = ""
    notes: str = ""


ACTIVATE, PAUSE, RESUME, CLOSE = "activate", "pause", "resume", "close"
STATUS_CHANGES = (ACTIVATE, PAUSE, RESUME, CLOSE)


@dataclass(frozen=True)
class ChangePairingStatus:
    """Activate, pause, resume or close (`closure` says how); undo puts the old state back."""

    pairing_id: int
    change: str
    on_date: dt.date | None = None
    closure: ClosureRequest | None = None

    def apply(self, session: Session) -> Outcome:
        before = lifecycle.pairing_state(session, self.pairing_id)
        today = self.on_date or clock.today()
        if self.change == ACTIVATE:
            lifecycle.activate(session, self.pairing_id, today)
        elif self.change == PAUSE:
            lifecycle.pause(session, self.pairing_id, today)
        elif self.change == RESUME:
            lifecycle.resume(session, self.pairing_id, today)
        elif self.change == CLOSE and self.closure is not None:
            c = self.closure
            lifecycle.close(
                session,
                self.pairing_id,
                reason=c.reason,
                on_date=c.on_date,
                kind=ClosureKind(c.kind),
                initiator=Initiator(c.initiator) if c.initiator else None,
                closure_meeting_on=c.closure_meeting_on,
                notes=c.notes,
                post_closure_contact=c.post_closure_contact,
            )
        else:
            raise ValueError(f"unknown status change {self.change!r}")
        return outcome(RestorePairingState(before), (PAIRINGS,), pairings=[self.pairing_id])


@dataclass(frozen=True)
class RestorePairingState:
    state: lifecycle.PairingState

    def apply(self, session: Session) -> Outcome:
        before = lifecycle.pairing_state(session, self.state.id)
        lifecycle.apply_pairing_state(session, self.state)
        return outcome(RestorePairingState(before), (PAIRINGS,), pairings=[self.state.id])


@dataclass(frozen=True)
class RecordGuardianPermission:
    """Record (or clear, with None) the day a parent's or guardian's permission came back;
    `from_agreement`: the day the agreement came back signed by one. `result`: the date
    now on record."""

    pairing_id: int
    day: dt.date | None
    from_agreement: bool = False
    on_date: dt.date | None = None

    def apply(self, session: Session) -> Outcome:
        before, after = record_guardian_permission(
            session,
            self.pairing_id,
            self.day,
            today=self.on_date or clock.today(),
            from_agreement=self.from_agreement,
        )
        return outcome(
            RecordGuardianPermission(self.pairing_id, before),
            (PAIRINGS,),
            pairings=[self.pairing_id],
            result=after,
        )


@dataclass(frozen=True)
class UpdateTerms:
    pairing_id: int
    terms: PairingTerms

    def apply(self, session: Session) -> Outcome:
        before = update_terms(session, self.pairing_id, self.terms)
        return outcome(
            UpdateTerms(self.pairing_id, before), (PAIRINGS,), pairings=[self.pairing_id]
        )


# --- meetings, check-ins, goals -------------------------------------------------------
@dataclass(frozen=True)
class RecordKind:
    """The use-cases of one kind of record inside a pairing."""

    noun: str
    add: Any  # (session, pairing_id, data) -> id
    update: Any  # (session, record_id, data) -> the previous input
    delete: Any  # (session, record_id) -> the deleted row
    restore: Any  # (session, row) -> id


MEETING, CHECK_IN, GOAL = "meeting", "check-in", "goal"
RECORD_KINDS = {
    MEETING: RecordKind(
        MEETING,
        activity.add_meeting,
        activity.update_meeting,
        activity.delete_meeting,
        activity.restore_meeting,
    ),
    CHECK_IN: RecordKind(
        CHECK_IN,
        activity.add_check_in,
        activity.update_check_in,
        activity.delete_check_in,
        activity.restore_check_in,
    ),
    GOAL: RecordKind(
        GOAL, activity.add_goal, activity.update_goal, activity.delete_goal, activity.restore_goal
    ),
}


def _touched(inverse: Any, pairing_id: int, result: Any = None) -> Outcome:
    return outcome(inverse, (ACTIVITY,), pairings=[pairing_id], result=result)


@dataclass(frozen=True)
class AddRecord:
    """Log a meeting, a check-in or a goal (`kind`); `result`: the new record's id."""

    kind: str
    pairing_id: int
    data: Any  # MeetingInput, CheckInInput or GoalInput

    def apply(self, session: Session) -> Outcome:
        new_id = RECORD_KINDS[self.kind].add(session, self.pairing_id, self.data)
        return _touched(
            DeleteRecords(self.kind, self.pairing_id, (new_id,)), self.pairing_id, new_id
        )


@dataclass(frozen=True)
class UpdateRecord:
    kind: str
    pairing_id: int
    record_id: int
    data: Any

    def apply(self, session: Session) -> Outcome:
        before = RECORD_KINDS[self.kind].update(session, self.record_id, self.data)
        inverse = UpdateRecord(self.kind, self.pairing_id, self.record_id, before)
        return _touched(inverse, self.pairing_id)


@dataclass(frozen=True)
class DeleteRecords:
    """Delete one or more records of a pairing as one action."""

    kind: str
    pairing_id: int
    record_ids: tuple[int, ...]

    def apply(self, session: Session) -> Outcome:
        kind = RECORD_KINDS[self.kind]
        rows = tuple(kind.delete(session, record_id) for record_id in self.record_ids)
        return _touched(RestoreRecords(self.kind, self.pairing_id, rows), self.pairing_id)


@dataclass(frozen=True)
class RestoreRecords:
    kind: str
    pairing_id: int
    rows: tuple[Any, ...]

    def apply(self, session: Session) -> Outcome:
        kind = RECORD_KINDS[self.kind]
        ids = tuple(kind.restore(session, row) for row in self.rows)
        return _touched(DeleteRecords(self.kind, self.pairing_id, ids), self.pairing_id)
