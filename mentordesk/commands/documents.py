"""Subcommands of documents: agreements and report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentordesk.commands.common import open_database, parse_date, print_json
from mentordesk.programme.text_input import format_date

if TYPE_CHECKING:
    from mentordesk.documents.agreements import Refusal
    from mentordesk.documents.preflight import Preflight


def register(subparsers: Any) -> None:
    agreements = subparsers.add_parser(
        "agreements",
        help="print mentoring agreements as PDF",
        description="Print a mentoring agreement for each pairing (default: every active or "
        "proposed pairing whose agreement has not been printed) and record the print date on "
        "each pairing that has none (a reprint never moves it).",
    )
    agreements.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PATH",
        help="the PDF file to write (with --separate: a folder)",
    )
    agreements.add_argument(
        "--pairing",
        type=int,
        action="append",
        metavar="ID",
        dest="pairings",
        help="print only this pairing (repeat for more)",
    )
    agreements.add_argument(
        "--separate", action="store_true", help="one PDF per pair, named after the pair"
    )
    agreements.add_argument(
        "--reprint",
        action="store_true",
        help="without --pairing: print every active or proposed pairing, printed before or not",
    )
    agreements.add_argument(
        "--allow-placeholders",
        action="store_true",
        help="print even when programme settings an agreement names are empty",
    )
    agreements.add_argument("--json", action="store_true", help="print JSON instead of text")
    agreements.set_defaults(handler=run_agreements)

    report = subparsers.add_parser(
        "report",
        help="print a progress report as PDF",
        description="Print a progress report for the programme, or for one pairing. "
        "Without dates the report covers the programme year.",
    )
    report.add_argument("--out", type=Path, required=True, metavar="FILE.pdf")
    report.add_argument("--pairing", type=int, metavar="ID", help="report on this pairing only")
    report.add_argument("--from", dest="date_from", type=parse_date, metavar="DATE")
    report.add_argument("--to", dest="date_to", type=parse_date, metavar="DATE")
    report.add_argument(
        "--include-notes",
        action="store_true",
        help="include the confidential meeting and check-in notes (pairing reports only)",
    )
    report.add_argument(
        "--internal",
        action="store_true",
        help="programme report for the coordinator's own use: adds the names of the pairs "
        "needing attention, and says 'internal — contains names' on every page",
    )
    report.add_argument("--json", action="store_true", help="print JSON instead of text")
    report.set_defaults(handler=run_report)


def _warn(preflight: Preflight, *, allow_placeholders: bool = True) -> None:
    """Say before printing what will not print as it should; refuse placeholders unless
    allowed."""
    from mentordesk.errors import MentorDeskError

    if preflight.missing_settings and not allow_placeholders:
        raise MentorDeskError(
            preflight.settings_line().replace(
                "Fill them in under Programme settings.",
                "Fill them in under Programme settings, or print anyway with --allow-placeholders.",
            )
        )
    for line in preflight.lines():
        print(f"Warning: {line}", file=sys.stderr)


def _refusals_json(refused: Sequence[Refusal]) -> list[dict[str, object]]:
    return [{"pairing": r.pairing_id, "pair": r.pair, "reason": r.reason} for r in refused]


def run_agreements(args: argparse.Namespace) -> int:
    from mentordesk.documents.agreements import AgreementsRefused, write_agreements
    from mentordesk.documents.preflight import check_agreements

    with open_database(args, write=True) as db:
        _warn(check_agreements(db, args.pairings), allow_placeholders=args.allow_placeholders)
        try:
            result = write_agreements(
                db, args.out, args.pairings, separate=args.separate, reprint=args.reprint
            )
        except AgreementsRefused as refused:
            # Nothing printed; with --json the refusals are listed beside the error.
            print(f"mentordesk: {refused}", file=sys.stderr)
            if args.json:
                print_json({"error": str(refused), "refused": _refusals_json(refused.refused)})
            return 1
    # One sentence a pair left out; the others printed.
    for refusal in result.refused:
        print(f"Warning: {refusal.reason}", file=sys.stderr)
    if args.json:
        print_json(
            {
                "printed_on": result.printed_on,
                "recorded": list(result.recorded_ids),
                "pages": result.pages,
                "files": [
                    {"path": str(f.path), "pages": f.pages, "pairings": list(f.pairing_ids)}
                    for f in result.files
                ],
                "refused": _refusals_json(result.refused),
            }
        )
        return 0
    for file in result.files:
        count = len(file.pairing_ids)
        what = "agreement" if count == 1 else "agreements"
        print(f"Wrote {file.path} ({count} {what}, {file.pages} pages)")
    recorded = len(result.recorded_ids)
    kept = len(result.pairing_ids) - recorded
    if recorded:
        what = "pairing" if recorded == 1 else "pairings"
        print(f"Recorded {format_date(result.printed_on)} as the print date on {recorded} {what}.")
    if kept:
        what = "pairing keeps its" if kept == 1 else "pairings keep their"
        print(f"{kept} {what} first print date.")
    return 0


def run_report(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.documents.preflight import check_report
    from mentordesk.documents.report_periods import date_range
    from mentordesk.documents.reports import default_period, write_report
    from mentordesk.errors import MentorDeskError

    if args.include_notes and args.pairing is None:
        raise MentorDeskError(
            "--include-notes is for a pairing's report; a programme report never shows notes."
        )
    if args.internal and args.pairing is not None:
        raise MentorDeskError(
            "--internal is for the programme report; a pairing's report names its pair anyway."
        )
    today = clock.today()
    with open_database(args, write=False) as db:
        if args.date_from is None and args.date_to is None:
            period = default_period(db, args.pairing)
        else:
            period = date_range(args.date_from, args.date_to, today)
        _warn(
            check_report(db, args.pairing, include_notes=args.include_notes, internal=args.internal)
        )
        result = write_report(
            db,
            args.out,
            period,
            args.pairing,
            include_notes=args.include_notes,
            internal=args.internal,
        )
    if args.json:
        print_json(
            {
                "path": str(result.path),
                "pages": result.pages,
                "pairing": result.pairing_id,
                "internal": args.internal,
                "from": period.start,
                "to": period.end,
            }
        )
        return 0
    what = f"pairing {result.pairing_id}" if result.pairing_id is not None else "the programme"
    print(
        f"Wrote {result.path} ({result.pages} pages): report on {what}, "
        f"{format_date(period.start)} to {format_date(period.until(today))}."
    )
    return 0
