"""Mentors and mentees, with their screening, training and exclusions."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from mentordesk.models.base import Base, Timestamped
from mentordesk.models.columns import EmailText, vocabulary
from mentordesk.models.enums import (
    ModePreference,
    ParticipantStatus,
    Role,
    ScreeningKind,
    ScreeningStatus,
)

if TYPE_CHECKING:
    from mentordesk.models.pairing import Pairing

ADULT_AGE = 18


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


class Participant(Timestamped, Base):
    __tablename__ = "participant"
    __table_args__ = (
        UniqueConstraint("programme_id", "external_id", name="external_id"),
        CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity"),
        CheckConstraint("role != 'mentor' OR capacity IS NOT NULL", name="mentor_capacity"),
        Index("ix_participant_name", "last_name", "first_name"),
        Index("ix_participant_email", "email"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(vocabulary(Role), index=True)
    status: Mapped[ParticipantStatus] = mapped_column(
        vocabulary(ParticipantStatus), default=ParticipantStatus.ACTIVE
    )
    external_id: Mapped[str | None] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(200))
    last_name: Mapped[str] = mapped_column(String(200))
    preferred_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str | None] = mapped_column(EmailText)
    phone: Mapped[str] = mapped_column(String(60), default="")
    date_of_birth: Mapped[dt.date | None] = mapped_column(Date)
    gender: Mapped[str] = mapped_column(String(60), default="")
    # Mentees: school and year group. Mentors: employer and job title.
    school: Mapped[str] = mapped_column(String(200), default="")
    year_group: Mapped[str] = mapped_column(String(60), default="")
    employer: Mapped[str] = mapped_column(String(200), default="")
    job_title: Mapped[str] = mapped_column(String(200), default="")
    # Guardian contact, required for a minor.
    guardian_name: Mapped[str] = mapped_column(String(200), default="")
    guardian_phone: Mapped[str] = mapped_column(String(60), default="")
    guardian_email: Mapped[str | None] = mapped_column(EmailText)
    guardian_relationship: Mapped[str] = mapped_column(String(60), default="")
    # Lists of short phrases, as the coordinator or the sheet wrote them.
    interests: Mapped[list[str]] = mapped_column(JSON, default=list)
    career_goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    skills: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Slots such as "Tuesday evening"; matching normalises them.
    availability: Mapped[list[str]] = mapped_column(JSON, default=list)
    location: Mapped[str] = mapped_column(String(200), default="")
    postcode: Mapped[str] = mapped_column(String(20), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    meeting_mode: Mapped[ModePreference] = mapped_column(
        vocabulary(ModePreference), default=ModePreference.ANY
    )
    # Mentee's wish for the mentor's gender ("" = no preference).
    mentor_gender_preference: Mapped[str] = mapped_column(String(60), default="")
    # Anything else the participant asked for, e.g. {"max_age_gap": 30}.
    preferences: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # How many mentees a mentor can take; NULL for mentees.
    capacity: Mapped[int | None] = mapped_column(Integer)
    # When they joined the programme: a mentee's wait for a mentor counts from here.
    joined_on: Mapped[dt.date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    # Columns of an imported sheet that map to no field: header -> cell text.
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL")
    )

    screening_checks: Mapped[list[ScreeningCheck]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )
    trainings: Mapped[list[Training]] = relationship(
        back_populates="participant", cascade="all, delete-orphan", passive_deletes=True
    )
    mentor_pairings: Mapped[list[Pairing]] = relationship(
        foreign_keys="Pairing.mentor_id", back_populates="mentor", passive_deletes=True
    )
    mentee_pairings: Mapped[list[Pairing]] = relationship(
        foreign_keys="Pairing.mentee_id", back_populates="mentee", passive_deletes=True
    )

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()

    def age_on(self, day: dt.date) -> int | None:
        return None if self.date_of_birth is None else age_on(self.date_of_birth, day)

    def is_minor_on(self, day: dt.date) -> bool:
        age = self.age_on(day)
        return age is not None and age < ADULT_AGE


class ScreeningCheck(Base):
    """One item of a mentor's screening checklist."""

    __tablename__ = "screening_check"
    __table_args__ = (
        CheckConstraint("reference_count >= 0", name="reference_count"),
        CheckConstraint(
            "expires_on IS NULL OR completed_on IS NULL OR expires_on >= completed_on",
            name="expiry_after_completion",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ScreeningKind] = mapped_column(vocabulary(ScreeningKind))
    # The name shown for a programme-specific item (kind OTHER).
    label: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[ScreeningStatus] = mapped_column(
        vocabulary(ScreeningStatus), default=ScreeningStatus.NOT_STARTED
    )
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    reference_count: Mapped[int] = mapped_column(Integer, default=0)
    # What was seen: certificate or reference number, and who saw it. A check is complete
    # only with both (migration 0004).
    seen_reference: Mapped[str] = mapped_column(String(200), default="")
    seen_by: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    participant: Mapped[Participant] = relationship(back_populates="screening_checks")


class Training(Base):
    __tablename__ = "training"
    __table_args__ = (CheckConstraint("hours >= 0", name="hours"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200), default="Pre-match training")
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    hours: Mapped[float] = mapped_column(Float, default=0.0)

    participant: Mapped[Participant] = relationship(back_populates="trainings")


class PairExclusion(Base):
    """A mentor and mentee who must never be paired (relatives, a conflict, a bad closure)."""

    __tablename__ = "pair_exclusion"
    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id", name="pair"),
        CheckConstraint("mentor_id != mentee_id", name="distinct_people"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(
        ForeignKey("participant.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_on: Mapped[dt.date | None] = mapped_column(Date)
