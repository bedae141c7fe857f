"""The check-in schedule, the programme's monitoring settings, commitments and concerns."""

from __future__ import annotations

import gc

import pytest

from mentordesk.errors import ValidationError
from mentordesk.models import CheckInWho
from mentordesk.monitoring.check_ins import (
    DueState,
    check_in_schedule,
    due_state,
    due_this_week,
    next_due,
)
from mentordesk.monitoring.commitments import commitment, set_commitment, set_default_commitment
from mentordesk.monitoring.monitoring_settings import (
    MonitoringSettings,
    load_settings,
    save_settings,
)
from mentordesk.store import Database
from mentordesk.store.gc_pause import paused_gc
from tests.history import CHILD_BIRTH, History, d

DEFAULTS = MonitoringSettings()


def test_two_check_ins_in_the_first_month_then_monthly() -> None:
    start = d("2026-10-01")
    assert next_due(start, None, DEFAULTS) == d("2026-10-16")
    assert next_due(start, d("2026-10-16"), DEFAULTS) == d("2026-10-31")
    assert next_due(start, d("2026-10-31"), DEFAULTS) == d("2026-11-30")
    # A late first check-in moves the next one on by a month, not a fortnight.
    assert next_due(start, d("2026-10-20"), DEFAULTS) == d("2026-11-19")
    weekly_start = MonitoringSettings(checkins_first_month=4, checkin_every_days=28)
    assert next_due(start, None, weekly_start) == d("2026-10-08")
    monthly = MonitoringSettings(checkins_first_month=1)
    assert next_due(start, None, monthly) == d("2026-10-31")


def test_due_states() -> None:
    due = d("2026-11-20")
    assert due_state(due, d("2026-11-12"), DEFAULTS) is DueState.UP_TO_DATE
    assert due_state(due, d("2026-11-14"), DEFAULTS) is DueState.DUE  # within the week
    assert due_state(due, d("2026-11-27"), DEFAULTS) is DueState.DUE  # within the grace
    assert due_state(due, d("2026-11-28"), DEFAULTS) is DueState.OVERDUE


def test_schedule_rows_for_each_person(db: Database) -> None:
    with db.transaction() as session:
        h = History(session)
        child = h.mentee("Zoë Müller", birth=CHILD_BIRTH, guardian="Ines Müller")
        pair = h.pair(mentor=h.mentor("David Okonkwo"), mentee=child, start=d("2026-10-01"))
        h.check_in(pair, d("2026-10-15"), CheckInWho.MENTOR)
        h.check_in(pair, d("2026-11-01"), CheckInWho.MENTOR)
        h.check_in(pair, d("2026-11-20"), CheckInWho.MENTEE)
        h.check_in(pair, d("2026-12-01"), CheckInWho.GUARDIAN)  # after the date asked about
        pair_id = pair.id
    with db.reading() as session:
        rows = check_in_schedule(session, d("2026-11-25"))
    by_who = {r.who: r for r in rows}
    assert {r.pairing_id for r in rows} == {pair_id}
    mentor = by_who[CheckInWho.MENTOR]
    assert (mentor.done, mentor.last_held, mentor.due_on, mentor.state) == (
        2,
        d("2026-11-01"),
        d("2026-12-01"),
        DueState.DUE,
    )
    mentee = by_who[CheckInWho.MENTEE]
    assert (mentee.due_on, mentee.state) == (d("2026-12-20"), DueState.UP_TO_DATE)
    guardian = by_who[CheckInWho.GUARDIAN]
    assert (guardian.person, guardian.done, guardian.state) == ("Ines Müller", 0, DueState.OVERDUE)
    assert mentor.pair == "David Okonkwo & Zoë Müller"
    assert [r.who for r in due_this_week(rows)] == [CheckInWho.GUARDIAN, CheckInWho.MENTOR]
    with db.reading() as session:
        due_only = check_in_schedule(session, d("2026-11-25"), include_up_to_date=False)
    assert due_only == due_this_week(rows)


def test_settings_defaults_roundtrip_and_bad_values(db: Database) -> None:
    with db.reading() as session:
        assert load_settings(session) == DEFAULTS
    changed = MonitoringSettings(no_meeting_days=28, waiting_days=45, guardian_check_ins=False)
    with db.transaction() as session:
        assert save_settings(session, changed) == DEFAULTS
    with db.reading() as session:
        assert load_settings(session) == changed
    # Unreadable values keep the default; out-of-range ones are brought into range.
    odd = {"monitoring": {"no_meeting_days": "soon", "low_satisfaction": 9, "unknown": 1}}
    settings = MonitoringSettings.from_settings(odd)
    assert settings.no_meeting_days == 21 and settings.low_satisfaction == 4
    with db.transaction() as session, pytest.raises(ValidationError, match="between 1 and 365"):
        save_settings(session, MonitoringSettings(no_meeting_days=0))


def test_commitment_defaults_and_overrides(db: Database) -> None:
    with db.transaction() as session:
        pair_id = History(session).pair().id
    with db.transaction() as session:
        current = commitment(session, pair_id)
        assert (current.meetings_per_month, current.meeting_minutes) == (4, 60)
        assert current.own_meetings_per_month is None
        assert current.summary == "4 times a month, 60 minutes each"
        before = set_commitment(session, pair_id, 2, None)
        assert before == current
        programme_id = History(session).programme.id
        assert set_default_commitment(session, programme_id, 1, 90) == (4, 60)
        now = commitment(session, pair_id)
        assert (now.meetings_per_month, now.meeting_minutes) == (2, 90)
        assert now.summary == "2 times a month, 90 minutes each"
        with pytest.raises(ValidationError, match="between 5 and 600"):
            set_commitment(session, pair_id, 2, 1000)
        with pytest.raises(ValidationError, match="no pairing with id 999"):
            commitment(session, 999)


def test_paused_gc_resumes_the_collector_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # nested: the outer one decides
            pass
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()
