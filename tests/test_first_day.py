"""The coordinator's first day, end to end, in the real main window: import mentees and
mentors from spreadsheets made here, re-import both unchanged, screen and train some
mentors, match, accept, print agreements and log a first meeting."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from mentordesk.models import Participant, Role
from mentordesk.store import Database
from mentordesk.ui.importing.import_wizard import ImportWizard
from mentordesk.ui.window.main_window import MainWindow
from tests.pairing_ui import open_window
from tests.roster_sheets import write_xlsx
from tests.ui_helpers import patch_message_boxes

MENTEES = [
    ["First name", "Last name", "Email", "Date of birth", "School", "Interests"],
    ["Ava", "Brown", "ava@school.example", "2012-03-04", "Hill School", "art; football"],
    ["Ben", "Clarke", "ben@school.example", "2011-07-21", "Hill School", "coding, music"],
    ["Cara", "Doyle", "cara@school.example", "2012-11-02", "Hill School", "law; debating"],
    ["Dev", "Evans", "dev@school.example", "2011-01-15", "Hill School", "science"],
]
MENTORS = [
    ["First name", "Last name", "Email", "Phone", "Employer", "Interests"],
    ["Maya", "Patel", "maya@work.example", "07700 900001", "Acme", "art; design"],
    ["Tom", "Hughes", "tom@work.example", "07700 900002", "Byte Ltd", "coding; music"],
    ["Lena", "Fischer", "lena@work.example", "07700 900003", "Law & Co", "law"],
]


def people(db: Database, role: Role) -> int:
    with db.reading() as s:
        return s.scalar(
            select(func.count()).select_from(Participant).where(Participant.role == role)
        )


def run_import(window: MainWindow, qtbot: QtBot, path: Path, role: Role) -> ImportWizard:
    window.import_roster(path)
    wizard = window.import_wizard
    page = wizard.file_page
    assert page.isComplete(), page.message.text()
    assert page.role_combo.select_value(role)
    wizard.next()  # header row
    wizard.next()  # mapping
    wizard.next()  # preview
    assert wizard.currentPage() is wizard.preview_page, wizard.mapping_page.message.text()
    return wizard


def test_first_day(
    qtbot: QtBot,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    boxes = patch_message_boxes(monkeypatch)
    window = open_window(qtbot, db, request)
    mentees = write_xlsx(tmp_path / "mentees.xlsx", MENTEES)
    mentors = write_xlsx(tmp_path / "mentors.xlsx", MENTORS)

    # 1. Mentees: no role column, so the wizard asks; everyone is a mentee.
    wizard = run_import(window, qtbot, mentees, Role.MENTEE)
    assert "<b>4</b> new" in wizard.preview_page.counts.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    assert "<b>4</b> people added" in wizard.summary_page.summary.text()
    wizard.accept()
    assert people(db, Role.MENTEE) == 4

    # 2. Mentors: "Everyone in the file is a mentor".
    wizard = run_import(window, qtbot, mentors, Role.MENTOR)
    assert "<b>3</b> new" in wizard.preview_page.counts.text(), wizard.preview_page.counts.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    wizard.accept()
    assert people(db, Role.MENTOR) == 3

    # 3. Both again, unchanged: nothing new, nothing rejected.
    for path, role in ((mentees, Role.MENTEE), (mentors, Role.MENTOR)):
        wizard = run_import(window, qtbot, path, role)
        counts = wizard.preview_page.counts.text()
        assert "<b>0</b> new" in counts and "<b>0</b> rows not imported" in counts, counts
        wizard.reject()
    assert people(db, Role.MENTEE) == 4 and people(db, Role.MENTOR) == 3
    assert not boxes.shown, boxes.texts()
