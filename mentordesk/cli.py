"""The command line: `mentordesk` opens the window; subcommands work without a display.

Each capability registers its subcommands from a module in `mentordesk/commands/`.
Expected failures print one line on stderr and exit non-zero; no traceback.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from mentordesk import __version__
from mentordesk.errors import MentorDeskError

# Modules with a `register(subparsers)` function; imported when the parser is built,
# so they keep heavy imports inside their command functions.
COMMAND_MODULES = (
    "mentordesk.commands.core",
    "mentordesk.commands.importing",
    "mentordesk.commands.past_imports",
    "mentordesk.commands.matching",
    "mentordesk.commands.documents",
    "mentordesk.commands.monitoring",
    "mentordesk.commands.privacy",
    "mentordesk.commands.people",
    "mentordesk.commands.pair_work",
    "mentordesk.commands.files",
)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    """Usage errors keep the `--json` promise: stdout still carries one JSON document.

    Subcommand parsers are made of the same class, so this holds for every command.
    """

    json_wanted = False  # set by main() before parsing: the flag may come after the error

    def error(self, message: str) -> NoReturn:
        if _Parser.json_wanted:
            import json

            print(json.dumps({"error": f"{self.prog}: {message}"}, ensure_ascii=False))
        super().error(message)


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        metavar="PATH",
        help="database file to use (default: the one in your user data folder)",
    )
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the file's passphrase from the first line of FILE "
        "(without it, an encrypted file's passphrase is asked for on the terminal)",
    )
    # For automated checks of a build (packaging/smoke_test.py): close the window this many
    # milliseconds after it is ready, exiting with the window's exit code.
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mentordesk",
        description="MentorDesk: run a small mentoring programme. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"MentorDesk {__version__}")
    _global_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


class _NotForTheWindow(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotForTheWindow(message)


def _window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The options when the arguments only open the window (`mentordesk [--db PATH] …`),
    read without importing the commands (and the data layer they bring): the window's
    start pays for none of it. None for anything else (a command, --help, a mistake): the
    full parser reads those."""
    quick = _QuietParser(add_help=False, allow_abbrev=False)
    _global_options(quick)
    try:
        args, rest = quick.parse_known_args(argv)
    except _NotForTheWindow:  # a malformed value: the full parser says so
        return None
    if rest:
        return None
    args.command = None
    return args


def _fail(args: argparse.Namespace, reason: str) -> None:
    """One line on stderr; with --json, stdout still carries one JSON document."""
    print(f"mentordesk: {reason}", file=sys.stderr)
    if getattr(args, "json", False):
        import json

        print(json.dumps({"error": reason}, ensure_ascii=False))


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up allocates the program's long-lived objects (modules, mappers, widgets) by the
    # hundred thousand; the cyclic collector walking them again and again finds nothing to
    # free. It is paused until start-up is over: for a command, once its arguments are read;
    # for the window, once the home screen shows its figures (`ui.app` resumes it).
    collecting = gc.isenabled()
    gc.disable()
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = _window_arguments(arguments)
        if args is None:
            parser = build_parser()
            _Parser.json_wanted = "--json" in arguments
            args = parser.parse_args(arguments)
    except BaseException:
        if collecting:
            gc.enable()
        raise
    if args.command is not None and collecting:
        gc.enable()
    try:
        if args.command is None:
            # The window names its route itself, once its data layer loads.
            from mentordesk.ui.app import run_app

            passphrase = None
            if args.passphrase_file is not None:
                from mentordesk.commands.common import read_passphrase_file

                passphrase = read_passphrase_file(args.passphrase_file)
            return run_app(args.db, quit_after_ms=args.quit_after, passphrase=passphrase)
        from mentordesk.store.audit_trail import set_route

        set_route(f"command line: {args.command}")
        return int(args.handler(args) or EXIT_OK)
    except MentorDeskError as exc:
        _fail(args, str(exc))
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader stopped early (`mentordesk list … | head`): not a failure. Before
        # OSError, of which it is a kind.
        return EXIT_OK
    except OSError as exc:
        # Files the user named: missing, unreadable, or a full disk.
        where = f" ({exc.filename})" if exc.filename else ""
        _fail(args, f"{exc.strerror or exc}{where}.")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("mentordesk: interrupted; nothing more was written.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
