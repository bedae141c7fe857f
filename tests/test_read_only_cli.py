"""A programme file that can't be written (a read-only file, or a file in a read-only
folder): every command says so in one sentence; commands that only read still work."""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from mentordesk.cli import build_parser, main
from tests.read_only_files import (
    as_coordinator,
    make_read_only,
    make_writable_again,
    needs_permissions,
    snapshot,
)

pytestmark = needs_permissions

# Every command, with arguments that would succeed on a writable copy of the demo
# programme ({out}: a writable folder; {roster}: a small roster; {backup}: a backup).
READS: dict[str, list[str]] = {
    "list": ["list", "participants", "--json"],
    "backup": ["backup", "--out", "{out}/copy.sqlite"],
    "match": ["match", "--json"],
    "never-pair": ["never-pair", "list", "--json"],
    "report": ["report", "--out", "{out}/report.pdf", "--json"],
    "flags": ["flags", "--json"],
    "concerns": ["concerns", "--json"],
    "history": ["history", "--verify", "--json"],
    "export-person": ["export-person", "1", "--out", "{out}/person"],
    "export": ["export", "participants", "--out", "{out}/people.xlsx", "--json"],
    "imports": ["imports", "--json"],
}
WRITES: dict[str, list[str]] = {
    "demo": ["demo"],
    "import": ["import", "{roster}", "--role", "mentee", "--json"],
    "match --apply": ["match", "--apply", "--json"],
    "pair": ["pair", "60", "40", "--permission-on", "2026-11-20", "--json"],
    "permission": ["permission", "1", "--on", "2026-11-20", "--json"],
    "never-pair add": ["never-pair", "add", "1", "41", "--reason", "cousins", "--json"],
    "agreements": ["agreements", "--out", "{out}/agreements.pdf", "--json"],
    "concerns --raise": ["concerns", "--raise", "1", "--text", "worry", "--by", "Mentor", "--json"],
    "close": ["close", "1", "--reason", "moved away"],
    "protect": ["protect", "--passphrase-file", "{out}/new-passphrase.txt"],
    "erase": ["erase", "1", "--yes", "--json"],
    "add-person": ["add-person", "mentee", "Ada", "Lovelace", "--json"],
    "edit-person": ["edit-person", "1", "--set", "phone=01632 960 999", "--json"],
    "screening": ["screening", "41", "interview", "--status", "in_progress", "--json"],
    "training": ["training", "41", "--hours", "2", "--json"],
    "activate": ["activate", "1", "--json"],
    "pause": ["pause", "1", "--json"],
    "resume": ["resume", "1", "--json"],
    "meeting": ["meeting", "1", "--minutes", "30", "--json"],
    "check-in": ["check-in", "1", "--who", "mentor", "--json"],
    "goal": ["goal", "1", "Read a book", "--json"],
    "restore": ["restore", "{backup}", "--json"],
    "undo": ["undo", "--json"],
    "undo-import": ["undo-import", "1", "--json"],
}


def _subcommands() -> set[str]:
    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    raise AssertionError("no subcommands")


def test_every_command_is_tried_here() -> None:
    tried = {args[0] for args in [*READS.values(), *WRITES.values()]}
    assert tried == _subcommands()


