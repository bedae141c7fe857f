"""Restoring a backup: the content comes back, what was there is backed up first, the
writer lock never leaves this process, and a file that is not a backup is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.errors import DatabaseError, DatabaseLocked
from mentordesk.models import Participant
from mentordesk.participants import participant_changes as people
from mentordesk.store import Database
from mentordesk.store.backup import list_backups
from mentordesk.store.restore import restore, restore_database


def people_count(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Participant)) or 0


def test_restore_into_the_open_database_keeps_the_lock(demo_db: Database, tmp_path: Path) -> None:
    backup = demo_db.backup(tmp_path / "before.sqlite")
    with demo_db.transaction() as session:
        people.delete_participants(session, [58, 59, 60])
    assert people_count(demo_db) == 57
    safety = restore_database(demo_db, backup)
    assert people_count(demo_db) == 60
    # The open database still writes, and no other writer can get in.
    with demo_db.transaction() as session:
        people.set_statuses(session, {30: "on_hold"})
    with pytest.raises(DatabaseLocked):
        Database.open(demo_db.path)
    # The content before the restore was kept.
    assert safety in list_backups(demo_db.path)
    assert "before-restore" in safety.name
    with Database.open(safety, write=False) as kept:
        assert people_count(kept) == 57


def test_restore_by_path(demo_db_path: Path, db_path: Path) -> None:
    safety = restore(db_path, demo_db_path)
    with Database.open(db_path) as db:
        assert people_count(db) == 60
    with Database.open(safety, write=False) as before:
        assert people_count(before) == 0


def test_restore_refuses_what_is_not_a_backup(demo_db: Database, tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database")
    with pytest.raises(DatabaseError, match="not a MentorDesk database"):
        restore_database(demo_db, text)
    with pytest.raises(DatabaseError, match="does not exist"):
        restore_database(demo_db, tmp_path / "missing.sqlite")
    with pytest.raises(DatabaseError, match="the open database itself"):
        restore_database(demo_db, demo_db.path)
    assert people_count(demo_db) == 60
    assert not any("before-restore" in b.name for b in list_backups(demo_db.path))
