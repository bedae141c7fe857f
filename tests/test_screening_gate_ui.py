"""The screening gate in the window: the new-pairing dialog (a backdated start, a minor
with no programme end date), accepting the matcher's proposals, activating a proposed
pairing and resuming a paused one, each in the real main window, each refused with the
reason and nothing written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from mentordesk.models import (
    Pairing,
    PairingStatus,
    Programme,
    ScreeningCheck,
    ScreeningKind,
)
from mentordesk.store import Database
from mentordesk.ui.matching.matching_page import MatchingPage
from mentordesk.ui.widgets.date_fields import to_qdate
from mentordesk.ui.window.context import PARTICIPANTS
from mentordesk.ui.window.main_window import MainWindow
from tests.conftest import FIXED_TODAY
from tests.pairing_ui import (
    MessageBoxes,
    open_window,
    pairing_of,
    patch_message_boxes,
    person_id,
    show_pairings,
)

LAST_WEEK = FIXED_TODAY - dt.timedelta(days=7)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def window(
    qtbot: QtBot, demo_db: Database, boxes: MessageBoxes, request: pytest.FixtureRequest
) -> Iterator[MainWindow]:
    main = open_window(qtbot, demo_db, request)
    yield main
    main.close()


def expire_check(db: Database, mentor_id: int, on: dt.date) -> None:
    with db.transaction() as session:
        session.execute(
            update(ScreeningCheck)
            .where(
                ScreeningCheck.participant_id == mentor_id,
                ScreeningCheck.kind == ScreeningKind.BACKGROUND_CHECK,
            )
            .values(expires_on=on)
        )


def all_pairings(db: Database) -> list[tuple[int, int, int, str]]:
    with db.reading() as session:
        rows = session.execute(
            select(Pairing.id, Pairing.mentor_id, Pairing.mentee_id, Pairing.status)
        )
        return sorted((i, m, e, str(s)) for i, m, e, s in rows)


def test_new_pairing_dialog_refuses_a_backdated_start_and_a_short_check_for_a_minor(
    window: MainWindow, demo_db: Database
) -> None:
    page = show_pairings(window)
    rachel, mia = person_id(demo_db, "Rachel"), person_id(demo_db, "Mia")
    with demo_db.transaction() as session:
        session.execute(update(Programme).values(end_date=None, commitment_months=12))
    expire_check(demo_db, rachel, LAST_WEEK)
    before = all_pairings(demo_db)
    page.new_pairing()
    dialog = page.create_dialog
    assert dialog is not None and dialog.mentee_picker is not None
    dialog.mentor_picker.only_available.setChecked(False)
    assert dialog.mentor_picker.select_id(rachel)
    assert dialog.mentee_picker.select_id(mia)
    # A start before the check ran out lends it nothing.
    dialog.start.setDate(to_qdate(dt.date(2026, 9, 1)))
    assert dialog.blocked() and not dialog.ok_button.isEnabled()
    assert f"background check expired on {LAST_WEEK:%d %b %Y}" in dialog.problem_label.text()

    # Valid for two more months: enough for an adult, not for a minor's year.
    expire_check(demo_db, rachel, FIXED_TODAY + dt.timedelta(days=60))
    dialog.start.setDate(to_qdate(FIXED_TODAY))
    dialog.refresh_problems()
    assert dialog.blocked() and not dialog.ok_button.isEnabled()
    assert "before 25 Nov 2027" in dialog.problem_label.text()
    dialog.buttons.accepted.emit()
    assert all_pairings(demo_db) == before


def test_accepting_proposals_refuses_a_mentor_whose_check_ran_out(
    window: MainWindow, demo_db: Database, boxes: MessageBoxes
) -> None:
    page = window.page_of(MatchingPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.run_matcher()
    first = page.proxy.visible_rows()[0]
    expire_check(demo_db, first.mentor_id, LAST_WEEK)
    window.context.notify(PARTICIPANTS)
    before = all_pairings(demo_db)
    assert not page.accept_all()
    assert "expired on" in boxes.warnings[-1] and "Nothing was accepted" in boxes.warnings[-1]
    assert all_pairings(demo_db) == before
    assert window.context.undo_stack.count() == 0


@pytest.mark.parametrize("mentee", ["Ella", "paused"])
def test_activating_and_resuming_refuse_a_mentor_whose_check_ran_out(
    window: MainWindow, demo_db: Database, boxes: MessageBoxes, mentee: str
) -> None:
    page = show_pairings(window)
    if mentee == "paused":
        with demo_db.reading() as session:
            pairing_id = session.scalar(
                select(Pairing.id).where(Pairing.status == PairingStatus.PAUSED).limit(1)
            )
        assert pairing_id is not None
    else:
        pairing_id = pairing_of(demo_db, mentee)  # proposed
    with demo_db.reading() as session:
        pairing = session.get(Pairing, pairing_id)
        assert pairing is not None
        mentor_id, status = pairing.mentor_id, pairing.status
    expire_check(demo_db, mentor_id, LAST_WEEK)
    before = all_pairings(demo_db)
    page.show_record(pairing_id)
    summary = page.detail.summary
    button = summary.resume_button if mentee == "paused" else summary.activate_button
    assert button.isEnabled()
    button.click()
    assert boxes.warnings and "expired on" in boxes.warnings[-1]
    assert boxes.warnings[-1].count(". ") == 0  # one sentence
    assert all_pairings(demo_db) == before
    with demo_db.reading() as session:
        assert session.get(Pairing, pairing_id).status is status  # type: ignore[union-attr]
