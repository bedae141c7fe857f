"""The database file: creation, migrations, refusals that leave the file untouched, the
writer lock, and backups."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, select

from mentordesk.errors import DatabaseError, DatabaseLocked
from mentordesk.models import Base, Participant, Programme, Role
from mentordesk.store import Database, backup
from mentordesk.store.inspect import APPLICATION_ID, FileKind, inspect_file
from mentordesk.store.lock import lock_path_for
from mentordesk.store.revisions import head_revision, known_revisions

REPO = Path(__file__).resolve().parents[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_revisions_match_alembic_scripts() -> None:
    from alembic.script import ScriptDirectory

    from mentordesk.store.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [head_revision()]
    assert sorted(rev.revision for rev in script.walk_revisions()) == list(known_revisions())


def test_new_file_gets_the_whole_schema(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    with Database.open(path) as db:
        tables = set(inspect(db.engine).get_table_names())
        with db.reading() as session:
            assert session.scalar(select(Programme.name)) == "Mentoring programme"
    assert set(Base.metadata.tables) <= tables
    state = inspect_file(path)
    assert state.kind is FileKind.MENTORDESK and state.revision == head_revision()


def test_migrated_schema_matches_the_models(db: Database) -> None:
    """Autogenerate finds nothing to do: the migrations build exactly what the models say."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_wal_and_foreign_keys_are_on(db: Database) -> None:
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


def _file_at_revision(path: Path, revision: str) -> None:
    from mentordesk.store.migrate import upgrade

    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        upgrade(conn, revision)
    engine.dispose()


@pytest.mark.parametrize("revision", known_revisions()[:-1] or ["(none earlier)"])
def test_upgrade_from_each_earlier_revision(tmp_path: Path, revision: str) -> None:
    if revision == "(none earlier)":
        pytest.skip("the schema has a single revision so far")
    path = tmp_path / "old.sqlite"
    _file_at_revision(path, revision)
    with Database.open(path):
        pass
    assert inspect_file(path).revision == head_revision()
    made = backup.list_backups(path)
    assert made and f"before-upgrade-from-{revision}" in made[-1].name


def test_downgrade_to_base_and_up_again(tmp_path: Path) -> None:
    """Every migration's downgrade runs, so a revision can be rolled back in an emergency."""
    from alembic import command

    from mentordesk.store.migrate import alembic_config

    path = tmp_path / "roundtrip.sqlite"
    _file_at_revision(path, "head")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.downgrade(config, "base")
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        command.upgrade(config, "head")
    engine.dispose()
    with Database.open(path) as db, db.reading() as session:
        assert session.scalar(select(Programme.id)) is not None


def test_newer_database_is_refused_untouched(db_path: Path) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = digest(db_path)
    with pytest.raises(DatabaseError, match="newer version of MentorDesk"):
        Database.open(db_path)
    assert digest(db_path) == before


