"""Consistent copies made with SQLite's online backup API, and rolling backups."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

from mentordesk.store.paths import backups_dir

KEEP_BACKUPS = 10


def copy_database(source: Path, target: Path) -> Path:
    """Copy a live database, even while it is being written, into `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            # A backup should be one self-contained file, not WAL plus journal.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    tmp.replace(target)
    return target


def list_backups(db_path: Path) -> list[Path]:
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.sqlite"))


def make_backup(db_path: Path, reason: str = "manual") -> Path:
    """A timestamped copy in the backups folder; only the newest KEEP_BACKUPS are kept."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    copy_database(db_path, target)
    for old in list_backups(db_path)[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def latest_backup_age(db_path: Path) -> dt.timedelta | None:
    backups = list_backups(db_path)
    if not backups:
        return None
    made = dt.datetime.fromtimestamp(backups[-1].stat().st_mtime)
    return max(dt.datetime.now() - made, dt.timedelta(0))


def restore_into(backup: Path, db_path: Path) -> None:
    """Write the backup's content into the (locked, closed-by-caller) database file."""
    src = sqlite3.connect(f"{backup.resolve().as_uri()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(db_path)
        try:
            # Out of WAL mode first when no one else has it open: a backup written into a
            # WAL file cannot change its page size (a file made elsewhere might differ).
            with contextlib.suppress(sqlite3.OperationalError):
                dst.execute("PRAGMA journal_mode=DELETE")
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
