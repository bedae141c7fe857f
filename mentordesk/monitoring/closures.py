"""Closing pairs well: the suggested kind of a closure, and why and when pairs end early."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import ClosureKind, Pairing, PairingStatus, Programme
from mentordesk.monitoring.calendar_periods import add_months
from mentordesk.monitoring.monitored_pairs import load_pairs
from mentordesk.store import Database

# How long an early-closed pair lasted, in calendar months: (label, under this many months).
DURATION_BUCKETS: tuple[tuple[str, int | None], ...] = (
    ("Under 3 months", 3),
    ("3 to 6 months", 6),
    ("6 to 12 months", 12),
    ("12 months or more", None),
)
NEVER_STARTED = "Never started"
UNRECORDED = "(no reason recorded)"


def duration_bucket(start: dt.date | None, end: dt.date) -> str:
    if start is None:
        return NEVER_STARTED
    for label, months in DURATION_BUCKETS:
        if months is None or end < add_months(start, months):
            return label
    raise AssertionError("the last bucket is open-ended")


def suggested_closure_kind(session: Session, pairing_id: int, on_date: dt.date) -> ClosureKind:
    """Planned once the pair has run its committed months or the programme has ended."""
    row = session.execute(
        select(Pairing.start_date, Programme.commitment_months, Programme.end_date)
        .join(Programme, Programme.id == Pairing.programme_id)
        .where(Pairing.id == pairing_id)
    ).one_or_none()
    if row is None:
        raise ValidationError(f"There is no pairing with id {pairing_id}.")
    if row.end_date is not None and on_date >= row.end_date:
        return ClosureKind.PLANNED
    if row.start_date is not None and on_date >= add_months(row.start_date, row.commitment_months):
        return ClosureKind.PLANNED
    return ClosureKind.EARLY


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class EarlyClosureAnalysis:
    closed: int
    planned: int
    early: int
    # Early closures only, largest first (reasons) or in duration order (buckets).
    by_reason: tuple[Count, ...]
    by_duration: tuple[Count, ...]
    by_initiator: tuple[Count, ...]

    @property
    def early_share(self) -> float | None:
        return self.early / self.closed if self.closed else None


def early_closure_analysis(
    session: Session, since: dt.date | None = None, until: dt.date | None = None
) -> EarlyClosureAnalysis:
    """Closed pairs (ended between `since` and `until`, if given), early ones analysed."""
    stmt = select(
        Pairing.start_date,
        Pairing.end_date,
        Pairing.closure_kind,
        Pairing.closure_reason,
        Pairing.closure_initiator,
    ).where(Pairing.status == PairingStatus.CLOSED)
    if since is not None:
        stmt = stmt.where(Pairing.end_date >= since)
    if until is not None:
        stmt = stmt.where(Pairing.end_date <= until)
    rows = session.execute(stmt).all()
    early = [r for r in rows if r.closure_kind == ClosureKind.EARLY]
    reasons = Counter((r.closure_reason or "").strip() or UNRECORDED for r in early)
    durations = Counter(duration_bucket(r.start_date, r.end_date) for r in early)
    initiators = Counter(
        r.closure_initiator.label if r.closure_initiator else "Not recorded" for r in early
    )
    bucket_order = [label for label, _ in DURATION_BUCKETS]
    if durations.get(NEVER_STARTED):
        bucket_order.append(NEVER_STARTED)
    return EarlyClosureAnalysis(
        closed=len(rows),
        planned=sum(1 for r in rows if r.closure_kind == ClosureKind.PLANNED),
        early=len(early),
        by_reason=tuple(
            Count(label, n) for label, n in sorted(reasons.items(), key=lambda i: (-i[1], i[0]))
        ),
        by_duration=tuple(Count(label, durations.get(label, 0)) for label in bucket_order),
        by_initiator=tuple(
            Count(label, n) for label, n in sorted(initiators.items(), key=lambda i: (-i[1], i[0]))
        ),
    )


@dataclass(frozen=True)
class ClosureContext:
    """What the close dialog shows about the pair it closes."""

    pairing_id: int
    label: str
    status: PairingStatus
    start_date: dt.date | None
    suggested_kind: ClosureKind
    mentee_is_minor: bool


def closure_context(session: Session, pairing_id: int, on_date: dt.date) -> ClosureContext:
    pair = load_pairs(session, pairing_ids=[pairing_id]).get(pairing_id)
    if pair is None:
        raise ValidationError(f"There is no pairing with id {pairing_id}.")
    return ClosureContext(
        pairing_id=pairing_id,
        label=pair.label,
        status=pair.status,
        start_date=pair.start_date,
        suggested_kind=suggested_closure_kind(session, pairing_id, on_date),
        mentee_is_minor=pair.mentee_is_minor(on_date),
    )


def closing_view(db: Database, pairing_id: int, on_date: dt.date) -> tuple[ClosureContext, str]:
    """What the close-pairing dialog shows, and how the programme writes dates."""
    from mentordesk.pairings.pairing_records import programme_defaults

    with db.reading() as session:
        return closure_context(session, pairing_id, on_date), programme_defaults(session).date_order
