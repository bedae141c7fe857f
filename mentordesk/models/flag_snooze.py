"""A flag the coordinator has put aside until a date, with the reason why."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.models.base import Base, Timestamped


class FlagSnooze(Timestamped, Base):
    """One kind of flag on one pair (or one waiting mentee) stays off the dashboard until
    `until` (inclusive). Safety concerns are never snoozed: the rule is in the action and
    in the schema."""

    __tablename__ = "flag_snooze"
    __table_args__ = (
        CheckConstraint("kind != 'safety_concern'", name="not_safety"),
        CheckConstraint("pairing_id IS NOT NULL OR participant_id IS NOT NULL", name="subject"),
        Index("ix_flag_snooze_pairing", "pairing_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    pairing_id: Mapped[int | None] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE")
    )
    until: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    snoozed_on: Mapped[dt.date] = mapped_column(Date)
