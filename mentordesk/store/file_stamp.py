"""What changes whenever a database file is written: the inode, size and modification time
of the file, and of its write-ahead log and rollback journal when they hold anything
(SQLite leaves an empty log beside a file while it is open). Standard library only: the
window uses it before the data layer loads."""

from __future__ import annotations

import os
from pathlib import Path

Stamp = tuple[tuple[int, int, int] | None, ...]
# The first 16 bytes of a plain SQLite file (an encrypted one starts with its salt).
SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(path: Path) -> bool:
    """Whether the file starts as plain SQLite does (False when missing or unreadable)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _part(path: Path, *, whole: bool) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    if not whole and info.st_size == 0:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def file_stamp(path: Path) -> Stamp | None:
    """None for a missing file."""
    main = _part(path, whole=True)
    if main is None:
        return None
    return (
        main,
        _part(path.with_name(path.name + "-wal"), whole=False),
        _part(path.with_name(path.name + "-journal"), whole=False),
    )
