"""Consistent copies made with SQLite's online backup API, and rolling backups."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from mentordesk.errors import MentorDeskError
from mentordesk.store.access import folder_problem, is_read_only_failure
from mentordesk.store.atomic_files import replacing
from mentordesk.store.cipher import FileKey, connect, dbapi_errors
from mentordesk.store.paths import backups_dir

KEEP_BACKUPS = 10


def _cannot_write(folder: Path, why: str) -> MentorDeskError:
    return MentorDeskError(
        f"The backup could not be written into {folder}: {why}. Choose a folder you can "
        "write to (backup --out FILE, or File → Back up to…); nothing was changed."
    )


def copy_database(source: Path, target: Path, key: FileKey | None = None) -> Path:
    """Copy a live database, even while it is being written, into `target`. An encrypted
    database's copy is encrypted with the same key (SQLCipher copies pages as they are)."""
    target = Path(target).absolute()
    if target.is_dir():
        raise MentorDeskError(f"{target} is a folder; give the name of the backup file.")
    problem = folder_problem(target.parent)
    if problem is not None:
        raise _cannot_write(target.parent, problem)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with replacing(target) as tmp:
            src = connect(source, key, read_only=True)
            try:
                try:
                    dst = connect(tmp, key)
                except dbapi_errors():
                    # SQLite creates the copy: a folder that refuses it shows here.
                    raise _cannot_write(target.parent, "it cannot be written to") from None
                try:
                    src.backup(dst)
                    # A backup should be one self-contained file, not WAL plus journal.
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
    except OSError as exc:
        raise _cannot_write(target.parent, exc.strerror or str(exc)) from None
    except dbapi_errors() as exc:
        if not is_read_only_failure(exc):
            raise
        raise _cannot_write(target.parent, "it cannot be written to") from None
    return target


def list_backups(db_path: Path) -> list[Path]:
    folder = backups_dir(db_path)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{db_path.stem}-*.sqlite"))


def make_backup(db_path: Path, reason: str = "manual", key: FileKey | None = None) -> Path:
    """A timestamped copy in the backups folder; only the newest KEEP_BACKUPS are kept."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir(db_path) / f"{db_path.stem}-{stamp}-{reason}.sqlite"
    copy_database(db_path, target, key)
    for old in list_backups(db_path)[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)
    return target


def latest_backup_age(db_path: Path) -> dt.timedelta | None:
    backups = list_backups(db_path)
    if not backups:
        return None
    made = dt.datetime.fromtimestamp(backups[-1].stat().st_mtime)
    return max(dt.datetime.now() - made, dt.timedelta(0))


def restore_into(backup: Path, db_path: Path, key: FileKey | None = None) -> None:
    """Write the backup's content into the (locked, closed-by-caller) database file; both
    have the same key."""
    src = connect(backup, key, read_only=True)
    try:
        dst = connect(db_path, key)
        try:
            # Out of WAL mode first when no one else has it open: a backup written into a
            # WAL file cannot change its page size (a file made elsewhere might differ).
            with contextlib.suppress(*dbapi_errors()):
                dst.execute("PRAGMA journal_mode=DELETE")
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
