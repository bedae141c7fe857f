"""Every real spreadsheet of the shared corpus ends in an import or a clear refusal with
nothing written: never a crash, a hang or a silent empty import."""

from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.models import ImportBatch, Participant, Role
from mentordesk.roster import values
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source

# What the corpus README asks of a people list, and what an importer must find in it.
EXPECTED_IMPORTS = {
    "tablib__founders.xlsx": 3,
    "roo__blank_children.xlsx": 1,  # two identical rows: one person, one duplicate
    "readxl__deaths.xlsx": 9,  # header on row 5; single names and notes are rejected
    "edr__Test_Issue_NoStyles_NoRAttribute.xlsx": 6,  # rows past a one-row <dimension>
    "calamine__issue_174.xlsx": 1,  # a sheet that claims 1,048,576 rows
    "readxl__deaths.xls": 9,  # the same sheet as deaths.xlsx, as Excel 97–2003 wrote it
    "sheetjs__Attendance.csv": None,  # names are columns, not rows: refused clearly
}
REFUSALS = {
    "calamine__pass_protected.xlsx": "password",
    "edr__agile_AES256_SHA512_CBC_pwd_password.xlsx": "password",
    "roo__strict.xlsx": "Strict Open XML",
    "calamine__issue252.xlsx": "damaged",
    "openpyxl__null_file.xlsx": "empty",
    "sheetjs__Attendance.numbers": "Numbers",
    "spout__attack_billion_laughs.xlsx": "entity",
    "edr__Fillreport.xlsx": "damaged",
}


def corpus_files() -> list[str]:
    from tests.conftest import SHARED_CORPUS

    if SHARED_CORPUS is None:
        return ["(no corpus)"]
    return sorted(
        p.name for p in SHARED_CORPUS.iterdir() if p.is_file() and p.suffix not in (".md", ".tsv")
    )


def _count(db, model) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("name", corpus_files())
def test_corpus_file_imports_or_is_refused_clearly(db, corpus: Path, name: str):
    path = corpus / name
    try:
        with db.reading() as s:
            source = read_source(path, session=s)
        result = import_roster(db, source, role=Role.MENTEE)
    except ImportRefused as refusal:
        message = str(refusal)
        assert name in message or path.stem in message or "sheet" in message.lower()
        assert "\n" not in message and len(message) < 600
        if name in REFUSALS:
            assert REFUSALS[name].lower() in message.lower()
        assert EXPECTED_IMPORTS.get(name) is None, f"{name} should import: {message}"
        assert _count(db, Participant) == 0 and _count(db, ImportBatch) == 0
        return
    assert name not in REFUSALS, f"{name} should have been refused"
    assert result.created > 0 and _count(db, Participant) == result.created
    if EXPECTED_IMPORTS.get(name) is not None:
        assert result.created == EXPECTED_IMPORTS[name]


def test_zero_padded_numbers_and_1904_dates(corpus: Path):
    source = read_source(corpus / "roo__zero-padded-number.xlsx")
    assert [r.cells[0] for r in source.table.rows] == ["06083", "10083", "05010"]
    sheet = read_source(corpus / "sheetjs__1904.xlsx", header_row=1)
    assert sheet.table.epoch_1904


def test_unicode_names_with_non_breaking_spaces(db, corpus: Path):
    source = read_source(corpus / "roo__parse_clean_with_unicode.xlsx")
    assert source.table.rows[0].cells[0] == "\xa0\xa0凯 \xa0\xa0"
    assert values.name(source.table.rows[0].cells[0]) == "凯"
    # A single name cannot be split into first and last: said clearly, nothing written.
    with pytest.raises(ImportRefused, match="'凯' is only one name"):
        import_roster(db, source, role=Role.MENTEE)


def test_hidden_sheets_are_not_the_default(corpus: Path):
    source = read_source(corpus / "calamine__any_sheets.xlsx")
    assert source.table.sheet == "Visible"
    assert [s.visible for s in source.sheets] == [True, False, False]
