"""Dashboard figures, programme health and the early-closure analysis."""

from __future__ import annotations

import pytest

from mentordesk.models import ClosureKind, Initiator, PairingStatus, ParticipantStatus
from mentordesk.monitoring.calendar_periods import add_months, month_starts
from mentordesk.monitoring.closures import (
    duration_bucket,
    early_closure_analysis,
    suggested_closure_kind,
)
from mentordesk.monitoring.figures import (
    load_dashboard,
    meetings_by_month,
    mentors_ready,
    pairs_by_status,
)
from mentordesk.monitoring.flags import FlagKind
from mentordesk.store import Database
from tests.history import History, d

TODAY = d("2026-11-25")


def test_calendar_months() -> None:
    assert add_months(d("2026-01-31"), 1) == d("2026-02-28")
    assert add_months(d("2026-11-25"), -2) == d("2026-09-25")
    assert add_months(d("2026-03-15"), 12) == d("2027-03-15")
    assert month_starts(d("2026-02-10"), 3) == [d("2025-12-01"), d("2026-01-01"), d("2026-02-01")]


@pytest.mark.parametrize(
    ("start", "end", "bucket"),
    [
        ("2026-01-15", "2026-04-14", "Under 3 months"),
        ("2026-01-15", "2026-04-15", "3 to 6 months"),
        ("2026-01-15", "2026-07-15", "6 to 12 months"),
        ("2025-01-15", "2026-01-14", "6 to 12 months"),
        ("2025-01-15", "2026-01-15", "12 months or more"),
    ],
)
def test_duration_buckets(start: str, end: str, bucket: str) -> None:
    assert duration_bucket(d(start), d(end)) == bucket


def test_counts_status_and_meetings_per_month(db: Database) -> None:
    with db.transaction() as session:
        h = History(session)
        active = h.pair(start=d("2026-06-01"))
        h.meetings(active, [d("2025-11-30"), d("2025-12-01"), d("2026-11-01"), d("2026-11-25")])
        h.meetings(active, [d("2026-11-26")])  # after today: not counted
        h.pair(status=PairingStatus.PAUSED)
        h.pair(status=PairingStatus.PROPOSED, start=None)
        h.pair(status=PairingStatus.CLOSED, end=d("2026-10-01"))
        # Mentors: one free and ready, one full, one not screened, one withdrawn.
        h.mentor("Free Mentor", capacity=2)
        h.mentor("Unready Mentor", trained=False)
        h.mentor("Gone Mentor").status = ParticipantStatus.WITHDRAWN
        h.mentee("Waiting Mentee")
    with db.reading() as session:
        assert dict(pairs_by_status(session)) == {
            PairingStatus.PROPOSED: 1,
            PairingStatus.ACTIVE: 1,
            PairingStatus.PAUSED: 1,
            PairingStatus.CLOSED: 1,
        }
        months = meetings_by_month(session, TODAY)
        assert len(months) == 12 and months[0].month == d("2025-12-01")
        assert (months[0].count, months[-1].count, months[-1].label) == (1, 2, "Nov")
        assert sum(m.count for m in months) == 3
        # The closed pair's mentor is free again; so is the mentor of nothing yet.
        assert mentors_ready(session, TODAY) == 2
        dashboard = load_dashboard(session, TODAY)
    # The closed pair's mentee, the proposed pair's (not started) and the new one wait.
    assert dashboard.mentees_waiting == 3
    assert dashboard.pairs_with(PairingStatus.ACTIVE) == 1
    assert dashboard.programme_name


