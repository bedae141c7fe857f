"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from mentordesk.errors import MentorDeskError, PassphraseNeeded
from mentordesk.store import Database
from mentordesk.store.cipher import is_encrypted
from mentordesk.store.paths import default_db_path


def database_path(args: argparse.Namespace) -> Path:
    return Path(args.db) if args.db is not None else default_db_path()


def read_passphrase_file(path: Path) -> str:
    """The first line of the file, without its line ending (never an argument value: a
    passphrase on the command line is seen by every process and kept in shell history)."""
    try:
        with open(path, encoding="utf-8") as handle:
            line = handle.readline()
    except UnicodeDecodeError:
        raise MentorDeskError(
            f"{path} is not a text file; write the passphrase on its first line."
        ) from None
    passphrase = line.rstrip("\r\n")
    if not passphrase:
        raise MentorDeskError(f"The first line of {path} is empty; write the passphrase there.")
    return passphrase


def prompt_passphrase(prompt: str) -> str | None:
    """Ask on the terminal (nothing echoed); None when no terminal is attached."""
    if not (sys.stdin.isatty() and sys.stderr.isatty()):
        return None
    import getpass

    return getpass.getpass(prompt, stream=sys.stderr)


def passphrase_for(args: argparse.Namespace, path: Path) -> str | None:
    """The passphrase of the file: from --passphrase-file, else asked for on the terminal
    when the file is encrypted; None for a plain file."""
    passphrase_file = getattr(args, "passphrase_file", None)
    if passphrase_file is not None:
        return read_passphrase_file(Path(passphrase_file))
    if not is_encrypted(path):
        return None
    typed = prompt_passphrase(f"Passphrase for {path.name}: ")
    if typed is None:
        raise PassphraseNeeded(
            f"{path} is protected with a passphrase; give it with --passphrase-file FILE "
            "(the passphrase on the file's first line)."
        )
    return typed


def open_database(
    args: argparse.Namespace, *, write: bool, read_if_unwritable: bool = False
) -> Database:
    """Open the database named by --db (or the default). Writers take the writer lock;
    `read_if_unwritable` opens a file that can't be written for reading instead (a dry run
    needs no more)."""
    path = database_path(args)
    db = Database.open(
        path,
        write=write,
        passphrase=passphrase_for(args, path),
        read_if_unwritable=read_if_unwritable,
    )
    if write and db.writable:
        from mentordesk.privacy.retention import routine_clean_up

        try:
            routine_clean_up(db)
        except BaseException:
            db.close()
            raise
    return db


def parse_date(text: str) -> dt.date:
    """For argparse: an ISO date (YYYY-MM-DD)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD"
        ) from None


def _default(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=_default)
    sys.stdout.write("\n")


def print_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain text table sized to its content."""
    text_rows = [["" if v is None else str(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in text_rows:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))
    print(line.rstrip())
    print("  ".join("-" * w for w in widths))
    for row in text_rows:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def refuse(message: str) -> MentorDeskError:
    return MentorDeskError(message)


def apply_action(args: argparse.Namespace, action: Any, title: str | Callable[[Any], str]) -> Any:
    """Run an action on the --db file in one transaction, keeping its inverse for
    `mentordesk undo` (under `title`, or the title worked out from the outcome). Returns the
    action's outcome."""
    from mentordesk.store.actions import run_remembered

    with open_database(args, write=True) as db:
        return run_remembered(db, action, title)


def report_done(
    args: argparse.Namespace,
    title: str,
    data: dict[str, Any],
    sentence: str,
    warnings: Sequence[str] = (),
) -> None:
    """Say what a change did: one JSON document with --json, else a sentence (and each
    warning on stderr)."""
    if getattr(args, "json", False):
        print_json({"change": title, **data, "warnings": list(warnings)})
        return
    print(sentence)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
