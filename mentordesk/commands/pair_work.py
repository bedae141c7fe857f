"""Subcommands on a pairing's life: activate, pause, resume; log a meeting or a check-in;
set a goal. Each runs the window's action (`pairings.pairing_actions`) and keeps its inverse
for `mentordesk undo`.
"""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from mentordesk.commands.common import apply_action, parse_date, report_done
from mentordesk.programme.text_input import format_date

MODES = ("in_person", "video", "phone")
WHO = ("mentor", "mentee", "guardian")
GOAL_STATUSES = ("not_started", "in_progress", "achieved", "dropped")


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def register(subparsers: Any) -> None:
    for change, text in (
        ("activate", "make a proposed pairing active (the pair starts meeting)"),
        ("pause", "pause an active pairing"),
        ("resume", "resume a paused pairing"),
    ):
        parser = subparsers.add_parser(change, help=text)
        parser.add_argument("pairing_id", type=int, metavar="PAIRING_ID")
        parser.add_argument(
            "--date", type=parse_date, metavar="YYYY-MM-DD", help="as of (default: today)"
        )
        _json_option(parser)
        parser.set_defaults(handler=run_status_change, change=change)

    permission = subparsers.add_parser(
        "permission",
        help="record a parent's or guardian's permission for a pairing (a mentee under 18)",
        description="Record the day a parent's or guardian's permission came back: a consent "
        "form (--on DATE), or the agreement returned signed by a parent or guardian "
        "(--agreement: its signed date). A minor's pairing becomes active only with it, when "
        "the programme asks for it. --clear removes it (refused while the pairing is active).",
    )
    permission.add_argument("pairing_id", type=int, metavar="PAIRING_ID")
    given = permission.add_mutually_exclusive_group(required=True)
    given.add_argument("--on", type=parse_date, metavar="YYYY-MM-DD", help="the day it came back")
    given.add_argument(
        "--agreement",
        action="store_true",
        help="the agreement came back signed by a parent or guardian: its signed date",
    )
    given.add_argument("--clear", action="store_true", help="remove the permission on record")
    _json_option(permission)
    permission.set_defaults(handler=run_permission)

    meeting = subparsers.add_parser("meeting", help="log a meeting of a pair")
    meeting.add_argument("pairing_id", type=int, metavar="PAIRING_ID")
    meeting.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="default: today")
    meeting.add_argument("--minutes", type=int, required=True)
    meeting.add_argument("--mode", choices=MODES, default="in_person")
    meeting.add_argument("--notes", default="", metavar="TEXT")
    _json_option(meeting)
    meeting.set_defaults(handler=run_meeting)

    check_in = subparsers.add_parser("check-in", help="log a coordinator's check-in with a pair")
    check_in.add_argument("pairing_id", type=int, metavar="PAIRING_ID")
    check_in.add_argument("--date", type=parse_date, metavar="YYYY-MM-DD", help="default: today")
    check_in.add_argument("--who", choices=WHO, required=True, help="who was spoken to")
    check_in.add_argument("--satisfaction", type=int, metavar="1-5", default=None)
    check_in.add_argument("--concern", action="store_true", help="a concern was raised")
    check_in.add_argument("--notes", default="", metavar="TEXT")
    _json_option(check_in)
    check_in.set_defaults(handler=run_check_in)

    goal = subparsers.add_parser("goal", help="set a goal for a pair")
    goal.add_argument("pairing_id", type=int, metavar="PAIRING_ID")
    goal.add_argument("title", metavar="TITLE")
    goal.add_argument("--target", type=parse_date, metavar="YYYY-MM-DD", help="target date")
    goal.add_argument("--status", choices=GOAL_STATUSES, default="not_started")
    goal.add_argument("--progress", type=int, default=0, metavar="PERCENT")
    goal.add_argument("--description", default="", metavar="TEXT")
    _json_option(goal)
    goal.set_defaults(handler=run_goal)


def run_status_change(args: argparse.Namespace) -> int:
    from mentordesk.pairings.pairing_actions import ChangePairingStatus

    title = f"{args.change.capitalize()} pairing {args.pairing_id}"
    done = apply_action(
        args, ChangePairingStatus(args.pairing_id, args.change, on_date=args.date), title
    )
    verb = {"activate": "Activated", "pause": "Paused", "resume": "Resumed"}[args.change]
    report_done(
        args,
        title,
        {"pairing_id": args.pairing_id, "status": "paused" if args.change == "pause" else "active"},
        f"{verb} pairing {args.pairing_id}.",
        done.warnings,
    )
    return 0


def run_permission(args: argparse.Namespace) -> int:
    from mentordesk.pairings.pairing_actions import RecordGuardianPermission

    title = f"Record permission – pairing {args.pairing_id}"
    if args.clear:
        title = f"Clear permission – pairing {args.pairing_id}"
    action = RecordGuardianPermission(args.pairing_id, args.on, from_agreement=args.agreement)
    done = apply_action(args, action, title)
    day = done.result
    sentence = (
        f"Recorded a parent's or guardian's permission for pairing {args.pairing_id}, "
        f"received on {format_date(day)}."
        if day is not None
        else f"Cleared the permission of pairing {args.pairing_id}."
    )
    report_done(
        args, title, {"pairing_id": args.pairing_id, "guardian_permission_on": day}, sentence
    )
    return 0


def _add(args: argparse.Namespace, kind: str, data: Any, title: str, sentence: str) -> int:
    from mentordesk.pairings.pairing_actions import AddRecord

    done = apply_action(args, AddRecord(kind, args.pairing_id, data), title)
    record = {"id": done.result, "pairing_id": args.pairing_id, **asdict(data)}
    report_done(args, title, record, sentence.format(id=done.result))
    return 0


def run_meeting(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.models import MeetingMode
    from mentordesk.pairings.activity import MeetingInput
    from mentordesk.pairings.pairing_actions import MEETING

    data = MeetingInput(
        args.date or clock.today(), args.minutes, MeetingMode(args.mode), args.notes
    )
    when = f"{format_date(data.held_on)}"
    return _add(
        args,
        MEETING,
        data,
        f"Add meeting on {when} – pairing {args.pairing_id}",
        f"Logged a {args.minutes}-minute meeting on {when} (meeting {{id}}).",
    )


def run_check_in(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.models import CheckInWho
    from mentordesk.pairings.activity import CheckInInput
    from mentordesk.pairings.pairing_actions import CHECK_IN

    data = CheckInInput(
        args.date or clock.today(),
        CheckInWho(args.who),
        args.satisfaction,
        args.concern,
        args.notes,
    )
    when = f"{format_date(data.held_on)}"
    return _add(
        args,
        CHECK_IN,
        data,
        f"Add check-in on {when} – pairing {args.pairing_id}",
        f"Logged a check-in with the {args.who} on {when} (check-in {{id}}).",
    )


def run_goal(args: argparse.Namespace) -> int:
    from mentordesk.models import GoalStatus
    from mentordesk.pairings.activity import GoalInput
    from mentordesk.pairings.pairing_actions import GOAL

    data = GoalInput(
        args.title, args.target, GoalStatus(args.status), args.progress, args.description
    )
    return _add(
        args,
        GOAL,
        data,
        f"Add goal “{args.title}” – pairing {args.pairing_id}",
        f"Set the goal “{args.title}” (goal {{id}}).",
    )
