"""Every row of every table, to compare a database before and after (undo restores all)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from mentordesk.models import Base
from mentordesk.store import Database

# The history only grows: an undo is itself a change it records.
HISTORY_TABLES = ("history_entry", "history_head")


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.reading() as session:
        return {
            table.name: sorted(
                (tuple(row) for row in session.execute(select(table))),
                key=repr,
            )
            for table in Base.metadata.sorted_tables
            if table.name not in HISTORY_TABLES
        }
