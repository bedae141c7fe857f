"""Small spreadsheets written with openpyxl for the import tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

MESSY_HEADERS = [
    "Student ID",
    "Forename",
    "Surname",
    "E-mail address",
    "Mobile",
    "DOB",
    "Year",
    "Hobbies",
    "Parent/Guardian Name",
    "Parent phone",
    "Favourite colour",
]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    *,
    title_rows: Sequence[Sequence[Any]] = (),
    sheet: str = "Roster",
    formats: dict[str, str] | None = None,
) -> Path:
    """Rows (the first is the header) under optional title rows; `formats` maps a column
    letter to a number format for its data cells."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    for row in title_rows:
        ws.append(list(row))
    for row in rows:
        ws.append(list(row))
    if formats:
        first_data = len(title_rows) + 2
        for letter, number_format in formats.items():
            for r in range(first_data, ws.max_row + 1):
                ws[f"{letter}{r}"].number_format = number_format
    book.save(path)
    return path


def messy_roster(path: Path) -> Path:
    """A school export: title, note and merged title rows above the header, a hidden
    column, a blank row between data rows, phones as numbers with a `00000...` format."""
    rows = [
        MESSY_HEADERS,
        [
            "S1001",
            "  Ann\u00a0",
            "Smith",
            "ann@example.org",
            7700900123,
            dt.date(2012, 3, 4),
            8,
            "football, drawing; music",
            "Mary Smith",
            "07700 900456",
            "blue",
        ],
        [
            "S1002",
            "Ben",
            "O'Neill",
            "BEN@Example.org",
            7700900124,
            "14/02/2011",
            "9",
            "chess\ncoding",
            "Tom O'Neill",
            "07700900457",
            None,
        ],
        [None] * 11,
        [
            "S1003",
            "Chloé",
            "Dubois",
            None,
            None,
            "2010-09-01",
            10,
            None,
            "Inès Dubois",
            "0044 20 7946 0000",
            "green",
        ],
    ]
    book = Workbook()
    ws = book.active
    ws.title = "Year 8-10"
    ws.append(["Riverside Secondary — mentoring roster"])
    ws.merge_cells("A1:F1")
    ws.append(["Exported 2026-11-01; do not share"])
    ws.append([])
    for row in rows:
        ws.append(row)
    for r in range(5, ws.max_row + 1):
        ws[f"E{r}"].number_format = "00000000000"
    ws.column_dimensions["K"].hidden = True
    book.save(path)
    return path
