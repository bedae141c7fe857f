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
