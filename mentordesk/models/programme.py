"""The programme (one per database in practice) and key/value application settings."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.models.base import Base, Timestamped
from mentordesk.models.columns import vocabulary
from mentordesk.models.enums import DateOrder, PaperSize


class Programme(Timestamped, Base):
    __tablename__ = "programme"
    __table_args__ = (
        CheckConstraint("meetings_per_month >= 0", name="meetings_per_month"),
        CheckConstraint("meeting_minutes > 0", name="meeting_minutes"),
        CheckConstraint("commitment_months > 0", name="commitment_months"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    coordinator_name: Mapped[str] = mapped_column(String(200), default="")
    coordinator_contact: Mapped[str] = mapped_column(String(200), default="")
    safeguarding_lead: Mapped[str] = mapped_column(String(200), default="")
    # Commitment defaults a pairing inherits unless it sets its own.
    meetings_per_month: Mapped[int] = mapped_column(Integer, default=4)
    meeting_minutes: Mapped[int] = mapped_column(Integer, default=60)
    commitment_months: Mapped[int] = mapped_column(Integer, default=12)
    paper_size: Mapped[PaperSize] = mapped_column(vocabulary(PaperSize), default=PaperSize.A4)
    date_order: Mapped[DateOrder] = mapped_column(
        vocabulary(DateOrder), default=DateOrder.DAY_FIRST
    )
    # None means the default text shipped in resources/.
    agreement_text: Mapped[str | None] = mapped_column(Text)
    agreement_version: Mapped[int] = mapped_column(Integer, default=1)
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_mime: Mapped[str | None] = mapped_column(String(40))
    # Matching weights, flag thresholds, required screening items, check-in schedule...
    # Each capability reads its own key with its own defaults.
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AppSetting(Base):
    """Settings that travel with the database file (e.g. remembered import mappings)."""

    __tablename__ = "app_setting"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
