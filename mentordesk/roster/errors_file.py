"""Write the rejected rows of an import to a new workbook, with a column that says what
is wrong, so the coordinator can fix them and import the file again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from mentordesk.errors import MentorDeskError
from mentordesk.programme.spreadsheet_export import FORMULA_STARTS
from mentordesk.roster.table import Table
from mentordesk.roster.values import CONTROL

PROBLEM_HEADER = "What to fix"


def _cell(value: Any) -> Any:
    if value is None or isinstance(value, int | float | bool | dt.date | dt.datetime):
        return value
    text = CONTROL.sub("", str(value))
    return text or None


def _as_text(sheet: Any, row: int) -> None:
    """Formula-looking text ("=HYPERLINK(…)", "+1") stays text, as the table export keeps it."""
    for cell in sheet[row]:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True


def write_errors_file(path: Path, result: Any, table: Table) -> int:
    """Write the rejected rows (all columns as in the sheet, then the problems). Returns the
    number of rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    problems: dict[int, list[str]] = {}
    for problem in result.errors:
        if problem.row is not None:
            text = f"{problem.column}: {problem.message}" if problem.column else problem.message
            problems.setdefault(problem.row, []).append(text)
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = "Rejected rows"[:31]
    sheet.append([*(_cell(h) for h in table.headers), PROBLEM_HEADER])
    _as_text(sheet, 1)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    highlight = PatternFill("solid", fgColor="FFF2CC")
    written = 0
    for row in table.rows:
        if row.number not in problems:
            continue
        sheet.append([*(_cell(v) for v in row.cells), _cell(" ".join(problems[row.number]))])
        _as_text(sheet, sheet.max_row)
        sheet.cell(sheet.max_row, len(table.headers) + 1).fill = highlight
        for column in table.columns:
            value = row.cells[column.index]
            if isinstance(value, dt.date | dt.datetime):
                sheet.cell(sheet.max_row, column.index + 1).number_format = "yyyy-mm-dd"
        written += 1
    sheet.freeze_panes = "A2"
    sheet.column_dimensions[get_column_letter(len(table.headers) + 1)].width = 60
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
    except OSError as exc:
        raise MentorDeskError(f"Cannot write {path}: {exc.strerror}.") from exc
    return written
