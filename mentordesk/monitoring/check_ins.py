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

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from mentordesk.models import CheckIn, CheckInWho, Pairing, PairingStatus
from mentordesk.monitoring.monitored_pairs import PairInfo, fetch, load_pairs
from mentordesk.monitoring.monitoring_settings import MonitoringSettings, load_settings

# "Due" covers what falls due within this many days (the coming week).
DUE_HORIZON_DAYS = 7
WHO_ORDER = (CheckInWho.MENTOR, CheckInWho.MENTEE, CheckInWho.GUARDIAN)
_WHO_RANK = {who: rank for rank, who in enumerate(WHO_ORDER)}


class DueState(enum.StrEnum):
    UP_TO_DATE = "up_to_date"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"up_to_date": "Done", "due": "Due", "overdue": "Overdue"}[self.value]


# Not frozen: thousands are built per dashboard, and a frozen dataclass costs five times
# as much to build. Treat it as read-only all the same.
@dataclass(slots=True)
class CheckInDue:
    pairing_id: int
    who: CheckInWho
    person: str  # whom to contact
    pair: str  # "Mentor & Mentee"
    done: int  # check-ins held with this person since the start
    last_held: dt.date | None
    due_on: dt.date
    state: DueState


class _Rules:
    """The schedule's arithmetic, with its intervals made once: it runs for every person
    of every active pair."""

    def __init__(self, settings: MonitoringSettings, on_date: dt.date) -> None:
        self.every = dt.timedelta(days=settings.checkin_every_days)
        self.short = dt.timedelta(days=settings.first_month_interval)
        self.overdue_before = on_date - dt.timedelta(days=settings.checkin_grace_days)
        self.due_by = on_date + dt.timedelta(days=DUE_HORIZON_DAYS - 1)

    def next_due(self, start: dt.date, last_held: dt.date | None) -> dt.date:
        base = last_held or start
        # In the first month, the short interval; after it, one a month.
        if base + self.short <= start + self.every:
            return base + self.short
        return base + self.every

    def state(self, due_on: dt.date) -> DueState:
        if due_on < self.overdue_before:
            return DueState.OVERDUE
        if due_on <= self.due_by:
            return DueState.DUE
        return DueState.UP_TO_DATE


def next_due(start: dt.date, last_held: dt.date | None, settings: MonitoringSettings) -> dt.date:
    """When the next check-in falls due, given the last one held since `start`."""
    return _Rules(settings, start).next_due(start, last_held)


def due_state(due_on: dt.date, on_date: dt.date, settings: MonitoringSettings) -> DueState:
    """Overdue after the grace days; due within the coming week; else up to date."""
    return _Rules(settings, on_date).state(due_on)


def people_to_check(
    pair: PairInfo, on_date: dt.date, settings: MonitoringSettings
) -> list[tuple[CheckInWho, str]]:
    """(who, name) of each person the coordinator checks in with for this pair."""
    people = [(CheckInWho.MENTOR, pair.mentor_name), (CheckInWho.MENTEE, pair.mentee_name)]
    if settings.guardian_check_ins and pair.mentee_is_minor(on_date):
        guardian = pair.guardian_name or f"{pair.mentee_name}'s guardian"
        people.append((CheckInWho.GUARDIAN, guardian))
    return people


def _held_with(who: CheckInWho, on_date: dt.date) -> ColumnElement[bool]:
    """Check-ins with `who` of the pairing in the enclosing query, from its start to the date."""
    return and_(
        CheckIn.pairing_id == Pairing.id,
        CheckIn.who == who,
        CheckIn.held_on >= Pairing.start_date,
        CheckIn.held_on <= on_date,
    )


_NEVER = ((None, 0),) * len(WHO_ORDER)


def _check_in_history(
    session: Session,
    on_date: dt.date,
    pairing_ids: Collection[int] | None,
    count_held: bool = True,
) -> dict[int, tuple[tuple[dt.date | None, int], ...]]:
    """Per active pairing, (last held, how many) for each person in WHO_ORDER: index
    seeks on (pairing, who, held_on), never a pass over every check-in."""
    columns = []
    for who in WHO_ORDER:
        held = _held_with(who, on_date)
        columns.append(select(func.max(CheckIn.held_on)).where(held).scalar_subquery())
        if count_held:
            columns.append(select(func.count()).where(held).scalar_subquery())
    stmt = select(Pairing.id, *columns).where(Pairing.status == PairingStatus.ACTIVE)
    if pairing_ids is not None:
        stmt = stmt.where(Pairing.id.in_(list(pairing_ids)))
    if count_held:
        return {
            pairing_id: ((m, m_done), (e, e_done), (g, g_done))
            for pairing_id, m, m_done, e, e_done, g, g_done in fetch(session, stmt)
        }
    return {pairing_id: ((m, 0), (e, 0), (g, 0)) for pairing_id, m, e, g in fetch(session, stmt)}


def check_in_schedule(
    session: Session,
    on_date: dt.date,
    settings: MonitoringSettings | None = None,
    pairing_ids: Collection[int] | None = None,
    pairs: dict[int, PairInfo] | None = None,
    include_up_to_date: bool = True,
    count_held: bool = True,
) -> list[CheckInDue]:
    """The next check-in of every person of every active pair (or of `pairing_ids`).

    `pairs`, if given, are the pairings already loaded (only the active ones are used).
    Without `include_up_to_date`, only what is due or overdue (the dashboard's view);
    without `count_held`, `done` is not counted (0), which saves a lookup per person."""
    settings = settings or load_settings(session)
    if pairs is None:
        pairs = load_pairs(session, [PairingStatus.ACTIVE], pairing_ids)
    history = _check_in_history(session, on_date, pairing_ids, count_held)
    rules = _Rules(settings, on_date)
    rows: list[CheckInDue] = []
    for pair in pairs.values():
        if pair.status != PairingStatus.ACTIVE:
            continue
        start = pair.start_date
        if start is None or start > on_date:
            continue
        held = history.get(pair.id, _NEVER)
        # people_to_check() lists them in WHO_ORDER, as the history does.
        for number, (who, person) in enumerate(people_to_check(pair, on_date, settings)):
            last_held, done = held[number]
            due_on = rules.next_due(start, last_held)
            state = rules.state(due_on)
            if state is DueState.UP_TO_DATE and not include_up_to_date:
                continue
            rows.append(
                CheckInDue(
                    pairing_id=pair.id,
                    who=who,
                    person=person,
                    pair=pair.label,
                    done=done,
                    last_held=last_held,
                    due_on=due_on,
                    state=state,
                )
            )
    rows.sort(key=lambda r: (r.due_on, r.pairing_id, _WHO_RANK[r.who]))
    return rows


def due_this_week(rows: list[CheckInDue]) -> list[CheckInDue]:
    """What the coordinator should do this week: everything due or overdue."""
    return [r for r in rows if r.state is not DueState.UP_TO_DATE]
