"""Write a table (headers and rows of plain values) to an Excel workbook.

Dates stay dates, numbers stay numbers, the header is styled and frozen, columns are
sized to their content. Every .xlsx MentorDesk writes makes its cells with `sheet_cell`
and saves with `save_workbook`: text that a spreadsheet would take for a formula
(starting with =, +, -, @, a tab or a carriage return) is stored as text, marked so, and
never evaluated; control characters are removed (Excel refuses a file holding them);
text is cut to the 32,767 characters a cell can hold.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mentordesk.errors import MentorDeskError
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.store.atomic_files import replacing

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Control characters other than tab, line feed and carriage return (kept in notes).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CELL_CHARS = 32_767  # the most text an Excel cell holds
DATE_FORMAT = "dd mmm yyyy"
DATETIME_FORMAT = "dd mmm yyyy hh:mm"
MIN_WIDTH, MAX_WIDTH = 6, 60
# Excel's limit on a sheet's name, and characters a sheet name cannot hold.
SHEET_NAME_LENGTH = 31
SHEET_NAME_FORBIDDEN = set("[]:*?/\\")
PROGRESS_EVERY = 500


def sheet_name(title: str) -> str:
    title = CONTROL.sub("", title)
    cleaned = "".join("_" if ch in SHEET_NAME_FORBIDDEN else ch for ch in title).strip("' ")
    return (cleaned or "Sheet")[:SHEET_NAME_LENGTH]


def cell_value(value: Any) -> Any:
    """The value as a cell takes it: dates and numbers native, the rest as text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date | int | float):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def clean_text(text: str) -> str:
    """Text as a cell may hold it: no control characters, at most CELL_CHARS long."""
    if not text.isprintable():
        text = CONTROL.sub("", text)
    return text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 17
    if isinstance(value, dt.date):
        return 11
    return max((len(line) for line in str(value).splitlines()), default=0)


def new_workbook() -> Any:
    """A write-only workbook with no sheet yet (add them with `create_sheet`)."""
    from openpyxl import Workbook

    return Workbook(write_only=True)


def sheet_cell(sheet: Any, value: Any) -> Any:
    """The one way a MentorDesk workbook gets a cell: `value` as `cell_value` gives it,
    text cleaned and never a formula."""
    from openpyxl.cell import WriteOnlyCell

    value = cell_value(value)
    if isinstance(value, str):
        value = clean_text(value) or None
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        # Stored as a string, shown with Excel's text marker: never run as a formula.
        cell.data_type = "s"
        cell.quotePrefix = True
    elif isinstance(value, dt.datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, dt.date):
        cell.number_format = DATE_FORMAT
    return cell


def save_workbook(workbook: Any, path: Path) -> None:
    """Save at `path`, replacing it only once complete; a failure is one sentence."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with replacing(path) as partial:
            workbook.save(partial)
    except OSError as exc:
        raise MentorDeskError(
            f"Could not write {path}: {exc.strerror or exc}. If the file is open in a "
            "spreadsheet, close it and try again."
        ) from exc


def write_table(
    path: Path,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    progress: Progress = NO_PROGRESS,
) -> int:
    """Write the workbook at `path` (replacing it only once complete). Returns rows written."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    path = Path(path)
    values = [[cell_value(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in values:
        for number, value in enumerate(row):
            widths[number] = max(widths[number], _width(value))

    workbook = new_workbook()
    sheet = workbook.create_sheet(sheet_name(title))
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(
            max(width + 2, MIN_WIDTH), MAX_WIDTH
        )
    sheet.freeze_panes = "A2"
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    header_border = Border(bottom=Side(style="thin", color="7F8FA6"))
    header_cells = []
    for text in headers:
        cell = sheet_cell(sheet, str(text))
        cell.font = header_font
        cell.fill = header_fill
        cell.border = header_border
        cell.alignment = Alignment(vertical="center")
        header_cells.append(cell)
    sheet.append(header_cells)
    total = len(values)
    try:
        for done, row in enumerate(values, start=1):
            sheet.append([sheet_cell(sheet, value) for value in row])
            if done % PROGRESS_EVERY == 0:
                progress.step(done, total, f"Writing row {done} of {total}")
    except BaseException:
        # Cancelled or failed: close the half-written sheet; no file is written.
        with contextlib.suppress(Exception):
            sheet.close()
        raise
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{total + 1}"

    progress.step(total, total, "Saving the workbook…")
    save_workbook(workbook, path)
    return total
