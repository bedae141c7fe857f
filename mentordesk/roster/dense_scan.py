"""How many cells python-calamine would hold for an .xls, .xlsb or .ods, found before it
reads the file.

calamine keeps each sheet as one dense block from its first to its last cell: an .xls with
a cell at A1 and one at IV65536 asks for 16 million cells (about a gigabyte), an .xlsb
with one at XFD1048576 for 17 billion, and an .ods cell repeated 16,384 times across
1,048,576 repeated rows for as many. There is no streaming reader for these formats, so a
file whose block would not fit is refused with a sentence instead. Each scan walks the
file's own records (BIFF8 for .xls, BIFF12 for .xlsb, the table tags of an .ods), the way
calamine does, in time and memory proportional to the file's size (already capped in
`formats`).
"""

from __future__ import annotations

import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from mentordesk.roster.formats import FileFormat, ImportRefused

# Cells calamine may hold at once: each costs it about 60 bytes at its peak (the cell and
# its place in the dense block), so this keeps the whole import well under 300 MB. A
# 50,000-row roster of 40 columns fits.
MAX_DENSE_CELLS = 2_000_000
CHUNK = 1 << 20


@dataclass(frozen=True)
class Extent:
    """The dense block of one sheet: its first and last row and column (1-based)."""

    sheet: str
    first_row: int
    last_row: int
    first_column: int
    last_column: int
    extra_cells: int = 0  # cells held besides the block (an .ods keeps its rows twice)

    @property
    def cells(self) -> int:
        rows = self.last_row - self.first_row + 1
        columns = self.last_column - self.first_column + 1
        return rows * columns + self.extra_cells


def refuse_if_too_sparse(path: Path, fmt: FileFormat) -> None:
    """Raise ImportRefused when calamine's blocks for this file would not fit. For .xls
    and .ods every sheet is read when the file is opened, so their blocks add up; an
    .xlsb sheet is read only when asked for."""
    if fmt is FileFormat.XLS:
        extents = xls_extents(path)
        total = sum(e.cells for e in extents)
    elif fmt is FileFormat.XLSB:
        extents = xlsb_extents(path)
        total = max((e.cells for e in extents), default=0)
    elif fmt is FileFormat.ODS:
        extents = ods_extents(path)
        total = sum(e.cells for e in extents)
    else:
        return
    if total <= MAX_DENSE_CELLS or not extents:
        return
    from mentordesk.roster.table import column_letter

    worst = max(extents, key=lambda e: e.cells)
    first = f"{column_letter(worst.first_column)}{worst.first_row}"
    last = f"{column_letter(worst.last_column)}{worst.last_row}"
    raise ImportRefused(
        f"Sheet '{worst.sheet}' of {path.name} has cells as far apart as {first} and {last}: "
        f"read as one block that is {total:,} cells, far more than any roster needs. Delete "
        "the stray cells far below or to the right of the roster (or copy the roster alone "
        "into a new file), save, and import it again."
    )


# --- .xls (BIFF8 records inside an OLE2 container) ---------------------------------------

_XLS_BOF, _XLS_EOF, _XLS_BOUNDSHEET = 0x0809, 0x000A, 0x0085
_XLS_WORKSHEET = 0x0010
# NUMBER, RK, LABELSST, LABEL, BOOLERR, FORMULA, RSTRING: row and column lead the record.
_XLS_CELLS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0205, 0x0006, 0x00D6})
_XLS_MULRK = 0x00BD  # row, first column, …, last column


def xls_extents(path: Path) -> list[Extent]:
    import olefile

    with olefile.OleFileIO(str(path)) as ole:
        stream = next((n for n in ("Workbook", "Book") if ole.exists(n)), None)
        if stream is None:
            return []
        data = ole.openstream(stream).read()
    names: list[str] = []
    extents: list[Extent] = []
    position, end = 0, len(data)
    in_sheet = False
    bounds: list[int] = []
    unpack = struct.unpack_from
    while position + 4 <= end:
        kind, size = unpack("<HH", data, position)
        body = position + 4
        position = body + size
        if position > end:
            break
        if kind in _XLS_CELLS and size >= 4:
            if in_sheet:
                row, column = unpack("<HH", data, body)
                _widen(bounds, row, column, column)
        elif kind == _XLS_MULRK and size >= 6:
            if in_sheet:
                row, first = unpack("<HH", data, body)
                (last,) = unpack("<H", data, body + size - 2)
                _widen(bounds, row, first, last)
        elif kind == _XLS_BOF and size >= 4:
            in_sheet = unpack("<H", data, body + 2)[0] == _XLS_WORKSHEET
            bounds = []
        elif kind == _XLS_EOF:
            if in_sheet:
                name = _name_at(names, len(extents))
                extents.append(_extent(name, bounds) if bounds else Extent(name, 1, 0, 1, 1))
            in_sheet = False
        elif kind == _XLS_BOUNDSHEET and size >= 8:
            names.append(_xls_sheet_name(data[body + 6 : body + size]))
    return extents


