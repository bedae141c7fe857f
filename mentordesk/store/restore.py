"""Put a backup back in place of the open database, keeping the writer lock throughout,
after a safety backup of what is there now (so a restore can itself be undone)."""

from __future__ import annotations

from pathlib import Path

from mentordesk.errors import DatabaseError
from mentordesk.store import backup
from mentordesk.store.cipher import FileKey, is_encrypted
from mentordesk.store.database import Database, _refusal
from mentordesk.store.inspect import FileKind, FileState, inspect_file


def check_backup(source: Path, key: FileKey | None = None) -> FileState:
    """Refuse, untouched, anything that is not a MentorDesk database this version reads
    (with the open file's key: a backup of an encrypted file has the same key)."""
    source = Path(source)
    if source.is_dir():
        raise DatabaseError(f"{source} is a folder; choose a backup file.")
    if key is not None and not is_encrypted(source) and source.exists():
        raise DatabaseError(
            f"{source} is not protected with this file's passphrase; choose a backup made "
            "since the passphrase was set."
        )
    state = inspect_file(source, key)
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
    check_backup(source, db.key)
    safety = backup.make_backup(db.path, reason="before-restore", key=db.key)
    # Close every connection (the WAL is checkpointed), write the backup in, reconnect.
    db.engine.dispose()
    try:
        backup.restore_into(source, db.path, db.key)
    finally:
        db.reconnect()
    return safety


def restore(db_path: Path, source: Path, passphrase: str | None = None) -> Path:
    """Open the database at `db_path` (taking its lock), restore `source` into it."""
    with Database.open(Path(db_path), passphrase=passphrase) as db:
        return restore_database(db, source)


def put_back_safety_copy(db: Database, safety: Path, checksum: str) -> Path:
    """Undo a restore: put back the safety copy made of what the restore replaced, if it is
    still there and unchanged. Returns the safety copy made of what is there now."""
    from mentordesk.store.actions import file_checksum

    if not safety.is_file():
        raise DatabaseError(
            f"The copy of what the restore replaced, {safety}, is no longer there (only the "
            "newest backups are kept); nothing was changed."
        )
    if file_checksum(safety) != checksum:
        raise DatabaseError(
            f"The copy of what the restore replaced, {safety}, has changed since; nothing "
            "was changed. Restore it with `mentordesk restore` if it is the one you want."
        )
    return restore_database(db, safety)
