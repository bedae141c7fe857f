"""A sheet that is a form (labels down one column, values beside them) or holds no row of
people is refused with a sentence, even with `--role`, whatever the file's format: .ods
made here by hand, .xls saved by LibreOffice (when installed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.models import Role
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.importer import NothingImported, import_roster
from mentordesk.roster.source import read_source
from tests.roster_sheets import write_xlsx
from tests.test_roster_bounds import row, text_cell, write_ods
from tests.test_roster_formats import convert

FORM = [
    ["Name", "Ann Lee"],
    ["Date of birth", "2012-03-04"],
    ["Approx date of", "death"],
    ["Email", "ann@example.org"],
    ["School", "Riverside"],
]
HEADER_ONLY = [["First name", "Last name", "Email"]]
FORM_REFUSED = r"looks like a form \(labels down column A, values beside them\)"
NO_ROWS = "the table has no rows under its header"


def ods(path: Path, rows: list[list[str]]) -> Path:
    return write_ods(path, [row(*(text_cell(v) for v in cells)) for cells in rows])


def import_as_mentees(db, path: Path):
    return import_roster(db, read_source(path), role=Role.MENTEE)


def test_an_ods_form_is_refused_even_with_a_role(db, tmp_path):
    with pytest.raises(ImportRefused, match=FORM_REFUSED):
        import_as_mentees(db, ods(tmp_path / "form.ods", FORM))


def test_an_ods_with_no_row_of_people_is_refused(db, tmp_path):
    with pytest.raises(NothingImported, match=NO_ROWS):
        import_as_mentees(db, ods(tmp_path / "header.ods", HEADER_ONLY))


def test_the_command_line_refuses_an_ods_form_with_one_json_document(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = ods(tmp_path / "form.ods", FORM)
    args = ["--db", str(db_path), "import", str(form), "--role", "mentee", "--json"]
    assert main(args) != 0
    captured = capsys.readouterr()
    assert "looks like a form" in json.loads(captured.out)["error"]
    assert captured.err.count("\n") == 1


@pytest.mark.slow
def test_an_xls_form_or_header_only_sheet_is_refused_even_with_a_role(db, tmp_path):
    form = convert(write_xlsx(tmp_path / "form.xlsx", FORM), "xls", tmp_path / "lo")
    with pytest.raises(ImportRefused, match=FORM_REFUSED):
        import_as_mentees(db, form)
    header = convert(write_xlsx(tmp_path / "header.xlsx", HEADER_ONLY), "xls", tmp_path / "lo")
    with pytest.raises(NothingImported, match=NO_ROWS):
        import_as_mentees(db, header)
