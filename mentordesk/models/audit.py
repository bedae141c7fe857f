"""The audit trail (a hash-chained history of every change) and erasure records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.models.base import Base


class HistoryEntry(Base):
    """One change to one record. Never updated except to scrub an erased person's values;
    each entry's hash covers the one before, so an edited or removed entry shows."""

    __tablename__ = "history_entry"
    __table_args__ = (
        Index("ix_history_entry_record", "record_type", "record_id"),
        Index("ix_history_entry_pairing", "pairing_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    os_user: Mapped[str] = mapped_column(String(200), default="")
    coordinator: Mapped[str] = mapped_column(String(200), default="")
    # The action (the function that opened the unit of work) and the route: window,
    # command line, import.
    action: Mapped[str] = mapped_column(String(200), default="")
    route: Mapped[str] = mapped_column(String(100), default="")
    change: Mapped[str] = mapped_column(String(10))  # insert / update / delete
    record_type: Mapped[str] = mapped_column(String(60))
    record_id: Mapped[int | None] = mapped_column(Integer)
    # The people the record is about, as ",12,34," (a LIKE finds one), and its pairing.
    people: Mapped[str] = mapped_column(String(200), default="", index=True)
    pairing_id: Mapped[int | None] = mapped_column(Integer)
    # field -> [old, new]; values of an erased person become "erased".
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # field -> [digest(old), digest(new)], salted: the chain covers these, not the values,
    # so erasure can scrub values (and the salt) without breaking the chain.
    digests: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    salt: Mapped[str] = mapped_column(String(64), default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64))


class HistoryHead(Base):
    """The newest entry of the chain (one row): removing the newest entries shows too."""

    __tablename__ = "history_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class ErasureRecord(Base):
    """That someone was erased, when, and how many records went: never who."""

    __tablename__ = "erasure_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    erased_on: Mapped[dt.date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")
    # What was removed, by kind -> number of records.
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Resolved safety concerns kept in the register under a pseudonym.
    concerns_kept: Mapped[int] = mapped_column(Integer, default=0)
