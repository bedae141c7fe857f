"""Subcommands of monitoring: flags (who needs help this week) and close (end a pair)."""

from __future__ import annotations

import argparse
from typing import Any

from mentordesk.commands.common import open_database, parse_date, print_json, print_table

INITIATORS = ("mentor", "mentee", "guardian", "coordinator")
KINDS = ("planned", "early")


def register(subparsers: Any) -> None:
    flags = subparsers.add_parser(
        "flags", help="list the pairs and mentees that need attention, most urgent first"
    )
    flags.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"pairing_id", "kind", "severity", "message"}',
    )
    flags.set_defaults(handler=run_flags)

    close = subparsers.add_parser("close", help="close a pairing, recording why and how")
    close.add_argument("pairing_id", type=int, metavar="PAIRING_ID")
    close.add_argument("--reason", required=True, metavar="TEXT", help="why the pair ends")
    close.add_argument("--initiator", choices=INITIATORS, help="who asked for the closure")
    close.add_argument(
        "--kind",
        choices=KINDS,
        help="planned or early (default: early if the pair ends before its committed months "
        "and before the programme's end date, else planned)",
    )
    close.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="closing date (default: today)"
    )
    close.add_argument(
        "--meeting-date",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="date of the closure meeting, if one was held",
    )
    close.add_argument(
        "--contact", default="", metavar="TEXT", help="rules for contact after the closure"
    )
    close.add_argument("--notes", default="", metavar="TEXT", help="details of the closure")
    close.set_defaults(handler=run_close)


def run_flags(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.monitoring.flags import compute_flags

    with open_database(args, write=False) as db, db.reading() as session:
        flags = compute_flags(session, clock.today())
    if args.json:
        print_json([flag.as_json() for flag in flags])
        return 0
    if not flags:
        print("No flags: every pair is on track.")
        return 0
    print_table(
        ["Severity", "Pairing", "For", "Flag", "Reason"],
        [
            (
                f.severity.label,
                f.pairing_id if f.pairing_id is not None else "",
                f.subject,
                f.kind.label,
                f.message,
            )
            for f in flags
        ],
    )
    return 0


def run_close(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.commands.common import apply_action
    from mentordesk.models import ClosureKind, Initiator
    from mentordesk.monitoring.closures import closing_view
    from mentordesk.pairings.pairing_actions import CLOSE, ChangePairingStatus, ClosureRequest

    on_date = args.date or clock.today()
    with open_database(args, write=False) as db:
        pair, _order = closing_view(db, args.pairing_id, on_date)
    kind = ClosureKind(args.kind) if args.kind else pair.suggested_kind
    request = ClosureRequest(
        reason=args.reason,
        kind=kind,
        initiator=Initiator(args.initiator) if args.initiator else None,
        on_date=on_date,
        closure_meeting_on=args.meeting_date,
        post_closure_contact=args.contact,
        notes=args.notes,
    )
    title = f"Close pairing {pair.label}"
    apply_action(args, ChangePairingStatus(args.pairing_id, CLOSE, closure=request), title)
    print(
        f"Closed pairing {pair.pairing_id} ({pair.label}) on {on_date:%d %b %Y} as "
        f"{kind.value}: {args.reason.strip()}."
    )
    return 0
