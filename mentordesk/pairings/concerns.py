"""The safety-concern register: raise a concern about a pair, resolve it, list them.

A concern is its own record (models/concern.py). Nothing here deletes one or takes a
resolution back, except `reopen_concern`, which undoes the coordinator's own resolution
(making the concern open again is never less safe). Deleting a pairing or a person with
an open concern is refused (`refuse_open_concerns`).

The `*_concern` functions are steps inside the caller's transaction; the `*_action`
functions open their own (the window and the command line call those).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import ValidationError
from mentordesk.models import (
    CheckIn,
    Concern,
    ConcernSeverity,
    ConcernSource,
    Meeting,
    Pairing,
)
from mentordesk.programme.text_input import format_date
from mentordesk.store import Database

MAX_DESCRIPTION = 5000
MAX_NAME = 200
SEVERITY_LABELS = {
    ConcernSeverity.HIGH: "Serious",
    ConcernSeverity.MEDIUM: "Moderate",
    ConcernSeverity.LOW: "Minor",
}
SOURCE_LABELS = {
    ConcernSource.CHECK_IN: "Check-in",
    ConcernSource.MEETING: "Meeting note",
    ConcernSource.DIRECT: "Raised directly",
}


def _day(day: dt.date) -> str:
    return format_date(day)


@dataclass(frozen=True)
class ConcernInput:
    """What the coordinator writes down when a concern is raised."""

    pairing_id: int
    description: str
    raised_by: str
    raised_on: dt.date
    severity: ConcernSeverity = ConcernSeverity.HIGH
    source: ConcernSource = ConcernSource.DIRECT
    check_in_id: int | None = None
    meeting_id: int | None = None


@dataclass(frozen=True)
class ConcernRow:
    id: int
    pairing_id: int | None
    pair_label: str
    raised_on: dt.date
    raised_by: str
    severity: ConcernSeverity
    source: ConcernSource
    check_in_id: int | None
    meeting_id: int | None
    description: str
    resolved_on: dt.date | None
    resolution: str
    resolved_by: str

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS[self.source]

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Open before closed, most serious first, then the oldest."""
        return (not self.is_open, self.severity.rank, self.raised_on, self.id)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "pairing_id": self.pairing_id,
            "pair": self.pair_label,
            "status": "open" if self.is_open else "resolved",
            "severity": self.severity.value,
            "raised_on": self.raised_on,
            "raised_by": self.raised_by,
            "source": self.source.value,
            "check_in_id": self.check_in_id,
            "meeting_id": self.meeting_id,
            "description": self.description,
            "resolved_on": self.resolved_on,
            "resolution": self.resolution,
            "resolved_by": self.resolved_by,
        }


_COLUMNS = (
    Concern.id,
    Concern.pairing_id,
    Concern.pair_label,
    Concern.raised_on,
    Concern.raised_by,
    Concern.severity,
    Concern.source,
    Concern.check_in_id,
    Concern.meeting_id,
    Concern.description,
    Concern.resolved_on,
    Concern.resolution,
    Concern.resolved_by,
)


def _row(values: Any) -> ConcernRow:
    row = ConcernRow(*values)
    return replace(row, severity=ConcernSeverity(row.severity), source=ConcernSource(row.source))


def list_concerns(
    session: Session,
    *,
    include_closed: bool = False,
    pairing_ids: Collection[int] | None = None,
    on_date: dt.date | None = None,
) -> list[ConcernRow]:
    """The register: open concerns (and, with `include_closed`, resolved ones after them),
    most serious first. `on_date`: as things stood that day (a concern resolved later is
    still open then; one raised later is not listed)."""
    stmt = select(*_COLUMNS)
    if pairing_ids is not None:
        stmt = stmt.where(Concern.pairing_id.in_(list(pairing_ids)))
    if on_date is not None:
        stmt = stmt.where(Concern.raised_on <= on_date)
        if not include_closed:
            stmt = stmt.where(or_(Concern.resolved_on.is_(None), Concern.resolved_on > on_date))
    elif not include_closed:
        stmt = stmt.where(Concern.resolved_on.is_(None))
    rows = [_row(r) for r in session.execute(stmt)]
    if on_date is not None:
        # Resolved after that day: it was open then.
        rows = [
            replace(r, resolved_on=None, resolution="", resolved_by="")
            if r.resolved_on is not None and r.resolved_on > on_date
            else r
            for r in rows
        ]
    rows.sort(key=lambda r: r.sort_key)
    return rows


