"""The command line contract: each subcommand, its output and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mentordesk import __version__
from mentordesk.cli import main
from mentordesk.store.inspect import FileKind, inspect_file

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real process, as a coordinator's script would run it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "mentordesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"MentorDesk {__version__}"


def test_demo_fills_an_empty_database_once(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    result = run("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    assert "40 mentees, 20 mentors, 15 pairings" in result.stdout
    again = run("--db", str(path), "demo")
    assert again.returncode != 0
    assert again.stderr.count("\n") == 1 and "already holds participants" in again.stderr
    assert "Traceback" not in again.stderr


def test_list_participants_json(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db_path), "list", "participants", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert len(people) == 60
    assert set(people[0]) == {"id", "role", "first_name", "last_name", "email", "status"}
    assert {p["role"] for p in people} == {"mentor", "mentee"}
    assert any(p["first_name"] == "Siobhán" for p in people)


def test_list_pairings_json(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db_path), "list", "pairings", "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)
    assert len(pairs) == 15
    assert set(pairs[0]) == {"id", "mentor_id", "mentee_id", "status", "start_date"}
    assert {p["status"] for p in pairs} == {"proposed", "active", "paused", "closed"}
    proposed = [p for p in pairs if p["status"] == "proposed"]
    assert all(p["start_date"] is None for p in proposed)


def test_list_as_a_readable_table(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db_path), "list", "pairings"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["ID", "Mentor", "Mentee", "Status", "Start"]
    assert len(lines) == 2 + 15


def test_backup_out_writes_a_copy_and_prints_its_path(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "copies" / "friday.sqlite"
    assert main(["--db", str(demo_db_path), "backup", "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    assert inspect_file(out).kind is FileKind.MENTORDESK


def test_backup_without_out_goes_to_the_backups_folder(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(demo_db_path), "backup"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.exists() and printed.parent.name == "demo-backups"


def test_list_on_a_missing_database_says_what_to_do(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path / "nothing.sqlite"), "list", "participants")
    assert result.returncode != 0
    assert "does not exist yet" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nothing.sqlite").exists()


def test_a_foreign_file_gives_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "budget.sqlite"
    path.write_text("name,amount\nrent,500\n")
    result = run("--db", str(path), "demo")
    assert result.returncode == 1
    assert result.stderr.startswith("mentordesk: ") and result.stderr.count("\n") == 1
    assert str(path) in result.stderr
    assert path.read_text() == "name,amount\nrent,500\n"


def test_unknown_command_is_a_usage_error() -> None:
    result = run("dance")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_a_reader_that_stops_early_is_not_a_failure(db_path: Path) -> None:
    from sqlalchemy import insert

    from mentordesk.models import Participant
    from mentordesk.store import Database

    # More output than a pipe holds, so the writer is still writing when `head` leaves.
    with Database.open(db_path) as db, db.transaction() as session:
        session.execute(
            insert(Participant),
            [
                {"programme_id": 1, "role": "mentee", "first_name": f"P{n}", "last_name": "X"}
                for n in range(2000)
            ],
        )
    script = (
        f'"{sys.executable}" -m mentordesk --db "{db_path}" list participants --json '
        '2>err.txt | head -c 100 >/dev/null; echo "${PIPESTATUS[0]}"'
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        ["bash", "-c", script], cwd=db_path.parent, env=env, capture_output=True, text=True
    )
    assert result.stdout.strip() == "0"
    assert (db_path.parent / "err.txt").read_text() == ""


def test_a_command_runs_with_the_collector_on(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Start-up pauses the cyclic collector while the modules load; a command runs, and
    every way out of `main` leaves, with it on again."""
    import gc

    from mentordesk.commands import core

    seen: list[bool] = []
    real_list = core.run_list

    def spy(args: object) -> int:
        seen.append(gc.isenabled())
        return real_list(args)  # type: ignore[arg-type]

    monkeypatch.setattr(core, "run_list", spy)
    assert gc.isenabled()
    assert main(["--db", str(demo_db_path), "list", "participants", "--json"]) == 0
    assert seen == [True] and gc.isenabled()
    with pytest.raises(SystemExit):
        main(["no-such-command"])
    assert gc.isenabled()
    capsys.readouterr()
