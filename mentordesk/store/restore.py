"""Put a backup back in place of the open database, keeping the writer lock throughout,
after a safety backup of what is there now (so a restore can itself be undone)."""

from __future__ import annotations

from pathlib import Path

from mentordesk.errors import DatabaseError
from mentordesk.store import backup
from mentordesk.store.database import Database, _refusal
from mentordesk.store.inspect import FileKind, FileState, inspect_file


def check_backup(source: Path) -> FileState:
    """Refuse, untouched, anything that is not a MentorDesk database this version reads."""
    source = Path(source)
    if source.is_dir():
        raise DatabaseError(f"{source} is a folder; choose a backup file.")
    state = inspect_file(source)
    if state.kind is FileKind.NEW:
        raise DatabaseError(f"{source} does not exist or is empty; choose another backup.")
    if state.kind is FileKind.EMPTY_SQLITE:
        raise DatabaseError(f"{source} holds no MentorDesk data; choose another backup.")
    refusal = _refusal(source, state)
    if refusal is not None:
        raise refusal
    return state


def restore_database(db: Database, source: Path) -> Path:
    """Replace the open database's content with the backup's. Returns the safety backup
    made of the current content first. The lock stays held, so no other MentorDesk can
    slip in between."""
    source = Path(source)
    if not db.writable:
        raise DatabaseError(f"{db.path} is open for reading only; it cannot be restored.")
    if source.resolve() == db.path.resolve():
        raise DatabaseError("That is the open database itself; choose one of its backups.")
    check_backup(source)
    safety = backup.make_backup(db.path, reason="before-restore")
    # Close every connection (the WAL is checkpointed), write the backup in, reconnect.
    db.engine.dispose()
    try:
        backup.restore_into(source, db.path)
    finally:
        db.reconnect()
    return safety


def restore(db_path: Path, source: Path) -> Path:
    """Open the database at `db_path` (taking its lock), restore `source` into it."""
    with Database.open(Path(db_path)) as db:
        return restore_database(db, source)
