"""Flags: the pairs (and waiting mentees) that need the coordinator, most urgent first.

Every flag has a severity, a plain reason and the record it points at. Each check is one
SQL query (aggregates over meetings and check-ins), then a loop over pairings at most, so
the whole list stays fast for thousands of pairings and hundreds of thousands of meetings.
Everything is computed "as of" a date (the clock's today by default), never the wall clock.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, and_, case, func, select, type_coerce
from sqlalchemy.orm import Session, aliased

from mentordesk import clock
from mentordesk.models import (
    OPEN_STATUSES,
    CheckIn,
    CheckInWho,
    Goal,
    GoalStatus,
    Meeting,
    Pairing,
    PairingStatus,
    Programme,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
)
from mentordesk.monitoring.calendar_periods import add_months, format_day
from mentordesk.monitoring.check_ins import CheckInDue, DueState, check_in_schedule
from mentordesk.monitoring.monitored_pairs import PairInfo, fetch, load_pairs
from mentordesk.monitoring.monitoring_settings import MonitoringSettings, load_settings
from mentordesk.monitoring.waiting import WaitingMentee, waiting_mentees
from mentordesk.pairings.concerns import list_concerns
from mentordesk.pairings.guardian_permission import counts_as_minor, permission_required
from mentordesk.participants.screening import TRAINING, ScreeningRequirements, item_label
from mentordesk.participants.screening_gate import treat_as_minor
from mentordesk.store import programme_value
from mentordesk.store.gc_pause import paused_gc

# A pair younger than this (in the comparison window) is too new to judge its meeting rate.
MIN_DAYS_TO_JUDGE = 14
# Holding at least this share of the committed meetings is a small shortfall (low severity).
SMALL_SHORTFALL = 0.75


class Severity(enum.StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    @property
    def label(self) -> str:
        return self.value.capitalize()


class FlagKind(enum.StrEnum):
    # In the order flags of the same severity are listed: safety first, always.
    SAFETY_CONCERN = "safety_concern"
    BACKGROUND_CHECK = "background_check"
    SCREENING_CHECK = "screening_check"
    PERMISSION_MISSING = "permission_missing"
    NO_RECENT_MEETING = "no_recent_meeting"
    LOW_SATISFACTION = "low_satisfaction"
    FEWER_MEETINGS = "fewer_meetings"
    CHECK_IN_OVERDUE = "check_in_overdue"
    AGREEMENT_UNSIGNED = "agreement_unsigned"
    GOAL_OVERDUE = "goal_overdue"
    MENTEE_WAITING = "mentee_waiting"

    @property
    def rank(self) -> int:
        return _KIND_RANK[self]

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


_SEVERITY_RANK = {severity: rank for rank, severity in enumerate(Severity)}
_KIND_RANK = {kind: rank for rank, kind in enumerate(FlagKind)}
KIND_LABELS = {
    FlagKind.SAFETY_CONCERN: "Safety concern",
    FlagKind.BACKGROUND_CHECK: "Background check",
    FlagKind.SCREENING_CHECK: "Screening check",
    FlagKind.PERMISSION_MISSING: "Parental permission missing",
    FlagKind.NO_RECENT_MEETING: "No recent meeting",
    FlagKind.LOW_SATISFACTION: "Low satisfaction",
    FlagKind.FEWER_MEETINGS: "Fewer meetings than committed",
    FlagKind.CHECK_IN_OVERDUE: "Check-in overdue",
    FlagKind.AGREEMENT_UNSIGNED: "Agreement not signed",
    FlagKind.GOAL_OVERDUE: "Goal past target date",
    FlagKind.MENTEE_WAITING: "Mentee waiting",
}

# Flags that say a relationship itself is off track (not paperwork), at medium or high.
OFF_TRACK_KINDS = frozenset(
    {
        FlagKind.SAFETY_CONCERN,
        FlagKind.NO_RECENT_MEETING,
        FlagKind.FEWER_MEETINGS,
        FlagKind.LOW_SATISFACTION,
    }
)


class Record(enum.StrEnum):
    """What a flag points at."""

    PAIRING = "pairing"
    CONCERN = "concern"
    CHECK_IN = "check_in"
    GOAL = "goal"
    PARTICIPANT = "participant"


# Not frozen: thousands are built per dashboard, and a frozen dataclass costs five times
# as much to build. Treat it as read-only all the same.
@dataclass(slots=True)
class Flag:
    kind: FlagKind
    severity: Severity
    message: str
    # None only for a mentee waiting for a mentor (no pairing yet).
    pairing_id: int | None
    record: Record
    record_id: int
    subject: str  # the pair ("Mentor & Mentee") or the waiting mentee
    # When the problem began (the last meeting, the due date...), for oldest-first order.
    since: dt.date | None = None

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (
            self.severity.rank,
            self.kind.rank,
            self.since or dt.date.max,
            self.subject.casefold(),
            self.record_id,
        )

    @property
    def off_track(self) -> bool:
        return self.kind in OFF_TRACK_KINDS and self.severity != Severity.LOW

    def as_json(self) -> dict[str, Any]:
        return {
            "pairing_id": self.pairing_id,
            "kind": self.kind.value,
            "severity": self.severity.value,
            "message": self.message,
        }


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _who(value: str) -> str:
    return f"the {value}"


# --- one function per check -----------------------------------------------------------
def _concern_flags(session: Session, on_date: dt.date, pairs: dict[int, PairInfo]) -> list[Flag]:
    """Every concern of the register open on that day, on any pairing, even closed: a
    safety concern stays until someone resolves it, and every one is listed first."""
    rows = list_concerns(session, on_date=on_date)
    missing = {r.pairing_id for r in rows if r.pairing_id is not None} - pairs.keys()
    if missing:
        pairs = {**pairs, **load_pairs(session, pairing_ids=missing)}
    flags = []
    for r in rows:
        pair = pairs.get(r.pairing_id) if r.pairing_id is not None else None
        age = (on_date - r.raised_on).days
        when = "today" if age == 0 else f"{_days(age)} ago"
        closed = " The pair is closed." if pair and pair.status == PairingStatus.CLOSED else ""
        flags.append(
            Flag(
                FlagKind.SAFETY_CONCERN,
                Severity.HIGH,
                f"{r.severity_label} safety concern raised by {r.raised_by} on "
                f"{format_day(r.raised_on)} ({when}) is not resolved.{closed}",
                r.pairing_id,
                Record.CONCERN,
                r.id,
                pair.label if pair else r.pair_label,
                r.raised_on,
            )
        )
    return flags


def _meeting_flags(
    session: Session, on_date: dt.date, settings: MonitoringSettings, pairs: dict[int, PairInfo]
) -> list[Flag]:
    """No meeting for N days; fewer meetings than committed over the last months."""
    window_start = add_months(on_date, -settings.shortfall_months)
    # Two index lookups per active pairing (the last meeting, the meetings in the window)
    # instead of a pass over every meeting ever held.
    last_held = (
        select(func.max(Meeting.held_on))
        .where(Meeting.pairing_id == Pairing.id, Meeting.held_on <= on_date)
        .scalar_subquery()
    )
    recent = (
        select(func.count())
        .where(
            Meeting.pairing_id == Pairing.id,
            Meeting.held_on >= func.max(window_start, Pairing.start_date),
            Meeting.held_on <= on_date,
        )
        .scalar_subquery()
    )
    stmt = select(Pairing.id, last_held, recent).where(Pairing.status == PairingStatus.ACTIVE)
    held = {pairing_id: (last, count) for pairing_id, last, count in fetch(session, stmt)}
    window_days = (on_date - window_start).days
    flags = []
    for pair in pairs.values():
        if pair.status != PairingStatus.ACTIVE or pair.start_date is None:
            continue
        if pair.start_date > on_date:
            continue
        last_held, recent = held.get(pair.id, (None, 0))
        # No meeting for N days, counted from the last meeting or else from the start.
        quiet_since = max(last_held, pair.start_date) if last_held else pair.start_date
        quiet = (on_date - quiet_since).days
        if quiet >= settings.no_meeting_days:
            what = (
                f"last on {format_day(last_held)}"
                if last_held
                else f"none since the start on {format_day(pair.start_date)}"
            )
            flags.append(
                Flag(
                    FlagKind.NO_RECENT_MEETING,
                    Severity.HIGH if quiet >= 2 * settings.no_meeting_days else Severity.MEDIUM,
                    f"No meeting for {_days(quiet)} ({what}).",
                    pair.id,
                    Record.PAIRING,
                    pair.id,
                    pair.label,
                    quiet_since,
                )
            )
        # Fewer meetings than committed, pro rata for a pair that started in the window.
        if pair.meetings_per_month <= 0:
            continue
        counted_from = max(window_start, pair.start_date)
        active_days = (on_date - counted_from).days
        if active_days < MIN_DAYS_TO_JUDGE:
            continue
        expected = math.floor(
            pair.meetings_per_month * settings.shortfall_months * active_days / window_days
        )
        if recent >= expected:
            continue
        rate = f"{pair.meetings_per_month} a month"
        meetings = "1 meeting" if recent == 1 else f"{recent} meetings"
        if counted_from == window_start:
            months = settings.shortfall_months
            period = "month" if months == 1 else f"{months} months"
            message = (
                f"{meetings} in the last {period}; the pair committed to {rate} "
                f"({expected} in that time)."
            )
        else:
            message = (
                f"{meetings} since the start on {format_day(pair.start_date)}; at {rate}, "
                f"{expected} were expected by now."
            )
        # A meeting or two short is worth a look; under three quarters is a drift.
        severity = Severity.LOW if recent >= SMALL_SHORTFALL * expected else Severity.MEDIUM
        flags.append(
            Flag(
                FlagKind.FEWER_MEETINGS,
                severity,
                message,
                pair.id,
                Record.PAIRING,
                pair.id,
                pair.label,
                counted_from,
            )
        )
    return flags


def _check_in_flags(schedule: list[CheckInDue]) -> list[Flag]:
    overdue: dict[int, list[CheckInDue]] = defaultdict(list)
    labels: dict[int, str] = {}
    for row in schedule:
        if row.state is DueState.OVERDUE:
            overdue[row.pairing_id].append(row)
            labels[row.pairing_id] = row.pair
    flags = []
    for pairing_id, rows in overdue.items():
        parts = [f"{r.who.value} (due {format_day(r.due_on)})" for r in rows]
        flags.append(
            Flag(
                FlagKind.CHECK_IN_OVERDUE,
                Severity.MEDIUM,
                "Check-in overdue with the " + ", ".join(parts) + ".",
                pairing_id,
                Record.PAIRING,
                pairing_id,
                labels[pairing_id],
                min(r.due_on for r in rows),
            )
        )
    return flags


def _satisfaction_flags(
    session: Session, on_date: dt.date, settings: MonitoringSettings, pairs: dict[int, PairInfo]
) -> list[Flag]:
    """The latest rating of each person of an open pair, when it is low. On the latest
    day, the lowest rating counts: a low rating is not hidden by a good one the same day."""
    later = aliased(CheckIn)
    latest_rated_day = (
        select(func.max(later.held_on))
        .where(
            later.pairing_id == CheckIn.pairing_id,
            later.who == CheckIn.who,
            later.satisfaction.is_not(None),
            later.held_on <= on_date,
        )
        .scalar_subquery()
    )
    stmt = (
        select(CheckIn.id, CheckIn.pairing_id, CheckIn.who, CheckIn.satisfaction, CheckIn.held_on)
        .join(
            Pairing,
            and_(Pairing.id == CheckIn.pairing_id, Pairing.status.in_(list(OPEN_STATUSES))),
        )
        .where(
            # Every person: the condition lets SQLite read the (pairing, who, held_on,
            # satisfaction) index alone, per pairing, instead of every check-in row.
            CheckIn.who.in_(list(CheckInWho)),
            CheckIn.satisfaction <= settings.low_satisfaction,
            CheckIn.held_on <= on_date,
            CheckIn.held_on == latest_rated_day,
        )
        .order_by(CheckIn.pairing_id, CheckIn.satisfaction, CheckIn.held_on.desc(), CheckIn.id)
    )
    low: dict[int, list[Any]] = defaultdict(list)
    seen: set[tuple[int, CheckInWho]] = set()
    for r in fetch(session, stmt):
        if (r.pairing_id, r.who) not in seen:  # the lowest of a person's day, once
            seen.add((r.pairing_id, r.who))
            low[r.pairing_id].append(r)
    flags = []
    for pairing_id, rows in low.items():
        parts = [
            f"{_who(r.who.value)} rated {r.satisfaction} of 5 on {format_day(r.held_on)}"
            for r in rows
        ]
        worst = rows[0]
        flags.append(
            Flag(
                FlagKind.LOW_SATISFACTION,
                Severity.MEDIUM,
                "Low satisfaction: " + "; ".join(parts) + ".",
                pairing_id,
                Record.CHECK_IN,
                worst.id,
                pairs[pairing_id].label,
                min(r.held_on for r in rows),
            )
        )
    return flags


def _agreement_flags(
    on_date: dt.date, settings: MonitoringSettings, pairs: dict[int, PairInfo]
) -> list[Flag]:
    flags = []
    for pair in pairs.values():
        if pair.start_date is None:
            continue
        if pair.agreement_signed_on is not None and pair.agreement_signed_on <= on_date:
            continue
        due = pair.start_date + dt.timedelta(days=settings.agreement_days)
        if on_date < due:
            continue
        days = (on_date - pair.start_date).days
        flags.append(
            Flag(
                FlagKind.AGREEMENT_UNSIGNED,
                Severity.MEDIUM,
                f"The agreement is not signed {_days(days)} after the start on "
                f"{format_day(pair.start_date)}.",
                pair.id,
                Record.PAIRING,
                pair.id,
                pair.label,
                due,
            )
        )
    return flags


def _permission_flags(session: Session, on_date: dt.date, pairs: dict[int, PairInfo]) -> list[Flag]:
    """Active pairs of a minor with no parent's or guardian's permission on record. No
    route makes such a pair active today, but a pair can become one: it began before the
    programme asked for permission, or a corrected date of birth shows a child."""
    active = [p for p in pairs.values() if p.status == PairingStatus.ACTIVE]
    if not active or not permission_required(session):
        return []
    flags = []
    for pair in active:
        if pair.guardian_permission_on is not None:
            continue
        if not treat_as_minor(pair.mentee_birth, on_date):
            continue
        who = counts_as_minor(pair.mentee_name, pair.mentee_birth)
        flags.append(
            Flag(
                FlagKind.PERMISSION_MISSING,
                Severity.HIGH,
                f"{who} and no parent's or guardian's permission is on record: record the "
                "day it came back on the pairing's summary, or pause the pair.",
                pair.id,
                Record.PAIRING,
                pair.id,
                pair.label,
                pair.start_date,
            )
        )
    return flags


def _screening_flags(
    session: Session, on_date: dt.date, settings: MonitoringSettings, pairs: dict[int, PairInfo]
) -> list[Flag]:
    """Mentors of active pairs whose screening has lapsed or is about to: the background
    check missing, expired or expiring (its own kind of flag), and any other required item
    with an expiry (references, a programme's own item...) expired or expiring.

    A check without its own expiry follows the programme's renewal rule (done + N years),
    as the screening gate does; one with neither date does not expire."""
    active = [p for p in pairs.values() if p.status == PairingStatus.ACTIVE]
    if not active:
        return []
    rules = ScreeningRequirements.from_settings(programme_value(session, Programme.settings))
    background = ScreeningKind.BACKGROUND_CHECK.value
    wanted = {*rules.required, background} - {TRAINING}
    check = ScreeningCheck.__table__.c
    kind = type_coerce(check.kind, String)
    # A programme's own items are named by their label; the standard ones by their kind.
    item = case((kind == ScreeningKind.OTHER.value, check.label), else_=kind)
    expiry = func.coalesce(
        type_coerce(check.expires_on, String),
        func.date(type_coerce(check.completed_on, String), f"+{rules.check_valid_years} years"),
    )
    mentor_ids = select(Pairing.mentor_id).where(Pairing.status == PairingStatus.ACTIVE)
    stmt = (
        select(
            check.participant_id,
            item.label("item"),
            func.max(expiry).label("latest"),
            func.count().label("done"),
            func.count(expiry).label("dated"),
        )
        .where(
            type_coerce(check.status, String) == ScreeningStatus.COMPLETE.value,
            check.participant_id.in_(mentor_ids),
        )
        .group_by(check.participant_id, item)
    )
    # mentor id -> item -> last valid day (None: a completed check that never expires)
    lasts: dict[int, dict[str, dt.date | None]] = defaultdict(dict)
    for mentor_id, name, latest, done, dated in fetch(session, stmt):
        if name in wanted:
            never = dated < done or latest is None
            lasts[mentor_id][name] = None if never else dt.date.fromisoformat(latest)
    warn_until = on_date + dt.timedelta(days=settings.background_check_days)
    flags = []
    for pair in active:
        mentor = pair.mentor_name
        found = lasts.get(pair.mentor_id, {})
        # The background check, as its own flag.
        last = found.get(background)
        if background not in found:
            if background in rules.required:
                flags.append(
                    _screening_flag(
                        FlagKind.BACKGROUND_CHECK,
                        Severity.HIGH,
                        f"{mentor} has no completed background check on record.",
                        pair,
                        pair.start_date,
                    )
                )
        elif last is not None and last <= warn_until:
            expired = last < on_date
            flags.append(
                _screening_flag(
                    FlagKind.BACKGROUND_CHECK,
                    Severity.HIGH if expired else Severity.MEDIUM,
                    f"{mentor}'s background check {_expiry_phrase(last, on_date)}.",
                    pair,
                    last,
                )
            )
        # Every other item with an expiry, in one flag per pair: the soonest first.
        lapsing = sorted(
            (day, name)
            for name, day in found.items()
            if name != background and day is not None and day <= warn_until
        )
        if lapsing:
            parts = [f"{item_label(name)}: {_expiry_phrase(day, on_date)}" for day, name in lapsing]
            expired = lapsing[0][0] < on_date
            flags.append(
                _screening_flag(
                    FlagKind.SCREENING_CHECK,
                    Severity.HIGH if expired else Severity.MEDIUM,
                    f"{mentor}'s " + "; ".join(parts) + ".",
                    pair,
                    lapsing[0][0],
                )
            )
    return flags


def _expiry_phrase(last: dt.date, on_date: dt.date) -> str:
    if last < on_date:
        return f"expired on {format_day(last)}"
    days = (last - on_date).days
    when = "today" if days == 0 else f"in {_days(days)}"
    return f"expires on {format_day(last)} ({when})"


def _screening_flag(
    kind: FlagKind, severity: Severity, message: str, pair: PairInfo, since: dt.date | None
) -> Flag:
    return Flag(
        kind, severity, message, pair.id, Record.PARTICIPANT, pair.mentor_id, pair.label, since
    )


def _goal_flags(session: Session, on_date: dt.date, pairs: dict[int, PairInfo]) -> list[Flag]:
    stmt = (
        select(Goal.id, Goal.pairing_id, Goal.title, Goal.target_date)
        .join(
            Pairing,
            and_(Pairing.id == Goal.pairing_id, Pairing.status.in_(list(OPEN_STATUSES))),
        )
        .where(
            Goal.target_date < on_date,
            Goal.status.not_in([GoalStatus.ACHIEVED, GoalStatus.DROPPED]),
        )
        .order_by(Goal.pairing_id, Goal.target_date, Goal.id)
    )
    late: dict[int, list[tuple[int, str, dt.date]]] = defaultdict(list)
    for goal_id, pairing_id, title, target in fetch(session, stmt):
        late[pairing_id].append((goal_id, title, target))
    flags = []
    for pairing_id, goals in late.items():
        named = [f"“{title}” (target {format_day(target)})" for _, title, target in goals[:2]]
        more = f" and {len(goals) - 2} more" if len(goals) > 2 else ""
        head = "A goal is" if len(goals) == 1 else f"{len(goals)} goals are"
        first_id, _, first_target = goals[0]
        flags.append(
            Flag(
                FlagKind.GOAL_OVERDUE,
                Severity.LOW,
                f"{head} past the target date: {', '.join(named)}{more}.",
                pairing_id,
                Record.GOAL,
                first_id,
                pairs[pairing_id].label,
                first_target,
            )
        )
    return flags


def _waiting_flags(waiting: list[WaitingMentee], settings: MonitoringSettings) -> list[Flag]:
    flags = []
    for mentee in waiting:
        if mentee.days <= settings.waiting_days:
            continue
        proposed = " A mentor is proposed; start the pair." if mentee.proposed else ""
        flags.append(
            Flag(
                FlagKind.MENTEE_WAITING,
                Severity.LOW,
                f"{mentee.name} has waited {_days(mentee.days)} for a mentor "
                f"(since {format_day(mentee.since)}).{proposed}",
                None,
                Record.PARTICIPANT,
                mentee.participant_id,
                mentee.name,
                mentee.since,
            )
        )
    return flags


def compute_flags(
    session: Session,
    on_date: dt.date | None = None,
    settings: MonitoringSettings | None = None,
    *,
    pairs: dict[int, PairInfo] | None = None,
    schedule: list[CheckInDue] | None = None,
    waiting: list[WaitingMentee] | None = None,
) -> list[Flag]:
    """Every flag as of `on_date` (default: today), most urgent first.

    `pairs` (the active and paused pairings), `schedule` and `waiting` may be passed when
    the caller already has them, so the dashboard reads each only once."""
    with paused_gc():
        return _compute_flags(session, on_date or clock.today(), settings, pairs, schedule, waiting)


def _compute_flags(
    session: Session,
    on_date: dt.date,
    settings: MonitoringSettings | None,
    pairs: dict[int, PairInfo] | None,
    schedule: list[CheckInDue] | None,
    waiting: list[WaitingMentee] | None,
) -> list[Flag]:
    settings = settings or load_settings(session)
    if pairs is None:
        pairs = load_pairs(session, OPEN_STATUSES)
    if schedule is None:
        schedule = check_in_schedule(session, on_date, settings, pairs=pairs)
    if waiting is None:
        waiting = waiting_mentees(session, on_date)
    flags = [
        *_concern_flags(session, on_date, pairs),
        *_meeting_flags(session, on_date, settings, pairs),
        *_check_in_flags(schedule),
        *_satisfaction_flags(session, on_date, settings, pairs),
        *_agreement_flags(on_date, settings, pairs),
        *_screening_flags(session, on_date, settings, pairs),
        *_permission_flags(session, on_date, pairs),
        *_goal_flags(session, on_date, pairs),
        *_waiting_flags(waiting, settings),
    ]
    flags.sort(key=lambda f: f.sort_key)
    return flags
