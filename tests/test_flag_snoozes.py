"""Snoozed flags: the action's rules, the query, undo, and the command line."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from mentordesk.errors import MentorDeskError
from mentordesk.models import FlagSnooze
from mentordesk.monitoring.flag_board import SnoozeFlag, flag_board, pairing_flags
from mentordesk.monitoring.flags import FlagKind, compute_flags
from mentordesk.store import Database
from mentordesk.store.actions import run
from tests.history import d

TODAY = d("2026-11-25")


def first_flag(db: Database, kind: FlagKind) -> Any:
    with db.reading() as session:
        return next(f for f in compute_flags(session, TODAY) if f.kind is kind)


def test_snooze_hides_the_flag_until_the_date_and_undo_brings_it_back(demo_db: Database) -> None:
    flag = first_flag(demo_db, FlagKind.CHECK_IN_OVERDUE)
    before = flag_board(demo_db, TODAY)
    done = run(
        demo_db,
        SnoozeFlag(
            FlagKind.CHECK_IN_OVERDUE.value,  # as a widget hands it over: plain text
            flag.pairing_id,
            None,
            d("2026-12-10"),
            "  Guardian in hospital  ",
            TODAY,
        ),
    )
    board = flag_board(demo_db, TODAY)
    assert board.snoozed_count >= 1
    assert not any(
        f.kind is FlagKind.CHECK_IN_OVERDUE and f.pairing_id == flag.pairing_id
        for p in board.pairs
        for f in p.flags
    )
    with demo_db.reading() as session:
        row = session.query(FlagSnooze).one()
        assert (row.until, row.reason, row.snoozed_on) == (
            d("2026-12-10"),
            "Guardian in hospital",
            TODAY,
        )
    # The last day of the snooze still hides it; the day after, it is back.
    assert flag_board(demo_db, d("2026-12-10")).snoozed_count >= 1
    assert flag_board(demo_db, d("2026-12-11")).snoozed_count == 0
    # The pair's own flags say it is snoozed.
    own = pairing_flags(demo_db, flag.pairing_id, TODAY)
    assert any("snoozed until" in line for row in own.snoozed for line in row.lines())
    run(demo_db, done.inverse)
    assert flag_board(demo_db, TODAY) == before


@pytest.mark.parametrize(
    ("kind", "until", "reason", "message"),
    [
        (FlagKind.SAFETY_CONCERN, "2026-12-10", "dealt with", "safety concern cannot"),
        (FlagKind.CHECK_IN_OVERDUE, "2026-12-10", "   ", "Say why"),
        (FlagKind.CHECK_IN_OVERDUE, "2026-11-25", "away", "after today"),
        (FlagKind.CHECK_IN_OVERDUE, "2028-01-01", "away", "a year at most"),
    ],
)
def test_snooze_rules(
    demo_db: Database, kind: FlagKind, until: str, reason: str, message: str
) -> None:
    flag = first_flag(demo_db, FlagKind.CHECK_IN_OVERDUE)
    with pytest.raises(MentorDeskError, match=message):
        run(demo_db, SnoozeFlag(kind, flag.pairing_id, None, d(until), reason, TODAY))
    with demo_db.reading() as session:
        assert session.query(FlagSnooze).count() == 0


def test_a_snoozed_mentee_waiting_flag(demo_db: Database) -> None:
    flag = first_flag(demo_db, FlagKind.MENTEE_WAITING)
    run(
        demo_db,
        SnoozeFlag(FlagKind.MENTEE_WAITING, None, flag.record_id, d("2027-01-15"), "term", TODAY),
    )
    board = flag_board(demo_db, TODAY)
    assert [p.participant_id for p in board.snoozed] == [flag.record_id]


def test_flags_command_respects_snoozes(
    demo_db_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from mentordesk.cli import main

    with Database.open(demo_db_path) as db:
        flag = first_flag(db, FlagKind.CHECK_IN_OVERDUE)
        run(db, SnoozeFlag(flag.kind, flag.pairing_id, None, d("2026-12-10"), "away", TODAY))
    assert main(["--db", str(demo_db_path), "flags", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert not any(
        f["kind"] == "check_in_overdue" and f["pairing_id"] == flag.pairing_id for f in shown
    )
    assert main(["--db", str(demo_db_path), "flags", "--json", "--include-snoozed"]) == 0
    every = json.loads(capsys.readouterr().out)
    snoozed = [f for f in every if "snoozed_until" in f]
    assert snoozed and snoozed[0]["snoozed_until"] == "2026-12-10"
    assert len(every) == len(shown) + len(snoozed)
    assert main(["--db", str(demo_db_path), "flags"]) == 0
    out = capsys.readouterr().out
    assert "snoozed (--include-snoozed lists them)" in out.splitlines()[-1]


def test_the_pair_summary_shows_its_flags(demo_db: Database, qtbot: Any) -> None:
    from mentordesk.ui.pairings.pairings_page import PairingsPage
    from mentordesk.ui.window.context import AppContext

    flag = first_flag(demo_db, FlagKind.NO_RECENT_MEETING)
    page = PairingsPage(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    page.show_record(flag.pairing_id)
    label = page.detail.summary.flags_label
    assert label.isVisibleTo(page) and flag.message in label.text()
    assert dt.date


def test_the_home_screen_read_is_the_dashboard_and_the_checklist(demo_db: Database) -> None:
    """The start-up read shares the mentors' screening between the figures and the first
    steps, and the board keeps the flags' urgent-first order without sorting again."""
    from mentordesk.monitoring.figures import compute_dashboard, home_screen
    from mentordesk.programme.first_run import first_run_checklist

    flag = first_flag(demo_db, FlagKind.CHECK_IN_OVERDUE)
    run(
        demo_db,
        SnoozeFlag(FlagKind.CHECK_IN_OVERDUE, flag.pairing_id, None, d("2026-12-10"), "Away"),
    )
    dashboard, checklist = home_screen(demo_db, TODAY)
    assert dashboard == compute_dashboard(demo_db, TODAY)
    assert checklist == first_run_checklist(demo_db, TODAY)
    assert dashboard.mentors_ready > 0 and dashboard.board.snoozed
    for rows in (dashboard.board.pairs, dashboard.board.snoozed):
        assert [r.rank for r in rows] == list(range(len(rows)))
        assert [r.sort_key for r in rows] == sorted(r.sort_key for r in rows)
        for row in rows:
            assert [f.sort_key for f in row.flags] == sorted(f.sort_key for f in row.flags)
