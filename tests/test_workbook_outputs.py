"""No .xlsx MentorDesk writes holds a formula or a control character: hostile text
("=1+2", "=HYPERLINK(…)", "+…", "-…", "@…", a leading tab, NUL, ESC) goes through every
writer on every route (the table export from the window and from `mentordesk export`, the
rejected-rows workbook from the import wizard and from `mentordesk import --errors`), and
each file is opened again and checked cell by cell."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select

from mentordesk.cli import main
from mentordesk.models import Participant
from mentordesk.programme.spreadsheet_export import FORMULA_STARTS, write_table
from mentordesk.store import Database
from mentordesk.ui.importing.import_wizard import ImportWizard
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.pairing_builders import make_mentee
from tests.ui_helpers import patch_message_boxes

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    "=1+2",
    '=HYPERLINK("http://example.org/x","Click")',
    "+44 20 7946 0000",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "Ann\x00\x1b[31mRed",
    "Bell\x07\x7f",
]
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def assert_plain(path: Path) -> list[str]:
    """Every cell of every sheet is a value, never a formula; no text holds a control
    character; text that looks like a formula carries Excel's text marker. Returns the
    text cells, for the caller to check the hostile text got there."""
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    texts = []
    for sheet in openpyxl.load_workbook(path).worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not CONTROL.search(cell.value), (cell.coordinate, cell.value)
                    if cell.value.startswith(FORMULA_STARTS):
                        assert cell.quotePrefix, cell.coordinate
                    texts.append(cell.value)
    return texts


def test_the_table_writer_keeps_hostile_text_as_text(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_table(path, "=Sheet\x00", HOSTILE, [HOSTILE, [*HOSTILE[1:], HOSTILE[0]]])
    texts = assert_plain(path)
    assert "=1+2" in texts and "\t=1+1" in texts and "Ann[31mRed" in texts and "Bell" in texts
    assert texts.count('=HYPERLINK("http://example.org/x","Click")') == 3


def test_text_longer_than_a_cell_holds_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_table(path, "t", ["Notes"], [["=" + "x" * 40_000]])
    (_, text) = assert_plain(path)
    assert len(text) == 32_767 and text.startswith("=x") and text.endswith("…")


@pytest.fixture
def hostile_db(db: Database) -> Database:
    with db.transaction() as session:
        for text in HOSTILE:
            person = session.get(Participant, make_mentee(session, "Ann Lee"))
            assert person is not None
            person.first_name, person.last_name, person.notes = text, text, text
    return db


def test_mentordesk_export_writes_no_formula(hostile_db: Database, db_path: Path, tmp_path):
    out = tmp_path / "people.xlsx"
    assert main(["--db", str(db_path), "export", "participants", "--out", str(out)]) == 0
    texts = assert_plain(out)
    assert "=1+2" in texts and "@SUM(A1:A2)" in texts


def test_the_windows_table_export_writes_no_formula(
    qtbot, hostile_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch_message_boxes(monkeypatch)
    window = MainWindow(AppContext(hostile_db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow(window.pages.index(window.page_of(ParticipantsPage)))
    out = tmp_path / "shown.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    window.export_table()  # File → Export table to Excel…
    texts = assert_plain(out)
    assert '=HYPERLINK("http://example.org/x","Click")' in texts and "-2+3" in texts


def _hostile_roster(path: Path) -> Path:
    """A CSV of one good row and rows rejected ("=1+2" is not a name), each carrying
    hostile text (but NUL: a text file holding one is refused as not a spreadsheet)."""
    lines = ["First name,Last name,Notes,=1+2", "Gus,Hale,,"]
    for text in (t.replace("\x00", "") for t in HOSTILE):
        quoted = '"' + text.replace('"', '""') + '"'
        lines.append(f"=1+2,{quoted},{quoted},{quoted}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_mentordesk_import_errors_workbook_writes_no_formula(db_path: Path, tmp_path, capsys):
    roster = _hostile_roster(tmp_path / "r.csv")
    out = tmp_path / "rejected.xlsx"
    args = ["--db", str(db_path), "import", str(roster), "--role", "mentee"]
    main([*args, "--errors", str(out), "--json"])
    assert json.loads(capsys.readouterr().out)["rejected"] == len(HOSTILE)
    texts = assert_plain(out)
    assert texts.count("=1+2") >= 3 and "@SUM(A1:A2)" in texts


def test_the_import_wizards_rejected_rows_write_no_formula(
    qtbot, db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    patch_message_boxes(monkeypatch)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    window.import_roster(_hostile_roster(tmp_path / "r.csv"))  # File → Import roster…
    wizard = window.import_wizard
    assert isinstance(wizard, ImportWizard)
    for _ in range(4):  # file, header row, mapping, preview → import
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    out = tmp_path / "rejected.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    wizard.summary_page.save_button.click()
    texts = assert_plain(out)
    assert "+44 20 7946 0000" in texts and "Ann[31mRed" in texts
    with db.reading() as session:
        assert session.scalars(select(Participant.last_name)).all() == ["Hale"]


def test_every_workbook_is_written_through_one_helper() -> None:
    """Only spreadsheet_export makes workbooks and cells, so no writer can skip the escaping."""
    makers = re.compile(
        r"openpyxl import .*Workbook\b|openpyxl\.Workbook|WriteOnlyCell|sheet\.cell\("
    )
    found = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "mentordesk").rglob("*.py"))
        if makers.search(path.read_text(encoding="utf-8"))
    ]
    assert found == ["mentordesk/programme/spreadsheet_export.py"]
