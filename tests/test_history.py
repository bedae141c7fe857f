"""The audit trail: every route into a change writes an entry; the chain finds edits."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from mentordesk.cli import main
from mentordesk.models import Participant, Role
from mentordesk.participants.participant_changes import delete_participants
from mentordesk.privacy.history import list_history, verify_chain
from mentordesk.roster.import_undo import undo_import
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source
from mentordesk.store import Database
from tests.roster_sheets import messy_roster


def verify(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--db", str(path), *extra, "history", "--verify"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_fresh_file_verifies_and_an_edited_entry_is_named(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = verify(demo_db_path, capsys)
    assert code == 0 and "intact" in out
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute(
            "UPDATE history_entry SET changes = replace(changes, 'active', 'withdrawn') "
            "WHERE id = 5"
        )
    code, out = verify(demo_db_path, capsys)
    assert code == 1
    assert "entry 5" in out and out.count("\n") == 1


@pytest.mark.parametrize(
    "tamper",
    [
        "UPDATE history_entry SET coordinator = 'someone else' WHERE id = 7",
        "UPDATE history_entry SET at = '2020-01-01 00:00:00' WHERE id = 7",
        "DELETE FROM history_entry WHERE id = 7",
    ],
)
def test_each_kind_of_tampering_is_found(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str], tamper: str
) -> None:
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute(tamper)
    code, out = verify(demo_db_path, capsys)
    assert code == 1 and "entry 7" in out


def test_removing_the_newest_entries_is_found(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(demo_db_path) as conn:
        last = conn.execute("SELECT max(id) FROM history_entry").fetchone()[0]
        conn.execute("DELETE FROM history_entry WHERE id >= ?", (last - 2,))
    code, out = verify(demo_db_path, capsys)
    assert code == 1 and "removed" in out


def test_verify_json_on_failure_is_one_document(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(demo_db_path) as conn:
        conn.execute("UPDATE history_entry SET action = 'x' WHERE id = 3")
    code = main(["--db", str(demo_db_path), "history", "--verify", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1 and data["ok"] is False and data["broken_entry"] == 3


def test_an_encrypted_file_verifies(
    encrypted_demo_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = verify(encrypted_demo_path, capsys, "--passphrase-file", str(passphrase_file))
    assert code == 0, out


def test_an_import_and_its_undo_are_recorded(db: Database, tmp_path: Path) -> None:
    with db.reading() as session:
        source = read_source(messy_roster(tmp_path / "roster.xlsx"), session=session)
    result = import_roster(db, source, role=Role.MENTEE)
    with db.reading() as session:
        added = [r for r in list_history(session) if r.record == "person" and r.change != "update"]
        # One entry for the people the import added, in each one's own history.
        assert [(r.change, r.changes) for r in added] == [
            (
                "bulk add",
                {"added": [None, result.created], "source": [None, "import of roster.xlsx"]},
            )
        ]
        assert added[0].action == "importer.import_roster"
        people = session.scalars(select(Participant.id)).all()
        assert len(people) == result.created
        for person in people:
            assert added[0].id in {r.id for r in list_history(session, person_id=person)}
        assert verify_chain(session).ok
    undo_import(db, result.batch_id)
    with db.reading() as session:
        deleted = [
            r for r in list_history(session) if r.record == "person" and r.change == "delete"
        ]
        assert len(deleted) == result.created
        assert {r.changes["last_name"][0] for r in deleted} >= {"Smith"}
        assert verify_chain(session).ok


def test_an_edit_records_old_and_new_values_and_the_person_filter(demo_db: Database) -> None:
    from mentordesk.models import Participant

    with demo_db.transaction() as session:
        person = session.get(Participant, 3)
        assert person is not None
        old_phone = person.phone
        person.phone = "0123 456789"
    with demo_db.reading() as session:
        mine = list_history(session, person_id=3)
        latest = mine[0]
        assert latest.change == "update" and latest.record == "person"
        assert latest.changes["phone"] == [old_phone, "0123 456789"]
        assert latest.coordinator == "Alex Morgan" and latest.os_user
        others = list_history(session, person_id=4)
        assert latest.id not in {r.id for r in others}
        assert list_history(session, search="0123 456789")[0].id == latest.id
        assert verify_chain(session).ok


def test_a_bulk_delete_keeps_the_old_values(demo_db: Database) -> None:
    with demo_db.transaction() as session:
        delete_participants(session, [60])
    with demo_db.reading() as session:
        (gone,) = [r for r in list_history(session, person_id=60) if r.change == "delete"]
        assert gone.record == "person" and gone.changes["id"][0] == 60
        assert verify_chain(session).ok


def test_history_command_filters_by_pairing(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_db_path), "history", "--pairing", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["pairing_id"] == 2 for r in rows)
    assert main(["--db", str(demo_db_path), "history", "--person", "1"]) == 0
    assert "Entry" in capsys.readouterr().out


def test_an_import_into_an_encrypted_file_is_recorded_and_verifies(
    encrypted_demo_path: Path,
    passphrase_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The bulk insert goes through the SQLCipher driver as through SQLite's."""
    key = ["--db", str(encrypted_demo_path), "--passphrase-file", str(passphrase_file)]
    roster = tmp_path / "roster.csv"
    roster.write_text("First name,Last name\nQuilla,Ferreira\nTamsin,Okonkwo-Ide\n", "utf-8")
    assert main([*key, "import", str(roster), "--role", "mentee", "--json"]) == 0
    created = json.loads(capsys.readouterr().out)["created"]
    assert created == 2
    assert main([*key, "history", "--json"]) == 0
    newest = json.loads(capsys.readouterr().out)
    bulk = [e for e in newest if e["change"] == "bulk add"]
    assert [e["changes"]["added"] for e in bulk] == [[None, created]]
    code, out = verify(encrypted_demo_path, capsys, "--passphrase-file", str(passphrase_file))
    assert code == 0, out
    assert main([*key, "list", "participants", "--json"]) == 0
    names = {p["last_name"] for p in json.loads(capsys.readouterr().out)}
    assert {"Ferreira", "Okonkwo-Ide"} <= names