def _xls_sheet_name(field: bytes) -> str:
    length, flags = field[0], field[1] if len(field) > 1 else 0
    raw = field[2 : 2 + length * (2 if flags & 1 else 1)]
    return raw.decode("utf-16-le" if flags & 1 else "latin-1", errors="replace")


def _name_at(names: list[str], index: int) -> str:
    return names[index] if index < len(names) else "?"


# --- .xlsb (BIFF12 records in each worksheet part) ---------------------------------------

_XLSB_ROW = 0x0000
# Cell records (BrtCell*, BrtFmla*, BrtShort*) begin with the column; blanks are skipped,
# as calamine skips them.
_XLSB_CELLS = frozenset(range(0x0002, 0x000C)) | frozenset(range(0x000D, 0x0013))
_XLSB_END_SHEET_DATA = 0x0092
_XLSB_SHEET = re.compile(r"^xl/worksheets/[^/]+\.bin$", re.IGNORECASE)
_XLSB_BUNDLE_SHEET = 0x009C  # BrtBundleSh in xl/workbook.bin: one sheet, its part and name
_RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
_RELATIONSHIP_ATTRIBUTE = re.compile(rb'\b(Id|Target)="([^"]*)"')


def xlsb_extents(path: Path) -> list[Extent]:
    extents = []
    with zipfile.ZipFile(path) as archive:
        names = xlsb_sheet_names(archive)
        for info in archive.infolist():
            if _XLSB_SHEET.match(info.filename):
                # The part's own name ("sheet1") only where the workbook doesn't say.
                part = info.filename.rsplit("/", 1)[-1][: -len(".bin")]
                name = names.get(info.filename.lower(), part)
                extents.append(_xlsb_sheet(name, archive.read(info)))
    return extents


def xlsb_sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's name as it shows on the sheet's tab ("xl/worksheets/sheet1.bin"
    (lower case) → "Pupils"), from xl/workbook.bin and its relationships. Parts it does not
    name are left out."""
    try:
        relationships = archive.read("xl/_rels/workbook.bin.rels")
        workbook = archive.read("xl/workbook.bin")
    except KeyError:
        return {}
    parts: dict[str, str] = {}
    for tag in _RELATIONSHIP.findall(relationships):
        attributes = dict(_RELATIONSHIP_ATTRIBUTE.findall(tag))
        if b"Id" in attributes and b"Target" in attributes:
            target = attributes[b"Target"].decode("utf-8", errors="replace")
            part = target[1:] if target.startswith("/") else f"xl/{target}"
            parts[attributes[b"Id"].decode("utf-8", errors="replace")] = posixpath.normpath(part)
    names: dict[str, str] = {}
    for kind, body, size in _xlsb_records(workbook):
        if kind != _XLSB_BUNDLE_SHEET or size < 8:
            continue
        end = body + size
        # hsState and iTabID (4 bytes each), then the part's relationship id and the name.
        relationship, after = _xlsb_text(workbook, body + 8, end)
        name, _ = _xlsb_text(workbook, after, end)
        if relationship in parts and name:
            names[parts[relationship].lower()] = name
    return names


def _xlsb_text(data: bytes, at: int, end: int) -> tuple[str | None, int]:
    """A BIFF12 wide string at `at` (a count of UTF-16 units, then the units) and where
    the next field starts; None for the null string or one that runs past `end`."""
    if at + 4 > end:
        return None, end
    (count,) = struct.unpack_from("<I", data, at)
    at += 4
    if count == 0xFFFFFFFF or at + 2 * count > end:
        return None, at
    return data[at : at + 2 * count].decode("utf-16-le", errors="replace"), at + 2 * count


def _xlsb_records(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(record type, where its body starts, its size) of each BIFF12 record: a type of one
    or two bytes and a size of up to four, seven bits a byte."""
    position, end = 0, len(data)
    while position < end:
        kind = data[position]
        position += 1
        if kind & 0x80:
            if position >= end:
                return
            kind = (kind & 0x7F) | ((data[position] & 0x7F) << 7)
            position += 1
        size = shift = 0
        for _ in range(4):
            if position >= end:
                break
            byte = data[position]
            position += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        if position + size > end:
            return
        yield kind, position, size
        position += size


