"""Erasure that erases: the file, its history, its backups and its import snapshots."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import TEST_PASSPHRASE

from mentordesk.cli import main
from mentordesk.models import Concern, ErasureRecord, Pairing, Participant, Role
from mentordesk.privacy.erasure import ErasureRefused, erase_person, plan_erasure
from mentordesk.privacy.history import list_history, verify_chain
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source
from mentordesk.store import Database
from mentordesk.store.backup import list_backups
from tests.roster_sheets import messy_roster

# Helen Carter mentors pairing 2 in the demo programme.
HELEN = 42


def all_bytes(path: Path) -> bytes:
    files = [path, *path.parent.glob(path.name + "-*"), *list_backups(path)]
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_erase_command_leaves_no_trace_in_file_backups_or_history(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(demo_db_path)]
    assert main([*args, "backup"]) == 0
    assert b"Carter" in all_bytes(demo_db_path)
    assert main([*args, "erase", str(HELEN)]) == 0  # without --yes: only the preview
    preview = capsys.readouterr().out
    assert "meetings: 6" in preview and "erasure record" in preview
    assert "Nothing was changed" in preview
    assert main([*args, "erase", str(HELEN), "--yes"]) == 0
    assert "Rewrote 1 backup" in capsys.readouterr().out
    assert b"Carter" not in all_bytes(demo_db_path)
    assert main([*args, "history", "--json"]) == 0
    assert "Carter" not in capsys.readouterr().out
    assert main([*args, "history", "--verify"]) == 0
    with sqlite3.connect(demo_db_path) as conn:
        (counts,) = conn.execute("SELECT counts FROM erasure_record").fetchone()
        assert json.loads(counts)["meetings"] == 6
        assert conn.execute("SELECT count(*) FROM pairing WHERE id = 2").fetchone()[0] == 0


def test_erasure_in_an_encrypted_file_and_its_backup(encrypted_demo_path: Path) -> None:
    with Database.open(encrypted_demo_path, passphrase=TEST_PASSPHRASE) as db:
        copy = db.backup()
        erase_person(db, HELEN)
        with db.reading() as session:
            assert session.get(Participant, HELEN) is None
            assert verify_chain(session).ok
    backup = Database.open(copy, passphrase=TEST_PASSPHRASE, write=False)
    with backup, backup.reading() as session:
        assert session.get(Participant, HELEN) is None
        assert session.get(Pairing, 2) is None


def test_erase_command_refuses_an_open_concern_with_one_line(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(demo_db_path) as db, db.transaction() as session:
        session.add(
            Concern(
                pairing_id=2,
                pair_label="Helen Carter & Siobhán Ó Súilleabháin",
                raised_on=dt.date(2026, 10, 1),
                raised_by="Alex Morgan",
                description="Missed two meetings without a word.",
            )
        )
    assert main(["--db", str(demo_db_path), "erase", str(HELEN), "--yes"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "open safety concern" in err


def test_erasure_removes_the_person_from_import_snapshots(db: Database, tmp_path: Path) -> None:
    with db.reading() as session:
        source = read_source(messy_roster(tmp_path / "roster.xlsx"), session=session)
    import_roster(db, source, role=Role.MENTEE)
    with db.reading() as session:
        ann = session.query(Participant).filter_by(last_name="Smith").one().id
    # An undone import keeps full rows for redo: the snapshot must lose her too.
    from mentordesk.roster.import_undo import undo_import

    batch = import_roster(db, source, role=Role.MENTEE)
    undo_import(db, batch.batch_id)
    erase_person(db, ann)
    data = all_bytes(db.path)
    assert b"Smith" not in data and b"ann@example.org" not in data


def test_erasing_one_imported_person_leaves_the_import_entry_for_the_others(
    db: Database, tmp_path: Path
) -> None:
    with db.reading() as session:
        source = read_source(messy_roster(tmp_path / "roster.xlsx"), session=session)
    result = import_roster(db, source, role=Role.MENTEE)
    with db.reading() as session:
        ann = session.query(Participant).filter_by(last_name="Smith").one().id
        other = session.query(Participant.id).filter(Participant.id != ann).limit(1).scalar()
    erase_person(db, ann)
    with db.reading() as session:
        assert verify_chain(session).ok
        added = [r for r in list_history(session, person_id=other) if r.change == "bulk add"]
        assert [r.changes["added"] for r in added] == [[None, result.created]]
    assert b"Smith" not in all_bytes(db.path)


def test_missing_person_is_refused(db: Database) -> None:
    with pytest.raises(ErasureRefused):
        erase_person(db, 999)


def test_an_open_concern_blocks_erasure_and_a_resolved_one_is_kept_pseudonymised(
    demo_db: Database,
) -> None:
    with demo_db.transaction() as session:
        concern = Concern(
            pairing_id=2,
            pair_label="Helen Carter & Siobhán Ó Súilleabháin",
            raised_on=dt.date(2026, 10, 1),
            raised_by="Alex Morgan",
            description="Helen Carter arrived late and upset the family.",
        )
        session.add(concern)
    assert "open safety concern" in plan_erasure(demo_db, HELEN).blocked
    with pytest.raises(ErasureRefused):
        erase_person(demo_db, HELEN)
    with demo_db.transaction() as session:
        row = session.get(Concern, concern.id)
        assert row is not None
        row.resolved_on = dt.date(2026, 10, 9)
        row.resolution = "Spoke with Helen Carter; apology made."
        row.resolved_by = "Alex Morgan"
    plan = plan_erasure(demo_db, HELEN)
    assert any("resolved safety concern" in line for line in plan.kept)
    result = erase_person(demo_db, HELEN)
    assert result.concerns_kept == 1
    with demo_db.reading() as session:
        kept = session.get(Concern, concern.id)
        assert kept is not None and kept.resolved_on == dt.date(2026, 10, 9)
        text = " ".join((kept.pair_label, kept.description, kept.resolution))
        assert "Carter" not in text and "Erased person" in text and "Siobhán" in text
        record = session.query(ErasureRecord).one()
        assert record.concerns_kept == 1 and "Carter" not in json.dumps(record.counts)
    assert b"Carter" not in all_bytes(demo_db.path)
