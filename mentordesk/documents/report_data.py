"""What progress reports print, gathered as plain rows.

A pairing report holds that pairing's data only; its confidential notes are read only when
asked for. A programme report is for a board or a funder: it holds counts only, never a
participant's name, contact detail, note or concern text. The pairs needing attention are
counted by kind from monitoring's flags (the numbers the dashboard and `flags` show). Only
an internal report, asked for explicitly, names the pairs, for the coordinator's own use.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.documents.document_pairs import PairFacts, load_pairs
from mentordesk.documents.report_periods import Period
from mentordesk.models import (
    CheckIn,
    CheckInWho,
    ClosureKind,
    Goal,
    GoalStatus,
    Initiator,
    Meeting,
    MeetingMode,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Role,
)
from mentordesk.monitoring.flags import FlagKind, compute_flags
from mentordesk.monitoring.waiting import waiting_mentees
from mentordesk.pairings.concerns import list_concerns
from mentordesk.pairings.pairing_lifecycle import CLOSURE_REASONS

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class MeetingLine:
    held_on: dt.date
    minutes: int
    mode: MeetingMode
    notes: str | None  # None unless notes were asked for


@dataclass(frozen=True)
class CheckInLine:
    held_on: dt.date
    who: CheckInWho
    satisfaction: int | None
    concern: bool
    concern_resolved_on: dt.date | None
    notes: str | None


@dataclass(frozen=True)
class PairingReport:
    pair: PairFacts
    period: Period
    today: dt.date
    include_notes: bool
    meetings: tuple[MeetingLine, ...]  # in the period
    check_ins: tuple[CheckInLine, ...]  # in the period
    expected_meetings: float
    active_days: int
    last_meeting: dt.date | None  # ever, up to today
    paused_on: dt.date | None
    closure_reason: str
    closure_kind: ClosureKind | None
    closure_initiator: Initiator | None
    closure_notes: str | None
    pairing_notes: str | None

    @property
    def meetings_held(self) -> int:
        return len(self.meetings)

    @property
    def hours(self) -> float:
        return sum(m.minutes for m in self.meetings) / 60

    @property
    def modes(self) -> Counter[MeetingMode]:
        return Counter(m.mode for m in self.meetings)


def active_span(
    start: dt.date | None,
    end: dt.date | None,
    paused_on: dt.date | None,
    status: PairingStatus,
    period: Period,
    today: dt.date,
) -> tuple[dt.date, dt.date] | None:
    """The days of the period in which the pair was committed to meet, or None."""
    if start is None:
        return None
    last = period.until(today)
    if end is not None:
        last = min(last, end)
    if status == PairingStatus.PAUSED and paused_on is not None:
        last = min(last, paused_on)
    first = max(start, period.start)
    return (first, last) if first <= last else None


def pairing_report(
    session: Session, pairing_id: int, period: Period, today: dt.date, *, include_notes: bool
) -> PairingReport:
    (pair,) = load_pairs(session, [pairing_id])
    pairing = session.get(Pairing, pairing_id)
    assert pairing is not None
    last = period.until(today)
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.pairing_id == pairing_id, Meeting.held_on.between(period.start, last))
        .order_by(Meeting.held_on, Meeting.id)
    )
    check_ins = session.scalars(
        select(CheckIn)
        .where(CheckIn.pairing_id == pairing_id, CheckIn.held_on.between(period.start, last))
        .order_by(CheckIn.held_on, CheckIn.id)
    ).all()
    # When the concern a check-in raised was resolved (None while open), from the register.
    resolved: dict[int, dt.date | None] = {}
    for concern in list_concerns(session, include_closed=True, pairing_ids=[pairing_id]):
        if concern.check_in_id is not None:
            before = resolved.get(concern.check_in_id, dt.date.min)
            resolved[concern.check_in_id] = (
                None
                if before is None or concern.resolved_on is None
                else max(before, concern.resolved_on)
            )
    span = active_span(
        pairing.start_date, pairing.end_date, pairing.paused_on, pairing.status, period, today
    )
    active_days = (span[1] - span[0]).days + 1 if span else 0
    return PairingReport(
        pair=pair,
        period=period,
        today=today,
        include_notes=include_notes,
        meetings=tuple(
            MeetingLine(m.held_on, m.minutes, m.mode, m.notes if include_notes else None)
            for m in meetings
        ),
        check_ins=tuple(
            CheckInLine(
                c.held_on,
                c.who,
                c.satisfaction,
                c.concern,
                resolved.get(c.id),
                c.notes if include_notes else None,
            )
            for c in check_ins
        ),
        expected_meetings=pair.meetings_per_month * active_days / DAYS_PER_MONTH,
        active_days=active_days,
        last_meeting=session.scalar(
            select(func.max(Meeting.held_on)).where(
                Meeting.pairing_id == pairing_id, Meeting.held_on <= today
            )
        ),
        paused_on=pairing.paused_on,
        closure_reason=pairing.closure_reason,
        closure_kind=pairing.closure_kind,
        closure_initiator=pairing.closure_initiator,
        closure_notes=pairing.closure_notes if include_notes else None,
        pairing_notes=pairing.notes if include_notes else None,
    )


# --- the whole programme ---------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    month: dt.date  # first day of the month
    meetings: int
    minutes: int


@dataclass(frozen=True)
class ClosureLine:
    reason: str
    kind: ClosureKind | None
    initiator: Initiator | None
    count: int


@dataclass(frozen=True)
class Milestone:
    months: int
    eligible: int  # pairings that started long enough ago to reach it
    reached: int

    @property
    def share(self) -> float | None:
        return self.reached / self.eligible if self.eligible else None


@dataclass(frozen=True)
class AttentionCount:
    kind: FlagKind
    flags: int  # as many as the dashboard and `mentordesk flags` list
    pairs: int  # distinct pairs (0 for mentees waiting)


@dataclass(frozen=True)
class AttentionLine:
    """For the internal report only: one flag, with the names of the pair."""

    kind: FlagKind
    subject: str
    message: str


@dataclass(frozen=True)
class Waiting:
    mentees: int
    longest_days: int
    median_days: int
    with_proposal: int


@dataclass(frozen=True)
class ProgrammeReport:
    period: Period
    today: dt.date
    participants: dict[Role, dict[ParticipantStatus, int]]
    pairings_by_status: dict[PairingStatus, int]
    started_in_period: int
    closed_in_period: int
    months: tuple[MonthCount, ...]
    average_length_months: float | None
    pairings_measured: int
    milestones: tuple[Milestone, ...]
    closures: tuple[ClosureLine, ...]
    attention: tuple[AttentionCount, ...]
    pairs_needing_attention: int
    waiting: Waiting
    goals: dict[GoalStatus, int]
    goals_completed_in_period: int
    internal: bool = False
    # Only in an internal report.
    attention_lines: tuple[AttentionLine, ...] = ()

    @property
    def meetings_total(self) -> int:
        return sum(m.meetings for m in self.months)

    @property
    def hours_total(self) -> float:
        return sum(m.minutes for m in self.months) / 60

    @property
    def goal_completion(self) -> float | None:
        counted = sum(n for status, n in self.goals.items() if status != GoalStatus.DROPPED)
        return self.goals.get(GoalStatus.ACHIEVED, 0) / counted if counted else None


_STANDARD_REASONS = {reason.casefold(): reason for reason in CLOSURE_REASONS}


def _closure_reason(text: str, internal: bool) -> str:
    """A reason of the standard list as it is; one the coordinator wrote may name someone,
    so a report for a board says only that another reason was given."""
    reason = text.strip()
    if not reason:
        return "No reason recorded"
    if internal:
        return reason
    return _STANDARD_REASONS.get(reason.casefold(), "Another reason (written by the coordinator)")


def _participants(session: Session) -> dict[Role, dict[ParticipantStatus, int]]:
    counts: dict[Role, dict[ParticipantStatus, int]] = {
        role: dict.fromkeys(ParticipantStatus, 0) for role in Role
    }
    stmt = select(Participant.role, Participant.status, func.count()).group_by(
        Participant.role, Participant.status
    )
    for role, status, count in session.execute(stmt):
        counts[role][status] = count
    return counts


def _months(session: Session, period: Period, today: dt.date) -> tuple[MonthCount, ...]:
    last = period.until(today)
    per_month: dict[str, tuple[int, int]] = {}
    stmt = (
        select(
            func.strftime("%Y-%m", Meeting.held_on),
            func.count(),
            func.coalesce(func.sum(Meeting.minutes), 0),
        )
        .where(Meeting.held_on.between(period.start, last))
        .group_by(func.strftime("%Y-%m", Meeting.held_on))
    )
    for month, count, minutes in session.execute(stmt):
        per_month[month] = (count, minutes)
    return tuple(
        MonthCount(month, *per_month.get(month.isoformat()[:7], (0, 0)))
        for month in period.months(today)
    )


def _attention(
    session: Session, today: dt.date, internal: bool
) -> tuple[tuple[AttentionCount, ...], int, Waiting, tuple[AttentionLine, ...]]:
    """Monitoring's flags as of today, counted by kind; the waiting mentees' figures."""
    waiting = waiting_mentees(session, today)
    flags = compute_flags(session, today, waiting=waiting)
    counts = Counter(f.kind for f in flags)
    pairs: dict[FlagKind, set[int]] = {}
    for flag in flags:
        if flag.pairing_id is not None:
            pairs.setdefault(flag.kind, set()).add(flag.pairing_id)
    attention = tuple(
        AttentionCount(kind, counts[kind], len(pairs.get(kind, ())))
        for kind in FlagKind
        if counts[kind]
    )
    flagged_pairs = len({f.pairing_id for f in flags if f.pairing_id is not None})
    days = sorted(w.days for w in waiting)
    summary = Waiting(
        mentees=len(waiting),
        longest_days=days[-1] if days else 0,
        median_days=days[len(days) // 2] if days else 0,
        with_proposal=sum(1 for w in waiting if w.proposed),
    )
    lines = tuple(AttentionLine(f.kind, f.subject, f.message) for f in flags) if internal else ()
    return attention, flagged_pairs, summary, lines


def programme_report(
    session: Session, period: Period, today: dt.date, *, internal: bool = False
) -> ProgrammeReport:
    """The programme's figures; `internal` adds the names of the pairs needing attention."""
    last = period.until(today)
    pairings = session.execute(
        select(
            Pairing.id,
            Pairing.status,
            Pairing.start_date,
            Pairing.end_date,
            Pairing.closure_reason,
            Pairing.closure_kind,
            Pairing.closure_initiator,
        )
    ).all()
    by_status = Counter(p.status for p in pairings)
    # Length so far (open pairs) or in all (closed pairs), as of the period's last day.
    lengths = []
    milestones = {6: [0, 0], 12: [0, 0]}
    for p in pairings:
        if p.start_date is None or p.start_date > last:
            continue
        ended = min(p.end_date, last) if p.end_date is not None else last
        days = (ended - p.start_date).days
        lengths.append(days / DAYS_PER_MONTH)
        for months, tally in milestones.items():
            if (last - p.start_date).days >= months * DAYS_PER_MONTH:
                tally[0] += 1
                tally[1] += days >= months * DAYS_PER_MONTH
    closures: Counter[tuple[str, ClosureKind | None, Initiator | None]] = Counter(
        (_closure_reason(p.closure_reason, internal), p.closure_kind, p.closure_initiator)
        for p in pairings
        if p.status == PairingStatus.CLOSED and p.end_date and period.start <= p.end_date <= last
    )
    # Goals of every pairing that was under way at some time in the period.
    live_ids = [
        p.id
        for p in pairings
        if p.start_date is not None
        and p.start_date <= last
        and (p.end_date is None or p.end_date >= period.start)
    ]
    goal_counts = dict.fromkeys(GoalStatus, 0)
    completed = 0
    if live_ids:
        for status, count in session.execute(
            select(Goal.status, func.count())
            .where(Goal.pairing_id.in_(live_ids))
            .group_by(Goal.status)
        ):
            goal_counts[status] = count
        completed = (
            session.scalar(
                select(func.count()).where(
                    Goal.pairing_id.in_(live_ids),
                    Goal.status == GoalStatus.ACHIEVED,
                    Goal.completed_on.between(period.start, last),
                )
            )
            or 0
        )
    attention, flagged_pairs, waiting, lines = _attention(session, today, internal)
    return ProgrammeReport(
        period=period,
        today=today,
        participants=_participants(session),
        pairings_by_status={status: by_status.get(status, 0) for status in PairingStatus},
        started_in_period=sum(
            1 for p in pairings if p.start_date and period.start <= p.start_date <= last
        ),
        closed_in_period=sum(closures.values()),
        months=_months(session, period, today),
        average_length_months=sum(lengths) / len(lengths) if lengths else None,
        pairings_measured=len(lengths),
        milestones=tuple(Milestone(m, t[0], t[1]) for m, t in milestones.items()),
        closures=tuple(
            ClosureLine(reason, kind, initiator, count)
            for (reason, kind, initiator), count in sorted(
                closures.items(), key=lambda item: (-item[1], item[0][0])
            )
        ),
        attention=attention,
        pairs_needing_attention=flagged_pairs,
        waiting=waiting,
        goals=goal_counts,
        goals_completed_in_period=completed,
        internal=internal,
        attention_lines=lines,
    )
