"""What a pair committed to: how often and how long they meet.

A pairing's own values override the programme's defaults; NULL means "the default", so a
change of default reaches every pair that never set its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import Pairing, Programme
from mentordesk.store import Database

MAX_MEETINGS_PER_MONTH = 31
MIN_MINUTES, MAX_MINUTES = 5, 600


@dataclass(frozen=True)
class Commitment:
    pairing_id: int
    meetings_per_month: int
    meeting_minutes: int
    # The pairing's own values (None: it follows the programme's default).
    own_meetings_per_month: int | None
    own_meeting_minutes: int | None
    default_meetings_per_month: int
    default_meeting_minutes: int

    @property
    def summary(self) -> str:
        times = "once" if self.meetings_per_month == 1 else f"{self.meetings_per_month} times"
        return f"{times} a month, {self.meeting_minutes} minutes each"


def commitment(session: Session, pairing_id: int) -> Commitment:
    row = session.execute(
        select(
            Pairing.meetings_per_month,
            Pairing.meeting_minutes,
            Programme.meetings_per_month.label("default_per_month"),
            Programme.meeting_minutes.label("default_minutes"),
        )
        .join(Programme, Programme.id == Pairing.programme_id)
        .where(Pairing.id == pairing_id)
    ).one_or_none()
    if row is None:
        raise ValidationError(f"There is no pairing with id {pairing_id}.")
    return Commitment(
        pairing_id=pairing_id,
        meetings_per_month=(
            row.meetings_per_month if row.meetings_per_month is not None else row.default_per_month
        ),
        meeting_minutes=(
            row.meeting_minutes if row.meeting_minutes is not None else row.default_minutes
        ),
        own_meetings_per_month=row.meetings_per_month,
        own_meeting_minutes=row.meeting_minutes,
        default_meetings_per_month=row.default_per_month,
        default_meeting_minutes=row.default_minutes,
    )


def set_commitment(
    session: Session,
    pairing_id: int,
    meetings_per_month: int | None,
    meeting_minutes: int | None,
) -> Commitment:
    """Set (or, with None, drop) a pair's own commitment. Returns the one before the change."""
    if meetings_per_month is not None and not 0 <= meetings_per_month <= MAX_MEETINGS_PER_MONTH:
        raise ValidationError(f"Meetings a month must be between 0 and {MAX_MEETINGS_PER_MONTH}.")
    if meeting_minutes is not None and not MIN_MINUTES <= meeting_minutes <= MAX_MINUTES:
        raise ValidationError(
            f"A meeting's length must be between {MIN_MINUTES} and {MAX_MINUTES} minutes."
        )
    before = commitment(session, pairing_id)
    pairing = session.get(Pairing, pairing_id)
    assert pairing is not None
    pairing.meetings_per_month = meetings_per_month
    pairing.meeting_minutes = meeting_minutes
    session.flush()
    return before


def set_default_commitment(
    session: Session, programme_id: int, meetings_per_month: int, meeting_minutes: int
) -> tuple[int, int]:
    """Change the programme's defaults; returns the previous (per month, minutes)."""
    if not 0 <= meetings_per_month <= MAX_MEETINGS_PER_MONTH:
        raise ValidationError(f"Meetings a month must be between 0 and {MAX_MEETINGS_PER_MONTH}.")
    if not MIN_MINUTES <= meeting_minutes <= MAX_MINUTES:
        raise ValidationError(
            f"A meeting's length must be between {MIN_MINUTES} and {MAX_MINUTES} minutes."
        )
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise ValidationError("This database has no programme; reopen it to repair it.")
    previous = (programme.meetings_per_month, programme.meeting_minutes)
    programme.meetings_per_month = meetings_per_month
    programme.meeting_minutes = meeting_minutes
    session.flush()
    return previous


def read_commitment(db: Database, pairing_id: int) -> Commitment:
    with db.reading() as session:
        return commitment(session, pairing_id)
