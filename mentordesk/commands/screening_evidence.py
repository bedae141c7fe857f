"""`mentordesk screening`: show a mentor's checklist, or record one check with its evidence."""

from __future__ import annotations

import argparse
from typing import Any

from mentordesk.commands.common import open_database, parse_date, print_json, print_table

STATUSES = ("complete", "reported", "in_progress", "not_started", "failed")


def register(subparsers: Any) -> None:
    screening = subparsers.add_parser(
        "screening",
        help="show a mentor's screening, or record a check with its evidence",
        description="Without --check, show the mentor's checklist and whether they are ready. "
        "With --check, record that item: a check is complete only with the date it was done, "
        "what was seen (certificate or reference number) and who saw it; without --expires "
        "it runs out after the programme's renewal rule (default 3 years).",
    )
    screening.add_argument("mentor_id", type=int, metavar="PERSON_ID")
    screening.add_argument(
        "--check",
        metavar="KIND",
        help="application, interview, references, background_check, or a programme's own item",
    )
    screening.add_argument("--status", choices=STATUSES, default="complete")
    screening.add_argument("--done", type=parse_date, metavar="DATE", help="date done, YYYY-MM-DD")
    screening.add_argument("--expires", type=parse_date, metavar="DATE", help="YYYY-MM-DD")
    screening.add_argument("--seen", metavar="REF", default="", help="certificate or ref. no.")
    screening.add_argument("--seen-by", metavar="NAME", default="", help="who saw the evidence")
    screening.add_argument("--references", type=int, metavar="N", help="references received")
    screening.add_argument("--json", action="store_true", help="print JSON")
    screening.set_defaults(handler=run_screening)


def _checks_json(screening: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": c.kind,
            "label": c.label,
            "status": c.status,
            "completed_on": c.completed_on,
            "expires_on": c.expires_on,
            "seen_reference": c.seen_reference,
            "seen_by": c.seen_by,
            "reference_count": c.reference_count,
        }
        for c in screening.checks
    ]


def _readiness_json(readiness: Any) -> dict[str, Any]:
    return {
        "ready": readiness.ready,
        "missing": list(readiness.missing),
        "to_verify": list(readiness.to_verify),
        "expiring": [{"item": item, "expires_on": day} for item, day in readiness.expiring],
    }


def run_screening(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.models import ScreeningStatus
    from mentordesk.participants.screening import mentor_readiness
    from mentordesk.participants.screening_edit import read_screening, record_check

    today = clock.today()
    if args.check is None:
        with open_database(args, write=False) as db, db.reading() as session:
            screening = read_screening(session, args.mentor_id)
            readiness = mentor_readiness(session, today, [args.mentor_id])[args.mentor_id]
        if args.json:
            print_json(
                {
                    "mentor_id": args.mentor_id,
                    "checks": _checks_json(screening),
                    **_readiness_json(readiness),
                }
            )
        else:
            print_table(
                ["Item", "Status", "Done", "Expires", "Seen", "Seen by"],
                [
                    (
                        c.label or c.kind.replace("_", " "),
                        ScreeningStatus(c.status).label,
                        c.completed_on or "",
                        c.expires_on or "",
                        c.seen_reference,
                        c.seen_by,
                    )
                    for c in screening.checks
                ],
            )
            print(readiness.summary)
        return 0
    with open_database(args, write=True) as db:
        recorded = record_check(
            db,
            args.mentor_id,
            args.check.strip(),
            status=ScreeningStatus(args.status),
            done=args.done,
            expires=args.expires,
            seen_reference=args.seen.strip(),
            seen_by=args.seen_by.strip(),
            references=args.references,
            on_date=today,
        )
    record = recorded.record
    if args.json:
        print_json(
            {
                "mentor_id": args.mentor_id,
                "check": _checks_json(recorded.after)[
                    [c.key for c in recorded.after.checks].index(record.key)
                ],
                **_readiness_json(recorded.readiness),
            }
        )
    else:
        what = (record.label or record.kind).replace("_", " ")
        print(f"Recorded the {what} as {ScreeningStatus(record.status).label.lower()}.")
        print(recorded.readiness.summary)
    return 0
