"""Habits of a desktop application: standard shortcuts, the Edit menu naming the action
to undo, export and restore from the File menu, remembered window state, and a close
that does not lose an edit in progress."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from sqlalchemy import func, select

from mentordesk.models import Participant
from mentordesk.store import Database
from mentordesk.store.backup import list_backups
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from mentordesk.ui.window.restore_dialog import RestoreDialog
from mentordesk.ui.window.shortcuts_dialog import ShortcutsDialog
from tests.ui_helpers import Boxes, iter_actions, patch_message_boxes


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def window(qtbot, demo_db: Database, boxes: Boxes) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    main = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    # The window opens on the dashboard; these habits are shown on the participants screen.
    main.nav.setCurrentRow(main.pages.index(main.page_of(ParticipantsPage)))
    yield main


def participants(window: MainWindow) -> ParticipantsPage:
    page = window.page_of(ParticipantsPage)
    assert isinstance(page, ParticipantsPage)
    return page


def shortcuts(window: MainWindow) -> dict[str, list[str]]:
    return {
        a.text().replace("&", ""): [k.toString() for k in a.shortcuts()]
        for a in iter_actions(window.menuBar())
    }


def people(db: Database) -> int:
    with db.reading() as session:
        return session.scalar(select(func.count()).select_from(Participant)) or 0


def test_standard_shortcuts(window: MainWindow) -> None:
    keys = shortcuts(window)
    assert keys["New programme file…"] == ["Ctrl+N"]
    assert keys["Open…"] == ["Ctrl+O"]
    assert keys["Export table to Excel…"] == ["Ctrl+E"]
    assert keys["Quit"] == [
        k.toString() for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
    ] or ["Ctrl+Q"]
    assert keys["Find"] == ["Ctrl+F"]
    assert keys["New participant"] == ["Ctrl+Shift+N"]
    assert keys["Delete…"] == ["Del"]
    assert keys["User guide"] == ["F1"]
    assert keys["Keyboard shortcuts"] == ["Shift+F1"]
    undo = next(a for a in iter_actions(window.menuBar()) if a is window.undo_action)
    assert [k.toString() for k in undo.shortcuts()] == ["Ctrl+Z"]
    assert "Ctrl+Shift+Z" in [k.toString() for k in window.redo_action.shortcuts()]


def test_the_edit_menu_names_what_undo_and_redo_will_do(window: MainWindow) -> None:
    page = participants(window)
    page.table.select_key(30)
    page.archive_selected()
    assert window.undo_action.text().replace("&", "") == "Undo Archive Lily Chen"
    window.undo_action.trigger()
    assert window.redo_action.text().replace("&", "") == "Redo Archive Lily Chen"
    assert window.statusBar().currentMessage() == "Undo: Archive Lily Chen"


def test_keys_reach_the_current_screen(window: MainWindow, qtbot, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    page = participants(window)
    window.activateWindow()
    page.table.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is page.search
    page.table.select_key(30)
    page.table.setFocus()
    boxes.answer("Delete")
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert people(window.context.db) == 59
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert people(window.context.db) == 60
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert people(window.context.db) == 59
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert page.editor.is_new


def test_export_from_the_file_menu(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    target = tmp_path / "everyone"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbooks (*.xlsx)")
    )
    participants(window).search.setText("volunteers")
    window.export_action.trigger()
    written = tmp_path / "everyone.xlsx"
    rows = list(openpyxl.load_workbook(written).active.iter_rows(values_only=True))
    assert len(rows) == 21
    assert "Exported 20 rows" in window.statusBar().currentMessage()


def test_restore_asks_backs_up_first_and_brings_the_data_back(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch, boxes: Boxes
) -> None:
    db = window.context.db
    window.back_up()
    page = participants(window)
    page.table.select_key(30)
    boxes.answer("Delete")
    page.delete_selected()
    assert people(db) == 59

    def choose_newest(dialog: RestoreDialog) -> int:
        assert "made by hand" in dialog.list.item(0).text()  # newest first
        dialog.accept()
        return RestoreDialog.DialogCode.Accepted

    monkeypatch.setattr(RestoreDialog, "exec", choose_newest)
    boxes.answer(QMessageBox.StandardButton.Cancel)
    window.restore_backup()
    assert people(db) == 59
    boxes.answer(QMessageBox.StandardButton.Yes)
    window.restore_backup()
    assert "Replace everything" in boxes.texts()
    assert people(db) == 60
    assert page.model.rowCount() == 60
    assert window.context.undo_stack.count() == 0
    assert any("before-restore" in p.name for p in list_backups(db.path))
    assert "Restored" in window.statusBar().currentMessage()


def test_window_splitter_and_header_state_are_remembered(  # type: ignore[no-untyped-def]
    qtbot, demo_db: Database, boxes: Boxes
) -> None:
    first = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(first)
    first.show()
    first.resize(800, 540)  # within the offscreen screen (800 x 600)
    page = participants(first)
    page.splitter.setSizes([500, 420])
    sizes = page.splitter.sizes()
    page.table.horizontalHeader().setSectionHidden(8, True)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    first.close()
    second = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(second)
    second.show()
    again = participants(second)
    assert second.size().height() == 540
    assert again.splitter.sizes() == sizes
    header = again.table.horizontalHeader()
    assert header.isSectionHidden(8)
    assert header.sortIndicatorSection() == 2
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert str(demo_db.path.resolve()) not in [str(p) for p in settings.recent_databases()]


def test_closing_with_an_unsaved_edit_asks(window: MainWindow, qtbot, boxes: Boxes) -> None:  # type: ignore[no-untyped-def]
    page = participants(window)
    page.table.select_key(30)
    phone = page.editor.form.widgets["phone"]
    phone.setFocus()
    qtbot.keyClicks(phone, "9")
    boxes.answer(QMessageBox.StandardButton.Cancel)
    assert not window.close()
    assert window.isVisible()
    boxes.answer(QMessageBox.StandardButton.Discard)
    assert window.close()


def test_shortcuts_dialog_lists_the_menus(window: MainWindow) -> None:
    dialog = ShortcutsDialog(window.menuBar(), window)
    rows = dialog.rows()
    assert ("File", "Export table to Excel…", "Ctrl+E") in rows
    assert ("Edit", "Undo", "Ctrl+Z") in rows
    # New, Delete and Find act on the screen shown: listed with each screen.
    assert ("Participants", "Delete the selected participants…", "Del") in rows
    assert ("Participants", "Save the edited participant", "Ctrl+S") in rows
    assert ("Matching", "Choose mentor by hand…", "Ctrl+Shift+N") in rows
    assert ("Matching", "Reject the selected pairs…", "Del") in rows
    assert ("Dashboard", "Go to the search box", "Ctrl+F") in rows
    assert not [r for r in rows if r[0] == "Edit" and r[2] in ("Del", "Ctrl+Shift+N")]
    assert not [r for r in rows if r[0] == "Documents" and r[2] == "Del"]  # nothing to delete


def test_switching_files_is_remembered_in_recent(window: MainWindow, db_path: Path) -> None:
    assert window.switch_database(db_path)
    assert settings.recent_databases()[0] == db_path.resolve()
    assert participants(window).model.rowCount() == 0