def get_concern(session: Session, concern_id: int) -> ConcernRow:
    row = session.execute(select(*_COLUMNS).where(Concern.id == concern_id)).one_or_none()
    if row is None:
        raise ValidationError(f"There is no concern with id {concern_id}.")
    return _row(row)


def open_concern_counts(session: Session, pairing_ids: Collection[int]) -> dict[int, int]:
    """Open concerns per pairing (pairings without any are left out)."""
    if not pairing_ids:
        return {}
    stmt = (
        select(Concern.pairing_id, func.count(Concern.id))
        .where(Concern.resolved_on.is_(None), Concern.pairing_id.in_(list(pairing_ids)))
        .group_by(Concern.pairing_id)
    )
    return {
        pairing_id: count for pairing_id, count in session.execute(stmt) if pairing_id is not None
    }


def refuse_open_concerns(
    session: Session, pairing_ids: Collection[int], what: str, about: str
) -> None:
    """Refuse to delete `what` while a concern about one of these pairings is open: the
    register forgets nothing, and an open concern is still someone's job."""
    total = sum(open_concern_counts(session, pairing_ids).values())
    if total:
        count = "a safety concern" if total == 1 else f"{total} safety concerns"
        verb, pronoun = ("is", "it") if total == 1 else ("are", "them")
        raise ValidationError(
            f"{what} cannot be deleted: {count} about {about} {verb} still open. Resolve "
            f"{pronoun} first (Resolve concern…, or `mentordesk concerns --resolve ID`)."
        )


def _label(pairing: Pairing) -> str:
    return f"{pairing.mentor.display_name} & {pairing.mentee.display_name}"


def _clean(text: str, what: str, limit: int) -> str:
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError(f"Write {what}.")
    if len(cleaned) > limit:
        raise ValidationError(f"Keep {what} under {limit} characters.")
    return cleaned


def raise_concern(session: Session, data: ConcernInput, *, today: dt.date | None = None) -> int:
    """Record a concern about a pair; returns its id."""
    day = today or clock.today()
    pairing = session.get(Pairing, data.pairing_id)
    if pairing is None:
        raise ValidationError(f"There is no pairing with id {data.pairing_id}.")
    description = _clean(data.description, "what was said or seen", MAX_DESCRIPTION)
    raised_by = _clean(data.raised_by, "who raised the concern", MAX_NAME)
    if data.raised_on > day:
        raise ValidationError(
            f"The concern's date {_day(data.raised_on)} is in the future; record it as of "
            "today or earlier."
        )
    severity, source = ConcernSeverity(data.severity), ConcernSource(data.source)
    if data.check_in_id is not None:
        check_in = session.get(CheckIn, data.check_in_id)
        if check_in is None or check_in.pairing_id != pairing.id:
            raise ValidationError("That check-in is not one of this pair's.")
        check_in.concern = True
    if data.meeting_id is not None:
        meeting = session.get(Meeting, data.meeting_id)
        if meeting is None or meeting.pairing_id != pairing.id:
            raise ValidationError("That meeting is not one of this pair's.")
    concern = Concern(
        pairing_id=pairing.id,
        pair_label=_label(pairing),
        raised_on=data.raised_on,
        raised_by=raised_by,
        severity=severity,
        source=source,
        check_in_id=data.check_in_id,
        meeting_id=data.meeting_id,
        description=description,
        resolution="",
        resolved_by="",
    )
    session.add(concern)
    session.flush()
    return concern.id


