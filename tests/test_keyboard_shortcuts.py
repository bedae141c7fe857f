"""Keys in the main window: on every screen, no key is bound twice where the focus can be
(Qt would then run neither binding), and pressing the keys does what Help → Keyboard
shortcuts says, on each screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QFileDialog,
    QGroupBox,
    QLabel,
    QMenu,
    QMenuBar,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from mentordesk.models import Pairing, Participant, Role
from mentordesk.pairings import activity
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.matching.matching_page import MatchingPage
from mentordesk.ui.pairings.pairing_detail import GOALS_TAB, MEETINGS_TAB
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window.main_window import MainWindow
from mentordesk.ui.window.page import Page
from tests.pairing_ui import open_window, pairing_of
from tests.ui_helpers import Boxes, patch_message_boxes

P = TypeVar("P", bound=Page)
CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def window(
    qtbot: QtBot, demo_db: Database, boxes: Boxes, request: pytest.FixtureRequest
) -> MainWindow:
    main = open_window(qtbot, demo_db, request)
    main.resize(1300, 800)
    return main


def show(window: MainWindow, page_class: type[P]) -> P:
    page = window.page_of(page_class)
    assert isinstance(page, page_class)
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def press(qtbot: QtBot, widget: QWidget, key: Qt.Key, modifiers=Qt.KeyboardModifier.NoModifier):  # type: ignore[no-untyped-def]
    """Type a key with the focus in `widget`, as a coordinator would."""
    widget.setFocus()
    qtbot.keyClick(widget, key, modifiers)


def count(db: Database, table: type) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


# --- what Qt would consider for one key press -----------------------------------------
@dataclass(frozen=True)
class Binding:
    key: str
    owner: str


def _text(sequence: QKeySequence) -> str:
    return sequence.toString(QKeySequence.SequenceFormat.PortableText)


def _widget_context_holds(context: Qt.ShortcutContext, owner: QWidget, focus: QWidget) -> bool:
    """Qt's rule for a binding owned by a widget (the widget is shown; then by context)."""
    if not owner.isVisible():
        return False
    if context == Qt.ShortcutContext.ApplicationShortcut:
        return True
    if owner.window() is not focus.window():
        return False
    if context == Qt.ShortcutContext.WidgetShortcut:
        return owner is focus
    if context == Qt.ShortcutContext.WidgetWithChildrenShortcut:
        return owner is focus or owner.isAncestorOf(focus)
    return True  # WindowShortcut


def _action_holds(action: QAction, focus: QWidget) -> bool:
    """An action is active through a widget it was added to: a menu of the window's menu
    bar, an open pop-up menu, or a widget (by the action's context)."""
    for owner in action.associatedObjects():
        if isinstance(owner, QMenuBar):
            if owner.isVisible() and owner.window() is focus.window():
                return True
        elif isinstance(owner, QMenu):
            if owner.isVisible() or _action_holds(owner.menuAction(), focus):
                return True
        elif isinstance(owner, QWidget) and _widget_context_holds(
            action.shortcutContext(), owner, focus
        ):
            return True
    return False


def _mnemonics(window: MainWindow) -> Iterator[tuple[QWidget, str, str]]:
    """(owner, Alt+letter, text) of every underlined letter Qt binds in the window."""
    for widget in window.findChildren(QWidget):
        texts: list[str] = []
        if isinstance(widget, QAbstractButton) or (
            isinstance(widget, QLabel) and widget.buddy() is not None
        ):
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QMenuBar):
            texts = [a.text() for a in widget.actions()]
        for text in texts:
            key = QKeySequence.mnemonic(text)
            if not key.isEmpty():
                yield widget, _text(key), text


def active_bindings(window: MainWindow, focus: QWidget) -> list[Binding]:
    """Every binding Qt would weigh for a key pressed with `focus` focused. Enabled or
    not: a command disabled now is enabled later, and its key must still be its own."""
    found: list[Binding] = []
    for action in window.findChildren(QAction):
        if _action_holds(action, focus):
            name = action.text().replace("&", "")
            found += [Binding(_text(k), f"action {name!r}") for k in action.shortcuts()]
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        assert isinstance(owner, QWidget)
        if _widget_context_holds(shortcut.context(), owner, focus):
            name = shortcut.whatsThis() or type(owner).__name__
            found += [Binding(_text(k), f"shortcut {name!r}") for k in shortcut.keys()]  # noqa: SIM118
    for owner, key, text in _mnemonics(window):
        if _widget_context_holds(Qt.ShortcutContext.WindowShortcut, owner, focus):
            found.append(Binding(key, f"underlined letter of {text!r}"))
    return [b for b in found if b.key]


def focus_places(window: MainWindow, page: Page) -> list[QWidget]:
    inside = [w for w in page.findChildren(QWidget) if w.isVisible()]
    return [window.nav] + [w for w in inside if w.focusPolicy() != Qt.FocusPolicy.NoFocus]


def screen_states(page: Page) -> Iterator[str]:
    """The page as shown, then with each tab of its tab widgets in front in turn."""
    yield "as shown"
    for tabs in page.findChildren(QTabWidget):
        if tabs.isVisible():
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)
                yield f"tab {tabs.tabText(index)!r}"


