"""The Matching screen, driven as a coordinator would, on the demo programme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from mentordesk import clock
from mentordesk.matching.matcher import run_match
from mentordesk.matching.matching_settings import Objective, load_match_settings
from mentordesk.models import PairExclusion, Pairing, PairingStatus, Participant
from mentordesk.progress import Cancelled, Progress
from mentordesk.store import Database
from mentordesk.ui.matching.matching_dialogs import (
    MatchSettingsDialog,
    MentorChoiceDialog,
    RejectDialog,
)
from mentordesk.ui.matching.matching_page import MatchingPage
from mentordesk.ui.window.context import PARTICIPANTS, AppContext
from mentordesk.ui.window.main_window import MainWindow


@pytest.fixture
def warnings_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text)
    )
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    return shown


@pytest.fixture
def page(qtbot: QtBot, demo_db: Database) -> Iterator[MatchingPage]:
    context = AppContext(demo_db, synchronous_tasks=True)
    widget = MatchingPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.refresh()
    yield widget


def pairings(db: Database, status: PairingStatus) -> set[tuple[int, int]]:
    with db.reading() as session:
        rows = session.execute(
            select(Pairing.mentor_id, Pairing.mentee_id).where(Pairing.status == status)
        )
        return {(m, e) for m, e in rows}


def test_run_shows_pairs_with_reasons_and_the_mentees_left_over(
    qtbot: QtBot,
    qtmodeltester,
    page: MatchingPage,  # type: ignore[no-untyped-def]
) -> None:
    assert "Run the matcher" in page.summary.text()
    assert not page.accept_all_button.isEnabled()
    assert not page.accept_selected_button.isEnabled()
    qtbot.mouseClick(page.run_button, Qt.MouseButton.LeftButton)
    rows = page.model.rows()
    assert len(rows) == 5 and all(p.reasons for p in rows)
    assert page.unmatched_model.rowCount() == 22
    assert "5 pairs proposed" in page.summary.text()
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.unmatched_model)
    qtmodeltester.check(page.proxy)
    # Best first; the detail pane explains the selected pair.
    shown = page.proxy.visible_rows()
    assert [p.score for p in shown] == sorted((p.score for p in shown), reverse=True)
    page.table.selectRow(0)
    assert shown[0].reasons[0] in page.detail.toPlainText()
    # Selecting a pair enables Accept selected; Accept all still means all.
    assert page.accept_selected_button.text() == "Accept &selected (1)"
    assert page.accept_all_button.text() == "&Accept all (5)"
    # Search and filter.
    page.search.setText(shown[0].mentor_name)
    assert page.proxy.rowCount() == 1
    page.search.clear()
    page.table.clearSelection()
    page.show_filter.setCurrentText("With something to check")
    with_warnings = page.proxy.visible_rows()
    assert 0 < len(with_warnings) < 5 and all(p.warnings for p in with_warnings)
    # A filter hides pairs from view, not from Accept all (its tooltip says so).
    assert page.accept_all_button.text() == "&Accept all (5)"
    hidden = 5 - len(with_warnings)
    assert f"the {hidden} pair" in page.accept_all_button.toolTip()
    assert not page.accept_selected_button.isEnabled()
    page.show_filter.setCurrentText("All pairs")
    assert page.accept_all_button.text() == "&Accept all (5)"
    assert "hides" not in page.accept_all_button.toolTip()


def test_locked_pairs_stay_and_rejected_ones_go_when_run_again(
    qtbot: QtBot, page: MatchingPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.run_matcher()
    first, second = page.proxy.visible_rows()[:2]
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert page.model.row_at(page.model.position_of(first.mentee_id)).locked
    assert page.lock_button.text() == "Un&lock"

    monkeypatch.setattr(page, "_ask_reject", lambda proposals: (False, ""))
    page.table.clearSelection()
    page.table.selectRow(1)
    page.reject_selected()
    assert page.model.position_of(second.mentee_id) is None
    left = page.unmatched_model.row_at(page.unmatched_model.position_of(second.mentee_id))
    assert "rejected" in left.reason

    page.run_matcher()
    pairs = {(p.mentor_id, p.mentee_id): p for p in page.model.rows()}
    assert pairs[first.mentor_id, first.mentee_id].locked
    assert (second.mentor_id, second.mentee_id) not in pairs
    assert "1 locked" in page.summary.text()


def test_reject_for_good_is_saved_and_undoable(
    page: MatchingPage, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.run_matcher()
    target = page.proxy.visible_rows()[0]
    page.table.selectRow(0)
    monkeypatch.setattr(page, "_ask_reject", lambda proposals: (True, "Neighbours"))
    page.reject_selected()
    with demo_db.reading() as session:
        reasons = session.scalars(
            select(PairExclusion.reason).where(
                PairExclusion.mentor_id == target.mentor_id,
                PairExclusion.mentee_id == target.mentee_id,
            )
        ).all()
    assert reasons == ["Neighbours"]
    assert not page.notice.isVisible()  # our own change does not make the run stale
    page.context.undo_stack.undo()
    with demo_db.reading() as session:
        assert (
            session.scalar(
                select(PairExclusion.id).where(PairExclusion.mentor_id == target.mentor_id)
            )
            is None
        )


def test_choose_a_mentor_by_hand(
    qtbot: QtBot, page: MatchingPage, monkeypatch: pytest.MonkeyPatch, warnings_shown: list[str]
) -> None:
    page.run_matcher()
    # A mentee left over gets a mentor by hand: take one from a proposed pair.
    proposal = page.proxy.visible_rows()[0]
    # One the mentor's only obstacle for is the place the proposal took (not a rule such as
    # a gender wish).
    waiting, taken = next(
        (row, option)
        for row in page.unmatched_model.rows()
        for option in page._options_for(row.mentee_id)
        if option.mentor_id == proposal.mentor_id and option.blocking == ("no place left",)
    )
    assert not taken.allowed
    assert not page.set_mentor(waiting.mentee_id, proposal.mentor_id)
    assert "no place left" in warnings_shown[-1]

    # Move the proposal's mentor to the waiting mentee by hand.
    page.table.selectRow(0)
    monkeypatch.setattr(page, "_ask_reject", lambda proposals: (False, ""))
    page.delete_selected()  # Edit → Delete (the Delete key): reject for this run
    monkeypatch.setattr(page, "_ask_mentor", lambda name, options, current: proposal.mentor_id)
    page.unmatched_table.selectRow(
        page.unmatched_proxy.mapFromSource(
            page.unmatched_model.index(page.unmatched_model.position_of(waiting.mentee_id), 0)
        ).row()
    )
    page.choose_mentor()
    chosen = page.model.row_at(page.model.position_of(waiting.mentee_id))
    assert (chosen.mentor_id, chosen.locked) == (proposal.mentor_id, True)
    assert page.unmatched_model.position_of(waiting.mentee_id) is None


def test_mentor_choice_dialog_allows_only_allowed_mentors(
    qtbot: QtBot,
    qtmodeltester,
    page: MatchingPage,  # type: ignore[no-untyped-def]
) -> None:
    page.run_matcher()
    proposal = page.model.rows()[0]
    options = page._options_for(proposal.mentee_id)
    dialog = MentorChoiceDialog(proposal.mentee_name, options, proposal.mentor_id, page)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.chosen().mentor_id == proposal.mentor_id and ok.isEnabled()
    assert proposal.reasons[0] in dialog.detail.toPlainText()
    shown = dialog.proxy.visible_rows()
    assert [o.allowed for o in shown] == sorted((o.allowed for o in shown), reverse=True)
    blocked = next(o for o in options if not o.allowed)
    dialog.select_mentor(blocked.mentor_id)
    assert not ok.isEnabled()
    assert blocked.blocking[0] in dialog.detail.toPlainText()


def test_accept_is_one_undoable_step(page: MatchingPage, demo_db: Database) -> None:
    before = pairings(demo_db, PairingStatus.PROPOSED)
    page.run_matcher()
    proposed = {(p.mentor_id, p.mentee_id) for p in page.model.rows()}
    assert page.accept_all()
    assert pairings(demo_db, PairingStatus.PROPOSED) == before | proposed
    assert page.model.rowCount() == 0
    assert page.context.undo_stack.undoText().startswith("Accept 5 pairs")
    page.context.undo_stack.undo()
    assert pairings(demo_db, PairingStatus.PROPOSED) == before
    page.context.undo_stack.redo()
    assert pairings(demo_db, PairingStatus.PROPOSED) == before | proposed


def test_accept_selected_as_active(page: MatchingPage, demo_db: Database) -> None:
    page.run_matcher()
    # An adult's pair: a minor's needs a parent's permission first (test_guardian_permission).
    with demo_db.reading() as session:
        adults = {
            p.id
            for p in session.scalars(select(Participant))
            if p.date_of_birth is not None and not p.is_minor_on(clock.today())
        }
    rows = page.proxy.visible_rows()
    page.table.selectRow(next(i for i, p in enumerate(rows) if p.mentee_id in adults))
    chosen = page.table.selected_rows()[0]
    page.accept_status.setCurrentIndex(1)
    assert page.accept_selected()
    assert (chosen.mentor_id, chosen.mentee_id) in pairings(demo_db, PairingStatus.ACTIVE)
    assert page.model.rowCount() == 4


def test_accept_refused_when_the_world_changed(
    page: MatchingPage, demo_db: Database, warnings_shown: list[str]
) -> None:
    page.run_matcher()
    first = page.proxy.visible_rows()[0]
    with demo_db.transaction() as session:
        session.add(PairExclusion(mentor_id=first.mentor_id, mentee_id=first.mentee_id))
    page.context.notify(PARTICIPANTS)
    assert page.notice.isVisible() and "changed since this run" in page.notice.text()
    before = pairings(demo_db, PairingStatus.PROPOSED)
    assert not page.accept_all()
    assert "never be paired" in warnings_shown[-1] and "Nothing was accepted" in warnings_shown[-1]
    assert pairings(demo_db, PairingStatus.PROPOSED) == before
    assert page.context.undo_stack.count() == 0


def test_weights_and_aim_are_saved_with_the_programme(
    qtbot: QtBot, page: MatchingPage, demo_db: Database
) -> None:
    dialog = MatchSettingsDialog(page.settings, page)
    qtbot.addWidget(dialog)
    dialog.weights["interests"].setValue(7.5)
    dialog.min_age_gap.setValue(5)
    assert page.save_settings(dialog.settings())
    with demo_db.reading() as session:
        saved = load_match_settings(session)
    assert (saved.weight("interests"), saved.min_age_gap) == (7.5, 5)
    dialog.restore_defaults()
    assert dialog.settings().weight("interests") == 2.0

    page.objective.select_value(Objective.COVERAGE.value)
    with demo_db.reading() as session:
        assert load_match_settings(session).objective is Objective.COVERAGE
    page.context.undo_stack.undo()
    page.context.undo_stack.undo()
    with demo_db.reading() as session:
        assert load_match_settings(session).weight("interests") == 2.0
    assert page.objective.value() == Objective.SCORE.value
    page.run_matcher()
    assert page.result is not None and page.result.objective is Objective.SCORE


def test_reject_dialog_choice(qtbot: QtBot) -> None:
    dialog = RejectDialog("Ann with Bob")
    qtbot.addWidget(dialog)
    assert dialog.choice() == (False, "") and not dialog.reason.isEnabled()
    dialog.for_good.setChecked(True)
    dialog.reason.setText(" Cousins ")
    assert dialog.choice() == (True, "Cousins")


def test_runs_in_the_background(qtbot: QtBot, demo_db: Database) -> None:
    context = AppContext(demo_db)
    widget = MatchingPage(context)
    qtbot.addWidget(widget)
    widget.run_matcher()
    assert not widget.run_button.isEnabled()
    qtbot.waitUntil(lambda: widget.result is not None, timeout=10000)
    assert widget.run_button.isEnabled() and widget.model.rowCount() == 5
    context.tasks.wait()


def test_a_cancelled_run_stops(demo_db: Database) -> None:
    progress = Progress()
    progress.cancel()
    with demo_db.reading() as session, pytest.raises(Cancelled):
        run_match(session, on_date=clock.today(), progress=progress)


def test_the_window_has_the_matching_screen(qtbot: QtBot, demo_db: Database) -> None:
    window = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(window)
    assert isinstance(window.page_of(MatchingPage), MatchingPage)
    assert "Matching" in [a.text() for a in window.go_menu.actions()]
