"""Tell what a file is before touching it: only read-only connections are used here, so a
file that is refused is left exactly as it was."""

from __future__ import annotations

import enum
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from mentordesk.store.revisions import known_revisions

SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks a file as MentorDesk's ("MDK1").
APPLICATION_ID = 0x4D444B31


class FileKind(enum.Enum):
    NEW = "new"  # missing or zero bytes: a database will be created
    EMPTY_SQLITE = "empty_sqlite"  # a SQLite file without tables
    MENTORDESK = "mentordesk"
    NEWER = "newer"
    FOREIGN = "foreign"
    CORRUPT = "corrupt"


@dataclass(frozen=True)
class FileState:
    kind: FileKind
    revision: str | None = None
    detail: str = ""


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def inspect_file(path: Path) -> FileState:
    if not path.exists() or path.stat().st_size == 0:
        return FileState(FileKind.NEW)
    with open(path, "rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        return FileState(FileKind.FOREIGN, detail="it is not a SQLite database")
    try:
        conn = _read_only(path)
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            check = conn.execute("PRAGMA quick_check").fetchone()[0]
            revision = None
            if "alembic_version" in tables:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return FileState(FileKind.CORRUPT, detail=str(exc))
    if check != "ok":
        return FileState(FileKind.CORRUPT, detail=str(check))
    if not tables:
        return FileState(FileKind.EMPTY_SQLITE)
    if app_id != APPLICATION_ID or revision is None:
        return FileState(FileKind.FOREIGN, detail="it holds another program's data")
    if revision not in known_revisions():
        return FileState(FileKind.NEWER, revision=revision)
    return FileState(FileKind.MENTORDESK, revision=revision)
