"""Read one sheet of an .xlsx, .xlsm, .xlsb, .xls, .ods, .csv or .tsv into plain rows.

python-calamine (Rust) reads every spreadsheet format, several times faster than openpyxl.
An .xlsx it would misread or could not hold (see `xlsx_scan`) is streamed with openpyxl's
worksheet parser instead, without the `<dimension>` it would trust. Either way reading stops
after a long run of blank rows, columns are capped, and a cell longer than a spreadsheet
cell can be (32,767 characters) is refused with its place named. Every failure of the file
becomes an `ImportRefused` with advice; nothing here raises anything else.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentordesk.progress import NO_PROGRESS, Cancelled, Progress
from mentordesk.roster.dense_scan import refuse_if_too_sparse
from mentordesk.roster.formats import SAVE_AS_XLSX, FileFormat, ImportRefused, detect_format
from mentordesk.roster.xlsx_scan import scan_xlsx

# Past this many blank rows the sheet is over: formatted empty rows to row 1,048,576 and a
# `<dimension>` that claims a million rows cost nothing more.
BLANK_RUN_END = 1000
MAX_COLUMNS = 512
MAX_ROWS = 50_000
# Excel's own limit on the text in one cell.
MAX_CELL_CHARS = 32_767
# How far to look for a sheet's first data, when choosing the sheet.
PEEK_ROWS = 200

_ZERO_FORMAT = re.compile(r"^\"?(0{2,})\"?$")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?)"')


class CellError(str):
    """A cell showing a spreadsheet error such as #N/A or #REF!."""


@dataclass(frozen=True)
class SheetInfo:
    name: str
    visible: bool


@dataclass
class SheetGrid:
    """The cells of one sheet: rows[0] is sheet row 1; values are plain Python values."""

    name: str
    rows: list[list[Any]]
    epoch_1904: bool = False
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2
    ignored_columns: int = 0  # cells past MAX_COLUMNS that held data
    notes: list[tuple[int, str]] = field(default_factory=list)  # (row, warning) from reading

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


_FORMAT_NAMES = {
    FileFormat.XLS: "an Excel 97–2003 workbook (.xls)",
    FileFormat.XLSB: "an Excel Binary Workbook (.xlsb)",
    FileFormat.ODS: "an OpenDocument spreadsheet (.ods)",
}


def _damaged(path: Path, exc: BaseException, fmt: FileFormat | None = None) -> ImportRefused:
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    what = f" (it is {_FORMAT_NAMES[fmt]})" if fmt in _FORMAT_NAMES else ""
    return ImportRefused(
        f"{path.name} could not be read{what}: it looks damaged or was written by a program "
        f"that breaks the format ({detail}). {SAVE_AS_XLSX}"
    )


def _caused_by_entities(exc: BaseException | None) -> bool:
    """defusedxml refused entity definitions somewhere in the chain of causes."""
    forbidden = ("EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden")
    seen = 0
    while exc is not None and seen < 10:
        if type(exc).__name__ in forbidden:
            return True
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return False


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _column_index(letters: str) -> int:
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _cell_ref(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"([A-Z]{1,3})(\d+)", ref)
    if not match:
        raise ValueError(ref)
    return int(match.group(2)), _column_index(match.group(1))


def _too_long(path: Path, sheet: str, row: int, column: int, length: int) -> ImportRefused:
    from mentordesk.roster.table import column_letter

    # calamine cuts longer text to the limit, so a cell at the limit was probably longer.
    size = f"{length:,} characters" if length > MAX_CELL_CHARS else f"{length:,} characters or more"
    return ImportRefused(
        f"Cell {column_letter(column)}{row} (row {row}, column {column_letter(column)}) of "
        f"sheet '{sheet}' in {path.name} holds {size}, the most a spreadsheet cell can hold "
        f"is {MAX_CELL_CHARS:,}; it is not a roster cell. Shorten it and import again."
    )