def _xlsb_sheet(name: str, data: bytes) -> Extent:
    bounds: list[int] = []
    row = 0
    unpack = struct.unpack_from
    for kind, body, size in _xlsb_records(data):
        if kind in _XLSB_CELLS and size >= 4:
            (column,) = unpack("<I", data, body)
            _widen(bounds, row, column, column)
        elif kind == _XLSB_ROW and size >= 4:
            (row,) = unpack("<I", data, body)
            if row > 0x100000:  # calamine stops at an impossible row
                break
        elif kind == _XLSB_END_SHEET_DATA:
            break
    return _extent(name, bounds) if bounds else Extent(name, 1, 0, 1, 1)


# --- .ods (the table tags of content.xml) ------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)(table:table|table:table-row|table:table-cell|table:covered-table-cell)"
    rb"(?=[\s/>])([^>]*)>"
)
_ODS_VALUE = re.compile(
    rb"\b(?:office:(?:value|string-value|date-value|time-value|boolean-value)|table:formula)="
    rb'|\boffice:value-type="string"'
)
_ODS_REPEAT_COLUMNS = re.compile(rb'table:number-columns-repeated="(\d+)"')
_ODS_REPEAT_ROWS = re.compile(rb'table:number-rows-repeated="(\d+)"')
_ODS_NAME = re.compile(rb'table:name="([^"]*)"')


class _OdsTable:
    def __init__(self, name: str) -> None:
        self.name = name
        self.row = 0  # rows so far, repeats counted
        self.first_row: int | None = None
        self.last_row = 0
        self.last_column = 0
        self.kept = 0  # cells calamine keeps row by row, before it builds the block
        self.column = 0  # within the current row
        self.row_end = 0  # past the last cell with a value in the current row
        self.repeats = 1

    def start_row(self, attributes: bytes) -> None:
        match = _ODS_REPEAT_ROWS.search(attributes)
        self.repeats = int(match.group(1)) if match else 1
        self.column = self.row_end = 0

    def cell(self, attributes: bytes) -> None:
        match = _ODS_REPEAT_COLUMNS.search(attributes)
        self.column += int(match.group(1)) if match else 1
        if _ODS_VALUE.search(attributes):
            self.row_end = self.column

    def end_row(self) -> None:
        if self.row_end:
            if self.first_row is None:
                self.first_row = self.row
            self.last_row = self.row + self.repeats - 1
            self.last_column = max(self.last_column, self.row_end)
            self.kept += self.row_end
        self.row += self.repeats

    def extent(self) -> Extent:
        if self.first_row is None:
            return Extent(self.name, 1, 0, 1, 1)
        return Extent(
            self.name, self.first_row + 1, self.last_row + 1, 1, self.last_column, self.kept
        )


def ods_extents(path: Path) -> list[Extent]:
    extents: list[Extent] = []
    table: _OdsTable | None = None
    in_row = False
    with zipfile.ZipFile(path) as archive, archive.open("content.xml") as content:
        tail = b""
        while True:
            chunk = content.read(CHUNK)
            data = tail + chunk
            # Tags never hold a raw "<", so everything before the last one is whole.
            cut = data.rfind(b"<") if chunk else len(data)
            if cut <= 0 and chunk:
                tail = data
                continue
            for match in _ODS_TAG.finditer(data, 0, cut):
                closing, tag, attributes = match.groups()
                self_closing = attributes.endswith(b"/")
                if tag == b"table:table":
                    if closing:
                        if table is not None:
                            extents.append(table.extent())
                        table = None
                    else:
                        found = _ODS_NAME.search(attributes)
                        name = found.group(1).decode("utf-8", "replace") if found else "?"
                        table = _OdsTable(name)
                elif table is None:
                    continue
                elif tag == b"table:table-row":
                    if closing:
                        if in_row:
                            table.end_row()
                        in_row = False
                    else:
                        table.start_row(attributes)
                        in_row = not self_closing
                        if self_closing:
                            table.end_row()
                elif not closing and in_row:
                    table.cell(attributes)
            if not chunk:
                break
            tail = data[cut:]
    return extents


# --- shared ------------------------------------------------------------------------------


def _widen(bounds: list[int], row: int, first: int, last: int) -> None:
    """Grow [first_row, last_row, first_column, last_column] (0-based) to hold a cell."""
    if not bounds:
        bounds.extend((row, row, first, last))
        return
    if row < bounds[0]:
        bounds[0] = row
    if row > bounds[1]:
        bounds[1] = row
    if first < bounds[2]:
        bounds[2] = first
    if last > bounds[3]:
        bounds[3] = last


def _extent(name: str, bounds: list[int]) -> Extent:
    return Extent(name, bounds[0] + 1, bounds[1] + 1, bounds[2] + 1, bounds[3] + 1)
