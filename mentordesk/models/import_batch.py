"""A record of each import, so it can be shown and undone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from mentordesk.models.base import Base
from mentordesk.models.columns import vocabulary
from mentordesk.models.enums import ImportKind


class ImportBatch(Base):
    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id", ondelete="CASCADE"))
    kind: Mapped[ImportKind] = mapped_column(vocabulary(ImportKind))
    file_name: Mapped[str] = mapped_column(String(500))
    checksum: Mapped[str] = mapped_column(String(64))  # sha256 of the file's bytes
    sheet: Mapped[str] = mapped_column(String(200), default="")
    header_row: Mapped[int | None] = mapped_column(Integer)
    # header text -> field name (or None for a column kept in `extra`).
    mapping: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # created / updated / unchanged / duplicates / rejected.
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # What undo needs: ids created, and the previous values of rows updated.
    undo_data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
