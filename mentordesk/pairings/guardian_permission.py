"""A parent's or guardian's permission: a minor's pairing becomes active only with it on
record, when the programme requires it (`screening.guardian_permission`, on by default).

Permission is a date on the pairing (`guardian_permission_on`): the day a consent form, or
the agreement signed by a parent or guardian, came back. Every route that makes a pairing
active (a new active pairing, accepting proposals as active, activating a proposal,
resuming, rematching) asks `permission_problem`, so the rule is one rule.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import Pairing, PairingStatus, Participant, Programme
from mentordesk.pairings.pairing_rules import PairProblem
from mentordesk.participants.screening import ScreeningRequirements
from mentordesk.participants.screening_gate import treat_as_minor
from mentordesk.programme.text_input import format_date

# Where a coordinator records permission, for the sentence that refuses without it.
NEW_PAIRING_HINT = (
    "enter the day it came back (Permission received on, in the new-pairing dialog; "
    "`mentordesk pair … --permission-on DATE`), or make the pairing proposed and record "
    "it later"
)


def _day(day: dt.date) -> str:
    return format_date(day)


def permission_required(session: Session) -> bool:
    """Does the programme ask for a parent's or guardian's permission (default: yes)?"""
    settings = session.scalar(select(Programme.settings).order_by(Programme.id).limit(1))
    return ScreeningRequirements.from_settings(settings).guardian_permission


def needs_permission(session: Session, mentee: Participant, start: dt.date) -> bool:
    """A mentee under 18 on the start date (or of unknown age, safeguarded as a minor),
    in a programme that requires permission."""
    return treat_as_minor(mentee.date_of_birth, start) and permission_required(session)


def counts_as_minor(name: str, date_of_birth: dt.date | None) -> str:
    """Why a mentee's pairing needs permission: "Ann Lee is under 18", or, with no date of
    birth, that they count as under 18 (safeguarding assumes a child)."""
    if date_of_birth is None:
        return f"{name} has no date of birth recorded, so counts as under 18"
    return f"{name} is under 18"


def existing_pairing_hint(pairing_id: int) -> str:
    return (
        "record the day it came back on the pairing's summary (Permission received on) or "
        f"with `mentordesk permission {pairing_id} --on DATE`, then try again"
    )


def permission_problem(
    session: Session,
    mentee: Participant,
    *,
    start: dt.date,
    permission_on: dt.date | None,
    hint: str,
    before_start: bool = True,
) -> PairProblem | None:
    """Why this pairing may not become active from `start` for lack of permission, or None.

    With `before_start`, permission must have come back by the start: a backdated start
    never makes a pair active before its permission was given."""
    if not needs_permission(session, mentee, start):
        return None
    name = mentee.display_name
    who = counts_as_minor(name, mentee.date_of_birth)
    if permission_on is None:
        return PairProblem(
            "permission",
            f"{who}: a parent's or guardian's permission must be on record before the pairing "
            f"becomes active; {hint}.",
            True,
        )
    if before_start and permission_on > start:
        return PairProblem(
            "permission",
            f"{name}'s parent or guardian gave permission on {_day(permission_on)}, after the "
            f"start date {_day(start)}; start the pairing on or after {_day(permission_on)}.",
            True,
        )
    return None


def check_permission_date(day: dt.date | None, today: dt.date) -> None:
    if day is not None and day > today:
        raise ValidationError(
            f"The permission date {_day(day)} is in the future; record it once the "
            "permission has come back."
        )


def set_guardian_permission(
    session: Session, pairing: Pairing, day: dt.date | None, *, today: dt.date
) -> dt.date | None:
    """Record (or, with None, clear) the day permission came back; returns the old date.

    Clearing is refused while a minor's pairing is active: pause or close it first, so an
    active pair never stands without permission on record."""
    check_permission_date(day, today)
    before = pairing.guardian_permission_on
    clearing = day is None and before is not None
    if (
        clearing
        and pairing.status == PairingStatus.ACTIVE
        and needs_permission(session, pairing.mentee, pairing.start_date or today)
    ):
        raise ValidationError(
            f"Pairing {pairing.id} is active and {pairing.mentee.display_name} is under 18, "
            "so the permission stays on record; pause or close the pairing first."
        )
    pairing.guardian_permission_on = day
    return before


def record_guardian_permission(
    session: Session,
    pairing_id: int,
    day: dt.date | None,
    *,
    today: dt.date,
    from_agreement: bool = False,
) -> tuple[dt.date | None, dt.date | None]:
    """Record permission on `day`, or (`from_agreement`) on the day the agreement came
    back signed by a parent or guardian. Returns the date on record before, and now."""
    pairing = session.get(Pairing, pairing_id)
    if pairing is None:
        raise ValidationError(f"There is no pairing with id {pairing_id}.")
    if from_agreement:
        day = pairing.agreement_signed_on
        if day is None:
            raise ValidationError(
                f"Pairing {pairing_id}'s agreement has no signed date; record the day it came "
                "back signed first, or give the permission's own date with --on DATE."
            )
    before = set_guardian_permission(session, pairing, day, today=today)
    session.flush()
    return before, day
