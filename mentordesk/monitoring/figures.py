"""Everything the dashboard shows, computed in one read: counts, flags, check-ins due,
meetings per month, pairs by status, programme health and early closures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, literal, select, union_all
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import (
    OPEN_STATUSES,
    Meeting,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Programme,
    Role,
)
from mentordesk.monitoring.calendar_periods import add_months, month_starts, months_between
from mentordesk.monitoring.check_ins import (
    CheckInDue,
    DueState,
    check_in_schedule,
    due_this_week,
)
from mentordesk.monitoring.closures import EarlyClosureAnalysis, early_closure_analysis
from mentordesk.monitoring.figures_snapshot import HomeFigures
from mentordesk.monitoring.flag_board import FlagBoard, board_from
from mentordesk.monitoring.flags import Flag, Severity, compute_flags
from mentordesk.monitoring.monitored_pairs import fetch, load_pairs
from mentordesk.monitoring.monitoring_settings import MonitoringSettings, load_settings
from mentordesk.monitoring.waiting import waiting_mentees
from mentordesk.pairings.pairing_rules import SEAT_STATUSES
from mentordesk.participants.screening import Readiness, mentor_readiness
from mentordesk.programme.first_run import Checklist, checklist_in
from mentordesk.programme.text_input import format_month
from mentordesk.store import Database, programme_value
from mentordesk.store.gc_pause import paused_gc

CHART_MONTHS = 12
MILESTONES = (6, 12)


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # the first day of the month
    count: int

    @property
    def label(self) -> str:
        return format_month(self.month)


@dataclass(frozen=True)
class Milestone:
    months: int
    eligible: int  # pairs that started at least `months` ago
    reached: int  # of those, pairs that lasted `months` (or still run)

    @property
    def share(self) -> float | None:
        return self.reached / self.eligible if self.eligible else None


@dataclass(frozen=True)
class Health:
    active_pairs: int
    on_track: int
    average_months: float | None  # over every pair that started
    milestones: tuple[Milestone, ...]

    @property
    def on_track_share(self) -> float | None:
        return self.on_track / self.active_pairs if self.active_pairs else None


@dataclass(frozen=True)
class Dashboard:
    on_date: dt.date
    programme_name: str
    mentees_waiting: int
    mentors_ready: int
    pairs_by_status: tuple[tuple[PairingStatus, int], ...]
    flags: tuple[Flag, ...]  # every flag, snoozed ones too (health counts them all)
    board: FlagBoard  # what the dashboard lists: one row per pair, snoozed ones apart
    check_ins_due: tuple[CheckInDue, ...]
    meetings_by_month: tuple[MonthCount, ...]
    health: Health
    early_closures: EarlyClosureAnalysis

    def pairs_with(self, status: PairingStatus) -> int:
        return dict(self.pairs_by_status).get(status, 0)


def pairs_by_status(session: Session) -> tuple[tuple[PairingStatus, int], ...]:
    stmt = select(Pairing.status, func.count()).group_by(Pairing.status)
    counts = {status: count for status, count in session.execute(stmt)}
    return tuple((status, counts.get(status, 0)) for status in PairingStatus)


def meetings_by_month(
    session: Session, on_date: dt.date, months: int = CHART_MONTHS
) -> tuple[MonthCount, ...]:
    starts = month_starts(on_date, months)
    ends = [*starts[1:], on_date + dt.timedelta(days=1)]
    # One count per month, each a range on the meeting date index.
    counts = union_all(
        *(
            select(literal(number), func.count()).where(
                Meeting.held_on >= first, Meeting.held_on < after
            )
            for number, (first, after) in enumerate(zip(starts, ends, strict=True))
        )
    )
    found = dict(session.execute(counts).all())
    return tuple(MonthCount(first, found.get(n, 0)) for n, first in enumerate(starts))


def mentors_ready(
    session: Session, on_date: dt.date, readiness: Mapping[int, Readiness] | None = None
) -> int:
    """Active mentors with a free place whose screening is complete and unexpired
    (`readiness`: every mentor's, when the caller has it already)."""
    load = (
        select(Pairing.mentor_id, func.count().label("seats"))
        .where(Pairing.status.in_(SEAT_STATUSES))
        .group_by(Pairing.mentor_id)
        .subquery()
    )
    candidates = list(
        session.scalars(
            select(Participant.id)
            .outerjoin(load, load.c.mentor_id == Participant.id)
            .where(
                Participant.role == Role.MENTOR,
                Participant.status == ParticipantStatus.ACTIVE,
                func.coalesce(load.c.seats, 0) < func.coalesce(Participant.capacity, 1),
            )
        )
    )
    if not candidates:
        return 0
    if readiness is None:
        readiness = mentor_readiness(session, on_date, candidates)
    return sum(1 for mentor_id in candidates if readiness[mentor_id].ready)


def programme_health(session: Session, on_date: dt.date, flags: list[Flag]) -> Health:
    rows = fetch(
        session,
        select(Pairing.id, Pairing.status, Pairing.start_date, Pairing.end_date).where(
            Pairing.status != PairingStatus.PROPOSED,
            Pairing.start_date.is_not(None),
            Pairing.start_date <= on_date,
        ),
    )
    active = [pairing_id for pairing_id, status, _, _ in rows if status == PairingStatus.ACTIVE]
    off_track = {f.pairing_id for f in flags if f.off_track}
    durations = [(start, min(end or on_date, on_date)) for _, _, start, end in rows]
    average = (
        sum(months_between(start, end) for start, end in durations) / len(durations)
        if durations
        else None
    )
    milestones = []
    for months in MILESTONES:
        eligible = [(s, e) for s, e in durations if add_months(s, months) <= on_date]
        reached = sum(1 for s, e in eligible if e >= add_months(s, months))
        milestones.append(Milestone(months, len(eligible), reached))
    return Health(
        active_pairs=len(active),
        on_track=sum(1 for pairing_id in active if pairing_id not in off_track),
        average_months=average,
        milestones=tuple(milestones),
    )


def load_dashboard(
    session: Session,
    on_date: dt.date | None = None,
    settings: MonitoringSettings | None = None,
    readiness: Mapping[int, Readiness] | None = None,
) -> Dashboard:
    with paused_gc():
        return _load_dashboard(session, on_date or clock.today(), settings, readiness)


def _load_dashboard(
    session: Session,
    on_date: dt.date,
    settings: MonitoringSettings | None,
    readiness: Mapping[int, Readiness] | None,
) -> Dashboard:
    settings = settings or load_settings(session)
    pairs = load_pairs(session, OPEN_STATUSES)
    schedule = check_in_schedule(
        session, on_date, settings, pairs=pairs, include_up_to_date=False, count_held=False
    )
    waiting = waiting_mentees(session, on_date)
    flags = compute_flags(
        session, on_date, settings, pairs=pairs, schedule=schedule, waiting=waiting
    )
    return Dashboard(
        on_date=on_date,
        programme_name=programme_value(session, Programme.name) or "",
        mentees_waiting=len(waiting),
        mentors_ready=mentors_ready(session, on_date, readiness),
        pairs_by_status=pairs_by_status(session),
        flags=tuple(flags),
        board=board_from(session, flags, on_date),
        check_ins_due=tuple(due_this_week(schedule)),
        meetings_by_month=meetings_by_month(session, on_date),
        health=programme_health(session, on_date, flags),
        early_closures=early_closure_analysis(session),
    )


def compute_dashboard(db: Database, on_date: dt.date | None = None) -> Dashboard:
    """The home screen's figures, in one short read (run off the GUI thread)."""
    with db.reading() as session:
        return load_dashboard(session, on_date)


def home_screen(db: Database, on_date: dt.date | None = None) -> tuple[Dashboard, Checklist]:
    """The dashboard and the first steps' checklist, in one read (run off the GUI thread):
    the start-up path. Every mentor's screening is read once for both."""
    on_date = on_date or clock.today()
    with db.reading() as session, paused_gc():
        readiness = mentor_readiness(session, on_date)
        return (
            load_dashboard(session, on_date, readiness=readiness),
            checklist_in(session, on_date, readiness),
        )


def home_figures(dashboard: Dashboard, checklist: Checklist) -> HomeFigures:
    """The figures of the home screen as plain values (without its lists): what the
    dashboard shows as numbers, and what is kept for the next start."""
    board, health, closures = dashboard.board, dashboard.health, dashboard.early_closures
    pairs = sum(1 for p in board.pairs if p.pairing_id is not None)
    return HomeFigures(
        on_date=dashboard.on_date,
        programme_name=dashboard.programme_name,
        mentees_waiting=dashboard.mentees_waiting,
        mentors_ready=dashboard.mentors_ready,
        pairs_by_status=tuple((status.value, n) for status, n in dashboard.pairs_by_status),
        active_pairs=health.active_pairs,
        on_track=health.on_track,
        average_months=health.average_months,
        milestones=tuple((m.months, m.eligible, m.reached) for m in health.milestones),
        flagged_pairs=pairs,
        flagged_waiting=len(board.pairs) - pairs,
        flagged_high=sum(1 for p in board.pairs if p.severity is Severity.HIGH),
        flags_shown=sum(len(p.flags) for p in board.pairs),
        flags_snoozed=board.snoozed_count,
        check_ins_due=len(dashboard.check_ins_due),
        check_ins_overdue=sum(1 for c in dashboard.check_ins_due if c.state is DueState.OVERDUE),
        meetings_by_month=tuple((m.month, m.count) for m in dashboard.meetings_by_month),
        closed=closures.closed,
        closed_early=closures.early,
        early_by_initiator=tuple((c.label, c.count) for c in closures.by_initiator),
        early_by_duration=tuple((c.label, c.count) for c in closures.by_duration),
        checklist=tuple((s.key, s.title, s.done, s.detail) for s in checklist.steps),
    )


def next_start_days(today: dt.date) -> list[dt.date]:
    """The days a programme closed today may next be opened on, for figures worked out
    ahead: tomorrow, and over a weekend on to the Monday."""
    days = [today + dt.timedelta(days=1)]
    while days[-1].weekday() >= 5:  # Saturday or Sunday
        days.append(days[-1] + dt.timedelta(days=1))
    return days


def figures_of_days(db: Database, days: list[dt.date]) -> list[HomeFigures]:
    """The home screen's figures as they will be on each day if the file is unchanged till
    then (every figure is worked out for a given day, never from the clock)."""
    return [home_figures(*home_screen(db, day)) for day in days]
