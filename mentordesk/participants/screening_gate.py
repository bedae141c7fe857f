"""The screening gate: may this mentor be paired, from this start date, with this mentee?

Every route into a pairing (the new-pairing dialog, `mentordesk pair`, the matcher,
accepting a proposal, activating a proposed pairing, resuming a paused one, rematching,
printing an agreement) asks here, so the rule is one rule.

The mentor's checks must hold today and every day from the start date on: a backdated
start never lends validity lost since, and each check must have been done by the start.
For a minor the checks must stay valid through the pairing's planned end (the
programme's end date, or the start plus the commitment length when it has none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.models import ADULT_AGE, Programme, ScreeningKind, age_on
from mentordesk.monitoring.calendar_periods import add_months
from mentordesk.participants.screening import Readiness, ScreeningRequirements, mentor_readiness


def treat_as_minor(date_of_birth: dt.date | None, on_date: dt.date) -> bool:
    """Safeguarding treats a mentee whose date of birth is unknown as a minor."""
    return date_of_birth is None or age_on(date_of_birth, on_date) < ADULT_AGE


def rules_for_minors(rules: ScreeningRequirements) -> ScreeningRequirements:
    """A minor's mentor always needs a background check, whatever the programme requires."""
    background = ScreeningKind.BACKGROUND_CHECK.value
    if background in rules.required:
        return rules
    return replace(rules, required=(*rules.required, background))


@dataclass(frozen=True)
class GateWindow:
    """The days a mentor's screening must cover."""

    # Every check done by this day (the earlier of today and the start)...
    done_by: dt.date
    # ...and still valid on this one (the later of today and the start; for a minor the
    # planned end).
    valid_through: dt.date


def planned_end(
    start: dt.date, programme_end: dt.date | None, commitment_months: int | None
) -> dt.date:
    """When a pairing that starts on `start` is planned to end."""
    if programme_end is not None and programme_end >= start:
        return programme_end
    return add_months(start, commitment_months or 12)


def gate_window(
    today: dt.date,
    start: dt.date | None,
    *,
    safeguarded: bool,
    programme_end: dt.date | None,
    commitment_months: int | None,
) -> GateWindow:
    start = start or today
    through = max(today, start)
    if safeguarded:
        through = max(through, planned_end(start, programme_end, commitment_months))
    return GateWindow(done_by=min(today, start), valid_through=through)


def screening_gate(
    session: Session,
    mentor_ids: Iterable[int],
    *,
    today: dt.date,
    start: dt.date | None = None,
    safeguarded: bool,
    programme: Programme | None = None,
) -> dict[int, Readiness]:
    """Whether each mentor may be paired from `start` (default today), with a minor or an
    adult (`safeguarded`): the one rule of every route. A mentor is ready only when
    `missing` is empty; its reasons are plain phrases for a refusal sentence."""
    if programme is None:
        programme = session.scalars(select(Programme).order_by(Programme.id).limit(1)).first()
    rules = ScreeningRequirements.from_settings(programme.settings if programme else None)
    if safeguarded:
        rules = rules_for_minors(rules)
    window = gate_window(
        today,
        start,
        safeguarded=safeguarded,
        programme_end=programme.end_date if programme else None,
        commitment_months=programme.commitment_months if programme else None,
    )
    return mentor_readiness(
        session,
        today,
        list(mentor_ids),
        rules,
        valid_through=window.valid_through,
        done_by=window.done_by,
    )


def refusal(name: str, readiness: Readiness) -> str:
    """One sentence: why this mentor may not be paired."""
    return f"{name} is not ready to be paired: " + "; ".join(readiness.missing) + "."
