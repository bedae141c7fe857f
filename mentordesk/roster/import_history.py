"""The history of imports: each roster or meeting log imported into the programme, with
its counts and whether it can still be undone (and if not, why not, in one sentence)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from mentordesk.models import ImportBatch, ImportKind
from mentordesk.programme.text_input import format_date
from mentordesk.roster.import_undo import undo_refusal
from mentordesk.store import Database, current_programme_id

KIND_LABELS = {ImportKind.ROSTER.value: "Roster", ImportKind.MEETINGS.value: "Meeting log"}


@dataclass(frozen=True)
class ImportHistoryRow:
    id: int
    kind: str  # "roster" or "meetings"
    file_name: str
    sheet: str
    imported_at: dt.datetime
    undone_at: dt.datetime | None
    rows: int
    created: int
    updated: int
    unchanged: int
    duplicates: int
    rejected: int
    # Why "Undo this import" is not possible now; None when it is.
    undo_refusal: str | None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def undone(self) -> bool:
        return self.undone_at is not None

    @property
    def can_undo(self) -> bool:
        return self.undo_refusal is None

    @property
    def state(self) -> str:
        """One sentence for the history's last column."""
        if self.undone_at is not None:
            return f"Undone on {format_date(self.undone_at)}."  # a datetime: with its time
        return self.undo_refusal or "Can be undone."

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "file": self.file_name,
            "sheet": self.sheet,
            "imported_at": self.imported_at.isoformat(timespec="seconds"),
            "undone_at": self.undone_at.isoformat(timespec="seconds") if self.undone_at else None,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "can_undo": self.can_undo,
            "why_not": None if self.can_undo or self.undone else self.undo_refusal,
        }


def _count(counts: dict[str, Any], name: str) -> int:
    value = counts.get(name, 0)
    return value if isinstance(value, int) else 0


def import_history(db: Database) -> list[ImportHistoryRow]:
    """The current programme's imports, newest first."""
    with db.reading() as session:
        programme_id = current_programme_id(session)
        batches = session.scalars(
            select(ImportBatch)
            .where(ImportBatch.programme_id == programme_id)
            .order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
        )
        rows = []
        for batch in batches:
            counts = dict(batch.counts or {})
            rows.append(
                ImportHistoryRow(
                    id=batch.id,
                    kind=batch.kind.value,
                    file_name=batch.file_name,
                    sheet=batch.sheet,
                    imported_at=batch.imported_at,
                    undone_at=batch.undone_at,
                    rows=_count(counts, "rows"),
                    created=_count(counts, "created"),
                    updated=_count(counts, "updated"),
                    unchanged=_count(counts, "unchanged"),
                    duplicates=_count(counts, "duplicates"),
                    rejected=_count(counts, "rejected"),
                    undo_refusal=undo_refusal(session, batch),
                )
            )
        return rows


def import_title(db: Database, batch_id: int) -> str:
    """ "roster import of year8.xlsx": how undo names an import (its number if unknown)."""
    with db.reading() as session:
        batch = session.get(ImportBatch, batch_id)
        if batch is None:
            return f"import number {batch_id}"
        what = "meeting log" if batch.kind is ImportKind.MEETINGS else "roster"
        return f"{what} import of {batch.file_name}"