def prepare(page: Page, db: Database) -> None:
    """Show a record, so the detail panels (and their shortcuts) are on screen."""
    if isinstance(page, ParticipantsPage):
        with db.reading() as session:
            mentor = session.scalar(select(Participant.id).where(Participant.role == Role.MENTOR))
        assert mentor is not None and page.table.select_key(mentor)  # with a screening tab
    elif isinstance(page, PairingsPage):
        page.show_record(pairing_of(db, "Zoë"))
    elif isinstance(page, MatchingPage):
        page.run_matcher()


def test_no_key_is_bound_twice_on_any_screen(window: MainWindow, demo_db: Database) -> None:
    problems: list[str] = []
    keys_seen: dict[str, set[str]] = {}
    for page in window.pages:
        show(window, type(page))
        prepare(page, demo_db)
        seen = keys_seen.setdefault(page.title, set())
        for state in screen_states(page):
            for focus in focus_places(window, page):
                bindings = active_bindings(window, focus)
                seen |= {b.key for b in bindings}
                twice = [k for k, n in Counter(b.key for b in bindings).items() if n > 1]
                for key in twice:
                    owners = sorted({b.owner for b in bindings if b.key == key})
                    where = f"{page.title} ({state}), focus in {type(focus).__name__}"
                    problems.append(f"{where}: {key} bound to {owners}")
    assert not problems, "\n".join(sorted(set(problems)))
    # The check saw real bindings: the window's keys everywhere, each screen's own.
    for title in keys_seen:
        assert {"Ctrl+Shift+N", "Del", "Ctrl+F", "Ctrl+E", "Ctrl+Z", "Alt+E"} <= keys_seen[title]
    assert {"Alt+3", "F2", "Return"} <= keys_seen["Pairings"]
    assert {"F5", "Ctrl+L", "Ctrl+Return"} <= keys_seen["Matching"]
    assert "Ctrl+S" in keys_seen["Participants"] and "Ctrl+P" in keys_seen["Documents"]


def test_the_edit_menu_names_what_new_and_delete_do_here(window: MainWindow) -> None:
    expected = {
        DashboardPage: ("&New", False, False, True),
        ParticipantsPage: ("New &participant", True, True, True),
        PairingsPage: ("New &pairing…", True, True, True),
        MatchingPage: ("&Choose mentor by hand…", True, True, True),
        DocumentsPage: ("&New", False, False, False),
    }
    for page_class, (new_text, can_new, can_delete, can_find) in expected.items():
        show(window, page_class)
        assert window.new_record_action.text() == new_text
        assert window.new_record_action.isEnabled() is can_new
        assert window.delete_action.isEnabled() is can_delete
        assert window.find_action.isEnabled() is can_find


@pytest.mark.parametrize("page_class", [ParticipantsPage, PairingsPage, MatchingPage])
def test_ctrl_f_goes_to_the_search_box(
    qtbot: QtBot, window: MainWindow, page_class: type[Page]
) -> None:
    page = show(window, page_class)
    press(qtbot, page.table, Qt.Key.Key_F, CTRL)  # type: ignore[attr-defined]
    assert QApplication.focusWidget() is page.search  # type: ignore[attr-defined]


