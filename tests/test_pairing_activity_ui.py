"""Meetings, check-ins and goals on the pairings screen, driven through the real widgets:
fast keyboard entry, inline refusals, edit dialogs, deletion, and undo / redo of each."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from mentordesk.models import CheckInWho, GoalStatus, MeetingMode
from mentordesk.pairings import activity
from mentordesk.pairings.concerns import get_concern, list_concerns
from mentordesk.store import Database
from mentordesk.ui.pairings.activity_forms import select_data
from mentordesk.ui.pairings.activity_tabs import ActivityTab
from mentordesk.ui.pairings.pairing_detail import CHECK_INS_TAB, GOALS_TAB, MEETINGS_TAB
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.widgets.date_fields import to_qdate
from mentordesk.ui.window.context import AppContext
from tests.pairing_ui import (
    MessageBoxes,
    open_page,
    open_window,
    pairing_of,
    patch_message_boxes,
    show_pairings,
)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def screen(
    qtbot: QtBot, demo_db: Database, boxes: MessageBoxes, request: pytest.FixtureRequest
) -> tuple[AppContext, PairingsPage]:
    context, page = open_page(qtbot, demo_db, request)
    page.show_record(pairing_of(demo_db, "Zoë"))
    return context, page


def select_record(tab: ActivityTab, record_id: int) -> None:
    position = tab.model.position_of(record_id)
    assert position is not None
    tab.table.selectRow(tab.proxy.mapFromSource(tab.model.index(position, 0)).row())


def _row(page: PairingsPage, pairing_id: int) -> object:
    position = page.model.position_of(pairing_id)
    assert position is not None
    return page.model.row_at(position)


def test_meeting_typed_at_the_keyboard(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    pairing_id = page.current_id()
    assert pairing_id is not None
    before_row = _row(page, pairing_id)
    resets: list[bool] = []
    page.model.modelReset.connect(lambda: resets.append(True))
    page.detail.show_tab(MEETINGS_TAB)
    tab = page.detail.meetings
    entry = tab.entry
    assert QApplication.focusWidget() is entry.held_on
    assert entry.held_on.date() == to_qdate(TODAY)
    count = tab.model.rowCount()

    entry.held_on.setDate(to_qdate(TODAY - dt.timedelta(days=1)))
    qtbot.keyClick(entry.held_on, Qt.Key.Key_Tab)
    entry.minutes.selectAll()
    qtbot.keyClicks(entry.minutes, "45")
    select_data(entry.mode, MeetingMode.VIDEO)
    qtbot.keyClicks(entry.notes, "Practised an interview")
    qtbot.keyClick(entry.notes, Qt.Key.Key_Return)

    assert tab.model.rowCount() == count + 1
    assert entry.notes.text() == "" and QApplication.focusWidget() is entry.held_on
    with demo_db.reading() as s:
        newest = activity.list_meetings(s, pairing_id)[0]
    assert (newest.held_on, newest.minutes, newest.mode, newest.notes) == (
        TODAY - dt.timedelta(days=1),
        45,
        MeetingMode.VIDEO,
        "Practised an interview",
    )
    # Only this pairing's row was refreshed: no reset of the whole table.
    after_row = _row(page, pairing_id)
    assert after_row.meetings_this_month == before_row.meetings_this_month + 1  # type: ignore[attr-defined]
    assert after_row.last_meeting == TODAY - dt.timedelta(days=1)  # type: ignore[attr-defined]
    assert resets == []
    assert context.undo_stack.undoText().startswith("Add meeting on 24 Nov 2026")
    assert page.detail.tabs.tabText(MEETINGS_TAB) == f"Meetings ({count + 1})"

    context.undo_stack.undo()
    assert tab.model.rowCount() == count
    assert _row(page, pairing_id) == before_row
    context.undo_stack.redo()
    with demo_db.reading() as s:
        assert activity.list_meetings(s, pairing_id)[0] == newest  # same id again
    assert tab.model.rowCount() == count + 1


def test_meeting_before_the_start_is_refused_inline(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage], boxes: MessageBoxes
) -> None:
    context, page = screen
    page.detail.show_tab(MEETINGS_TAB)
    tab = page.detail.meetings
    start = page.detail.detail.start_date  # type: ignore[union-attr]
    tab.entry.held_on.setDate(to_qdate(start - dt.timedelta(days=1)))
    count = tab.model.rowCount()
    qtbot.keyClick(tab.entry.notes, Qt.Key.Key_Return)
    assert tab.model.rowCount() == count
    assert tab.error.isVisibleTo(tab) and "before this pairing started" in tab.error.text()
    assert context.undo_stack.count() == 0 and boxes.warnings == []
    # The next good entry clears the message.
    tab.entry.held_on.setDate(to_qdate(TODAY))
    tab.add_button.click()
    assert tab.model.rowCount() == count + 1 and not tab.error.isVisibleTo(tab)


def test_meeting_edited_in_its_dialog_and_undone(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    page.detail.show_tab(MEETINGS_TAB)
    tab = page.detail.meetings
    tab.table.setFocus()
    tab.table.selectRow(0)
    original = tab.table.current_row()
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)
    dialog = tab.edit_dialog
    assert dialog is not None and dialog.isVisible()
    form = dialog.form
    assert form.minutes.value() == original.minutes
    form.minutes.setValue(120)
    form.notes.setText("Long visit to the museum")
    dialog.buttons.accepted.emit()
    assert tab.edit_dialog is None
    with demo_db.reading() as s:
        changed = next(
            r for r in activity.list_meetings(s, original.pairing_id) if r.id == original.id
        )
    assert (changed.minutes, changed.notes) == (120, "Long visit to the museum")
    assert context.undo_stack.undoText().startswith("Edit meeting")

    context.undo_stack.undo()
    with demo_db.reading() as s:
        back = next(
            r for r in activity.list_meetings(s, original.pairing_id) if r.id == original.id
        )
    assert back == original
    context.undo_stack.redo()
    with demo_db.reading() as s:
        again = next(
            r for r in activity.list_meetings(s, original.pairing_id) if r.id == original.id
        )
    assert again == changed


def test_edit_dialog_keeps_a_refused_change_open(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage]
) -> None:
    context, page = screen
    page.detail.show_tab(MEETINGS_TAB)
    tab = page.detail.meetings
    tab.table.selectRow(0)
    tab.edit_current()
    dialog = tab.edit_dialog
    assert dialog is not None
    dialog.form.held_on.setMinimumDate(to_qdate(dt.date(2000, 1, 1)))
    dialog.form.held_on.setDate(to_qdate(dt.date(2001, 1, 1)))
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and "before this pairing started" in dialog.error.text()
    assert context.undo_stack.count() == 0
    dialog.reject()


def test_meetings_deleted_with_the_delete_key_and_undone(
    qtbot: QtBot, demo_db: Database, boxes: MessageBoxes, request: pytest.FixtureRequest
) -> None:
    # Delete is the window's Edit → Delete, passed to the list that has the focus.
    window = open_window(qtbot, demo_db, request)
    context, page = window.context, show_pairings(window)
    page.show_record(pairing_of(demo_db, "Zoë"))
    pairing_id = page.current_id()
    page.detail.show_tab(MEETINGS_TAB)
    tab = page.detail.meetings
    with demo_db.reading() as s:
        before = activity.list_meetings(s, pairing_id)
    tab.table.setFocus()
    tab.table.selectRow(0)
    tab.table.selectionModel().select(
        tab.proxy.index(1, 0),
        tab.table.selectionModel().SelectionFlag.Select
        | tab.table.selectionModel().SelectionFlag.Rows,
    )
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert tab.model.rowCount() == len(before) - 2
    assert context.undo_stack.undoText().startswith("Delete 2 meetings")
    context.undo_stack.undo()
    with demo_db.reading() as s:
        assert activity.list_meetings(s, pairing_id) == before
    context.undo_stack.redo()
    assert tab.model.rowCount() == len(before) - 2


def test_check_in_with_a_concern(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    pairing_id = page.current_id()
    page.detail.show_tab(CHECK_INS_TAB)
    tab = page.detail.check_ins
    entry = tab.entry
    assert QApplication.focusWidget() is entry.held_on
    count = tab.model.rowCount()
    select_data(entry.who, CheckInWho.GUARDIAN)
    qtbot.keyClicks(entry.satisfaction, "2")
    assert entry.satisfaction.value() == 2
    entry.concern.setChecked(True)
    qtbot.keyClicks(entry.notes, "Worried about exams")
    qtbot.keyClick(entry.notes, Qt.Key.Key_Enter)
    assert tab.model.rowCount() == count + 1
    with demo_db.reading() as s:
        newest = activity.list_check_ins(s, pairing_id)[0]
    assert (newest.who, newest.satisfaction, newest.open_concern) == (CheckInWho.GUARDIAN, 2, True)
    assert not entry.concern.isChecked() and entry.satisfaction.value() is None
    assert "open concern" in page.detail.summary.progress_label.text()

    # The concern is in the register, shown first on the summary; unticking is impossible.
    summary = page.detail.summary
    assert summary.concerns_box.title() == "Safety concerns (2 open)"  # the demo's and this
    shown = [summary.concern_list.item(i).text() for i in range(summary.concern_list.count())]
    assert any("Worried about exams" in line and line.startswith("Open") for line in shown)
    select_record(tab, newest.id)
    tab.edit_current()
    dialog = tab.edit_dialog
    assert dialog is not None
    assert dialog.form.concern.isChecked() and not dialog.form.concern.isEnabled()
    dialog.reject()
    with demo_db.reading() as s:
        (concern,) = [c for c in list_concerns(s) if c.check_in_id == newest.id]
    assert concern.description == "Worried about exams" and concern.raised_by == "Guardian"

    # Undo of the check-in deletes the check-in only: the concern stays, open.
    context.undo_stack.undo()
    with demo_db.reading() as s:
        assert len(activity.list_check_ins(s, pairing_id)) == count
        kept = get_concern(s, concern.id)
    assert kept.is_open and kept.check_in_id is None


def test_goal_entry_edit_and_delete(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    pairing_id = page.current_id()
    page.detail.show_tab(GOALS_TAB)
    tab = page.detail.goals
    entry = tab.entry
    assert QApplication.focusWidget() is entry.title
    count = tab.model.rowCount()

    qtbot.keyClick(entry.title, Qt.Key.Key_Return)  # no title yet
    assert "needs a title" in tab.error.text() and tab.model.rowCount() == count

    qtbot.keyClicks(entry.title, "Join the school choir")
    entry.target.set_value(dt.date(2027, 3, 1))
    entry.progress.setValue(20)
    qtbot.keyClick(entry.title, Qt.Key.Key_Return)
    assert tab.model.rowCount() == count + 1 and entry.title.text() == ""
    with demo_db.reading() as s:
        goal = next(
            g for g in activity.list_goals(s, pairing_id) if g.title == "Join the school choir"
        )
    assert (goal.target_date, goal.progress, goal.status) == (
        dt.date(2027, 3, 1),
        20,
        GoalStatus.NOT_STARTED,
    )

    select_record(tab, goal.id)
    tab.edit_current()
    dialog = tab.edit_dialog
    assert dialog is not None
    select_data(dialog.form.status, GoalStatus.ACHIEVED)
    assert dialog.form.progress.value() == 100
    dialog.buttons.accepted.emit()
    with demo_db.reading() as s:
        achieved = next(g for g in activity.list_goals(s, pairing_id) if g.id == goal.id)
    assert achieved.status is GoalStatus.ACHIEVED and achieved.completed_on == TODAY

    select_record(tab, goal.id)
    tab.delete_button.click()
    assert tab.model.position_of(goal.id) is None
    texts = [context.undo_stack.text(i) for i in range(context.undo_stack.count())]
    assert [t.split(" “")[0] for t in texts] == ["Add goal", "Edit goal", "Delete goal"]
    for _ in range(3):
        context.undo_stack.undo()
    assert tab.model.rowCount() == count
    for _ in range(3):
        context.undo_stack.redo()
    assert tab.model.position_of(goal.id) is None
    context.undo_stack.undo()
    with demo_db.reading() as s:
        assert next(g for g in activity.list_goals(s, pairing_id) if g.id == goal.id) == achieved


def test_check_in_deleted_and_put_back(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    pairing_id = page.current_id()
    page.detail.show_tab(CHECK_INS_TAB)
    tab = page.detail.check_ins
    with demo_db.reading() as s:
        before = activity.list_check_ins(s, pairing_id)
    tab.table.selectRow(0)
    tab.delete_selected()
    assert tab.model.rowCount() == len(before) - 1
    assert page.detail.tabs.tabText(CHECK_INS_TAB) == f"Check-ins ({len(before) - 1})"
    context.undo_stack.undo()
    with demo_db.reading() as s:
        assert activity.list_check_ins(s, pairing_id) == before
