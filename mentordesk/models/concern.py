"""The safety-concern register: every concern raised about a pair, kept for good.

A concern is never deleted and never unticked; it is closed only by a resolution (what was
done, who decided, when), and a closed concern stays readable. It outlives the check-in
or meeting it was raised in (their link is set to NULL), and the pair it is about keeps
its names in `pair_label`, so a resolved concern still reads whole if the pairing is
deleted later. A pairing or person with an open concern cannot be deleted at all.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.models.base import Base, Timestamped
from mentordesk.models.columns import vocabulary
from mentordesk.models.enums import ConcernSeverity, ConcernSource


class Concern(Timestamped, Base):
    __tablename__ = "concern"
    __table_args__ = (
        CheckConstraint("length(trim(description)) > 0", name="description"),
        CheckConstraint(
            "resolved_on IS NULL OR resolved_on >= raised_on", name="resolved_after_raised"
        ),
        CheckConstraint(
            "resolved_on IS NULL OR (length(trim(resolution)) > 0 "
            "AND length(trim(resolved_by)) > 0)",
            name="resolution_complete",
        ),
        # The open concerns of a pair, without reading the closed ones.
        Index("ix_concern_open", "pairing_id", sqlite_where=text("resolved_on IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int | None] = mapped_column(
        ForeignKey("pairing.id", ondelete="SET NULL"), index=True
    )
    # "Mentor & Mentee" as it was when the concern was raised.
    pair_label: Mapped[str] = mapped_column(String(420))
    raised_on: Mapped[dt.date] = mapped_column(Date)
    raised_by: Mapped[str] = mapped_column(String(200))
    severity: Mapped[ConcernSeverity] = mapped_column(
        vocabulary(ConcernSeverity), default=ConcernSeverity.HIGH
    )
    source: Mapped[ConcernSource] = mapped_column(
        vocabulary(ConcernSource), default=ConcernSource.DIRECT
    )
    check_in_id: Mapped[int | None] = mapped_column(
        ForeignKey("check_in.id", ondelete="SET NULL"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="SET NULL"), index=True
    )
    # What was said or seen.
    description: Mapped[str] = mapped_column(Text)
    resolved_on: Mapped[dt.date | None] = mapped_column(Date)
    # The action taken and who decided it.
    resolution: Mapped[str] = mapped_column(Text, default="")
    resolved_by: Mapped[str] = mapped_column(String(200), default="")
