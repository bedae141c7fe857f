"""Subcommands on past imports: `imports` lists them, `undo-import N` undoes one (and
`mentordesk undo` then puts it back)."""

from __future__ import annotations

import argparse
from typing import Any

from mentordesk.commands.common import open_database, print_json, print_table, report_done
from mentordesk.programme.text_input import format_date


def register(subparsers: Any) -> None:
    listing = subparsers.add_parser(
        "imports",
        help="list past imports (rosters and meeting logs), newest first",
        description="Each import with its file, date, counts, and whether it can still be "
        "undone (and why not, when it cannot).",
    )
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.set_defaults(handler=run_imports)

    undo = subparsers.add_parser(
        "undo-import",
        help="undo a past import: remove the people or meetings it added and restore what "
        "it updated (`mentordesk undo` puts it back)",
        description="Refused, changing nothing, when later work depends on the import: "
        "someone it added is in a pairing, or someone it updated was edited since.",
    )
    undo.add_argument("batch", type=int, metavar="IMPORT", help="the import's number (imports)")
    undo.add_argument("--json", action="store_true", help="print what was undone as JSON")
    undo.set_defaults(handler=run_undo_import)


def run_imports(args: argparse.Namespace) -> int:
    from mentordesk.roster.import_history import import_history

    with open_database(args, write=False) as db:
        rows = import_history(db)
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    if not rows:
        print("No imports yet.")
        return 0
    print_table(
        ["Import", "When", "Kind", "File", "New", "Updated", "Rejected", "Undo"],
        [
            (
                row.id,
                format_date(row.imported_at),
                row.kind_label,
                row.file_name,
                row.created,
                row.updated,
                row.rejected,
                "possible" if row.can_undo else row.state,
            )
            for row in rows
        ],
    )
    return 0


def run_undo_import(args: argparse.Namespace) -> int:
    from mentordesk.roster.import_history import import_title
    from mentordesk.roster.import_undo import UndoImport
    from mentordesk.store.actions import run_remembered

    with open_database(args, write=True) as db:
        title = f"undo of the {import_title(db, args.batch)}"
        done = run_remembered(db, UndoImport(args.batch), title)
    summary = done.result
    changed = ", ".join(
        f"{n} {what}".replace("1 people", "1 person") for what, n in summary.changed.items() if n
    )
    report_done(
        args,
        "undo-import",
        {
            "import": summary.id,
            "file": summary.file_name,
            "kind": summary.kind,
            "changed": summary.changed,
        },
        f"Undone: the {summary.description} ({changed or 'nothing was left to remove'}). "
        "`mentordesk undo` puts it back.",
    )
    return 0
