"""Subcommands of matching: `match` (propose pairs for the cohort) and `pair` (by hand)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mentordesk.commands.common import open_database, parse_date, print_json, print_table
from mentordesk.programme.text_input import format_date


def register(subparsers: Any) -> None:
    match = subparsers.add_parser(
        "match",
        help="propose the best mentor for every mentee waiting for one",
        description="Propose the best set of pairs for the whole cohort under the hard rules "
        "(screening, capacity, exclusions, safeguarding), each with its score and reasons.",
    )
    match.add_argument(
        "--objective",
        choices=["score", "coverage"],
        default=None,
        help="score: the highest total score; coverage: as many mentees matched as possible, "
        "then the highest score (default: the programme's setting)",
    )
    match.add_argument(
        "--apply",
        action="store_true",
        help="save the proposals as pairings with status proposed (`mentordesk undo` takes "
        "them back while none has gone further)",
    )
    match.add_argument("--json", action="store_true", help="print JSON instead of a table")
    match.set_defaults(handler=run_match_command)

    pair = subparsers.add_parser(
        "pair",
        help="pair a mentor and a mentee by hand (an active pairing)",
        description="Create an active pairing. Refused, with the reason, when a hard rule "
        "forbids it. A mentee under 18 needs a parent's or guardian's permission on record "
        "(--permission-on) when the programme asks for it.",
    )
    pair.add_argument("mentor_id", type=int, metavar="MENTOR_ID")
    pair.add_argument("mentee_id", type=int, metavar="MENTEE_ID")
    pair.add_argument(
        "--start", type=parse_date, metavar="DATE", help="start date, YYYY-MM-DD (default: today)"
    )
    pair.add_argument(
        "--permission-on",
        type=parse_date,
        metavar="DATE",
        help="the day a parent's or guardian's permission came back (a mentee under 18), "
        "YYYY-MM-DD; on or before the start",
    )
    pair.add_argument("--json", action="store_true", help="print the new pairing as JSON")
    pair.set_defaults(handler=run_pair_command)

    never = subparsers.add_parser(
        "never-pair",
        help="the never-pair list: two people who must never be paired",
        description="Add a never-pair rule in advance (a relative, a known conflict), list "
        "them, or remove one (`mentordesk undo` puts it back). `pair` and `match` obey them.",
    )
    never_sub = never.add_subparsers(dest="never_action", metavar="ACTION", required=True)
    add = never_sub.add_parser("add", help="never pair these two (a mentor and a mentee)")
    add.add_argument("first_id", type=int, metavar="PERSON_ID")
    add.add_argument("second_id", type=int, metavar="PERSON_ID")
    add.add_argument("--reason", required=True, metavar="TEXT", help="why, e.g. Relatives")
    add.add_argument("--json", action="store_true", help="print the rule as JSON")
    listing = never_sub.add_parser("list", help="list the rules (one person's with --person)")
    listing.add_argument("--person", type=int, metavar="PERSON_ID")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    remove = never_sub.add_parser("remove", help="remove the rule between two people")
    remove.add_argument("first_id", type=int, metavar="PERSON_ID")
    remove.add_argument("second_id", type=int, metavar="PERSON_ID")
    remove.add_argument("--json", action="store_true", help="print the removed rule as JSON")
    never.set_defaults(handler=run_never_pair_command)


def _print_result(result: Any) -> None:
    print_table(
        ["Mentor", "Mentee", "Score", "Why"],
        [
            (
                f"{p.mentor_name} ({p.mentor_id})",
                f"{p.mentee_name} ({p.mentee_id})",
                f"{p.score:.2f}",
                "; ".join(p.reasons),
            )
            for p in result.proposals
        ],
    )
    if result.unmatched:
        print()
        print_table(
            ["Unmatched mentee", "Reason"],
            [(f"{u.mentee_name} ({u.mentee_id})", u.reason) for u in result.unmatched],
        )
    print()
    print(
        f"{len(result.proposals)} pairs proposed, {len(result.unmatched)} mentees unmatched, "
        f"total score {result.total_score:.2f} ({result.objective.label.lower()})."
    )


def _saved_title(done: Any) -> str:
    count = len(done.pairings)
    return f"Save {count} proposed pairing{'' if count == 1 else 's'} from the matcher"


def run_match_command(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.commands.common import apply_action
    from mentordesk.matching.matching_actions import ProposeForCohort, match_cohort
    from mentordesk.matching.matching_settings import Objective

    objective = Objective(args.objective) if args.objective else None
    today = clock.today()
    if args.apply:
        # One transaction: the proposals are saved as computed, or not at all.
        done = apply_action(
            args,
            ProposeForCohort(today, objective),
            _saved_title,
        )
        result = done.result
    else:
        with open_database(args, write=False) as db:
            result = match_cohort(db, on_date=today, objective=objective)
    if args.json:
        print_json(result.as_json())
    else:
        _print_result(result)
        if args.apply:
            print(
                f"Saved {len(result.proposals)} pairings with status proposed"
                + (" (`mentordesk undo` takes them back)." if result.proposals else ".")
            )
    return 0


def run_pair_command(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.commands.common import apply_action
    from mentordesk.matching.matcher import assess_pair
    from mentordesk.models import PairingStatus
    from mentordesk.pairings.pairing_actions import CreatePairing

    today = clock.today()
    start = args.start or today
    with open_database(args, write=False) as db, db.reading() as session:
        assessed = assess_pair(session, args.mentor_id, args.mentee_id, on_date=start)
    action = CreatePairing(
        args.mentor_id,
        args.mentee_id,
        status=PairingStatus.ACTIVE,
        start_date=start,
        on_date=today,
        score=round(assessed.score, 4) if assessed else None,
        explanation=tuple(assessed.reasons) if assessed else (),
        guardian_permission_on=args.permission_on,
    )
    title = (
        f"Pair {assessed.mentor_name} with {assessed.mentee_name}"
        if assessed
        else f"Pair {args.mentor_id} with {args.mentee_id}"
    )
    pairing_id, warnings = apply_action(args, action, title).result
    notes = [w.message for w in warnings] + (list(assessed.warnings) if assessed else [])
    notes = list(dict.fromkeys(notes))
    if args.json:
        print_json(
            {
                "pairing_id": pairing_id,
                "mentor_id": args.mentor_id,
                "mentee_id": args.mentee_id,
                "start_date": start,
                "guardian_permission_on": args.permission_on,
                "score": round(assessed.score, 4) if assessed else None,
                "reasons": list(assessed.reasons) if assessed else [],
                "warnings": notes,
            }
        )
    else:
        assert assessed is not None  # create_pairing refuses anyone not active
        print(
            f"Paired {assessed.mentor_name} with {assessed.mentee_name} from "
            f"{format_date(start)} (pairing {pairing_id}, score {assessed.score:.2f})."
        )
        for note in notes:
            print(f"warning: {note}", file=sys.stderr)
    return 0


def run_never_pair_command(args: argparse.Namespace) -> int:
    from mentordesk.commands.common import apply_action, report_done
    from mentordesk.pairings.never_pair import AddNeverPair, RemoveNeverPair, never_pairs_query

    if args.never_action == "list":
        with open_database(args, write=False) as db:
            rules = never_pairs_query(db, args.person)
        if args.json:
            print_json([rule.as_json() for rule in rules])
        elif not rules:
            print("No never-pair rules.")
        else:
            print_table(
                ["ID", "Mentor", "Mentee", "Reason", "Added"],
                [
                    (
                        r.id,
                        f"{r.mentor_name} ({r.mentor_id})",
                        f"{r.mentee_name} ({r.mentee_id})",
                        r.reason,
                        r.created_on or "",
                    )
                    for r in rules
                ],
            )
        return 0
    if args.never_action == "add":
        title = f"Never pair {args.first_id} and {args.second_id}"
        done = apply_action(args, AddNeverPair(args.first_id, args.second_id, args.reason), title)
        with open_database(args, write=False) as db:
            (rule,) = [r for r in never_pairs_query(db, args.first_id) if r.id == done.result]
        report_done(
            args,
            title,
            rule.as_json(),
            f"{rule.mentor_name} and {rule.mentee_name} will never be paired ({rule.reason}).",
        )
        return 0
    title = f"Remove the never-pair rule of {args.first_id} and {args.second_id}"
    done = apply_action(args, RemoveNeverPair(args.first_id, args.second_id), title)
    removed = done.result
    report_done(
        args,
        title,
        removed.as_json(),
        f"Removed the never-pair rule of {removed.mentor_name} and {removed.mentee_name} "
        "(`mentordesk undo` puts it back).",
    )
    return 0
