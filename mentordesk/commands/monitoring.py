"""Subcommands of monitoring: flags (who needs help this week) and close (end a pair)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from mentordesk.commands.common import open_database, parse_date, print_json, print_table
from mentordesk.programme.text_input import format_date

if TYPE_CHECKING:
    from mentordesk.monitoring.flag_board import Snooze

INITIATORS = ("mentor", "mentee", "guardian", "coordinator")
KINDS = ("planned", "early")
SEVERITIES = ("high", "medium", "low")


def register(subparsers: Any) -> None:
    flags = subparsers.add_parser(
        "flags", help="list the pairs and mentees that need attention, most urgent first"
    )
    flags.add_argument(
        "--json",
        action="store_true",
        help='print a JSON array of {"pairing_id", "kind", "severity", "message"}; '
        'snoozed flags carry "snoozed_until" and "snooze_reason"',
    )
    flags.add_argument(
        "--include-snoozed",
        action="store_true",
        help="list the flags snoozed until a later date too",
    )
    flags.set_defaults(handler=run_flags)

    concerns = subparsers.add_parser(
        "concerns",
        help="the safety-concern register: list open concerns, raise one, resolve one",
        description="Without --raise or --resolve: list the open safety concerns, most "
        "serious first (--all adds the resolved ones). A concern is never deleted; it is "
        "closed only by a resolution saying what was done and who decided.",
    )
    concerns.add_argument("--all", action="store_true", help="list resolved concerns too")
    concerns.add_argument("--json", action="store_true", help="print JSON instead of a table")
    action = concerns.add_mutually_exclusive_group()
    action.add_argument(
        "--raise",
        dest="raise_for",
        type=int,
        metavar="PAIRING_ID",
        help="raise a concern about this pairing (with --text and --by)",
    )
    action.add_argument(
        "--resolve",
        type=int,
        metavar="CONCERN_ID",
        help="resolve this concern (with --action and --decided-by)",
    )
    concerns.add_argument("--text", metavar="TEXT", help="what was said or seen (--raise)")
    concerns.add_argument("--by", metavar="NAME", help="who raised the concern (--raise)")
    concerns.add_argument(
        "--severity",
        choices=SEVERITIES,
        default="high",
        help="how serious it is (--raise; default: high)",
    )
    concerns.add_argument("--action", metavar="TEXT", help="what was done (--resolve)")
    concerns.add_argument(
        "--decided-by", metavar="NAME", help="who decided it is resolved (--resolve)"
    )
    concerns.add_argument(
        "--date",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="when it was raised or resolved (default: today)",
    )
    concerns.set_defaults(handler=run_concerns)

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
    from mentordesk.monitoring.flag_board import snooze_key, split_snoozed
    from mentordesk.monitoring.flags import compute_flags

    today = clock.today()
    with open_database(args, write=False) as db, db.reading() as session:
        shown, snoozed, snoozes = split_snoozed(session, compute_flags(session, today), today)
    asleep = {id(f): snoozes[snooze_key(f)] for f in snoozed}
    listed = [*shown, *snoozed] if args.include_snoozed else shown
    listed.sort(key=lambda f: f.sort_key)
    if args.json:
        rows = []
        for flag in listed:
            row = flag.as_json()
            snooze = asleep.get(id(flag))
            if snooze is not None:
                row["snoozed_until"] = snooze.until.isoformat()
                row["snooze_reason"] = snooze.reason
            rows.append(row)
        print_json(rows)
        return 0
    hidden = "" if args.include_snoozed else _snoozed_note(len(snoozed))
    if not listed:
        print("No flags: every pair is on track." + hidden)
        return 0
    print_table(
        ["Severity", "Pairing", "For", "Flag", "Reason"],
        [
            (
                f.severity.label,
                f.pairing_id if f.pairing_id is not None else "",
                f.subject,
                f.kind.label,
                f.message + _snoozed_until(asleep.get(id(f))),
            )
            for f in listed
        ],
    )
    if hidden:
        print(hidden.strip())
    return 0


def _snoozed_note(count: int) -> str:
    if not count:
        return ""
    flags = "1 flag is" if count == 1 else f"{count} flags are"
    return f" {flags} snoozed (--include-snoozed lists them)."


def _snoozed_until(snooze: Snooze | None) -> str:
    if snooze is None:
        return ""
    return f" [snoozed until {format_date(snooze.until)}: {snooze.reason}]"


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
        f"Closed pairing {pair.pairing_id} ({pair.label}) on {format_date(on_date)} as "
        f"{kind.value}: {args.reason.strip()}."
    )
    return 0


def run_concerns(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.errors import MentorDeskError
    from mentordesk.models import ConcernSeverity
    from mentordesk.pairings.concerns import (
        ConcernInput,
        concerns_query,
        get_concern_query,
        raise_concern_action,
        resolve_concern_action,
    )

    day = args.date or clock.today()
    if args.raise_for is not None:
        if not (args.text or "").strip() or not (args.by or "").strip():
            raise MentorDeskError(
                "Say what was said or seen (--text) and who raised the concern (--by)."
            )
        with open_database(args, write=True) as db:
            concern_id = raise_concern_action(
                db,
                ConcernInput(
                    pairing_id=args.raise_for,
                    description=args.text,
                    raised_by=args.by,
                    raised_on=day,
                    severity=ConcernSeverity(args.severity),
                ),
            )
            row = get_concern_query(db, concern_id)
        if args.json:
            print_json(row.as_json())
        else:
            print(f"Recorded concern {row.id} about {row.pair_label} (pairing {row.pairing_id}).")
        return 0
    if args.resolve is not None:
        if not (args.action or "").strip() or not (args.decided_by or "").strip():
            raise MentorDeskError(
                "Say what was done (--action) and who decided the concern is resolved "
                "(--decided-by)."
            )
        with open_database(args, write=True) as db:
            resolve_concern_action(
                db, args.resolve, resolved_on=day, action=args.action, decided_by=args.decided_by
            )
            row = get_concern_query(db, args.resolve)
        if args.json:
            print_json(row.as_json())
        else:
            print(f"Resolved concern {row.id} about {row.pair_label} on {format_date(day)}.")
        return 0
    with open_database(args, write=False) as db:
        rows = concerns_query(db, include_closed=args.all)
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    if not rows:
        print("No concerns recorded." if args.all else "No open concerns.")
        return 0
    print_table(
        ["ID", "Status", "Severity", "Raised", "By", "Pairing", "Pair", "What was said"],
        [
            (
                r.id,
                "Open" if r.is_open else f"Resolved {format_date(r.resolved_on)}",
                r.severity_label,
                f"{format_date(r.raised_on)}",
                r.raised_by,
                r.pairing_id if r.pairing_id is not None else "deleted",
                r.pair_label,
                r.description,
            )
            for r in rows
        ],
    )
    return 0
