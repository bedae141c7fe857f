"""Write the rejected rows of an import to a new workbook, with a column that says what
is wrong, so the coordinator can fix them and import the file again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mentordesk.programme.spreadsheet_export import (
    new_workbook,
    save_workbook,
    sheet_cell,
)
from mentordesk.roster.table import Table

PROBLEM_HEADER = "What to fix"
SHEET_TITLE = "Rejected rows"


def write_errors_file(path: Path, result: Any, table: Table) -> int:
    """Write the rejected rows (all columns as in the sheet, then the problems). Returns the
    number of rows written. Cells go through `sheet_cell`: text from the source that looks
    like a formula ("=HYPERLINK(…)", "+1") stays text."""
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    problems: dict[int, list[str]] = {}
    for problem in result.errors:
        if problem.row is not None:
            text = f"{problem.column}: {problem.message}" if problem.column else problem.message
            problems.setdefault(problem.row, []).append(text)
    book = new_workbook()
    sheet = book.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    sheet.column_dimensions[get_column_letter(len(table.headers) + 1)].width = 60
    bold = Font(bold=True)
    header = [sheet_cell(sheet, h) for h in [*table.headers, PROBLEM_HEADER]]
    for cell in header:
        cell.font = bold
    sheet.append(header)
    highlight = PatternFill("solid", fgColor="FFF2CC")
    written = 0
    for row in table.rows:
        if row.number not in problems:
            continue
        cells = [sheet_cell(sheet, v) for v in row.cells]
        problem = sheet_cell(sheet, " ".join(problems[row.number]))
        problem.fill = highlight
        sheet.append([*cells, problem])
        written += 1
    save_workbook(book, Path(path))
    return written
