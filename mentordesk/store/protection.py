"""Protect a programme file with a passphrase, change it, or remove it.

The content is written into a new file with the new key, which then takes the old one's
place in one atomic step; the old bytes are overwritten. Backups beside the file are
converted the same way, so no plain copy (or one under the old passphrase) stays behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mentordesk.errors import DatabaseError
from mentordesk.store import backup
from mentordesk.store.cipher import (
    FileKey,
    check_key,
    export_file,
    is_encrypted,
    new_key,
    overwrite_and_remove,
    replace_file,
)
from mentordesk.store.database import Database


@dataclass(frozen=True)
class ProtectionChange:
    encrypted: bool
    backups_converted: int
    backups_removed: int


def _convert(path: Path, old: FileKey | None, new: FileKey | None) -> None:
    part = path.with_name(path.name + ".converting")
    try:
        export_file(path, old, part, new)
        replace_file(part, path)
    finally:
        part.unlink(missing_ok=True)


def change_protection(db: Database, passphrase: str | None) -> ProtectionChange:
    """Encrypt the open file with `passphrase`, change its passphrase, or (None) remove it.
    The writer lock stays held throughout; the database is reconnected with the new key."""
    if not db.writable:
        raise DatabaseError(f"{db.path} is open for reading only; its passphrase cannot change.")
    if passphrase is not None and not passphrase:
        raise DatabaseError("The new passphrase is empty; type one, or remove the passphrase.")
    if passphrase is None and db.key is None:
        raise DatabaseError(f"{db.path.name} has no passphrase to remove.")
    old = db.key
    new = new_key(passphrase) if passphrase is not None else None
    # Every connection closed: the WAL is folded into the file before it is copied.
    db.engine.dispose()
    try:
        _convert(db.path, old, new)
    except Exception:
        db.reconnect()
        raise
    db.key = new
    db.reconnect()
    converted = removed = 0
    for copy in backup.list_backups(db.path):
        # A backup under another key (made before an earlier change) cannot be read: it
        # would keep data the coordinator believes protected, so it goes.
        readable = (old is None and not is_encrypted(copy)) or (
            old is not None and check_key(copy, old)
        )
        if readable:
            try:
                _convert(copy, old, new)
                converted += 1
                continue
            except Exception:
                pass  # a damaged backup is removed below
        overwrite_and_remove(copy)
        removed += 1
    return ProtectionChange(new is not None, converted, removed)