def resolve_concern(
    session: Session,
    concern_id: int,
    *,
    resolved_on: dt.date,
    action: str,
    decided_by: str,
    today: dt.date | None = None,
) -> ConcernRow:
    """Close a concern with what was done and who decided; returns it as it was."""
    concern = session.get(Concern, concern_id)
    if concern is None:
        raise ValidationError(f"There is no concern with id {concern_id}.")
    before = get_concern(session, concern_id)
    if concern.resolved_on is not None:
        raise ValidationError(
            f"Concern {concern_id} was already resolved on {_day(concern.resolved_on)}."
        )
    action = _clean(action, "what was done about the concern", MAX_DESCRIPTION)
    decided_by = _clean(decided_by, "who decided the concern is resolved", MAX_NAME)
    if resolved_on < concern.raised_on:
        raise ValidationError(
            f"A concern cannot be resolved ({_day(resolved_on)}) before it was raised "
            f"({_day(concern.raised_on)})."
        )
    if resolved_on > (today or clock.today()):
        raise ValidationError(
            f"The resolution date {_day(resolved_on)} is in the future; record it once it "
            "has happened."
        )
    concern.resolved_on = resolved_on
    concern.resolution = action
    concern.resolved_by = decided_by
    session.flush()
    return before


def reopen_concern(session: Session, concern_id: int) -> None:
    """Undo of a resolution: the concern is open again, as before it was resolved."""
    concern = session.get(Concern, concern_id)
    if concern is None:
        raise ValidationError(f"There is no concern with id {concern_id}.")
    concern.resolved_on = None
    concern.resolution = ""
    concern.resolved_by = ""
    session.flush()


def concern_ids_of_check_in(session: Session, check_in_id: int) -> tuple[int, ...]:
    return tuple(
        session.scalars(
            select(Concern.id).where(Concern.check_in_id == check_in_id).order_by(Concern.id)
        )
    )


# (concern id, pairing id, check-in id, meeting id): what a deletion sets to NULL.
ConcernLink = tuple[int, int | None, int | None, int | None]


def concern_links(session: Session, pairing_ids: Collection[int]) -> tuple[ConcernLink, ...]:
    """The links of the concerns about these pairings, to put back after undo."""
    if not pairing_ids:
        return ()
    stmt = (
        select(Concern.id, Concern.pairing_id, Concern.check_in_id, Concern.meeting_id)
        .where(Concern.pairing_id.in_(list(pairing_ids)))
        .order_by(Concern.id)
    )
    return tuple((a, b, c, d) for a, b, c, d in session.execute(stmt))


def restore_links(session: Session, links: Collection[ConcernLink]) -> None:
    """Point concerns back at the records undo put back (their deletion set the links NULL)."""
    for concern_id, pairing_id, check_in_id, meeting_id in links:
        concern = session.get(Concern, concern_id)
        if concern is not None:
            concern.pairing_id = pairing_id
            concern.check_in_id = check_in_id
            concern.meeting_id = meeting_id
    session.flush()


def relink_concerns(session: Session, concern_ids: Collection[int], check_in_id: int) -> None:
    """Point a check-in's concerns back at it when undo puts the check-in back."""
    for concern_id in concern_ids:
        concern = session.get(Concern, concern_id)
        if concern is not None:
            concern.check_in_id = check_in_id
    session.flush()


# --- actions: one transaction each ------------------------------------------------------
def raise_concern_action(db: Database, data: ConcernInput) -> int:
    with db.transaction() as session:
        return raise_concern(session, data)


def resolve_concern_action(
    db: Database, concern_id: int, *, resolved_on: dt.date, action: str, decided_by: str
) -> ConcernRow:
    with db.transaction() as session:
        return resolve_concern(
            session, concern_id, resolved_on=resolved_on, action=action, decided_by=decided_by
        )


def reopen_concern_action(db: Database, concern_id: int) -> None:
    with db.transaction() as session:
        reopen_concern(session, concern_id)


def concerns_query(
    db: Database, *, include_closed: bool = False, pairing_ids: Collection[int] | None = None
) -> list[ConcernRow]:
    with db.reading() as session:
        return list_concerns(session, include_closed=include_closed, pairing_ids=pairing_ids)


def get_concern_query(db: Database, concern_id: int) -> ConcernRow:
    with db.reading() as session:
        return get_concern(session, concern_id)
