"""Tell what a file is before touching it: only read-only connections are used here, so a
file that is refused is left exactly as it was."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from mentordesk.store.cipher import FileKey, connect, dbapi_errors, file_header
from mentordesk.store.file_stamp import SQLITE_HEADER, Stamp, file_stamp
from mentordesk.store.revisions import known_revisions

# PRAGMA application_id marks a file as MentorDesk's ("MDK1").
APPLICATION_ID = 0x4D444B31


class FileKind(enum.Enum):
    NEW = "new"  # missing or zero bytes: a database will be created
    EMPTY_SQLITE = "empty_sqlite"  # a SQLite file without tables
    MENTORDESK = "mentordesk"
    NEWER = "newer"
    FOREIGN = "foreign"
    CORRUPT = "corrupt"
    # Encrypted (or not a database at all): only a passphrase tells.
    LOCKED = "locked"
    WRONG_KEY = "wrong_key"
    # A plain file opened with a passphrase.
    NOT_ENCRYPTED = "not_encrypted"


@dataclass(frozen=True)
class FileState:
    kind: FileKind
    revision: str | None = None
    detail: str = ""


def inspect_file(path: Path, key: FileKey | None = None) -> FileState:
    """What the file is, read with `key` when it is encrypted."""
    if not path.exists() or path.stat().st_size == 0:
        return FileState(FileKind.NEW)
    header = file_header(path)
    if header == SQLITE_HEADER and key is not None:
        return FileState(FileKind.NOT_ENCRYPTED)
    if header != SQLITE_HEADER:
        if len(header) < len(SQLITE_HEADER):
            return FileState(FileKind.FOREIGN, detail="it is not a SQLite database")
        if key is None:
            return FileState(FileKind.LOCKED)
    try:
        conn = connect(path, key, read_only=True)
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
    except dbapi_errors() as exc:
        if key is not None and "not a database" in str(exc):
            # SQLCipher cannot tell a wrong key from a file that is not a database.
            return FileState(FileKind.WRONG_KEY)
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


@dataclass(frozen=True)
class Inspection:
    """A plain file inspected ahead of opening it (the window does it on a thread of its
    own while the data layer loads), and its stamp then."""

    state: FileState
    stamp: Stamp

    def still_holds(self, path: Path) -> bool:
        """Nothing has written the file since: the state is the file's now."""
        return file_stamp(path) == self.stamp


def inspect_ahead(path: Path) -> Inspection | None:
    """Inspect a plain file now, to open it later; None when it changed meanwhile."""
    before = file_stamp(path)
    state = inspect_file(path)
    if before is None or file_stamp(path) != before:
        return None
    return Inspection(state, before)
