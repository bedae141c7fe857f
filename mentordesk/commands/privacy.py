"""Subcommands of privacy: protect (passphrase), history, erase, export-person."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mentordesk.commands.common import (
    database_path,
    open_database,
    prompt_passphrase,
    read_passphrase_file,
    refuse,
)


def register(subparsers: Any) -> None:
    protect = subparsers.add_parser(
        "protect",
        help="protect the file with a passphrase, change its passphrase, or remove it",
        description="Encrypt the programme file and its backups with a new passphrase "
        "(from --passphrase-file NEW, or asked for twice on the terminal); with --remove, "
        "decrypt them. An encrypted file's current passphrase comes from the global "
        "--passphrase-file or the terminal.",
    )
    protect.add_argument(
        "--passphrase-file",
        dest="new_passphrase_file",
        type=Path,
        metavar="NEW",
        help="the new passphrase, on the first line of this file",
    )
    protect.add_argument(
        "--remove", action="store_true", help="remove the passphrase (the file becomes plain)"
    )
    protect.set_defaults(handler=run_protect)

    history = subparsers.add_parser(
        "history",
        help="show who changed what, when and through which action; --verify checks the chain",
    )
    history.add_argument("--person", type=int, metavar="ID", help="one person's history")
    history.add_argument("--pairing", type=int, metavar="ID", help="one pairing's history")
    history.add_argument("--json", action="store_true", help="print JSON instead of a table")
    history.add_argument(
        "--verify",
        action="store_true",
        help="check that no entry was edited or removed (exit 1 naming the first broken one)",
    )
    history.set_defaults(handler=run_history)

    erase = subparsers.add_parser(
        "erase",
        help="erase a person and every record about them, from the file and its backups",
        description="Removes the person's record, pairings, meetings, goals, check-ins, "
        "screening, training, never-pair rules and import snapshots, scrubs their values "
        "from the history, rewrites the backups that hold them and vacuums the file. Kept: "
        "resolved safety concerns under a pseudonym, and an erasure record with the date and "
        "counts. Without --yes, prints what would go and changes nothing.",
    )
    erase.add_argument("person_id", type=int, metavar="PERSON_ID")
    erase.add_argument("--yes", action="store_true", help="erase (without it: only show)")
    erase.add_argument("--json", action="store_true", help="print JSON")
    erase.set_defaults(handler=run_erase)

    export_person = subparsers.add_parser(
        "export-person",
        help="write everything held about one person as a PDF and a JSON file",
    )
    export_person.add_argument("person_id", type=int, metavar="PERSON_ID")
    export_person.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="FILE.pdf and FILE.json"
    )
    export_person.set_defaults(handler=run_export_person)


def _new_passphrase(args: argparse.Namespace) -> str:
    if args.new_passphrase_file is not None:
        return read_passphrase_file(args.new_passphrase_file)
    first = prompt_passphrase("New passphrase: ")
    if first is None:
        raise refuse("Give the new passphrase with protect --passphrase-file NEW.")
    if prompt_passphrase("Type it again: ") != first:
        raise refuse("The two passphrases differ; nothing was changed.")
    if not first:
        raise refuse("The passphrase is empty; nothing was changed.")
    return first


def run_protect(args: argparse.Namespace) -> int:
    from mentordesk.store.cipher import is_encrypted
    from mentordesk.store.protection import change_protection

    path = database_path(args)
    if not path.exists():
        raise refuse(f"{path} does not exist; nothing to protect.")
    if args.remove and args.new_passphrase_file is not None:
        raise refuse("Give either --remove or a new passphrase, not both.")
    if not is_encrypted(path) and args.passphrase_file is not None:
        # A plain file: the global passphrase option names the passphrase to set.
        if args.new_passphrase_file is None:
            args.new_passphrase_file = args.passphrase_file
        args.passphrase_file = None
    new = None if args.remove else _new_passphrase(args)
    with open_database(args, write=True) as db:
        change = change_protection(db, new)
    converted = (
        f"; {_backups(change.backups_converted)} converted" if change.backups_converted else ""
    )
    removed = (
        f"; {_backups(change.backups_removed)} under an older passphrase removed"
        if change.backups_removed
        else ""
    )
    if change.encrypted:
        print(f"{path} is protected with the new passphrase{converted}{removed}.")
    else:
        print(f"{path} no longer has a passphrase{converted}{removed}.")
    return 0


def _backups(count: int) -> str:
    return f"{count} backup" if count == 1 else f"{count} backups"


def _short(value: object) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def run_history(args: argparse.Namespace) -> int:
    from mentordesk.commands.common import print_json, print_table
    from mentordesk.privacy.history import list_history, verify_chain
    from mentordesk.store.audit_trail import BULK_ADD

    with open_database(args, write=False) as db, db.reading() as session:
        if args.verify:
            return _report_check(verify_chain(session), as_json=args.json)
        rows = list_history(session, person_id=args.person, pairing_id=args.pairing)
    if args.json:
        print_json([r.as_json() for r in rows])
        return 0
    print_table(
        ["Entry", "When (UTC)", "Who", "Action", "Change", "Record", "Fields"],
        [
            (
                r.id,
                r.at.isoformat(sep=" ", timespec="minutes"),
                r.coordinator or r.os_user,
                r.action,
                r.change,
                f"{r.record} {r.record_id or ''}".strip(),
                _short(
                    "; ".join(
                        f"{k}: {_short(v[0])} → {_short(v[1])}"
                        if r.change == "update"
                        else (f"{k}: {_short(v[1])}" if r.change == BULK_ADD else k)
                        for k, v in r.changes.items()
                    )
                ),
            )
            for r in rows
        ],
    )
    return 0


def _report_check(check: Any, *, as_json: bool) -> int:
    import sys

    from mentordesk.commands.common import print_json

    problem = f"The history is broken at entry {check.broken_id}: {check.reason}."
    if as_json:
        data = {"ok": check.ok, "entries": check.entries}
        if not check.ok:
            data.update(broken_entry=check.broken_id, error=problem)
        print_json(data)
    if not check.ok:
        print(f"mentordesk: {problem}", file=sys.stderr)
        return 1
    if not as_json:
        print(f"The history is intact: {check.entries} entries, each linked to the one before.")
    return 0


def run_erase(args: argparse.Namespace) -> int:
    from mentordesk.commands.common import print_json
    from mentordesk.privacy.erasure import ErasureRefused, erase_person, plan_erasure

    with open_database(args, write=True) as db:
        plan = plan_erasure(db, args.person_id)
        if plan.blocked:
            raise ErasureRefused(plan.blocked + " Nothing was erased.")
        if not args.yes:
            if args.json:
                print_json({"erased": False, "goes": dict(plan.goes), "kept": list(plan.kept)})
            else:
                print(f"Erasing {plan.name} would remove:")
                for line in plan.lines:
                    print(f"  {line}")
                print("and keep:")
                for line in plan.kept:
                    print(f"  {line}")
                print("Nothing was changed; add --yes to erase.")
            return 0
        result = erase_person(db, args.person_id)
    if args.json:
        print_json(
            {
                "erased": True,
                "counts": result.counts,
                "backups_rewritten": result.backups_rewritten,
                "backups_removed": list(result.backups_removed),
                "concerns_kept": result.concerns_kept,
            }
        )
        return 0
    print(f"Erased participant {args.person_id}: " + ", ".join(plan.lines) + ".")
    if result.backups_rewritten:
        print(f"Rewrote {_backups(result.backups_rewritten)} without them.")
    if result.backups_removed:
        print(
            f"Removed {_backups(len(result.backups_removed))} that could not be rewritten: "
            + ", ".join(result.backups_removed)
        )
    return 0


def run_export_person(args: argparse.Namespace) -> int:
    from mentordesk.privacy.subject_export import export_person

    with open_database(args, write=False) as db:
        json_path, pdf_path = export_person(db, args.person_id, args.out)
    print(f"Wrote {pdf_path} and {json_path}.")
    return 0
