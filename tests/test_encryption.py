"""Encryption at rest: real SQLCipher files, opened, refused, backed up, protected and
unprotected through the command line and the store."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TEST_PASSPHRASE

from mentordesk.cli import main
from mentordesk.errors import PassphraseNeeded, WrongPassphrase
from mentordesk.programme.programme_queries import list_participants
from mentordesk.store import Database
from mentordesk.store.backup import list_backups
from mentordesk.store.cipher import is_encrypted
from mentordesk.store.file_stamp import SQLITE_HEADER
from mentordesk.store.protection import change_protection
from mentordesk.store.restore import restore_database

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "mentordesk", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def names_in(path: Path) -> list[str]:
    with Database.open(path, write=False, passphrase=TEST_PASSPHRASE) as db, db.reading() as s:
        # Full names: a three-letter surname turns up in random bytes by chance.
        return [f"{p.first_name} {p.last_name}" for p in list_participants(s)]


def test_encrypted_demo_and_its_backup_hide_every_name(
    tmp_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.sqlite"
    made = run("--passphrase-file", str(passphrase_file), "--db", str(path), "demo")
    assert made.returncode == 0, made.stderr
    assert main(["--passphrase-file", str(passphrase_file), "--db", str(path), "backup"]) == 0
    (copy,) = list_backups(path)
    names = names_in(path)
    assert len(names) == 60
    for file in (path, copy):
        data = file.read_bytes()
        assert not data.startswith(SQLITE_HEADER)
        assert not [name for name in names if name.encode() in data]

    before = digest(path)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n")
    # The real process: SQLCipher's own error lines must not reach stderr either.
    refused = run("--passphrase-file", str(wrong), "--db", str(path), "list", "participants")
    assert refused.returncode != 0
    assert refused.stderr.count("\n") == 1 and "passphrase" in refused.stderr
    assert "Traceback" not in refused.stderr and "hmac" not in refused.stderr
    assert digest(path) == before
    capsys.readouterr()
    # Without a passphrase and without a terminal: one line saying how to give it.
    assert main(["--db", str(path), "list", "participants"]) == 1
    assert "--passphrase-file" in capsys.readouterr().err
    args = ["--passphrase-file", str(passphrase_file), "--db", str(path)]
    assert main([*args, "list", "participants"]) == 0
    assert "Adeyemi" in capsys.readouterr().out


def test_wrong_passphrase_in_process_leaves_the_file_alone(
    encrypted_demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = digest(encrypted_demo_path)
    for _ in range(3):  # three wrong tries lock nothing
        with pytest.raises(WrongPassphrase):
            Database.open(encrypted_demo_path, passphrase="guess")
    with pytest.raises(PassphraseNeeded):
        Database.open(encrypted_demo_path)
    assert digest(encrypted_demo_path) == before
    assert len(names_in(encrypted_demo_path)) == 60


def test_json_failure_is_one_document(
    encrypted_demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("nope\n")
    args = ["--passphrase-file", str(wrong), "--db", str(encrypted_demo_path)]
    assert main([*args, "list", "participants", "--json"]) == 1
    out = capsys.readouterr()
    assert "passphrase" in json.loads(out.out)["error"]


def test_passphrase_file_takes_the_first_line_only(
    encrypted_demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "pw.txt"
    file.write_text(f"{TEST_PASSPHRASE}\r\nsecond line\n")
    assert (
        main(
            [
                "--passphrase-file",
                str(file),
                "--db",
                str(encrypted_demo_path),
                "list",
                "participants",
            ]
        )
        == 0
    )
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    assert (
        main(
            [
                "--passphrase-file",
                str(empty),
                "--db",
                str(encrypted_demo_path),
                "list",
                "participants",
            ]
        )
        == 1
    )
    assert "empty" in capsys.readouterr().err


def test_protect_change_and_remove_convert_the_file_and_its_backups(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_args = ["--db", str(demo_db_path)]
    assert main([*db_args, "backup"]) == 0
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text("first passphrase\n")
    second.write_text("second passphrase\n")

    assert main([*db_args, "protect", "--passphrase-file", str(first)]) == 0
    assert "1 backup converted" in capsys.readouterr().out
    (copy,) = list_backups(demo_db_path)
    assert is_encrypted(demo_db_path) and is_encrypted(copy)
    assert b"Adeyemi" not in demo_db_path.read_bytes()
    assert not (demo_db_path.parent / (demo_db_path.name + ".old")).exists()

    args = ["--passphrase-file", str(first), *db_args]
    assert main([*args, "protect", "--passphrase-file", str(second)]) == 0
    with pytest.raises(WrongPassphrase):
        Database.open(demo_db_path, passphrase="first passphrase")
    reopened = Database.open(copy, passphrase="second passphrase", write=False)
    with reopened as db, db.reading() as session:
        assert len(list_participants(session)) == 60

    assert main(["--passphrase-file", str(second), *db_args, "protect", "--remove"]) == 0
    assert demo_db_path.read_bytes().startswith(SQLITE_HEADER)
    assert copy.read_bytes().startswith(SQLITE_HEADER)
    assert main([*db_args, "list", "participants"]) == 0


def test_protect_refuses_both_remove_and_new(
    encrypted_demo_path: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--passphrase-file", str(passphrase_file), "--db", str(encrypted_demo_path)]
    assert main([*args, "protect", "--remove", "--passphrase-file", str(passphrase_file)]) == 1
    assert is_encrypted(encrypted_demo_path)


def test_encrypted_file_keeps_wal_foreign_keys_and_secure_delete(
    encrypted_demo_path: Path,
) -> None:
    with Database.open(encrypted_demo_path, passphrase=TEST_PASSPHRASE) as db:
        assert db.encrypted
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_restore_of_an_encrypted_backup(encrypted_demo_path: Path) -> None:
    with Database.open(encrypted_demo_path, passphrase=TEST_PASSPHRASE) as db:
        saved = db.backup()
        assert is_encrypted(saved)
        change_protection(db, "another passphrase")
        # The backup was converted to the new key, so it still restores.
        restore_database(db, saved)
        with db.reading() as session:
            assert len(list_participants(session)) == 60
