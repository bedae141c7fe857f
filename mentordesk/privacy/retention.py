"""How long records are kept: the programme's retention settings, who is due for erasure,
and the routine clean-up of import snapshots kept for undo.

Defaults follow common guidance for youth mentoring: a closed participant's contact
details go 12 months after their last pairing closes; safeguarding records are kept
7 years (after which even the pseudonymised copy goes).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import ValidationError
from mentordesk.models import (
    OPEN_STATUSES,
    Concern,
    ImportBatch,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Programme,
)
from mentordesk.store import Database

SETTINGS_KEY = "retention"
IMPORT_SNAPSHOT_DAYS = 30


@dataclass(frozen=True)
class RetentionSettings:
    contact_months: int = 12
    safeguarding_years: int = 7

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> RetentionSettings:
        own = (settings or {}).get(SETTINGS_KEY) or {}
        try:
            return cls(
                int(own.get("contact_months", cls.contact_months)),
                int(own.get("safeguarding_years", cls.safeguarding_years)),
            )
        except (TypeError, ValueError):
            return cls()

    def validate(self) -> None:
        if not 1 <= self.contact_months <= 120:
            raise ValidationError("Keep contact details between 1 and 120 months.")
        if not 1 <= self.safeguarding_years <= 100:
            raise ValidationError("Keep safeguarding records between 1 and 100 years.")


def load_retention(db: Database) -> RetentionSettings:
    with db.reading() as session:
        return _load(session)


def _load(session: Session) -> RetentionSettings:
    settings = session.scalar(select(Programme.settings).order_by(Programme.id).limit(1))
    return RetentionSettings.from_settings(settings)


def save_retention(db: Database, new: RetentionSettings) -> RetentionSettings:
    """Store the settings; returns the previous ones (for undo)."""
    new.validate()
    with db.transaction(action="change retention settings") as session:
        programme = session.scalar(select(Programme).order_by(Programme.id).limit(1))
        assert programme is not None
        previous = RetentionSettings.from_settings(programme.settings)
        programme.settings = {
            **(programme.settings or {}),
            SETTINGS_KEY: {
                "contact_months": new.contact_months,
                "safeguarding_years": new.safeguarding_years,
            },
        }
    return previous


def months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    # The same day of that month, or its last day.
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


@dataclass(frozen=True)
class DuePerson:
    id: int
    name: str
    role: str
    since: dt.date  # when their last pairing closed (or they left)
    reason: str


def due_for_erasure(db: Database, today: dt.date | None = None) -> list[DuePerson]:
    """People past their time: every pairing closed (or none, and they left the
    programme) longer ago than the contact-details period."""
    today = today or clock.today()
    with db.reading() as session:
        settings = _load(session)
        cutoff = months_before(today, settings.contact_months)
        open_people = (
            select(Pairing.mentor_id)
            .where(Pairing.status.in_([*OPEN_STATUSES, PairingStatus.PROPOSED]))
            .union(
                select(Pairing.mentee_id).where(
                    Pairing.status.in_([*OPEN_STATUSES, PairingStatus.PROPOSED])
                )
            )
        )
        last_closed = (
            select(
                Participant.id,
                func.max(Pairing.end_date).label("closed"),
            )
            .join(
                Pairing,
                or_(Pairing.mentor_id == Participant.id, Pairing.mentee_id == Participant.id),
            )
            .where(Pairing.status == PairingStatus.CLOSED)
            .group_by(Participant.id)
            .subquery()
        )
        rows = session.execute(
            select(
                Participant.id,
                Participant.first_name,
                Participant.last_name,
                Participant.role,
                Participant.status,
                Participant.updated_at,
                last_closed.c.closed,
            )
            .outerjoin(last_closed, last_closed.c.id == Participant.id)
            .where(Participant.id.not_in(open_people))
            .order_by(Participant.last_name, Participant.first_name)
        ).all()
    due: list[DuePerson] = []
    months = settings.contact_months
    for pid, first, last, role, status, updated, closed in rows:
        if closed is not None:
            if closed <= cutoff:
                reason = f"last pairing closed more than {months} months ago"
                due.append(DuePerson(pid, f"{first} {last}", role.value, closed, reason))
        elif status in (ParticipantStatus.WITHDRAWN, ParticipantStatus.ARCHIVED) and updated:
            left = updated.date() if isinstance(updated, dt.datetime) else updated
            if left <= cutoff:
                reason = f"left the programme more than {months} months ago, never paired"
                due.append(DuePerson(pid, f"{first} {last}", role.value, left, reason))
    return due


def due_count(db: Database) -> int:
    return len(due_for_erasure(db))


def routine_clean_up(db: Database, today: dt.date | None = None) -> dict[str, int]:
    """What retention removes without asking: import snapshots older than 30 days (that
    import can then no longer be undone) and pseudonymised safeguarding records past
    their period. Run when a file is opened for writing."""
    today = today or clock.today()
    snapshot_cutoff = dt.datetime.combine(
        today - dt.timedelta(days=IMPORT_SNAPSHOT_DAYS), dt.time()
    )
    with db.reading() as session:
        settings = _load(session)
        stale = [
            batch_id
            for batch_id, data in session.execute(
                select(ImportBatch.id, ImportBatch.undo_data).where(
                    ImportBatch.imported_at < snapshot_cutoff
                )
            )
            if data
        ]
        expired = session.scalar(
            select(func.count())
            .select_from(Concern)
            .where(
                Concern.pairing_id.is_(None),
                Concern.resolved_on.is_not(None),
                Concern.resolved_on < months_before(today, settings.safeguarding_years * 12),
            )
        )
    dropped = kept_gone = 0
    if not stale and not expired:
        return {"import snapshots": 0, "safeguarding records": 0}
    years_ago = months_before(today, settings.safeguarding_years * 12)
    with db.transaction(action="retention clean-up") as session:
        for batch in session.scalars(select(ImportBatch).where(ImportBatch.id.in_(stale))):
            batch.undo_data = {}
            dropped += 1
        # Concerns of pairs no longer in the file (erased, pseudonymised) go once the
        # safeguarding period after their resolution has passed.
        for concern in session.scalars(
            select(Concern).where(
                Concern.pairing_id.is_(None),
                Concern.resolved_on.is_not(None),
                Concern.resolved_on < years_ago,
            )
        ):
            session.delete(concern)
            kept_gone += 1
    return {"import snapshots": dropped, "safeguarding records": kept_gone}
