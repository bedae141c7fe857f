"""`mentordesk import FILE`: a roster or a meeting log (told apart by the sheet's header),
from a spreadsheet or a .csv/.tsv file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mentordesk.commands.common import open_database, print_json
from mentordesk.errors import MentorDeskError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from mentordesk.roster.importer import ImportResult


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import",
        help="import a roster of people (or a meeting log) from a spreadsheet "
        "(.xlsx, .xlsm, .xlsb, .xls, .ods) or a .csv/.tsv file",
        description="Import a roster: new people are added, people already in the programme "
        "are updated, rows with problems are reported and not imported. One import is one "
        "transaction and can be undone: `mentordesk undo` right after, `mentordesk "
        "undo-import N` later, or from the window's Imports screen.",
    )
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument(
        "--kind",
        choices=["roster", "meetings"],
        default=None,
        help="a roster of people or a meeting log (default: told from the sheet's header: "
        "a meeting log has mentor, mentee, date and minutes columns)",
    )
    parser.add_argument(
        "--sheet", metavar="NAME", help="sheet to read (default: the first with data)"
    )
    parser.add_argument(
        "--role",
        choices=["mentor", "mentee"],
        help="role of everyone whose row does not say (needed when there is no Role column)",
    )
    parser.add_argument("--header-row", type=int, metavar="N", help="the header's row number")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="HEADER=FIELD",
        help="map a column to a field (FIELD empty: keep it as extra information); repeatable",
    )
    parser.add_argument("--dry-run", action="store_true", help="check everything, write nothing")
    parser.add_argument(
        "--errors",
        type=Path,
        metavar="OUT.xlsx",
        help="write the rejected rows to fix and re-import",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run_import)


def _parse_map(items: list[str]) -> dict[str, str | None]:
    mapping: dict[str, str | None] = {}
    for item in items:
        header, sep, field = item.partition("=")
        if not sep:
            raise MentorDeskError(f"--map needs HEADER=FIELD, not '{item}'.")
        mapping[header.strip()] = field.strip() or None
    return mapping


def remember_for_undo(session: Session, result: ImportResult) -> None:
    """In the import's own transaction: `mentordesk undo` undoes this import next."""
    from mentordesk.roster.import_undo import UndoImport
    from mentordesk.store.actions import remember

    if result.batch_id is None:
        return
    if result.kind == "meetings":
        title = f"meeting log import of {result.file} ({result.created} meetings added)"
    else:
        title = f"import of {result.file} ({result.created} people added, {result.updated} updated)"
    remember(session, UndoImport(result.batch_id), title)


def run_import(args: argparse.Namespace) -> int:
    from mentordesk.models import ImportKind, Role
    from mentordesk.roster.errors_file import write_errors_file
    from mentordesk.roster.import_kinds import kind_of
    from mentordesk.roster.importer import NothingImported, import_roster
    from mentordesk.roster.mapping import ROSTER
    from mentordesk.roster.meeting_log import MEETINGS, import_meeting_log
    from mentordesk.roster.source import read_source

    mapping = _parse_map(args.map) or None
    then = None if args.dry_run else remember_for_undo
    # A dry run writes nothing, so a file that can't be written is read for it instead.
    with open_database(args, write=True, read_if_unwritable=args.dry_run) as db:
        with db.reading() as session:
            source = read_source(
                args.file,
                sheet=args.sheet,
                header_row=args.header_row,
                session=session,
                vocabulary=MEETINGS if args.kind == "meetings" else ROSTER,
            )
            # Without --kind, the file's header says which (the window's rule for a drop).
            if args.kind is None and kind_of(source.grid) is ImportKind.MEETINGS:
                source = source.read_as(MEETINGS, args.header_row, session)
        table = source.table

        def work() -> Any:
            if source.vocabulary is MEETINGS:
                return import_meeting_log(
                    db, source, mapping=mapping, dry_run=args.dry_run, then=then
                )
            return import_roster(
                db,
                source,
                mapping=mapping,
                role=Role(args.role) if args.role else None,
                dry_run=args.dry_run,
                then=then,
            )

        try:
            result = work()
        except NothingImported as failure:
            if args.errors:
                write_errors_file(args.errors, failure.result, table)
            if args.json:
                # One JSON document: the report, with the reason as its error.
                print_json({**failure.result.as_json(), "error": str(failure)})
                print(f"mentordesk: {failure}", file=sys.stderr)
                return 1
            raise
        if args.errors:
            write_errors_file(args.errors, result, table)
        read_only = db.read_only_reason
        if args.json:
            print_json({**result.as_json(), **({"read_only": read_only} if read_only else {})})
        else:
            print(result.summary())
            if args.dry_run:
                print(_dry_run_note(read_only))
            for note in result.to_verify:
                print(f"  to verify: {note}")
            for problem in result.errors[:20]:
                print(f"  rejected {problem}", file=sys.stderr)
            if len(result.errors) > 20:
                more = len(result.errors) - 20
                print(f"  … and {more} more (use --errors OUT.xlsx)", file=sys.stderr)
    return 0


def _dry_run_note(read_only: str | None) -> str:
    if read_only is None:
        return "This was a dry run: nothing was written."
    return (
        f"This was a dry run: nothing was written. A real import would be refused, because "
        f"{read_only}."
    )
