"""Export to Excel: read the workbook back. Dates are dates, the header is styled and
frozen, columns are sized, and formula-like text is stored as text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from mentordesk.programme.spreadsheet_export import sheet_name, write_table
from mentordesk.progress import Cancelled, Progress

HEADERS = ["Name", "Born", "Hours", "Notes"]


def test_values_keep_their_types_and_the_header_is_styled(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    rows = [
        ["Zoë Müller", dt.date(2012, 3, 4), 6.5, ["chess", "art"]],
        ["Ann Lee", None, 2, True],
    ]
    assert write_table(path, "Participants", HEADERS, rows) == 2
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Participants"
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.b for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    born = sheet["B2"]
    assert born.is_date and born.value.date() == dt.date(2012, 3, 4)
    assert sheet["C2"].value == 6.5 and sheet["C3"].value == 2
    assert sheet["D2"].value == "chess, art" and sheet["D3"].value == "Yes"
    assert sheet["B3"].value is None
    # Sized to the content: the long name column is wider than the short number column.
    assert sheet.column_dimensions["A"].width > sheet.column_dimensions["C"].width


@pytest.mark.parametrize("text", ['=HYPERLINK("http://x")', "+44 20 7946", "-1+1", "@SUM(A1)"])
def test_formula_like_text_is_stored_as_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "out.xlsx"
    write_table(path, "t", ["Notes"], [[text]])
    cell = openpyxl.load_workbook(path).active["A2"]
    assert cell.value == text
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_sheet_names_are_made_valid() -> None:
    assert sheet_name("Pairings: 2026/27 [draft]") == "Pairings_ 2026_27 _draft_"
    assert len(sheet_name("x" * 50)) == 31
    assert sheet_name("") == "Sheet"


def test_cancel_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        write_table(path, "t", ["n"], [[i] for i in range(1200)], progress)
    assert not path.exists()
    assert not list(tmp_path.iterdir())