@pytest.fixture
def folders(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """(the programme file's folder, a writable folder for what commands write)."""
    home, out = tmp_path / "programme", tmp_path / "out"
    home.mkdir()
    out.mkdir()
    shutil.copyfile(demo_db_path, home / "programme.sqlite")
    (out / "roster.csv").write_text("First name,Last name\nAda,Lovelace\n", "utf-8")
    (out / "new-passphrase.txt").write_text("a long enough passphrase\n", "utf-8")
    shutil.copyfile(demo_db_path, out / "backup.sqlite")
    yield home, out
    make_writable_again(tmp_path)


def _global(args: list[str]) -> list[str]:
    return args[:2] if args[:1] == ["--passphrase-file"] else []


def _local(args: list[str]) -> list[str]:
    return args[len(_global(args)) :]


def _run(args: list[str], db: Path, out: Path, capsys: pytest.CaptureFixture[str]):
    filled = [
        a.format(out=out, roster=out / "roster.csv", backup=out / "backup.sqlite") for a in args
    ]
    capsys.readouterr()
    with as_coordinator():
        code = main([*_global(filled), "--db", str(db), *_local(filled)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("how", ["file", "folder"])
@pytest.mark.parametrize("name", sorted(WRITES))
def test_a_change_is_refused_in_one_sentence(
    name: str, how: str, folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    home, out = folders
    db = home / "programme.sqlite"
    make_read_only(db, how)
    before = snapshot(home)
    code, stdout, stderr = _run(WRITES[name], db, out, capsys)
    assert code == 1, stdout + stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    reason = "the file programme.sqlite is read-only" if how == "file" else f"folder {home}"
    assert lines[0].startswith(f"mentordesk: {db} cannot be changed because"), lines[0]
    assert reason in lines[0] and "nothing was changed" in lines[0]
    if "--json" in WRITES[name]:
        assert json.loads(stdout) == {"error": lines[0].removeprefix("mentordesk: ")}
    else:
        assert stdout == ""
    assert snapshot(home) == before  # not a byte written, no lock or journal beside it


@pytest.mark.parametrize("how", ["file", "folder"])
@pytest.mark.parametrize("name", sorted(READS))
def test_reading_works(
    name: str, how: str, folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    home, out = folders
    db = home / "programme.sqlite"
    make_read_only(db, how)
    before = snapshot(home)
    code, stdout, stderr = _run(READS[name], db, out, capsys)
    assert code == 0, stderr
    assert "Traceback" not in stderr
    if "--json" in READS[name]:
        json.loads(stdout)
    assert snapshot(home) == before


def test_a_backup_into_a_folder_that_cant_be_written_names_it(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    home, out = folders
    db = home / "programme.sqlite"
    locked = out / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    code, stdout, stderr = _run(["backup", "--out", "{out}/locked/copy.sqlite"], db, out, capsys)
    assert code == 1 and stdout == ""
    assert stderr.strip() == (
        f"mentordesk: The backup could not be written into {locked}: the folder {locked} "
        "cannot be written to. Choose a folder you can write to (backup --out FILE, or "
        "File → Back up to…); nothing was changed."
    )
    # The rolling backups beside a file in a read-only folder: the same sentence.
    make_read_only(db, "folder")
    code, stdout, stderr = _run(["backup"], db, out, capsys)
    assert code == 1 and "Traceback" not in stderr
    assert f"could not be written into {home}/programme-backups: the folder {home}" in stderr


def test_a_new_file_in_a_folder_that_cant_be_written(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    home, out = folders
    home.chmod(0o555)
    new = home / "spring.sqlite"
    code, _stdout, stderr = _run(["demo"], new, out, capsys)
    assert code == 1 and not new.exists()
    assert stderr.strip() == (
        f"mentordesk: Cannot create {new}: the folder {home} cannot be written to. "
        "Choose a folder you can write to."
    )


@pytest.mark.parametrize("how", ["file", "folder"])
def test_an_encrypted_file_reads_and_refuses_changes_the_same_way(
    how: str,
    folders: tuple[Path, Path],
    encrypted_demo_path: Path,
    passphrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home, out = folders
    db = home / "programme.sqlite"
    shutil.copyfile(encrypted_demo_path, db)
    make_read_only(db, how)
    before = snapshot(home)
    secret = ["--passphrase-file", str(passphrase_file)]
    code, stdout, stderr = _run([*secret, "list", "pairings", "--json"], db, out, capsys)
    assert code == 0, stderr
    assert len(json.loads(stdout)) == 15
    code, stdout, stderr = _run([*secret, *WRITES["add-person"]], db, out, capsys)
    assert code == 1 and "cannot be changed because" in stderr
    assert json.loads(stdout) == {"error": stderr.strip().removeprefix("mentordesk: ")}
    assert snapshot(home) == before


def test_an_older_file_that_cant_be_upgraded_says_why(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import create_engine

    from mentordesk.store.inspect import APPLICATION_ID
    from mentordesk.store.migrate import upgrade
    from mentordesk.store.revisions import known_revisions

    home, out = folders
    old = home / "old.sqlite"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        upgrade(conn, known_revisions()[0])
    engine.dispose()
    make_read_only(old, "file")
    before = snapshot(home)
    code, stdout, _stderr = _run(["list", "participants", "--json"], old, out, capsys)
    assert code == 1
    assert json.loads(stdout) == {
        "error": f"{old} was made by an older MentorDesk and must be upgraded before it can "
        "be read, but the file old.sqlite is read-only; copy it to a folder you can write to "
        "and open the copy."
    }
    assert snapshot(home) == before


MEETING_LOG = "Mentor,Mentee,Date,Minutes\n{mentor},{mentee},2026-11-02,45\n"


def _meeting_log(out: Path, db: Path) -> Path:
    """A one-row meeting log for the demo's first pairing."""
    from mentordesk.store import Database

    with Database.open(db, write=False) as opened, opened.reading() as session:
        from sqlalchemy import select

        from mentordesk.models import Pairing

        pairing = session.scalars(select(Pairing).order_by(Pairing.id).limit(1)).one()
        names = pairing.mentor.display_name, pairing.mentee.display_name
    log = out / "log.csv"
    log.write_text(MEETING_LOG.format(mentor=names[0], mentee=names[1]), "utf-8")
    return log


@pytest.mark.parametrize("kind", ["roster", "meetings"])
@pytest.mark.parametrize("how", ["file", "folder"])
@pytest.mark.parametrize("as_json", [True, False])
def test_a_dry_run_reads_a_file_that_cant_be_written(
    kind: str,
    how: str,
    as_json: bool,
    folders: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    home, out = folders
    db = home / "programme.sqlite"
    if kind == "roster":
        args = ["import", "{roster}", "--role", "mentee", "--dry-run"]
    else:
        args = ["import", str(_meeting_log(out, db)), "--kind", "meetings", "--dry-run"]
    make_read_only(db, how)
    before = snapshot(home)
    code, stdout, stderr = _run([*args, *(["--json"] if as_json else [])], db, out, capsys)
    assert code == 0, stderr
    assert stderr == ""
    reason = (
        "the file programme.sqlite is read-only"
        if how == "file"
        else f"its folder {home} cannot be written to"
    )
    if as_json:
        report = json.loads(stdout)
        assert report["dry_run"] is True and report["batch_id"] is None
        assert report["created"] == 1 and report["read_only"] == reason
    else:
        summary, note = stdout.strip().splitlines()
        assert summary.startswith(f"Would import {'roster.csv' if kind == 'roster' else 'log.csv'}")
        assert " 1 new," in summary
        assert note == (
            f"This was a dry run: nothing was written. A real import would be refused, "
            f"because {reason}."
        )
    assert snapshot(home) == before  # not a byte written, no lock or journal beside it
    # The real import of the same file is still refused in one sentence.
    code, stdout, stderr = _run([a for a in args if a != "--dry-run"], db, out, capsys)
    assert code == 1 and stdout == ""
    assert stderr.startswith(f"mentordesk: {db} cannot be changed because {reason}")
    assert len(stderr.strip().splitlines()) == 1
    assert snapshot(home) == before


def test_a_dry_run_on_an_encrypted_file_that_cant_be_written(
    folders: tuple[Path, Path],
    encrypted_demo_path: Path,
    passphrase_file: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    home, out = folders
    db = home / "programme.sqlite"
    shutil.copyfile(encrypted_demo_path, db)
    make_read_only(db, "file")
    before = snapshot(home)
    secret = ["--passphrase-file", str(passphrase_file)]
    args = [*secret, "import", "{roster}", "--role", "mentee", "--dry-run", "--json"]
    code, stdout, stderr = _run(args, db, out, capsys)
    assert code == 0, stderr
    report = json.loads(stdout)
    assert report["created"] == 1 and report["dry_run"] is True
    assert snapshot(home) == before


def test_a_dry_run_on_a_writable_file_says_so(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("First name,Last name\nAda,Lovelace\n", "utf-8")
    capsys.readouterr()
    args = ["--db", str(demo_db_path), "import", str(roster), "--role", "mentee", "--dry-run"]
    assert main(args) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1] == "This was a dry run: nothing was written."
    assert main([*args, "--json"]) == 0
    assert "read_only" not in json.loads(capsys.readouterr().out)
