"""The Imports screen of the real main window: a roster imported through the wizard is
listed, undone (people gone from the file), redone with Ctrl+Shift+Z and Ctrl+Z; a refusal
says why; a meeting log goes through the same wizard and its meetings land in the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from mentordesk.models import Participant, Role
from mentordesk.store import Database
from mentordesk.ui.importing.import_history_page import ImportsPage
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.history import History
from tests.roster_sheets import write_xlsx

ROSTER = [
    ["First name", "Last name", "Email", "Role"],
    ["Ann", "Smith", "ann@example.org", "mentee"],
    ["Ben", "Cole", "ben@example.org", "mentee"],
    ["Dana", "Lee", "dana@example.net", "mentor"],
    ["Hal", "", "hal@example.org", "mentee"],  # not imported: no last name
]


def in_file(db: Database, sql: str) -> list[tuple[Any, ...]]:
    """Read the programme file itself, beside the window's connection."""
    with sqlite3.connect(db.path) as conn:
        return conn.execute(sql).fetchall()


def people_in_file(db: Database) -> list[str]:
    return [r[0] for r in in_file(db, "SELECT first_name FROM participant ORDER BY id")]


@pytest.fixture
def window(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    # The first-run demo offer and every confirmation: yes.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    return window


def run_wizard(window: MainWindow, qtbot: Any, path: Path, *, meetings: bool = False) -> Any:
    if meetings:
        window.import_log_action.trigger()
    else:
        window.import_action.trigger()
    wizard = window.import_wizard
    wizard.file_page.set_path(path)
    assert wizard.file_page.isComplete(), wizard.file_page.message.text()
    for _ in range(3):
        wizard.next()
    assert wizard.currentPage() is wizard.preview_page and wizard.preview_page.isComplete()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    return wizard


def imports_page(window: MainWindow) -> ImportsPage:
    page = window.page_of(ImportsPage)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    assert window.current_page() is page
    return page


def test_an_imported_roster_is_listed_undone_and_redone(window, db, qtbot, tmp_path):
    wizard = run_wizard(window, qtbot, write_xlsx(tmp_path / "autumn.xlsx", ROSTER))
    wizard.close()
    assert people_in_file(db) == ["Ann", "Ben", "Dana"]
    page = imports_page(window)
    assert page.model.rowCount() == 1
    row = page.selected()
    assert (row.file_name, row.kind_label, row.created, row.updated, row.rejected) == (
        "autumn.xlsx",
        "Roster",
        3,
        0,
        1,
    )
    assert page.detail.text() == "autumn.xlsx: Can be undone."
    assert page.undo_button.isEnabled() and not page.redo_button.isEnabled()

    page.undo_button.click()
    assert people_in_file(db) == []
    assert in_file(db, "SELECT count(*) FROM import_batch WHERE undone_at IS NOT NULL") == [(1,)]
    assert page.selected().undone and page.redo_button.isEnabled()
    assert not page.undo_button.isEnabled()
    assert page.detail.text().startswith("autumn.xlsx: Undone on 25 Nov 2026")
    assert window.undo_action.text() == "&Undo Undo the import of autumn.xlsx"

    # Ctrl+Z undoes the undo: the same people, the same records, back in the file.
    window.undo_action.trigger()
    assert people_in_file(db) == ["Ann", "Ben", "Dana"]
    assert page.selected().can_undo and page.detail.text() == "autumn.xlsx: Can be undone."
    # Ctrl+Shift+Z undoes it again; "Put it back" on the screen imports it once more.
    window.redo_action.trigger()
    assert people_in_file(db) == []
    page.redo_button.click()
    assert people_in_file(db) == ["Ann", "Ben", "Dana"]
    # The wizard's import, the undo, and "Put it back": three steps on the one stack.
    assert window.context.undo_stack.count() == 3
    window.undo_action.trigger()
    assert people_in_file(db) == []


def test_an_import_whose_people_are_paired_says_why_it_cannot_be_undone(
    window, db, qtbot, tmp_path
):
    run_wizard(window, qtbot, write_xlsx(tmp_path / "autumn.xlsx", ROSTER)).close()
    with db.transaction() as session:
        ann = session.scalars(select(Participant).where(Participant.first_name == "Ann")).one()
        dana = session.scalars(select(Participant).where(Participant.first_name == "Dana")).one()
        History(session).pair(mentor=dana, mentee=ann)
    window.context.notify("pairings")
    page = imports_page(window)
    row = page.selected()
    assert not row.can_undo and not page.undo_button.isEnabled()
    assert page.detail.text() == (
        "autumn.xlsx: 2 people this import added have since been paired (Ann Smith, Dana Lee); "
        "undoing it would delete that as well, so remove what was added to them first, or keep "
        "the import."
    )
    assert page.model.index(0, 7).data() == row.state  # the Undo column says it too
    # Even when asked directly, the undo is refused and nothing changes.
    page.undo_button.setEnabled(True)
    shown: list[str] = []
    window.context.status_message.connect(shown.append)

    def warning(_parent: Any, _title: str, text: str) -> QMessageBox.StandardButton:
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(QMessageBox, "warning", warning)
        page.undo_selected()
    assert people_in_file(db) == ["Ann", "Ben", "Dana"]
    assert window.context.undo_stack.count() == 1  # only the import itself


def pair_for_the_log(db: Database) -> tuple[str, str]:
    with db.transaction() as session:
        history = History(session)
        mentor = history.mentor("Dana Lee")
        mentee = history.mentee("Ann Smith")
        history.pair(mentor=mentor, mentee=mentee)
        assert mentor.role is Role.MENTOR
    return "Dana Lee", "Ann Smith"


def test_a_meeting_log_goes_through_the_same_wizard(window, db, qtbot, tmp_path):
    mentor, mentee = pair_for_the_log(db)
    meetings_before = in_file(db, "SELECT count(*) FROM meeting")[0][0]
    log = write_xlsx(
        tmp_path / "hours.xlsx",
        [
            ["Mentor", "Mentee", "Date of meeting", "Minutes", "How did you meet?"],
            [mentor, mentee, "2026-11-02", 60, "Zoom"],
            [mentor, mentee, "2026-11-09", "1h 30", "in person"],
            [mentor, mentee, "2026-11-09", "1h 30", "in person"],  # typed twice
            ["Nobody Known", mentee, "2026-11-10", 30, ""],  # not imported
        ],
        sheet="Hours",
    )
    window.import_log_action.trigger()
    wizard = window.import_wizard
    assert wizard.windowTitle() == "Import meeting log"
    wizard.file_page.set_path(log)
    assert wizard.file_page.isComplete()
    assert not wizard.file_page.role_combo.isVisibleTo(wizard.file_page)
    wizard.next()
    assert wizard.header_page.row_spin.value() == 1
    wizard.next()
    mapping = wizard.mapping_page
    chosen = {
        mapping.table.item(r, 0).text(): mapping.combos[r].value()
        for r in range(mapping.table.rowCount())
    }
    assert chosen == {
        "Mentor": "mentor",
        "Mentee": "mentee",
        "Date of meeting": "held_on",
        "Minutes": "minutes",
        "How did you meet?": "mode",
    }
    # Without a minutes column a meeting cannot be imported: the panel says so and stays.
    minutes = list(chosen).index("Minutes")
    mapping.combos[minutes].setCurrentIndex(0)
    wizard.next()
    assert wizard.currentPage() is mapping
    assert "has no column for duration" in mapping.message.text()
    mapping.combos[minutes].select_value("minutes")
    wizard.next()
    preview = wizard.preview_page
    assert wizard.currentPage() is preview
    assert preview.counts.text().startswith("<b>2</b> new meetings, <b>0</b> already there")
    assert in_file(db, "SELECT count(*) FROM meeting")[0][0] == meetings_before  # a dry run
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    summary = wizard.summary_page.summary.text()
    assert "<b>2</b> meetings added" in summary and "<b>1</b> rows not imported" in summary
    added = in_file(db, "SELECT held_on, minutes, mode FROM meeting ORDER BY id DESC LIMIT 2")
    assert sorted(added) == [("2026-11-02", 60, "video"), ("2026-11-09", 90, "in_person")]
    wizard.close()

    page = imports_page(window)
    row = page.selected()
    assert (row.kind_label, row.file_name, row.created, row.duplicates, row.rejected) == (
        "Meeting log",
        "hours.xlsx",
        2,
        1,
        1,
    )
    page.undo_button.click()
    assert in_file(db, "SELECT count(*) FROM meeting")[0][0] == meetings_before
    window.undo_action.trigger()
    assert in_file(db, "SELECT count(*) FROM meeting")[0][0] == meetings_before + 2


def test_a_file_open_for_reading_only_offers_no_undo(db_path, qtbot, tmp_path):
    with Database.open(db_path) as db:
        from mentordesk.models import ImportKind
        from mentordesk.roster.import_kinds import open_import, run_import

        source = open_import(db, write_xlsx(tmp_path / "autumn.xlsx", ROSTER), ImportKind.ROSTER)
        run_import(db, source, mapping={})
    with Database.open(db_path, write=False) as db:
        window = MainWindow(AppContext(db, synchronous_tasks=True))
        qtbot.addWidget(window)
        window.show()
        page = imports_page(window)
        assert page.selected().can_undo  # the import itself could be undone…
        assert not page.undo_button.isEnabled()  # …but not in a file open read-only
        assert not page.roster_button.isEnabled() and not page.log_button.isEnabled()
        assert "open for reading only" in page.detail.text()
        window.close()