class Workbook:
    """An open spreadsheet file. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.format = detect_format(self.path)
        self._book: Any = None
        self._fast: Any = None  # a python-calamine workbook
        self._last_sheet: tuple[str, Any] | None = None
        self._epoch_1904 = False
        self._csv_rows: list[list[Any]] | None = None
        self.csv_warnings: list[tuple[int, str]] = []
        if self.format is FileFormat.CSV:
            from mentordesk.roster.csv_text import read_csv

            self._csv_rows, self.csv_warnings = read_csv(self.path)
            self.sheets = [SheetInfo(self.path.stem, True)]
            return
        streaming = False
        if self.format is FileFormat.XLSX:
            try:
                scan = scan_xlsx(self.path)
            except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, EOFError) as exc:
                raise _damaged(self.path, exc) from exc
            self._epoch_1904 = scan.epoch_1904
            streaming = scan.needs_streaming
        elif self.format in (FileFormat.XLS, FileFormat.XLSB, FileFormat.ODS):
            try:
                refuse_if_too_sparse(self.path, self.format)
            except ImportRefused:
                raise
            except Exception as exc:  # a broken container or record: the file is damaged
                raise _damaged(self.path, exc, self.format) from exc
        if streaming:
            book = self._open_xlsx()
            self.sheets = [
                SheetInfo(ws.title, ws.sheet_state == "visible") for ws in book.worksheets
            ]
        else:
            self._open_fast()

    def _open_fast(self) -> None:
        import python_calamine as calamine

        try:
            # From the open file, so calamine tells the format by content, not by name.
            with self.path.open("rb") as handle:
                self._fast = calamine.CalamineWorkbook.from_filelike(handle)
            metadata = self._fast.sheets_metadata
        except calamine.PasswordError as exc:
            raise ImportRefused(
                f"{self.path.name} is protected with a password. Open it, remove the password, "
                "save, and import it again."
            ) from exc
        except Exception as exc:  # calamine raises its own errors, or OSError
            if "entity" in str(exc).lower():
                raise ImportRefused(
                    f"{self.path.name} contains XML entity definitions, which a real "
                    "spreadsheet never needs (a known way to attack programs), so it was not "
                    f"read. {SAVE_AS_XLSX}"
                ) from exc
            raise _damaged(self.path, exc, self.format) from exc
        self.sheets = [
            SheetInfo(m.name, m.visible == calamine.SheetVisibleEnum.Visible)
            for m in metadata
            if m.typ == calamine.SheetTypeEnum.WorkSheet
        ]
        if not self.sheets:
            self.close()
            raise ImportRefused(
                f"{self.path.name} has no worksheets that can be read (it may hold only "
                f"charts). {SAVE_AS_XLSX}"
            )

    def _open_xlsx(self) -> Any:
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                self._book = openpyxl.load_workbook(
                    self.path, read_only=True, data_only=True, keep_links=False
                )
        except Exception as exc:  # openpyxl raises anything on a broken file
            if _caused_by_entities(exc):
                raise ImportRefused(
                    f"{self.path.name} contains XML entity definitions, which a real "
                    "spreadsheet never needs (a known way to attack programs), so it was not "
                    f"read. {SAVE_AS_XLSX}"
                ) from exc
            raise _damaged(self.path, exc) from exc
        if not self._book.worksheets:
            self.close()
            raise ImportRefused(
                f"{self.path.name} has no worksheets that can be read (it may be saved as "
                f"'Strict Open XML' or hold only charts). {SAVE_AS_XLSX}"
            )
        return self._book

    def close(self) -> None:
        self._last_sheet = None
        if self._fast is not None:
            self._fast.close()
            self._fast = None
        if self._book is not None:
            archive = getattr(self._book, "_archive", None)
            if archive is not None:
                archive.close()
            self._book = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def epoch_1904(self) -> bool:
        if self._book is not None:
            return bool(self._book.epoch.year == 1904)
        return self._epoch_1904

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def _sheet_info(self, name: str) -> SheetInfo:
        for info in self.sheets:
            if info.name == name:
                return info
        names = ", ".join(f"'{s.name}'" for s in self.sheets)
        raise ImportRefused(f"{self.path.name} has no sheet '{name}'; its sheets are {names}.")

    def default_sheet(self) -> str:
        """The first visible sheet with data (else the first visible sheet)."""
        visible = [s for s in self.sheets if s.visible] or self.sheets
        for info in visible:
            for row in self._rows(info.name, limit=PEEK_ROWS):
                if any(not _is_blank(v) for v in row):
                    return info.name
        return visible[0].name

    def read(self, name: str | None = None, progress: Progress = NO_PROGRESS) -> SheetGrid:
        name = name or self.default_sheet()
        self._sheet_info(name)
        rows: list[list[Any]] = []
        ignored = 0
        for row in self._rows(name, progress=progress):
            if len(row) > MAX_COLUMNS:
                ignored += sum(1 for v in row[MAX_COLUMNS:] if not _is_blank(v))
                row = row[:MAX_COLUMNS]
            rows.append(row)
            if len(rows) > MAX_ROWS:
                raise ImportRefused(
                    f"Sheet '{name}' of {self.path.name} has more than {MAX_ROWS:,} rows; "
                    "a roster that large must be split into several files."
                )
        while rows and all(_is_blank(v) for v in rows[-1]):
            rows.pop()
        if self._fast is not None:
            merged = self._fast_merged(name)
        elif self._book is not None:
            merged = self._merged_ranges(name)
        else:
            merged = []
        notes = [(row, text) for row, text in self.csv_warnings if row <= len(rows)]
        return SheetGrid(name, rows, self.epoch_1904, merged, ignored, notes)

    # --- streaming ----------------------------------------------------------------------
    def _rows(
        self, name: str, *, limit: int | None = None, progress: Progress = NO_PROGRESS
    ) -> Iterator[list[Any]]:
        """Rows from sheet row 1 on, gaps filled with empty rows, until a long blank run."""
        if self._csv_rows is not None:
            source = self._csv_rows_iter()
        elif self._fast is not None:
            source = self._fast_rows(name)
        else:
            source = self._xlsx_rows(name)
        expected = 1
        last_data = 0
        try:
            for number, values in source:
                if limit is not None and number > limit:
                    return
                if number - last_data > BLANK_RUN_END:
                    return
                while expected < number:
                    yield []
                    expected += 1
                while values and _is_blank(values[-1]):
                    values.pop()
                if values:
                    last_data = number
                yield values
                expected = number + 1
                if number % 2000 == 0:
                    progress.step(0, 0, f"Reading row {number:,}…")
        except (ImportRefused, Cancelled):
            raise
        except Exception as exc:  # a part that breaks only while its rows are read
            raise _damaged(self.path, exc, self.format) from exc

    def _csv_rows_iter(self) -> Iterator[tuple[int, list[Any]]]:
        assert self._csv_rows is not None
        for number, row in enumerate(self._csv_rows, start=1):
            for index, value in enumerate(row):
                if value is not None and len(value) > MAX_CELL_CHARS:
                    name = self.sheets[0].name
                    raise _too_long(self.path, name, number, index + 1, len(value))
            yield number, list(row)

    def _fast_sheet(self, name: str) -> Any:
        """The sheet as calamine holds it; the last one read is kept for its merged cells."""
        if self._last_sheet is None or self._last_sheet[0] != name:
            self._last_sheet = (name, self._fast.get_sheet_by_name(name))
        return self._last_sheet[1]

    def _fast_merged(self, name: str) -> list[tuple[int, int, int, int]]:
        ranges = self._fast_sheet(name).merged_cell_ranges or []
        return sorted({(r1 + 1, c1 + 1, r2 + 1, c2 + 1) for (r1, c1), (r2, c2) in ranges[:100_000]})

    def _fast_rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        sheet = self._fast_sheet(name)
        if sheet.start is None:
            return
        first_row, first_column = sheet.start
        pad = [None] * first_column
        for offset, row in enumerate(sheet.iter_rows()):
            number = first_row + offset + 1
            for index, value in enumerate(row):
                if type(value) is str and len(value) >= MAX_CELL_CHARS:
                    raise _too_long(self.path, name, number, first_column + index + 1, len(value))
            yield number, pad + row if first_column else row

    def _xlsx_rows(self, name: str) -> Iterator[tuple[int, list[Any]]]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
        from openpyxl.worksheet._reader import WorkSheetParser

        book = self._book
        worksheet = book[name]
        styles = book._cell_styles
        custom_formats = book._number_formats

        def number_format(style_id: int) -> str:
            try:
                format_id = styles[style_id].numFmtId
            except (IndexError, TypeError):
                return "General"
            if format_id < BUILTIN_FORMATS_MAX_SIZE:
                return BUILTIN_FORMATS.get(format_id, "General")
            try:
                return str(custom_formats[format_id - BUILTIN_FORMATS_MAX_SIZE])
            except IndexError:
                return "General"

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with book._archive.open(worksheet._worksheet_path) as source:
                parser = WorkSheetParser(
                    source,
                    worksheet._shared_strings,
                    data_only=True,
                    epoch=book.epoch,
                    date_formats=book._date_formats,
                    timedelta_formats=book._timedelta_formats,
                )
                for number, cells in parser.parse():
                    values: list[Any] = []
                    for cell in cells:
                        column = cell["column"]
                        value = cell["value"]
                        if value is None:
                            continue
                        kind = cell["data_type"]
                        if kind == "e":
                            value = CellError(value)
                        elif isinstance(value, str) and len(value) >= MAX_CELL_CHARS:
                            raise _too_long(self.path, name, number, column, len(value))
                        elif kind == "n" and isinstance(value, int | float):
                            value = _zero_padded(value, number_format(cell["style_id"]))
                        if column > len(values):
                            values.extend([None] * (column - len(values)))
                        values[column - 1] = value
                    yield number, values

    def _merged_ranges(self, name: str) -> list[tuple[int, int, int, int]]:
        """Merged ranges, found by scanning the sheet's XML bytes (they follow the cell data,
        which we may have stopped reading)."""
        worksheet = self._book[name]
        ranges: list[tuple[int, int, int, int]] = []
        tail = b""
        try:
            with self._book._archive.open(worksheet._worksheet_path) as source:
                while chunk := source.read(1 << 20):
                    data = tail + chunk
                    for match in _MERGE.finditer(data):
                        ref = match.group(1).decode()
                        first, _, last = ref.partition(":")
                        r1, c1 = _cell_ref(first)
                        r2, c2 = _cell_ref(last or first)
                        ranges.append((r1, c1, r2, c2))
                    tail = data[-200:]
                    if len(ranges) > 100_000:
                        break
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return []
        return sorted(set(ranges))


def _zero_padded(value: int | float, number_format: str) -> Any:
    """A number shown with leading zeros (format `00000`) becomes the text it shows."""
    if number_format == "General":
        return value
    match = _ZERO_FORMAT.match(number_format)
    if match and float(value).is_integer() and value >= 0:
        return str(int(value)).zfill(len(match.group(1)))
    return value


def is_date_value(value: Any) -> bool:
    return isinstance(value, dt.date | dt.datetime)
