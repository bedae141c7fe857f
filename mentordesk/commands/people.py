"""Subcommands on people: add-person, edit-person, screening, training.

Each runs the same action as the window (`participants.participant_actions`) and keeps its
inverse for `mentordesk undo`.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from typing import Any

from mentordesk.commands.common import apply_action, parse_date, report_done

SCREENING_ITEMS = ("application", "interview", "references", "background_check")
SCREENING_STATUSES = ("not_started", "in_progress", "reported", "complete", "failed")


def _add_set_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="FIELD=VALUE",
        help="any participant field, e.g. --set school=Northfield --set interests=art,chess "
        "(lists comma-separated, dates YYYY-MM-DD); repeat for more",
    )


def register(subparsers: Any) -> None:
    add = subparsers.add_parser("add-person", help="add a mentor or a mentee")
    add.add_argument("role", choices=["mentor", "mentee"])
    add.add_argument("first_name", metavar="FIRST_NAME")
    add.add_argument("last_name", metavar="LAST_NAME")
    add.add_argument("--email", default=None, metavar="ADDRESS")
    add.add_argument("--dob", type=parse_date, metavar="YYYY-MM-DD", help="date of birth")
    _add_set_option(add)
    add.add_argument("--json", action="store_true", help="print the new person as JSON")
    add.set_defaults(handler=run_add_person)

    edit = subparsers.add_parser("edit-person", help="change a person's details")
    edit.add_argument("participant_id", type=int, metavar="PARTICIPANT_ID")
    _add_set_option(edit)
    edit.add_argument("--json", action="store_true", help="print the person as JSON")
    edit.set_defaults(handler=run_edit_person)

    screening = subparsers.add_parser(
        "screening",
        help="record a screening check of a mentor (application, interview, …)",
        description="A check is complete only with its evidence: the date it was done, what "
        "was seen (certificate or reference number) and who saw it. Without --expires it "
        "runs out after the programme's renewal rule (default 3 years).",
    )
    screening.add_argument("mentor_id", type=int, metavar="MENTOR_ID")
    screening.add_argument("item", choices=SCREENING_ITEMS)
    screening.add_argument("--status", choices=SCREENING_STATUSES, default="complete")
    screening.add_argument(
        "--date",
        "--done",
        dest="date",
        type=parse_date,
        metavar="YYYY-MM-DD",
        help="completed on (default: today)",
    )
    screening.add_argument(
        "--expires", type=parse_date, metavar="YYYY-MM-DD", help="when a check expires"
    )
    screening.add_argument(
        "--seen", default="", metavar="REF", help="certificate or reference number seen"
    )
    screening.add_argument("--seen-by", default="", metavar="NAME", help="who saw the evidence")
    screening.add_argument("--references", type=int, default=None, metavar="N")
    screening.add_argument("--notes", default="", metavar="TEXT")
    screening.add_argument("--json", action="store_true", help="print the checklist as JSON")
    screening.set_defaults(handler=run_screening)

    training = subparsers.add_parser("training", help="record training a mentor completed")
    training.add_argument("mentor_id", type=int, metavar="MENTOR_ID")
    training.add_argument("--hours", type=float, required=True)
    training.add_argument(
        "--date", type=parse_date, metavar="YYYY-MM-DD", help="completed on (default: today)"
    )
    training.add_argument("--name", default="Pre-match training", metavar="TEXT")
    training.add_argument("--json", action="store_true", help="print the training as JSON")
    training.set_defaults(handler=run_training)


def _fields_from(args: argparse.Namespace, person: Any) -> Any:
    from mentordesk.errors import MentorDeskError
    from mentordesk.participants.participant_fields import field_from_text

    changes: dict[str, Any] = {}
    for item in args.set:
        name, sep, text = item.partition("=")
        if not sep:
            raise MentorDeskError(f"--set {item}: write it as FIELD=VALUE.")
        try:
            changes[name.strip()] = field_from_text(name.strip(), text)
        except ValueError as exc:
            raise MentorDeskError(f"--set {item}: {exc}.") from None
    if "role" in changes:
        raise MentorDeskError("--set role: a person's role cannot change.")
    return replace(person, **changes)


def _person_json(participant_id: int, person: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return {"id": participant_id, **asdict(person)}


def run_add_person(args: argparse.Namespace) -> int:
    from mentordesk.participants.participant_actions import AddParticipant
    from mentordesk.participants.participant_fields import ParticipantFields

    person = ParticipantFields(
        role=args.role,
        first_name=args.first_name,
        last_name=args.last_name,
        email=args.email,
        date_of_birth=args.dob,
        capacity=1 if args.role == "mentor" else None,
    )
    person = _fields_from(args, person)
    title = f"Add {person.display_name}"
    done = apply_action(args, AddParticipant(person), title)
    report_done(
        args,
        title,
        _person_json(done.result, person.cleaned()),
        f"Added {person.display_name} ({args.role}) as participant {done.result}.",
    )
    return 0


def run_edit_person(args: argparse.Namespace) -> int:
    from mentordesk.commands.common import open_database
    from mentordesk.participants.participant_actions import EditParticipant
    from mentordesk.participants.participant_views import participant_view

    with open_database(args, write=False) as db:
        before = participant_view(db, args.participant_id).person
    person = _fields_from(args, before)
    title = f"Edit {person.display_name}"
    apply_action(args, EditParticipant(args.participant_id, person), title)
    report_done(
        args,
        title,
        _person_json(args.participant_id, person.cleaned()),
        f"Saved {person.display_name} (participant {args.participant_id}).",
    )
    return 0


def _screening_of(args: argparse.Namespace) -> Any:
    from mentordesk.commands.common import open_database
    from mentordesk.errors import MentorDeskError
    from mentordesk.participants.participant_views import participant_view

    with open_database(args, write=False) as db:
        view = participant_view(db, args.mentor_id)
    if view.screening is None:
        raise MentorDeskError(
            f"{view.person.display_name} is a {view.person.role}; only mentors are screened."
        )
    return view.person, view.screening


def _checklist_json(screening: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return {
        "mentor_id": screening.mentor_id,
        "checks": [asdict(c) for c in screening.checks],
        "trainings": [asdict(t) for t in screening.trainings],
    }


def run_screening(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.participants.participant_actions import EditParticipant
    from mentordesk.participants.screening_edit import CheckRecord

    person, screening = _screening_of(args)
    current = screening.check(args.item)
    done_on = args.date or (clock.today() if args.status == "complete" else None)
    record = CheckRecord(
        kind=args.item,
        status=args.status,
        completed_on=done_on,
        expires_on=args.expires,
        reference_count=(
            args.references
            if args.references is not None
            else (current.reference_count if current else 0)
        ),
        notes=args.notes or (current.notes if current else ""),
        id=current.id if current else None,
        seen_reference=args.seen.strip() or (current.seen_reference if current else ""),
        seen_by=args.seen_by.strip() or (current.seen_by if current else ""),
    )
    after = screening.with_check(record)
    item = args.item.replace("_", " ")
    title = f"Record the {item} of {person.display_name}"
    apply_action(args, EditParticipant(args.mentor_id, screening=after), title)
    readiness = _readiness(args)
    report_done(
        args,
        title,
        {**_checklist_json(after), **readiness},
        f"Recorded the {item} of {person.display_name} as {args.status.replace('_', ' ')}. "
        f"{readiness['summary']}",
    )
    return 0


def _readiness(args: argparse.Namespace) -> dict[str, Any]:
    """Whether the mentor is ready now, what is missing, to verify, or running out."""
    from mentordesk import clock
    from mentordesk.commands.common import open_database
    from mentordesk.participants.screening import mentor_readiness

    with open_database(args, write=False) as db, db.reading() as session:
        ready = mentor_readiness(session, clock.today(), [args.mentor_id])[args.mentor_id]
    return {
        "ready": ready.ready,
        "summary": ready.summary,
        "missing": list(ready.missing),
        "to_verify": list(ready.to_verify),
        "expiring": [{"item": item, "expires_on": day} for item, day in ready.expiring],
    }


def run_training(args: argparse.Namespace) -> int:
    from mentordesk import clock
    from mentordesk.participants.participant_actions import EditParticipant
    from mentordesk.participants.screening_edit import TrainingRecord

    person, screening = _screening_of(args)
    training = TrainingRecord(args.name, args.date or clock.today(), args.hours)
    after = replace(screening, trainings=(*screening.trainings, training))
    title = f"Record training of {person.display_name}"
    apply_action(args, EditParticipant(args.mentor_id, screening=after), title)
    report_done(
        args,
        title,
        _checklist_json(after),
        f"Recorded {args.hours:g} hours of {args.name} for {person.display_name}.",
    )
    return 0