def test_programme_health(db: Database) -> None:
    with db.transaction() as session:
        h = History(session)
        steady = h.pair(start=d("2025-11-25"))  # 12 months today
        h.weekly(steady, d("2026-09-26"), d("2026-11-24"))
        drifting = h.pair(start=d("2026-05-25"))  # 6 months today, but stopped meeting
        h.meetings(drifting, [d("2026-09-01")])
        new = h.pair(start=d("2026-11-01"))  # too new for either milestone; no meeting yet
        h.pair(start=d("2026-01-01"), status=PairingStatus.CLOSED, end=d("2026-03-01"))
        h.pair(start=d("2025-01-01"), status=PairingStatus.CLOSED, end=d("2026-02-01"))
        h.pair(start=None, status=PairingStatus.PROPOSED)
    with db.reading() as session:
        dashboard = load_dashboard(session, TODAY)
    health = dashboard.health
    assert health.active_pairs == 3
    # Drifting: no meeting for months; new: no meeting in its first 24 days.
    off = {f.pairing_id for f in dashboard.flags if f.off_track}
    assert off == {drifting.id, new.id}
    assert health.on_track == 1
    assert health.on_track_share == pytest.approx(1 / 3)
    six, twelve = health.milestones
    # Started 6+ months ago: steady, drifting, both closed; the short closed pair fell short.
    assert (six.eligible, six.reached) == (4, 3)
    assert (twelve.eligible, twelve.reached) == (2, 2)
    assert twelve.share == 1.0
    assert health.average_months is not None and 5 < health.average_months < 8


def test_early_closure_analysis(db: Database) -> None:
    with db.transaction() as session:
        h = History(session)
        for start, end, kind, reason in [
            ("2026-01-01", "2026-02-15", ClosureKind.EARLY, "Mentee lost interest"),
            ("2026-01-01", "2026-03-15", ClosureKind.EARLY, "Mentee lost interest"),
            ("2026-01-01", "2026-05-15", ClosureKind.EARLY, "Mentor moved away"),
            ("2025-09-01", "2026-07-01", ClosureKind.EARLY, ""),
            ("2025-09-01", "2026-07-31", ClosureKind.PLANNED, "Programme year completed"),
        ]:
            pair = h.pair(
                start=d(start),
                end=d(end),
                status=PairingStatus.CLOSED,
                closure_kind=kind,
                reason=reason,
            )
            pair.closure_initiator = Initiator.MENTEE if "Mentee" in reason else None
    with db.reading() as session:
        analysis = early_closure_analysis(session)
        recent = early_closure_analysis(session, since=d("2026-05-01"))
    assert (analysis.closed, analysis.planned, analysis.early) == (5, 1, 4)
    assert [(c.label, c.count) for c in analysis.by_reason] == [
        ("Mentee lost interest", 2),
        ("(no reason recorded)", 1),
        ("Mentor moved away", 1),
    ]
    assert [(c.label, c.count) for c in analysis.by_duration] == [
        ("Under 3 months", 2),
        ("3 to 6 months", 1),
        ("6 to 12 months", 1),
        ("12 months or more", 0),
    ]
    assert [(c.label, c.count) for c in analysis.by_initiator] == [
        ("Mentee", 2),
        ("Not recorded", 2),
    ]
    assert analysis.early_share == 0.8
    assert (recent.closed, recent.early) == (3, 2)


def test_suggested_closure_kind(db: Database) -> None:
    with db.transaction() as session:
        h = History(session)
        pair_id = h.pair(start=d("2026-01-10")).id  # commitment: 12 months
    with db.transaction() as session:
        assert suggested_closure_kind(session, pair_id, d("2027-01-09")) is ClosureKind.EARLY
        assert suggested_closure_kind(session, pair_id, d("2027-01-10")) is ClosureKind.PLANNED
        History(session).programme.end_date = d("2026-07-31")
        session.flush()
        assert suggested_closure_kind(session, pair_id, d("2026-07-31")) is ClosureKind.PLANNED


def test_demo_dashboard_shows_the_demo_problems(demo_db: Database) -> None:
    with demo_db.reading() as session:
        dashboard = load_dashboard(session)
    kinds = {f.kind for f in dashboard.flags}
    assert {
        FlagKind.SAFETY_CONCERN,
        FlagKind.NO_RECENT_MEETING,
        FlagKind.AGREEMENT_UNSIGNED,
        FlagKind.LOW_SATISFACTION,
        FlagKind.MENTEE_WAITING,
    } <= kinds
    assert dashboard.flags[0].kind is FlagKind.SAFETY_CONCERN
    assert dashboard.pairs_with(PairingStatus.PAUSED) == 2
    assert dashboard.pairs_with(PairingStatus.CLOSED) == 2
    assert dashboard.early_closures.closed == 2
    assert sum(m.count for m in dashboard.meetings_by_month) > 100
