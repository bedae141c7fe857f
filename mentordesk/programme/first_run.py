"""A new programme's first steps, from settings to first meetings, each ticked when the
file shows it done; and which programme settings are still empty before printing.

Queries only: they read, and return plain rows the window and the command line show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import Meeting, Pairing, Participant, Programme, Role
from mentordesk.participants.screening import Readiness, mentor_readiness
from mentordesk.store import Database
from mentordesk.wording import plural

DEFAULT_NAME = "Mentoring programme"  # what a new file is seeded with


@dataclass(frozen=True)
class SetupStep:
    key: str  # names the place where it happens: settings, import, participants, ...
    title: str
    done: bool
    detail: str  # what is there now, or what to do


@dataclass(frozen=True)
class Checklist:
    steps: tuple[SetupStep, ...]

    @property
    def complete(self) -> bool:
        return all(step.done for step in self.steps)

    @property
    def next_step(self) -> SetupStep | None:
        return next((step for step in self.steps if not step.done), None)


def missing_settings_in(session: Session) -> list[str]:
    """The programme settings an agreement needs that are still empty, in plain words."""
    programme = session.scalar(select(Programme).order_by(Programme.id).limit(1))
    if programme is None:
        return ["the programme's name"]
    missing = []
    if not programme.name.strip() or programme.name == DEFAULT_NAME:
        missing.append("the programme's name")
    if not programme.organisation.strip():
        missing.append("the organisation")
    if not programme.coordinator_name.strip():
        missing.append("the coordinator's name")
    if not programme.coordinator_contact.strip():
        missing.append("the coordinator's contact")
    if not programme.safeguarding_lead.strip():
        missing.append("the safeguarding lead")
    return missing


def missing_settings(db: Database) -> list[str]:
    with db.reading() as session:
        return missing_settings_in(session)


def _count(session: Session, stmt: object) -> int:
    return int(session.scalar(stmt) or 0)  # type: ignore[call-overload]


def first_run_checklist(db: Database, on_date: dt.date | None = None) -> Checklist:
    """The coordinator's first steps, in order, each ticked from what the file holds."""
    with db.reading() as session:
        return checklist_in(session, on_date or clock.today())


def checklist_in(
    session: Session, on_date: dt.date, readiness: Mapping[int, Readiness] | None = None
) -> Checklist:
    """The checklist, in the caller's read (`readiness`: every mentor's, if read already)."""
    missing = missing_settings_in(session)
    people = dict(
        session.execute(select(Participant.role, func.count()).group_by(Participant.role)).all()
    )
    mentees, mentors = people.get(Role.MENTEE, 0), people.get(Role.MENTOR, 0)
    if readiness is None:
        readiness = mentor_readiness(session, on_date)
    ready = sum(1 for r in readiness.values() if r.ready)
    pairs = _count(session, select(func.count()).select_from(Pairing))
    printed = _count(
        session,
        select(func.count()).where(Pairing.agreement_printed_on.is_not(None)),
    )
    meetings = _count(session, select(func.count()).select_from(Meeting))
    steps = (
        SetupStep(
            "settings",
            "Fill in the programme settings",
            not missing,
            "Done." if not missing else "Still empty: " + ", ".join(missing) + ".",
        ),
        SetupStep(
            "import",
            "Import your mentees",
            mentees > 0,
            f"{plural(mentees, 'mentee')} in the programme."
            if mentees
            else "Import the roster from your school's spreadsheet (File → Import roster).",
        ),
        SetupStep(
            "import",
            "Import your mentors",
            mentors > 0,
            f"{plural(mentors, 'mentor')} in the programme."
            if mentors
            else "Import the volunteers' sign-up sheet: choose “Everyone in the file is a mentor”.",
        ),
        SetupStep(
            "participants",
            "Record screening and training",
            ready > 0,
            f"{plural(ready, 'mentor')} ready to match."
            if ready
            else "On Participants, open each mentor's Screening tab: checks and training.",
        ),
        SetupStep(
            "matching",
            "Match mentors and mentees",
            pairs > 0,
            f"{plural(pairs, 'pairing')} made."
            if pairs
            else "On Matching, run the matcher, read why, and accept the pairs.",
        ),
        SetupStep(
            "documents",
            "Print the agreements",
            printed > 0,
            f"{plural(printed, 'agreement')} printed."
            if printed
            else "On Documents, print an agreement for each new pair to sign.",
        ),
        SetupStep(
            "pairings",
            "Log the first meetings",
            meetings > 0,
            f"{plural(meetings, 'meeting')} logged."
            if meetings
            else "On Pairings, open a pair's Meetings tab and type the date and minutes.",
        ),
    )
    return Checklist(steps)
