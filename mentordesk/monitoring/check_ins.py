"""The coordinator's check-in schedule: when each participant of an active pair is next due.

By default two check-ins in the first month, then one a month (programme settings). The
next check-in with someone is due one interval after the last one held with them since
the start (or after the start, if none yet), so a late check-in moves the next one on
instead of leaving a permanent gap. Check-ins are counted per person: mentor, mentee and,
for a mentee under 18, the guardian.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from mentordesk.models import CheckIn, CheckInWho, Pairing, PairingStatus
from mentordesk.monitoring.pairs import PairInfo, load_pairs
from mentordesk.monitoring.settings import MonitoringSettings, load_settings

# "Due" covers what falls due within this many days (the coming week).
DUE_HORIZON_DAYS = 7
WHO_ORDER = (CheckInWho.MENTOR, CheckInWho.MENTEE, CheckInWho.GUARDIAN)


class DueState(enum.StrEnum):
    UP_TO_DATE = "up_to_date"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"up_to_date": "Done", "due": "Due", "overdue": "Overdue"}[self.value]


@dataclass(frozen=True, slots=True)
class CheckInDue:
    pairing_id: int
    who: CheckInWho
    person: str  # whom to contact
    pair: str  # "Mentor & Mentee"
    done: int  # check-ins held with this person since the start
    last_held: dt.date | None
    due_on: dt.date
    state: DueState


def next_due(start: dt.date, last_held: dt.date | None, settings: MonitoringSettings) -> dt.date:
    """When the next check-in falls due, given the last one held since `start`."""
    base = last_held or start
    first_month_ends = start + dt.timedelta(days=settings.checkin_every_days)
    short = dt.timedelta(days=settings.first_month_interval)
    if base + short <= first_month_ends:
        return base + short
    return base + dt.timedelta(days=settings.checkin_every_days)


def due_state(due_on: dt.date, on_date: dt.date, settings: MonitoringSettings) -> DueState:
    if on_date > due_on + dt.timedelta(days=settings.checkin_grace_days):
        return DueState.OVERDUE
    if due_on <= on_date + dt.timedelta(days=DUE_HORIZON_DAYS - 1):
        return DueState.DUE
    return DueState.UP_TO_DATE


def people_to_check(
    pair: PairInfo, on_date: dt.date, settings: MonitoringSettings
) -> list[tuple[CheckInWho, str]]:
    """(who, name) of each person the coordinator checks in with for this pair."""
    people = [(CheckInWho.MENTOR, pair.mentor_name), (CheckInWho.MENTEE, pair.mentee_name)]
    if settings.guardian_check_ins and pair.mentee_is_minor(on_date):
        guardian = pair.guardian_name or f"{pair.mentee_name}'s guardian"
        people.append((CheckInWho.GUARDIAN, guardian))
    return people


def check_in_schedule(
    session: Session,
    on_date: dt.date,
    settings: MonitoringSettings | None = None,
    pairing_ids: Collection[int] | None = None,
) -> list[CheckInDue]:
    """The next check-in of every person of every active pair (or of `pairing_ids`)."""
    settings = settings or load_settings(session)
    pairs = load_pairs(session, [PairingStatus.ACTIVE], pairing_ids)
    held = (
        select(
            CheckIn.pairing_id,
            CheckIn.who,
            func.max(CheckIn.held_on).label("last_held"),
            func.count().label("done"),
        )
        .join(
            Pairing,
            and_(
                Pairing.id == CheckIn.pairing_id,
                Pairing.status == PairingStatus.ACTIVE,
                CheckIn.held_on >= Pairing.start_date,
            ),
        )
        .where(CheckIn.held_on <= on_date)
        .group_by(CheckIn.pairing_id, CheckIn.who)
    )
    if pairing_ids is not None:
        held = held.where(CheckIn.pairing_id.in_(list(pairing_ids)))
    history = {(r.pairing_id, r.who): (r.last_held, r.done) for r in session.execute(held)}
    rows: list[CheckInDue] = []
    for pair in pairs.values():
        if pair.start_date is None or pair.start_date > on_date:
            continue
        for who, person in people_to_check(pair, on_date, settings):
            last_held, done = history.get((pair.id, who), (None, 0))
            due_on = next_due(pair.start_date, last_held, settings)
            rows.append(
                CheckInDue(
                    pairing_id=pair.id,
                    who=who,
                    person=person,
                    pair=pair.label,
                    done=done,
                    last_held=last_held,
                    due_on=due_on,
                    state=due_state(due_on, on_date, settings),
                )
            )
    rows.sort(key=lambda r: (r.due_on, r.pairing_id, WHO_ORDER.index(r.who)))
    return rows


def due_this_week(rows: list[CheckInDue]) -> list[CheckInDue]:
    """What the coordinator should do this week: everything due or overdue."""
    return [r for r in rows if r.state is not DueState.UP_TO_DATE]
