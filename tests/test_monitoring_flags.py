"""Every flag raised and cleared on constructed histories, as of fixed dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from mentordesk import clock
from mentordesk.models import (
    CheckInWho,
    Goal,
    GoalStatus,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Programme,
)
from mentordesk.monitoring.commitments import set_commitment
from mentordesk.monitoring.flags import Flag, FlagKind, Severity, compute_flags
from mentordesk.monitoring.monitoring_settings import MonitoringSettings, save_settings
from mentordesk.pairings.concerns import concern_ids_of_check_in, resolve_concern
from mentordesk.store import Database
from tests.history import CHILD_BIRTH, History, d

TODAY = d("2026-11-25")


def flags_of(db: Database, on_date: dt.date = TODAY, kind: FlagKind | None = None) -> list[Flag]:
    with db.reading() as session:
        flags = compute_flags(session, on_date)
    return [f for f in flags if kind is None or f.kind is kind]


def build(db: Database, steps: Callable[[History], object]) -> object:
    with db.transaction() as session:
        return steps(History(session))


def test_a_healthy_pair_raises_no_flag(db: Database) -> None:
    def steps(h: History) -> None:
        pair = h.pair(start=d("2026-06-01"))
        h.weekly(pair, d("2026-06-03"), d("2026-11-24"))
        h.check_in(pair, d("2026-11-20"), CheckInWho.MENTOR, satisfaction=4)
        h.check_in(pair, d("2026-11-20"), CheckInWho.MENTEE, satisfaction=5)
        h.goal(pair, d("2027-03-01"))

    build(db, steps)
    assert flags_of(db) == []


def test_the_clock_sets_the_default_date(db: Database) -> None:
    build(db, lambda h: h.pair(start=d("2026-11-01"), signed=False))
    with db.reading() as session:
        clock.set_today(d("2026-11-14"))
        assert not [f for f in compute_flags(session) if f.kind is FlagKind.AGREEMENT_UNSIGNED]
        clock.set_today(d("2026-11-15"))
        assert [f.kind for f in compute_flags(session)].count(FlagKind.AGREEMENT_UNSIGNED) == 1


# --- safety concern -------------------------------------------------------------------
def test_unresolved_concern_is_first_and_clears_when_resolved(db: Database) -> None:
    def steps(h: History) -> int:
        quiet = h.pair(start=d("2026-06-01"))  # no meeting ever: a high flag too
        pair = h.pair(start=d("2026-06-01"))
        h.weekly(pair, d("2026-06-03"), d("2026-11-24"))
        h.goal(pair, d("2026-10-01"))
        assert quiet.id
        return h.check_in(pair, d("2026-11-22"), CheckInWho.MENTEE, concern=True).id

    check_in_id = build(db, steps)
    with db.reading() as session:
        (concern_id,) = concern_ids_of_check_in(session, check_in_id)
    flags = flags_of(db)
    assert flags[0].kind is FlagKind.SAFETY_CONCERN
    assert flags[0].severity is Severity.HIGH
    assert flags[0].record_id == concern_id
    assert "raised by Mentee on 22 Nov 2026 (3 days ago) is not resolved" in flags[0].message
    ranks = [f.severity.rank for f in flags]
    assert ranks == sorted(ranks)

    with db.transaction() as session:
        resolve_concern(
            session,
            concern_id,
            resolved_on=TODAY,
            action="Spoke to the safeguarding lead.",
            decided_by="Coordinator",
        )
    assert flags_of(db, kind=FlagKind.SAFETY_CONCERN) == []
    # As of a day before the resolution, it was still open.
    assert len(flags_of(db, d("2026-11-24"), FlagKind.SAFETY_CONCERN)) == 1


def test_concern_on_a_closed_pair_still_flags(db: Database) -> None:
    def steps(h: History) -> None:
        pair = h.pair(start=d("2026-03-01"), status=PairingStatus.CLOSED, end=d("2026-11-01"))
        h.check_in(pair, d("2026-10-30"), CheckInWho.GUARDIAN, concern=True)
        h.check_in(pair, d("2026-10-01"), concern=True, resolved=d("2026-10-02"))

    build(db, steps)
    flags = flags_of(db, kind=FlagKind.SAFETY_CONCERN)
    assert len(flags) == 1
    assert "raised by Guardian" in flags[0].message and "The pair is closed." in flags[0].message


# --- meetings -------------------------------------------------------------------------
def test_no_meeting_for_n_days(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-06-01")))

    def meet(*days: str) -> None:
        build(db, lambda h: h.meetings(pair, [d(x) for x in days]))

    meet("2026-10-01", "2026-11-04", "2026-12-01")  # the December one is not held yet
    assert flags_of(db, d("2026-11-24"), FlagKind.NO_RECENT_MEETING) == []  # 20 days
    [flag] = flags_of(db, TODAY, FlagKind.NO_RECENT_MEETING)  # 21 days
    assert flag.severity is Severity.MEDIUM
    assert flag.message == "No meeting for 21 days (last on 04 Nov 2026)."
    assert flag.since == d("2026-11-04")
    # As of mid-December, the 1 December meeting has been held.
    assert flags_of(db, d("2026-12-15"), FlagKind.NO_RECENT_MEETING) == []
    meet("2026-11-20")
    assert flags_of(db, TODAY, FlagKind.NO_RECENT_MEETING) == []


def test_no_meeting_severity_doubles_and_counts_from_the_start(db: Database) -> None:
    def steps(h: History) -> tuple[int, int, int]:
        old = h.pair(start=d("2026-06-01"))
        h.meetings(old, [d("2026-10-10")])  # 46 days
        new = h.pair(start=d("2026-11-10"))  # no meeting yet
        paused = h.pair(start=d("2026-06-01"), status=PairingStatus.PAUSED)
        return old.id, new.id, paused.id

    old, new, paused = build(db, steps)
    flags = {f.pairing_id: f for f in flags_of(db, kind=FlagKind.NO_RECENT_MEETING)}
    assert flags[old].severity is Severity.HIGH
    assert new not in flags and paused not in flags  # 15 days; paused pairs do not meet
    [fresh] = [
        f for f in flags_of(db, d("2026-12-01"), FlagKind.NO_RECENT_MEETING) if f.pairing_id == new
    ]
    assert fresh.message == "No meeting for 21 days (none since the start on 10 Nov 2026)."


def _meet_in_window(h: History, pair_id: int, count: int) -> None:
    # The window is 25 Sep to 25 Nov 2026; meetings every 7 days from 26 Sep.
    pair = h.session.get(Pairing, pair_id)
    assert pair is not None
    h.meetings(pair, [d("2026-09-26") + dt.timedelta(days=7 * i) for i in range(count)])


@pytest.mark.parametrize(
    ("held", "severity"), [(8, None), (7, Severity.LOW), (6, Severity.LOW), (5, Severity.MEDIUM)]
)
def test_fewer_meetings_than_committed(db: Database, held: int, severity: Severity) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-06-01")))  # programme default: 4 a month
    build(db, lambda h: _meet_in_window(h, pair.id, held))
    flags = flags_of(db, kind=FlagKind.FEWER_MEETINGS)
    if severity is None:
        assert flags == []
        return
    [flag] = flags
    assert flag.severity is severity
    assert flag.message.startswith(f"{held} meetings in the last 2 months")
    assert "committed to 4 a month (8 in that time)" in flag.message


def test_fewer_meetings_follows_the_pairs_own_commitment(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-06-01")))
    build(db, lambda h: _meet_in_window(h, pair.id, 5))
    assert len(flags_of(db, kind=FlagKind.FEWER_MEETINGS)) == 1
    with db.transaction() as session:
        set_commitment(session, pair.id, 2, 45)
    assert flags_of(db, kind=FlagKind.FEWER_MEETINGS) == []
    with db.transaction() as session:
        set_commitment(session, pair.id, None, None)  # back to the default of 4
        programme = session.get(Programme, pair.programme_id)
        assert programme is not None
        programme.meetings_per_month = 0  # a programme with no fixed rhythm
    assert flags_of(db, kind=FlagKind.FEWER_MEETINGS) == []


def test_fewer_meetings_is_pro_rata_for_a_new_pair(db: Database) -> None:
    def steps(h: History) -> tuple[int, int]:
        recent = h.pair(start=d("2026-10-26"))  # 30 days: about 3 expected at 4 a month
        h.meetings(recent, [d("2026-10-28"), d("2026-11-18")])
        too_new = h.pair(start=d("2026-11-15"))
        return recent.id, too_new.id

    recent, too_new = build(db, steps)
    [flag] = flags_of(db, kind=FlagKind.FEWER_MEETINGS)
    assert flag.pairing_id == recent
    assert flag.message == (
        "2 meetings since the start on 26 Oct 2026; at 4 a month, 3 were expected by now."
    )
    assert too_new != recent
    with db.transaction() as session:
        pair = session.get(Pairing, recent)
        assert pair is not None
        History(session).meetings(pair, [d("2026-11-24")])
    assert flags_of(db, kind=FlagKind.FEWER_MEETINGS) == []


# --- check-ins ------------------------------------------------------------------------
def test_check_in_overdue_for_each_person(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-10-01")))
    # First check-ins due 16 Oct; overdue after a week's grace.
    assert flags_of(db, d("2026-10-23"), FlagKind.CHECK_IN_OVERDUE) == []
    [flag] = flags_of(db, TODAY, FlagKind.CHECK_IN_OVERDUE)
    assert flag.message == (
        "Check-in overdue with the mentor (due 16 Oct 2026), mentee (due 16 Oct 2026)."
    )
    assert flag.since == d("2026-10-16")
    build(db, lambda h: h.check_in(pair, d("2026-11-20"), CheckInWho.MENTOR))
    [flag] = flags_of(db, TODAY, FlagKind.CHECK_IN_OVERDUE)
    assert "mentor" not in flag.message and "mentee (due 16 Oct 2026)" in flag.message
    build(db, lambda h: h.check_in(pair, d("2026-11-21"), CheckInWho.MENTEE))
    assert flags_of(db, TODAY, FlagKind.CHECK_IN_OVERDUE) == []


def test_guardian_check_ins_for_a_minor(db: Database) -> None:
    def steps(h: History) -> None:
        child = h.mentee("Zoë Müller", birth=CHILD_BIRTH, guardian="Ines Müller")
        pair = h.pair(mentee=child, start=d("2026-10-01"))
        h.check_in(pair, d("2026-11-20"), CheckInWho.MENTOR)
        h.check_in(pair, d("2026-11-20"), CheckInWho.MENTEE)
        h.check_in(pair, d("2026-09-30"), CheckInWho.GUARDIAN)  # before the start: not counted

    build(db, steps)
    [flag] = flags_of(db, kind=FlagKind.CHECK_IN_OVERDUE)
    assert flag.message == "Check-in overdue with the guardian (due 16 Oct 2026)."
    with db.transaction() as session:
        save_settings(session, MonitoringSettings(guardian_check_ins=False))
    assert flags_of(db, kind=FlagKind.CHECK_IN_OVERDUE) == []


# --- satisfaction -----------------------------------------------------------------------
def test_low_satisfaction_uses_each_persons_latest_rating(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-06-01")))
    low = build(db, lambda h: h.check_in(pair, d("2026-11-01"), satisfaction=2))
    [flag] = flags_of(db, kind=FlagKind.LOW_SATISFACTION)
    assert flag.record_id == low.id
    assert flag.message == "Low satisfaction: the mentee rated 2 of 5 on 01 Nov 2026."
    # The mentor's good rating does not cancel the mentee's low one.
    build(db, lambda h: h.check_in(pair, d("2026-11-10"), CheckInWho.MENTOR, satisfaction=5))
    assert len(flags_of(db, kind=FlagKind.LOW_SATISFACTION)) == 1
    # The mentee's own newer rating does; a check-in without a rating changes nothing.
    build(db, lambda h: h.check_in(pair, d("2026-11-15"), satisfaction=3))
    build(db, lambda h: h.check_in(pair, d("2026-11-20")))
    assert flags_of(db, kind=FlagKind.LOW_SATISFACTION) == []
    # ...but not as of a date before it.
    assert len(flags_of(db, d("2026-11-14"), FlagKind.LOW_SATISFACTION)) == 1


def test_low_satisfaction_same_day_tie_takes_the_lower_rating(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-06-01")))
    build(db, lambda h: h.check_in(pair, d("2026-11-20"), satisfaction=2))
    build(db, lambda h: h.check_in(pair, d("2026-11-20"), satisfaction=5))
    [flag] = flags_of(db, kind=FlagKind.LOW_SATISFACTION)
    assert "rated 2 of 5 on 20 Nov 2026" in flag.message


def test_low_satisfaction_threshold_is_a_programme_setting(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-06-01")))
    build(db, lambda h: h.check_in(pair, d("2026-11-01"), satisfaction=2))
    with db.transaction() as session:
        save_settings(session, MonitoringSettings(low_satisfaction=1))
    assert flags_of(db, kind=FlagKind.LOW_SATISFACTION) == []


# --- agreement ------------------------------------------------------------------------
def test_agreement_not_signed_after_fourteen_days(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-11-01"), signed=False))
    build(db, lambda h: h.pair(start=None, status=PairingStatus.PROPOSED, signed=False))
    assert flags_of(db, d("2026-11-14"), FlagKind.AGREEMENT_UNSIGNED) == []
    [flag] = flags_of(db, d("2026-11-15"), FlagKind.AGREEMENT_UNSIGNED)
    assert flag.message == "The agreement is not signed 14 days after the start on 01 Nov 2026."
    with db.transaction() as session:
        row = session.get(Pairing, pair.id)
        assert row is not None
        row.agreement_signed_on = d("2026-11-20")
    assert flags_of(db, TODAY, FlagKind.AGREEMENT_UNSIGNED) == []
    assert len(flags_of(db, d("2026-11-19"), FlagKind.AGREEMENT_UNSIGNED)) == 1


# --- background check -----------------------------------------------------------------
@pytest.mark.parametrize(
    ("expires", "severity", "text"),
    [
        (d("2026-11-24"), Severity.HIGH, "background check expired on 24 Nov 2026."),
        (d("2026-11-25"), Severity.MEDIUM, "expires on 25 Nov 2026 (today)."),
        (d("2026-12-25"), Severity.MEDIUM, "expires on 25 Dec 2026 (in 30 days)."),
        (d("2026-12-26"), None, ""),
        (None, None, ""),  # a check that never expires
    ],
)
def test_background_check_of_a_mentor_in_an_active_pair(
    db: Database, expires: dt.date | None, severity: Severity | None, text: str
) -> None:
    build(db, lambda h: h.pair(mentor=h.mentor("Søren Björk", expires=expires)))
    flags = flags_of(db, kind=FlagKind.BACKGROUND_CHECK)
    if severity is None:
        assert flags == []
        return
    [flag] = flags
    assert flag.severity is severity
    assert flag.message.startswith("Søren Björk's background check")
    assert flag.message.endswith(text)
    assert flag.record.value == "participant"


def test_background_check_missing_or_in_a_closed_pair(db: Database) -> None:
    def steps(h: History) -> None:
        h.pair(mentor=h.mentor("Anna Schmidt", background=False))
        h.pair(
            mentor=h.mentor("Mark Doyle", expires=d("2026-01-31")),
            status=PairingStatus.CLOSED,
            start=d("2025-06-01"),
            end=d("2026-01-15"),
        )

    build(db, steps)
    [flag] = flags_of(db, kind=FlagKind.BACKGROUND_CHECK)
    assert flag.message == "Anna Schmidt has no completed background check on record."
    assert flag.severity is Severity.HIGH
    with db.transaction() as session:
        programme = History(session).programme
        programme.settings = {"screening": {"required": ["application", "interview"]}}
    assert flags_of(db, kind=FlagKind.BACKGROUND_CHECK) == []


# --- goals ----------------------------------------------------------------------------
def test_goal_past_its_target_date(db: Database) -> None:
    pair = build(db, lambda h: h.pair(start=d("2026-06-01")))
    goal = build(db, lambda h: h.goal(pair, d("2026-11-24"), title="Read one book a month"))
    build(db, lambda h: h.goal(pair, d("2026-11-25")))  # due today: not late yet
    build(db, lambda h: h.goal(pair, d("2026-10-01"), GoalStatus.ACHIEVED))
    build(db, lambda h: h.goal(pair, None))
    [flag] = flags_of(db, kind=FlagKind.GOAL_OVERDUE)
    assert flag.severity is Severity.LOW
    assert flag.record_id == goal.id
    assert flag.message == (
        "A goal is past the target date: “Read one book a month” (target 24 Nov 2026)."
    )
    with db.transaction() as session:
        row = session.get(Goal, goal.id)
        assert row is not None
        row.status = GoalStatus.DROPPED
    assert flags_of(db, kind=FlagKind.GOAL_OVERDUE) == []


# --- waiting mentees ------------------------------------------------------------------
def test_mentee_waiting_more_than_n_days(db: Database) -> None:
    def steps(h: History) -> tuple[int, int]:
        waiting = h.mentee("Amara Okafor", joined=d("2026-09-25"))  # 61 days
        h.mentee("Kwame Mensah", joined=d("2026-09-26"))  # 60 days: not more than 60
        gone = h.mentee("Ella Kowalski", joined=d("2026-01-01"))
        gone.status = ParticipantStatus.WITHDRAWN
        rematch = h.mentee("Noah Fischer", joined=d("2026-01-01"))
        h.pair(
            mentee=rematch,
            start=d("2026-03-01"),
            status=PairingStatus.CLOSED,
            end=d("2026-11-15"),
        )
        return waiting.id, rematch.id

    waiting, rematch = build(db, steps)
    flags = flags_of(db, kind=FlagKind.MENTEE_WAITING)
    assert [(f.pairing_id, f.record_id) for f in flags] == [(None, waiting)]
    assert flags[0].message == ("Amara Okafor has waited 61 days for a mentor (since 25 Sep 2026).")
    # The rematched mentee waits from the end of their last pair.
    assert len(flags_of(db, d("2027-01-15"), FlagKind.MENTEE_WAITING)) == 3
    assert rematch
    with db.transaction() as session:
        person = session.get(Participant, waiting)
        assert person is not None
        h = History(session)
        h.pair(mentee=person, start=None, status=PairingStatus.PROPOSED, signed=False)
    [flag] = flags_of(db, kind=FlagKind.MENTEE_WAITING)
    assert flag.message.endswith("A mentor is proposed; start the pair.")
    with db.transaction() as session:
        History(session).pair(mentee=session.get(Participant, waiting), start=TODAY)
    assert flags_of(db, kind=FlagKind.MENTEE_WAITING) == []


def test_json_form_has_the_documented_keys(db: Database) -> None:
    build(db, lambda h: h.pair(start=d("2026-11-01"), signed=False))
    [flag] = flags_of(db, kind=FlagKind.AGREEMENT_UNSIGNED)
    assert flag.as_json() == {
        "pairing_id": flag.pairing_id,
        "kind": "agreement_unsigned",
        "severity": "medium",
        "message": flag.message,
    }