@pytest.mark.parametrize(
    "content",
    [
        b"This is a letter, not a database.\n" * 20,
        b"PK\x03\x04" + b"\x00" * 500,
    ],
    ids=["text", "zip"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match="not a MentorDesk database") as caught:
        Database.open(path)
    assert str(path) in str(caught.value)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('soup')")
    conn.close()
    before = digest(path)
    with pytest.raises(DatabaseError, match="another program's data"):
        Database.open(path)
    assert digest(path) == before


def test_corrupt_database_is_refused_untouched(demo_db_path: Path) -> None:
    data = bytearray(demo_db_path.read_bytes())
    # Keep the header (so it still looks like SQLite) and scramble pages in the middle.
    for offset in range(4096 * 3, min(len(data), 4096 * 12)):
        data[offset] = (data[offset] * 7 + 13) % 256
    demo_db_path.write_bytes(bytes(data))
    before = digest(demo_db_path)
    with pytest.raises(DatabaseError, match="damaged") as caught:
        Database.open(demo_db_path)
    assert str(demo_db_path) in str(caught.value)
    assert digest(demo_db_path) == before


def test_truncated_database_is_refused_untouched(demo_db_path: Path) -> None:
    data = demo_db_path.read_bytes()[: 4096 * 5]
    demo_db_path.write_bytes(data)
    with pytest.raises(DatabaseError):
        Database.open(demo_db_path)
    assert demo_db_path.read_bytes() == data


HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from mentordesk.store import Database
    db = Database.open(Path(sys.argv[1]))
    print("holding", flush=True)
    time.sleep(60)
    """
)


def _start_holder(db_path: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_second_writer_is_refused_with_the_file_named(db_path: Path) -> None:
    proc = _start_holder(db_path)
    try:
        before = digest(db_path)
        with pytest.raises(DatabaseLocked) as caught:
            Database.open(db_path)
        message = str(caught.value)
        assert str(db_path) in message and f"process {proc.pid}" in message
        assert digest(db_path) == before
    finally:
        proc.terminate()
        proc.wait()


def test_lock_left_by_a_crashed_process_is_taken_over(db_path: Path) -> None:
    proc = _start_holder(db_path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert lock_path_for(db_path).exists()  # the crashed process left its lock file behind
    with Database.open(db_path) as db:
        assert db.writable


def test_lock_is_released_on_close(db_path: Path) -> None:
    Database.open(db_path).close()
    Database.open(db_path).close()


def test_reader_does_not_need_the_lock(demo_db_path: Path) -> None:
    with Database.open(demo_db_path) as writer, Database.open(demo_db_path, write=False) as rd:
        assert not rd.writable
        with rd.reading() as session:
            assert session.scalar(select(Participant.id).limit(1)) is not None
        with pytest.raises(DatabaseError, match="reading only"), rd.transaction():
            pass
        assert writer.writable


def test_transaction_rolls_back_everything_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(Participant(programme_id=1, role=Role.MENTEE, first_name="A", last_name="B"))
        session.flush()
        raise RuntimeError("stop halfway")
    with db.reading() as session:
        assert session.scalar(select(Participant.id)) is None


def test_rolling_backups_keep_the_last_ten(db: Database) -> None:
    made = [db.backup() for _ in range(12)]
    kept = backup.list_backups(db.path)
    assert len(kept) == backup.KEEP_BACKUPS
    assert kept == made[-backup.KEEP_BACKUPS :]


def test_backup_is_a_consistent_copy_and_restores(demo_db: Database, tmp_path: Path) -> None:
    with demo_db.reading() as session:
        people = session.scalars(select(Participant.id).order_by(Participant.id)).all()
    copy = demo_db.backup(tmp_path / "copy.sqlite")
    assert inspect_file(copy).kind is FileKind.MENTORDESK
    with demo_db.transaction() as session:
        session.query(Participant).delete()
    backup.restore_into(copy, demo_db.path)
    with demo_db.reading() as session:
        assert session.scalars(select(Participant.id).order_by(Participant.id)).all() == people


def test_daily_backup_made_on_open_of_a_database_with_people(demo_db_path: Path) -> None:
    assert backup.list_backups(demo_db_path) == []
    Database.open(demo_db_path).close()
    first = backup.list_backups(demo_db_path)
    assert len(first) == 1 and "daily" in first[0].name
    time.sleep(0.01)
    Database.open(demo_db_path).close()
    assert backup.list_backups(demo_db_path) == first  # once a day, not on every open


def test_folder_instead_of_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="is a folder"):
        Database.open(tmp_path)


def test_an_unwritable_place_is_refused_with_a_clear_message(db_path: Path) -> None:
    # Stands for a write-protected stick: the lock file beside the database cannot be made.
    lock_path_for(db_path).mkdir()
    before = digest(db_path)
    with pytest.raises(DatabaseError, match=r"Cannot open .* for writing"):
        Database.open(db_path)
    assert digest(db_path) == before