# --- participants ------------------------------------------------------------------------
def test_participants_keys(
    qtbot: QtBot, window: MainWindow, demo_db: Database, boxes: Boxes
) -> None:
    page = show(window, ParticipantsPage)
    people = count(demo_db, Participant)
    assert page.table.select_key(30)
    boxes.answer("Delete")
    press(qtbot, page.table, Qt.Key.Key_Delete)
    assert count(demo_db, Participant) == people - 1
    press(qtbot, page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert page.editor.is_new


# --- pairings ----------------------------------------------------------------------------
def test_pairings_new_and_delete_keys(
    qtbot: QtBot, window: MainWindow, demo_db: Database, boxes: Boxes
) -> None:
    page = show(window, PairingsPage)
    press(qtbot, page.table, Qt.Key.Key_N, CTRL_SHIFT)
    assert page.create_dialog is not None and page.create_dialog.isVisible()
    page.create_dialog.reject()

    zoe = pairing_of(demo_db, "Siobhán")
    page.show_record(zoe)
    press(qtbot, page.table, Qt.Key.Key_Delete)  # asks; No is the default answer
    assert "Delete this pairing?" in boxes.texts()
    assert page.model.position_of(zoe) is not None

    # In the goals list, Delete deletes the goals selected there, not the pairing.
    page.detail.show_tab(GOALS_TAB)
    goals = page.detail.goals
    with demo_db.reading() as session:
        before = activity.list_goals(session, zoe)
    goals.table.selectRow(0)
    shown_before = len(boxes.shown)
    press(qtbot, goals.table, Qt.Key.Key_Delete)
    with demo_db.reading() as session:
        assert len(activity.list_goals(session, zoe)) == len(before) - 1
    assert len(boxes.shown) == shown_before and page.model.position_of(zoe) is not None
    assert window.context.undo_stack.undoText().startswith("Delete goal")

    boxes.answer(QMessageBox.StandardButton.Yes)
    press(qtbot, page.table, Qt.Key.Key_Delete)
    assert page.model.position_of(zoe) is None
    window.context.undo_stack.undo()
    assert page.model.position_of(zoe) is not None


def test_pairings_tab_and_edit_keys(qtbot: QtBot, window: MainWindow, demo_db: Database) -> None:
    page = show(window, PairingsPage)
    page.show_record(pairing_of(demo_db, "Zoë"))
    press(qtbot, page.table, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert page.detail.tabs.currentIndex() == MEETINGS_TAB
    assert QApplication.focusWidget() is page.detail.meetings.entry.held_on
    meetings = page.detail.meetings
    meetings.table.selectRow(0)
    press(qtbot, meetings.table, Qt.Key.Key_F2)
    assert meetings.edit_dialog is not None and meetings.edit_dialog.isVisible()
    meetings.edit_dialog.reject()


# --- matching ----------------------------------------------------------------------------
def test_matching_keys(
    qtbot: QtBot,
    window: MainWindow,
    demo_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    page = show(window, MatchingPage)
    press(qtbot, window.nav, Qt.Key.Key_F5)  # works wherever the focus is on the screen
    assert page.model.rowCount() == 5

    page.table.selectRow(1)
    locked = page.table.selected_rows()[0]
    press(qtbot, page.table, Qt.Key.Key_L, CTRL)
    assert page.model.row_at(page.model.position_of(locked.mentee_id)).locked

    # Delete rejects the selected pair (Edit → Delete… on this screen).
    monkeypatch.setattr(page, "_ask_reject", lambda proposals: (False, ""))
    page.table.clearSelection()
    page.table.selectRow(0)
    rejected = page.table.selected_rows()[0]
    press(qtbot, page.table, Qt.Key.Key_Delete)
    assert page.model.position_of(rejected.mentee_id) is None
    assert page.unmatched_model.position_of(rejected.mentee_id) is not None

    # Ctrl+Shift+N chooses a mentor by hand for the selected mentee: the one just freed
    # (for a mentee the programme's rules, such as a gender wish, let that mentor take).
    waiting = next(
        row
        for row in page.unmatched_model.rows()
        if row.mentee_id != rejected.mentee_id
        and any(
            o.mentor_id == rejected.mentor_id and o.allowed
            for o in page._options_for(row.mentee_id)
        )
    )
    asked: list[str] = []

    def freed_mentor(name, options, current):  # type: ignore[no-untyped-def]
        asked.append(name)
        return rejected.mentor_id

    monkeypatch.setattr(page, "_ask_mentor", freed_mentor)
    page.table.clearSelection()
    row = page.unmatched_model.position_of(waiting.mentee_id)
    page.unmatched_table.selectRow(
        page.unmatched_proxy.mapFromSource(page.unmatched_model.index(row, 0)).row()
    )
    press(qtbot, page.unmatched_table, Qt.Key.Key_N, CTRL_SHIFT)
    assert asked == [waiting.mentee_name]
    chosen = page.model.row_at(page.model.position_of(waiting.mentee_id))
    assert (chosen.mentor_id, chosen.locked) == (rejected.mentor_id, True)

    # Ctrl+E is the window's export, not "choose mentor" any more.
    target = tmp_path / "proposals.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbooks (*.xlsx)")
    )
    page.table.selectRow(0)
    press(qtbot, page.table, Qt.Key.Key_E, CTRL)
    assert asked == [waiting.mentee_name]  # no mentor chosen this time
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
    assert len(rows) == 1 + page.proxy.rowCount()

    # Ctrl+Return accepts the selected pairs, and only them: with none selected, nothing.
    page.table.clearSelection()
    pairings = count(demo_db, Pairing)
    press(qtbot, page.table, Qt.Key.Key_Return, CTRL)
    assert count(demo_db, Pairing) == pairings
    page.table.selectRow(0)
    press(qtbot, page.table, Qt.Key.Key_Return, CTRL)
    assert count(demo_db, Pairing) == pairings + 1
    shown = page.proxy.rowCount()
    press(qtbot, page.table, Qt.Key.Key_A, CTRL)
    press(qtbot, page.table, Qt.Key.Key_Return, CTRL)
    assert count(demo_db, Pairing) == pairings + 1 + shown
    assert page.model.rowCount() == 0


# --- dashboard and documents -------------------------------------------------------------
def test_dashboard_keys(qtbot: QtBot, window: MainWindow) -> None:
    page = show(window, DashboardPage)
    press(qtbot, page.flag_table, Qt.Key.Key_F, CTRL)
    assert QApplication.focusWidget() is page.flag_search
    reloads = page._generation
    press(qtbot, page.flag_table, Qt.Key.Key_F5)
    assert page._generation == reloads + 1


def test_documents_ctrl_p_prints_the_agreements(
    qtbot: QtBot, window: MainWindow, boxes: Boxes
) -> None:
    page = show(window, DocumentsPage)
    page.table.clearSelection()
    press(qtbot, page.table, Qt.Key.Key_P, CTRL)
    assert "No pairing chosen" in boxes.texts()
