"""With --json, every command prints exactly one JSON document on stdout, also when it is
refused (`{"error": "…"}`), and nothing else."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from mentordesk.cli import build_parser, main
from tests.roster_sheets import write_xlsx


def _json_commands() -> list[tuple[str, argparse.ArgumentParser]]:
    parser = build_parser()
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if any("--json" in a.option_strings for a in sub._actions):
                    found.append((name, sub))
    return sorted(found, key=lambda pair: pair[0])


def _positionals(sub: argparse.ArgumentParser, tmp_path: Path) -> list[str]:
    values: list[str] = []
    for action in sub._actions:
        if action.dest == "help" or (action.option_strings and not action.required):
            continue
        if action.option_strings:
            values.append(action.option_strings[-1])
        if action.choices:
            values.append(str(next(iter(action.choices))))
        elif action.type is int:
            values.append("1")
        elif action.type is Path:
            values.append(str(tmp_path / "missing.xlsx"))
        elif getattr(action.type, "__name__", "") == "parse_date":
            values.append("2026-01-01")
        else:
            values.append("1")
    return values


COMMANDS = [name for name, _ in _json_commands()]


def test_there_are_json_commands():
    assert {"import", "list"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_a_refusal_is_one_json_document(command, tmp_path, capsys):
    """A damaged programme file refuses every command: stdout is still one document."""
    damaged = tmp_path / "damaged.sqlite"
    damaged.write_bytes(b"this is not a database" * 100)
    sub = dict(_json_commands())[command]
    args = ["--db", str(damaged), command, *_positionals(sub, tmp_path), "--json"]
    try:
        code = main(args)
    except SystemExit as exit_:  # argparse refusing the made-up arguments
        pytest.skip(f"{command} needs arguments this test cannot make up ({exit_})")
    out, err = capsys.readouterr()
    assert code != 0 and err.count("\n") == 1
    document = json.loads(out)
    assert set(document) >= {"error"} and document["error"] in err


def test_an_import_that_imports_nothing_is_one_json_document(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "r.xlsx", [["First name", "Last name"], ["", "Lee"]])
    code = main(["--db", str(db_path), "import", str(path), "--role", "mentee", "--json"])
    out, err = capsys.readouterr()
    assert code == 1 and err.startswith("mentordesk: Nothing could be imported")
    document = json.loads(out)
    assert document["error"].startswith("Nothing could be imported")
    assert document["rejected"] == 1 and document["created"] == 0


@pytest.mark.parametrize("command", COMMANDS)
def test_a_usage_error_is_one_json_document(command, tmp_path, capsys):
    """Missing or unknown arguments are refusals too: argparse's message, as JSON."""
    args = ["--db", str(tmp_path / "p.sqlite"), command, "--no-such-option", "--json"]
    with pytest.raises(SystemExit) as exit_:
        main(args)
    out, err = capsys.readouterr()
    assert exit_.value.code == 2 and "usage:" in err
    document = json.loads(out)
    assert document["error"].startswith("mentordesk")
    assert document["error"].split(": ", 1)[1] in err


def test_backup_prints_json(db_path, tmp_path, capsys):
    out_file = tmp_path / "copy.sqlite"
    assert main(["--db", str(db_path), "backup", "--out", str(out_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"backup": str(out_file)}
    assert out_file.stat().st_size > 0
