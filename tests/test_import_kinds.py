"""A meeting log is told from a roster by its header, with one rule on both routes: a
file dropped on the window opens the meeting log's wizard, and `mentordesk import`
without --kind imports it as meetings (with --json and without)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.models import ImportBatch, ImportKind, Meeting
from mentordesk.roster.import_kinds import kind_of_file
from mentordesk.store import Database
from mentordesk.ui.importing.import_wizard import ImportWizard
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.roster_sheets import messy_roster, write_xlsx
from tests.test_meeting_log import GOOD, setup_pairs

HEADERS: list[tuple[list[str], ImportKind]] = [
    (["Mentor", "Mentee email", "Date", "Duration", "How did you meet?"], ImportKind.MEETINGS),
    (["Mentor", "Mentee", "Date of meeting", "Minutes"], ImportKind.MEETINGS),
    (["Volunteer", "Young person", "Session date", "Session length"], ImportKind.MEETINGS),
    (["First name", "Last name", "Email", "Role"], ImportKind.ROSTER),
    (["Name", "D.O.B.", "Internal ID", "Year"], ImportKind.ROSTER),
    # A roster of pairs is not a log: no date or minutes of a meeting.
    (["Mentor", "Mentee", "Email"], ImportKind.ROSTER),
    (["Mentor", "Mentee", "Date"], ImportKind.ROSTER),
]


@pytest.mark.parametrize(("headers", "kind"), HEADERS)
def test_the_header_tells_the_kind(headers: list[str], kind: ImportKind, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "sheet.xlsx", [headers, ["x"] * len(headers)])
    assert kind_of_file(path) is kind


def test_the_header_is_found_under_a_title(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "hours.xlsx", GOOD, title_rows=[["Autumn hours"]])
    assert kind_of_file(path) is ImportKind.MEETINGS
    assert kind_of_file(messy_roster(tmp_path / "roster.xlsx")) is ImportKind.ROSTER


def _meetings(db_path: Path) -> int:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Meeting)) or 0)


@pytest.mark.parametrize("as_json", [True, False])
def test_mentordesk_import_without_kind_imports_a_log_as_meetings(
    as_json: bool, db: Database, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    setup_pairs(db)
    db.close()
    path = write_xlsx(tmp_path / "hours.xlsx", GOOD)
    before = _meetings(db_path)
    capsys.readouterr()
    code = main(["--db", str(db_path), "import", str(path), *(["--json"] if as_json else [])])
    out, err = capsys.readouterr()
    assert code == 0, err
    added = _meetings(db_path) - before
    assert added > 0
    if as_json:
        report = json.loads(out)
        assert report["kind"] == "meetings" and report["created"] == added
    else:
        assert out.startswith("Imported hours.xlsx") and f"{added} new" in out
    with Database.open(db_path, write=False) as opened, opened.reading() as session:
        assert session.scalars(select(ImportBatch.kind)).one() is ImportKind.MEETINGS


def test_kind_roster_still_reads_a_log_as_a_roster(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_xlsx(tmp_path / "hours.xlsx", GOOD)
    capsys.readouterr()
    code = main(["--db", str(db_path), "import", str(path), "--kind", "roster", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 1 and report["error"].startswith("No columns for first and last names")
    assert _meetings(db_path) == 0


def _drop(window: MainWindow, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


@pytest.fixture
def window(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    return window


def test_a_dropped_meeting_log_opens_the_meeting_logs_wizard(
    window: MainWindow, db: Database, qtbot: Any, tmp_path: Path
) -> None:
    setup_pairs(db)
    _drop(window, write_xlsx(tmp_path / "hours.xlsx", GOOD))
    wizard = window.import_wizard
    assert isinstance(wizard, ImportWizard)
    assert wizard.kind is ImportKind.MEETINGS and wizard.windowTitle() == "Import meeting log"
    assert wizard.file_page.isComplete(), wizard.file_page.message.text()
    assert {"mentor", "mentee", "held_on", "minutes"} <= set(wizard.mapping.values())
    for _ in range(4):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    assert wizard.import_result is not None and wizard.import_result.kind == "meetings"
    assert wizard.import_result.created > 0
    wizard.close()
    # A roster dropped next opens the roster's wizard, as before.
    _drop(window, messy_roster(tmp_path / "roster.xlsx"))
    assert window.import_wizard.kind is ImportKind.ROSTER
    assert window.import_wizard.windowTitle() == "Import roster"
    window.import_wizard.close()


def test_a_dropped_file_that_cannot_be_read_says_why_in_the_roster_wizard(
    window: MainWindow, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    _drop(window, broken)
    wizard = window.import_wizard
    assert wizard.kind is ImportKind.ROSTER and not wizard.file_page.isComplete()
    assert "cannot be imported" in wizard.file_page.message.text()
    wizard.close()
