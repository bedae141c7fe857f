"""A mentor and a mentee paired, with what happens inside the pairing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentordesk.models.base import Base, Timestamped
from mentordesk.models.columns import vocabulary
from mentordesk.models.enums import (
    CheckInWho,
    ClosureKind,
    GoalStatus,
    Initiator,
    MeetingMode,
    PairingStatus,
)
from mentordesk.models.participant import Participant

# Statuses in which a pairing is still a live relationship for the mentee.
OPEN_STATUSES = (PairingStatus.ACTIVE, PairingStatus.PAUSED)


class Pairing(Timestamped, Base):
    __tablename__ = "pairing"
    __table_args__ = (
        CheckConstraint("mentor_id != mentee_id", name="distinct_people"),
        CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
            name="end_after_start",
        ),
        CheckConstraint("status != 'closed' OR end_date IS NOT NULL", name="closed_has_end"),
        CheckConstraint(
            "meetings_per_month IS NULL OR meetings_per_month >= 0", name="meetings_per_month"
        ),
        CheckConstraint("meeting_minutes IS NULL OR meeting_minutes > 0", name="meeting_minutes"),
        # A mentee has at most one live (active or paused) pairing.
        Index(
            "uq_pairing_open_mentee",
            "mentee_id",
            unique=True,
            sqlite_where=text("status IN ('active', 'paused')"),
        ),
        Index("ix_pairing_mentor_status", "mentor_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[PairingStatus] = mapped_column(
        vocabulary(PairingStatus), default=PairingStatus.PROPOSED, index=True
    )
    proposed_on: Mapped[dt.date | None] = mapped_column(Date)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    # The matcher's score and its plain-language reasons.
    score: Mapped[float | None] = mapped_column(Float)
    explanation: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Commitments; NULL means the programme's default.
    meetings_per_month: Mapped[int | None] = mapped_column(Integer)
    meeting_minutes: Mapped[int | None] = mapped_column(Integer)
    agreement_printed_on: Mapped[dt.date | None] = mapped_column(Date)
    agreement_signed_on: Mapped[dt.date | None] = mapped_column(Date)
    # When a parent or guardian's permission came back (a consent form, or the agreement
    # signed by a guardian): a minor's pairing becomes active only with it (migration 0004).
    guardian_permission_on: Mapped[dt.date | None] = mapped_column(Date)
    paused_on: Mapped[dt.date | None] = mapped_column(Date)
    closure_kind: Mapped[ClosureKind | None] = mapped_column(vocabulary(ClosureKind))
    closure_reason: Mapped[str] = mapped_column(String(500), default="")
    closure_initiator: Mapped[Initiator | None] = mapped_column(vocabulary(Initiator))
    closure_meeting_on: Mapped[dt.date | None] = mapped_column(Date)
    closure_notes: Mapped[str] = mapped_column(Text, default="")
    # What contact is allowed after closure, as agreed at the closure meeting.
    post_closure_contact: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    mentor: Mapped[Participant] = relationship(
        foreign_keys=[mentor_id], back_populates="mentor_pairings"
    )
    mentee: Mapped[Participant] = relationship(
        foreign_keys=[mentee_id], back_populates="mentee_pairings"
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", passive_deletes=True
    )
    meetings: Mapped[list[Meeting]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", passive_deletes=True
    )
    check_ins: Mapped[list[CheckIn]] = relationship(
        back_populates="pairing", cascade="all, delete-orphan", passive_deletes=True
    )


class Goal(Timestamped, Base):
    __tablename__ = "goal"
    __table_args__ = (CheckConstraint("progress BETWEEN 0 AND 100", name="progress"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(
        ForeignKey("pairing.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(
        vocabulary(GoalStatus), default=GoalStatus.NOT_STARTED
    )
    progress: Mapped[int] = mapped_column(Integer, default=0)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    pairing: Mapped[Pairing] = relationship(back_populates="goals")


class Meeting(Timestamped, Base):
    __tablename__ = "meeting"
    __table_args__ = (
        CheckConstraint("minutes > 0", name="minutes"),
        Index("ix_meeting_pairing_held", "pairing_id", "held_on"),
        # Meetings per month across the programme (migration 0002).
        Index("ix_meeting_held_on", "held_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    minutes: Mapped[int] = mapped_column(Integer)
    mode: Mapped[MeetingMode] = mapped_column(
        vocabulary(MeetingMode), default=MeetingMode.IN_PERSON
    )
    # Notes are confidential: never printed in a programme report.
    notes: Mapped[str] = mapped_column(Text, default="")
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL")
    )

    pairing: Mapped[Pairing] = relationship(back_populates="meetings")


class CheckIn(Timestamped, Base):
    """A coordinator's contact with the mentor, mentee or guardian of a pairing."""

    __tablename__ = "check_in"
    __table_args__ = (
        CheckConstraint(
            "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction"
        ),
        Index("ix_check_in_pairing_held", "pairing_id", "held_on"),
        # The last check-in (and rating) with each person of a pair, and the few open
        # concerns, without reading every check-in (migration 0002).
        Index("ix_check_in_pairing_who_held", "pairing_id", "who", "held_on", "satisfaction"),
        Index("ix_check_in_concern", "pairing_id", sqlite_where=text("concern IS 1")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    pairing_id: Mapped[int] = mapped_column(ForeignKey("pairing.id", ondelete="CASCADE"))
    held_on: Mapped[dt.date] = mapped_column(Date)
    who: Mapped[CheckInWho] = mapped_column(vocabulary(CheckInWho))
    satisfaction: Mapped[int | None] = mapped_column(Integer)
    # This check-in raised a concern; the concern itself lives in the register
    # (models/concern.py), with its resolution (migration 0003).
    concern: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")

    pairing: Mapped[Pairing] = relationship(back_populates="check_ins")
