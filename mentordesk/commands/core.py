"""Subcommands of the foundation: demo, list, backup."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mentordesk.commands.common import open_database, print_json, print_table


def register(subparsers: Any) -> None:
    demo = subparsers.add_parser("demo", help="fill a new, empty database with a sample programme")
    demo.set_defaults(handler=run_demo)

    listing = subparsers.add_parser("list", help="list participants or pairings")
    listing.add_argument("what", choices=["participants", "pairings"])
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(handler=run_list)

    backup = subparsers.add_parser("backup", help="make a consistent copy of the database")
    backup.add_argument("--out", type=Path, metavar="FILE", default=None)
    backup.add_argument("--json", action="store_true", help="print JSON instead of text")
    backup.set_defaults(handler=run_backup)


def run_demo(args: argparse.Namespace) -> int:
    from mentordesk.programme.demo import load_demo

    with open_database(args, write=True) as db:
        summary = load_demo(db)
        print(
            f"Loaded the demo programme into {db.path}: {summary.mentees} mentees, "
            f"{summary.mentors} mentors, {summary.pairings} pairings, "
            f"{summary.meetings} meetings."
        )
    return 0


def run_list(args: argparse.Namespace) -> int:
    from mentordesk.programme.programme_queries import list_pairings, list_participants

    with open_database(args, write=False) as db, db.reading() as session:
        if args.what == "participants":
            people = list_participants(session)
            if args.json:
                print_json([p.as_json() for p in people])
            else:
                print_table(
                    ["ID", "Role", "First name", "Last name", "Email", "Status"],
                    [
                        (p.id, p.role, p.first_name, p.last_name, p.email or "", p.status)
                        for p in people
                    ],
                )
        else:
            pairs = list_pairings(session)
            if args.json:
                print_json([p.as_json() for p in pairs])
            else:
                print_table(
                    ["ID", "Mentor", "Mentee", "Status", "Start"],
                    [
                        (
                            p.id,
                            f"{p.mentor_name} ({p.mentor_id})",
                            f"{p.mentee_name} ({p.mentee_id})",
                            p.status,
                            p.start_date or "",
                        )
                        for p in pairs
                    ],
                )
    return 0


def run_backup(args: argparse.Namespace) -> int:
    with open_database(args, write=False) as db:
        made = db.backup(args.out)
    if args.json:
        print_json({"backup": str(made)})
    else:
        print(made)
    return 0
