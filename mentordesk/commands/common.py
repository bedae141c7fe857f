"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

from mentordesk.errors import MentorDeskError
from mentordesk.store import Database


def open_database(args: argparse.Namespace, *, write: bool) -> Database:
    """Open the database named by --db (or the default). Writers take the writer lock."""
    return Database.open(args.db, write=write)


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


def apply_action(args: argparse.Namespace, action: Any, title: str) -> Any:
    """Run an action on the --db file in one transaction, keeping its inverse for
    `mentordesk undo`. Returns the action's outcome."""
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
