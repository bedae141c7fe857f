"""Subcommands on files and on the last change: export (a table to Excel), restore (a
backup into the database) and undo (the last change made from the command line)."""

from __future__ import annotations

import argparse
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from mentordesk.commands.common import open_database, print_json

# Columns of each exported table: every field of the row but the search key.
HIDDEN_COLUMNS = {"search_text"}


def register(subparsers: Any) -> None:
    export = subparsers.add_parser("export", help="export a table to an Excel workbook")
    export.add_argument("what", choices=["participants", "pairings"])
    export.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx")
    export.add_argument("--json", action="store_true", help="print what was written as JSON")
    export.set_defaults(handler=run_export)

    restore = subparsers.add_parser(
        "restore",
        help="put a backup back in place of the database (`mentordesk undo` puts back "
        "what was there)",
        description="Replace everything in the database with the backup's content. A safety "
        "copy of what is there now is made first, in the backups folder; `mentordesk undo` "
        "puts it back (while that copy is among the newest backups kept).",
    )
    restore.add_argument("backup", type=Path, metavar="BACKUP")
    restore.add_argument("--json", action="store_true", help="print the safety backup as JSON")
    restore.set_defaults(handler=run_restore)

    undo = subparsers.add_parser(
        "undo",
        help="undo the last change made from the command line",
        description="Undo the last change made from the command line (`match --apply`, "
        "`restore`, `pair`, `close` and every other change); only the last one is kept. "
        "Refused, changing nothing, when the world has moved on (say a pairing it would "
        "remove has had a meeting logged since).",
    )
    undo.add_argument("--json", action="store_true", help="print what was undone as JSON")
    undo.set_defaults(handler=run_undo)


def run_export(args: argparse.Namespace) -> int:
    from mentordesk.pairings.pairing_views import pairing_rows
    from mentordesk.participants.participant_views import participant_rows
    from mentordesk.programme.spreadsheet_export import write_table

    with open_database(args, write=False) as db:
        rows: list[Any]
        if args.what == "participants":
            rows = sorted(participant_rows(db), key=lambda r: (r.last_name, r.first_name, r.id))
        else:
            rows = pairing_rows(db)
    if not rows:
        headers: list[str] = []
    else:
        headers = [f.name for f in fields(rows[0]) if f.name not in HIDDEN_COLUMNS]
    values = []
    for row in rows:
        data = asdict(row)
        values.append(
            [", ".join(v) if isinstance(v, tuple) else v for v in (data[h] for h in headers)]
        )
    count = write_table(args.out, args.what.capitalize(), headers, values)
    if args.json:
        print_json({"table": args.what, "rows": count, "file": str(args.out)})
    else:
        print(f"Wrote {count} {args.what} to {args.out}.")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from mentordesk.store.actions import remember_restore
    from mentordesk.store.restore import restore_database

    with open_database(args, write=True) as db:
        safety = restore_database(db, args.backup)
        # The restored content's own kept change belongs to its past: the restore is now
        # the last change made from the command line.
        remember_restore(db, f"Restore {args.backup.name}", safety)
        path = db.path
    if args.json:
        print_json({"restored": str(args.backup), "database": str(path), "safety": str(safety)})
    else:
        print(
            f"Restored {args.backup} into {path}. What was there before is kept in "
            f"{safety}; `mentordesk undo` puts it back."
        )
    return 0


def run_undo(args: argparse.Namespace) -> int:
    from mentordesk.store.actions import undo_remembered

    with open_database(args, write=True) as db:
        title, areas = undo_remembered(db)
    if args.json:
        print_json({"undone": title, "areas": sorted(areas)})
    else:
        print(f"Undone: {title}.")
    return 0
