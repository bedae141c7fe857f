""".xls, .xlsb and .ods files whose cells would make one huge dense block (cells far apart,
or an .ods cell repeated across millions of cells) are refused with a sentence before they
are read; ordinary files of the same formats still import. Files are made here: .ods by
hand, .xls and .xlsb by moving one cell of a corpus file (skipped when it is absent)."""

from __future__ import annotations

import json
import shutil
import struct
import zipfile
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.models import Role
from mentordesk.roster.dense_scan import MAX_DENSE_CELLS, ods_extents
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source
from tests.conftest import SHARED_CORPUS

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
    'names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry '
    'manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.'
    'spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
    'manifest:media-type="text/xml"/></manifest:manifest>'
)


def text_cell(value: str, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return (
        f'<table:table-cell office:value-type="string"{repeated}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def row(*cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


def empty(repeat: int) -> str:
    return f'<table:table-cell table:number-columns-repeated="{repeat}"/>'


ROSTER = [
    row(text_cell("First name"), text_cell("Last name")),
    row(text_cell("Ann"), text_cell("Lee")),
    row(text_cell("Bo"), text_cell("Ng")),
]


def write_ods(path: Path, rows: list[str]) -> Path:
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table '
        f'table:name="Pupils">{"".join(rows)}</table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def run(db, path: Path):
    return import_roster(db, read_source(path), role=Role.MENTEE)


def test_an_ods_with_trailing_repeated_empty_rows_and_columns_imports(db, tmp_path):
    """LibreOffice ends every sheet with empty cells repeated to the sheet's edge."""
    path = write_ods(
        tmp_path / "r.ods",
        [
            row(text_cell("First name"), text_cell("Last name"), empty(16382)),
            row(text_cell("Ann"), text_cell("Lee"), empty(16382)),
            row(empty(16384), repeat=1_048_574),
        ],
    )
    assert [e.cells for e in ods_extents(path)] == [2 * 2 + 4]
    assert run(db, path).created == 1


def test_ods_cells_far_apart_are_refused_with_a_sentence(tmp_path):
    path = write_ods(
        tmp_path / "far.ods",
        [*ROSTER, row(empty(1), repeat=65_532), row(empty(255), text_cell("x"))],
    )
    with pytest.raises(ImportRefused) as refusal:
        read_source(path)
    assert str(refusal.value).startswith(
        "Sheet 'Pupils' of far.ods has cells as far apart as A1 and IV65536: read as one "
        "block that is 16,777,"
    )
    assert "Delete the stray cells" in str(refusal.value)


def test_an_ods_cell_repeated_over_millions_of_cells_is_refused(tmp_path):
    """A few hundred bytes that repeat one text over every cell of the sheet."""
    path = write_ods(
        tmp_path / "repeat.ods", [*ROSTER, row(text_cell("x", 16_384), repeat=1_048_573)]
    )
    assert path.stat().st_size < 2000
    with pytest.raises(ImportRefused, match=r"Pupils.*as far apart as A1 and XFD1048576"):
        read_source(path)


def test_a_large_ods_block_within_the_bound_still_reads(tmp_path):
    rows = MAX_DENSE_CELLS // 10 // 40
    path = write_ods(tmp_path / "near.ods", [*ROSTER, row(empty(39), text_cell("x"), repeat=rows)])
    assert read_source(path).table.headers[:2] == ["First name", "Last name"]


def _corpus_file(name: str) -> Path:
    if SHARED_CORPUS is None or not (SHARED_CORPUS / name).is_file():
        pytest.skip(f"{name} is not in the shared corpus")
    return SHARED_CORPUS / name


def xlsb_with_cell(
    source: Path,
    target: Path,
    row: int,
    column: int,
    *,
    tab: str = "Sheet1",
    without: str = "",
) -> Path:
    """The .xlsb with one more number cell (BrtRowHdr + BrtCellRk before BrtEndSheetData),
    its sheet's tab renamed to `tab` (as long as "Sheet1") and the part `without` left out."""
    assert len(tab) == len("Sheet1")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == without:
                continue
            if item.filename == "xl/workbook.bin":
                name = "Sheet1".encode("utf-16-le")
                assert data.count(name) == 1
                data = data.replace(name, tab.encode("utf-16-le"))
            if item.filename == "xl/worksheets/sheet1.bin":
                header = b"\x00\x19" + struct.pack("<I", row) + bytes(21)
                cell = b"\x02\x0c" + struct.pack("<III", column, 0, (7 << 2) | 2)
                end = data.index(b"\x92\x01\x00")
                data = data[:end] + header + cell + data[end:]
            dst.writestr(item, data)
    return target


def test_an_xlsb_cell_at_the_far_corner_is_refused(tmp_path):
    source = _corpus_file("xlrd__sample.xlsb")
    near = read_source(xlsb_with_cell(source, tmp_path / "near.xlsb", 4, 2))
    assert near.grid.rows[4][2] == 7
    far = xlsb_with_cell(source, tmp_path / "far.xlsb", 1_048_575, 16_383)
    with pytest.raises(ImportRefused, match=r"as far apart as A1 and XFD1048576: .* 17,179,8"):
        read_source(far)


def test_the_xlsb_refusal_names_the_sheet_as_its_tab_shows_it(tmp_path, db_path, capsys):
    source = _corpus_file("xlrd__sample.xlsb")
    far = xlsb_with_cell(source, tmp_path / "far.xlsb", 1_048_575, 16_383, tab="Pupils")
    with pytest.raises(ImportRefused) as refusal:
        read_source(far)
    assert str(refusal.value).startswith("Sheet 'Pupils' of far.xlsb has cells as far apart")
    capsys.readouterr()
    assert main(["--db", str(db_path), "import", str(far), "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"] == str(refusal.value)
    assert main(["--db", str(db_path), "import", str(far)]) == 1
    assert capsys.readouterr().err == f"mentordesk: {refusal.value}\n"


def test_an_xlsb_whose_workbook_names_no_sheet_falls_back_to_the_parts_name(tmp_path):
    source = _corpus_file("xlrd__sample.xlsb")
    far = xlsb_with_cell(
        source, tmp_path / "far.xlsb", 1_048_575, 16_383, without="xl/_rels/workbook.bin.rels"
    )
    with pytest.raises(ImportRefused, match=r"^Sheet 'sheet1' of far.xlsb has cells"):
        read_source(far)


def xls_with_last_cell_moved(source: Path, target: Path, row: int, column: int) -> Path:
    """The .xls with its last text cell (LABELSST) moved to (row, column), 0-based: the
    record keeps its size, so it is patched in place inside the OLE2 container."""
    import olefile

    with olefile.OleFileIO(str(source)) as ole:
        stream = ole.openstream("Workbook").read()
    position, last = 0, b""
    while position + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, position)
        if kind == 0x00FD:
            last = stream[position : position + 4 + size]
        position += 4 + size
    raw = source.read_bytes()
    assert raw.count(last) == 1
    moved = last[:4] + struct.pack("<HH", row, column) + last[8:]
    target.write_bytes(raw.replace(last, moved))
    return target


def test_xls_cells_far_apart_are_refused(tmp_path):
    source = _corpus_file("readxl__deaths.xls")
    shutil.copyfile(source, tmp_path / "deaths.xls")
    near = read_source(xls_with_last_cell_moved(source, tmp_path / "near.xls", 40, 20))
    assert near.sheets[1].name == "other"
    far = xls_with_last_cell_moved(source, tmp_path / "far.xls", 65_535, 255)
    with pytest.raises(ImportRefused, match=r"Sheet 'other' of far.xls .* A1 and IV65536"):
        read_source(far)


def test_a_damaged_xls_is_refused_as_damaged(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ImportRefused, match=r"could not be read \(it is an Excel 97"):
        read_source(path)


FAR_ODS = [*ROSTER, row(empty(1), repeat=65_532), row(empty(255), text_cell("x"))]


def test_the_command_line_refuses_far_apart_cells_with_one_json_document(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    far = write_ods(tmp_path / "far.ods", FAR_ODS)
    args = ["--db", str(db_path), "import", str(far), "--role", "mentee", "--json"]
    assert main(args) != 0
    captured = capsys.readouterr()
    assert "as far apart as A1 and IV65536" in json.loads(captured.out)["error"]
    assert captured.err.count("\n") == 1


def test_the_import_window_refuses_far_apart_cells_and_writes_nothing(
    qtbot, db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import func, select

    from mentordesk.models import Participant
    from mentordesk.ui.window.context import AppContext
    from mentordesk.ui.window.main_window import MainWindow
    from tests.ui_helpers import patch_message_boxes

    patch_message_boxes(monkeypatch)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    window.import_roster(write_ods(tmp_path / "far.ods", FAR_ODS))  # File → Import roster…
    page = window.import_wizard.file_page
    qtbot.waitUntil(lambda: "cannot be imported" in page.message.text())
    assert "as far apart as A1 and IV65536" in page.message.text()
    assert not page.isComplete()
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Participant)) == 0


def test_the_window_names_the_xlsb_sheet_as_its_tab_shows_it(tmp_path, db, qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from mentordesk.ui.window.context import AppContext
    from mentordesk.ui.window.main_window import MainWindow

    source = _corpus_file("xlrd__sample.xlsb")
    far = xlsb_with_cell(source, tmp_path / "far.xlsb", 1_048_575, 16_383, tab="Pupils")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.import_action.trigger()
    page = window.import_wizard.file_page
    page.set_path(far)
    assert not page.isComplete()
    assert "Sheet 'Pupils' of far.xlsb has cells as far apart as A1 and XFD1048576" in (
        page.message.text()
    )
    window.import_wizard.close()
