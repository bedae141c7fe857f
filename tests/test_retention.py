"""Retention: who is past their time, the routine clean-up, and the window's one-step
erasure of everyone due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from mentordesk import clock
from mentordesk.errors import ValidationError
from mentordesk.models import Concern, ImportBatch, Participant, Role
from mentordesk.privacy.retention import (
    RetentionSettings,
    due_for_erasure,
    load_retention,
    months_before,
    routine_clean_up,
    save_retention,
)
from mentordesk.roster.import_undo import UndoRefused, undo_import
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.privacy.due_dialog import DueForErasureDialog
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.roster_sheets import messy_roster

# The demo's two closed pairings ended a few days before the fixed date.
A_YEAR_AND_MORE = dt.date(2027, 12, 1)


def test_defaults_and_validation(demo_db: Database) -> None:
    assert load_retention(demo_db) == RetentionSettings(12, 7)
    with pytest.raises(ValidationError):
        save_retention(demo_db, RetentionSettings(0, 7))
    save_retention(demo_db, RetentionSettings(6, 10))
    assert load_retention(demo_db) == RetentionSettings(6, 10)


def test_months_before_keeps_the_day_or_the_month_end() -> None:
    assert months_before(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2027, 1, 15), 12) == dt.date(2026, 1, 15)


def test_only_people_whose_pairings_all_closed_long_enough_ago_are_due(
    demo_db: Database,
) -> None:
    assert due_for_erasure(demo_db) == []
    due = due_for_erasure(demo_db, A_YEAR_AND_MORE)
    assert due and all(d.since <= months_before(A_YEAR_AND_MORE, 12) for d in due)
    with demo_db.reading() as session:
        for person in due:
            who = session.get(Participant, person.id)
            assert who is not None
            live = [p for p in who.mentor_pairings + who.mentee_pairings if p.status != "closed"]
            assert not live
    save_retention(demo_db, RetentionSettings(24, 7))
    assert due_for_erasure(demo_db, A_YEAR_AND_MORE) == []


def test_import_snapshots_go_after_thirty_days(db: Database, tmp_path: Path) -> None:
    with db.reading() as session:
        source = read_source(messy_roster(tmp_path / "roster.xlsx"), session=session)
    result = import_roster(db, source, role=Role.MENTEE)
    assert routine_clean_up(db)["import snapshots"] == 0
    assert routine_clean_up(db, clock.today() + dt.timedelta(days=31))["import snapshots"] == 1
    with db.reading() as session:
        batch = session.get(ImportBatch, result.batch_id)
        assert batch is not None and batch.undo_data == {}
    with pytest.raises(UndoRefused):
        undo_import(db, result.batch_id)


def test_safeguarding_records_of_erased_pairs_go_after_their_period(db: Database) -> None:
    with db.transaction() as session:
        for resolved in (dt.date(2018, 1, 10), dt.date(2025, 1, 10)):
            session.add(
                Concern(
                    pairing_id=None,
                    pair_label="Erased person 1A2B3C & Erased person 4D5E6F",
                    raised_on=resolved - dt.timedelta(days=9),
                    raised_by="Alex Morgan",
                    description=f"resolved {resolved}",
                    resolved_on=resolved,
                    resolution="Handled.",
                    resolved_by="Alex Morgan",
                )
            )
    assert routine_clean_up(db)["safeguarding records"] == 1
    with db.reading() as session:
        assert [c.description for c in session.query(Concern)] == ["resolved 2025-01-10"]


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> Iterator[MainWindow]:
    main = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def test_due_for_erasure_in_the_window_erases_everyone_in_one_step(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock.set_today(A_YEAR_AND_MORE)
    dashboard = window.page_of(DashboardPage)
    assert isinstance(dashboard, DashboardPage)
    dashboard.reload()
    assert dashboard.retention_notice.isVisible()
    assert "past the programme's retention period" in dashboard.retention_notice.text()

    dialog = DueForErasureDialog(window.context, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    due = dialog.model.rows()
    assert due
    dialog.table.setFocus()
    dialog.table.selectRow(0)
    assert "Erasing" in dialog.preview.text() and "Kept" in dialog.preview.text()
    asked: list[str] = []

    def warn(*args: object, **_: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warn)
    dialog.erase_all()
    assert f"Erase {len(due)} people" in asked[0] and "pairings:" in asked[0]
    assert dialog.model.rows() == []
    with window.context.db.reading() as session:
        assert all(session.get(Participant, d.id) is None for d in due)
    dashboard.reload()
    assert not dashboard.retention_notice.isVisible()
