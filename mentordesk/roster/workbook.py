"""Read one sheet of an .xlsx/.xlsm or a .csv into plain rows of cell values.

Never trusts a sheet's stated size: rows are streamed from the XML (openpyxl's worksheet
parser, as its read-only mode does, without the `<dimension>` it would trust), reading
stops after a long run of blank rows, and columns are capped. Every failure of the file
becomes an `ImportRefused` with advice; nothing here raises anything else.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentordesk.progress import NO_PROGRESS, Cancelled, Progress
from mentordesk.roster.formats import SAVE_AS_XLSX, FileFormat, ImportRefused, detect_format

# Past this many blank rows the sheet is over: formatted empty rows to row 1,048,576 and a
# `<dimension>` that claims a million rows cost nothing more.
BLANK_RUN_END = 1000
MAX_COLUMNS = 512
MAX_ROWS = 200_000
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

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


def _damaged(path: Path, exc: BaseException) -> ImportRefused:
    detail = str(exc).strip().splitlines()[0][:160] if str(exc).strip() else type(exc).__name__
    return ImportRefused(
        f"{path.name} could not be read: it looks damaged or was written by a program that "
        f"breaks the Excel format ({detail}). {SAVE_AS_XLSX}"
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


class Workbook:
    """An open spreadsheet file. Use as a context manager."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.format = detect_format(self.path)
        self._book: Any = None
        self._csv_rows: list[list[Any]] | None = None
        if self.format is FileFormat.XLSX:
            self._open_xlsx()
            self.sheets = [
                SheetInfo(ws.title, ws.sheet_state == "visible") for ws in self._book.worksheets
            ]
        else:
            self._csv_rows = _read_csv(self.path)
            self.sheets = [SheetInfo(self.path.stem, True)]

    def _open_xlsx(self) -> None:
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

    def close(self) -> None:
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
        if self._book is None:
            return False
        return self._book.epoch.year == 1904

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
        merged = self._merged_ranges(name) if self.format is FileFormat.XLSX else []
        return SheetGrid(name, rows, self.epoch_1904, merged, ignored)

    # --- streaming ----------------------------------------------------------------------
    def _rows(
        self, name: str, *, limit: int | None = None, progress: Progress = NO_PROGRESS
    ) -> Iterator[list[Any]]:
        """Rows from sheet row 1 on, gaps filled with empty rows, until a long blank run."""
        source = self._csv_rows_iter() if self._csv_rows is not None else self._xlsx_rows(name)
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
            raise _damaged(self.path, exc) from exc

    def _csv_rows_iter(self) -> Iterator[tuple[int, list[Any]]]:
        assert self._csv_rows is not None
        for number, row in enumerate(self._csv_rows, start=1):
            yield number, list(row)

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
                return custom_formats[format_id - BUILTIN_FORMATS_MAX_SIZE]
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


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Windows' "ANSI" exports; the few bytes cp1252 leaves undefined fall back to Latin-1.
        return "".join(
            chunk.decode("cp1252", errors="strict")
            if _cp1252_ok(chunk)
            else chunk.decode("latin-1")
            for chunk in re.split(rb"([\x81\x8d\x8f\x90\x9d])", data)
        )


def _cp1252_ok(chunk: bytes) -> bool:
    try:
        chunk.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def _delimiter(text: str) -> str:
    sample_lines = [line for line in text.splitlines()[:30] if line.strip()]
    sample = "\n".join(sample_lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample_lines[0] if sample_lines else ""
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _read_csv(path: Path) -> list[list[Any]]:
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise ImportRefused(f"{path.name} cannot be read: {exc.strerror}.") from exc
    delimiter = _delimiter(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = [[cell if cell.strip() else None for cell in row] for row in reader]
    except csv.Error as exc:
        raise ImportRefused(
            f"{path.name} is not a well-formed CSV file ({exc}). Save it again from "
            "Excel or LibreOffice as 'CSV UTF-8', or as .xlsx."
        ) from exc
    return rows


def is_date_value(value: Any) -> bool:
    return isinstance(value, dt.date | dt.datetime)
