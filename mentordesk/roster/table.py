"""Find the table in a sheet: the header row (even under titles, notes and logos), its
columns (blank and repeated headers named), and the data rows below it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.mapping import ROSTER, Vocabulary, header_likeness
from mentordesk.roster.workbook import SheetGrid

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in a DataRow's cells
    header: str  # unique within the table
    sheet_column: int  # 1-based column in the sheet

    @property
    def letter(self) -> str:
        return column_letter(self.sheet_column)


@dataclass(frozen=True)
class DataRow:
    number: int  # 1-based row in the sheet
    cells: tuple[Any, ...]  # one per table column

    def get(self, column: Column) -> Any:
        return self.cells[column.index] if column.index < len(self.cells) else None


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based
    columns: list[Column]
    rows: list[DataRow]
    epoch_1904: bool = False

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def samples(self, limit: int = 50) -> list[list[Any]]:
        return [[row.get(c) for row in self.rows[:limit]] for c in self.columns]


def column_letter(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _filled(row: Sequence[Any]) -> int:
    return sum(1 for v in row if not _blank(v))


def _has_data(row: Sequence[Any]) -> bool:
    """Whether any cell is filled: stops at the first (a row's first cell, mostly)."""
    return any(not _blank(v) for v in row)


def filled_rows(grid: SheetGrid, header_row: int) -> list[list[Any]]:
    """The sheet's rows with every merged range from the header down given the value of its
    top-left cell (a surname merged over two rows belongs to both). Titles merged above
    the header are left alone; the grid itself is not changed."""
    rows = grid.rows
    copied: set[int] = set()
    for r1, c1, r2, c2 in grid.merged:
        if r1 < header_row or r1 > len(rows) or (r2 - r1 + 1) * (c2 - c1 + 1) > 10_000:
            continue
        top = rows[r1 - 1]
        value = top[c1 - 1] if c1 - 1 < len(top) else None
        if _blank(value):
            continue
        if rows is grid.rows:
            rows = list(grid.rows)
        for r in range(r1, min(r2, len(rows)) + 1):
            if r not in copied:
                rows[r - 1] = list(rows[r - 1])
                copied.add(r)
            row = rows[r - 1]
            if len(row) < c2:
                row.extend([None] * (c2 - len(row)))
            for c in range(c1, c2 + 1):
                if _blank(row[c - 1]):
                    row[c - 1] = value
    return rows


def guess_header_row(grid: SheetGrid, vocabulary: Vocabulary = ROSTER) -> int:
    """The 1-based row that looks most like a header, among the first rows with data."""
    best_row, best_score = 0, float("-inf")
    candidates = 0
    for number, row in enumerate(grid.rows, start=1):
        if _filled(row) == 0:
            continue
        candidates += 1
        if candidates > HEADER_SEARCH_ROWS:
            break
        score = header_likeness(row, vocabulary)
        # A header has data under it, and a title row has a single cell.
        below = grid.rows[number] if number < len(grid.rows) else []
        if _filled(below) == 0 and number + 1 < len(grid.rows):
            below = grid.rows[number + 1]
        if _filled(below) == 0:
            score -= 2
        if _filled(row) == 1:
            score -= 1
        if score > best_score:
            best_row, best_score = number, score
    if best_row == 0:
        raise ImportRefused(f"Sheet '{grid.name}' is empty: there is nothing to import.")
    return best_row


def _is_subheader(row: Sequence[Any], width: int) -> bool:
    """A second header row such as "(at birth)" under "name"."""
    cells = [v for v in row[:width] if not _blank(v)]
    return bool(cells) and all(
        isinstance(v, str) and v.strip().startswith("(") and v.strip().endswith(")") for v in cells
    )


def build_table(
    grid: SheetGrid, header_row: int | None = None, vocabulary: Vocabulary = ROSTER
) -> Table:
    """The table whose header is at `header_row` (guessed when None)."""
    if header_row is None:
        header_row = guess_header_row(grid, vocabulary)
    if not 1 <= header_row <= len(grid.rows):
        raise ImportRefused(
            f"Row {header_row} is outside sheet '{grid.name}', which has {len(grid.rows)} rows."
        )
    all_rows = filled_rows(grid, header_row)
    header_cells = list(all_rows[header_row - 1])
    body = all_rows[header_row:]
    width = max([len(header_cells)] + [len(r) for r in body])
    # Columns with neither a header nor any data are not part of the table.
    used = [
        i
        for i in range(width)
        if (i < len(header_cells) and not _blank(header_cells[i]))
        or any(i < len(r) and not _blank(r[i]) for r in body)
    ]
    first_data = header_row + 1
    if body and _is_subheader(body[0], width):
        for i, extra in enumerate(body[0]):
            if not _blank(extra) and i < len(header_cells):
                header_cells[i] = f"{header_cells[i] or ''} {str(extra).strip()}".strip()
        first_data += 1
    columns: list[Column] = []
    seen: dict[str, int] = {}
    for i in used:
        raw = header_cells[i] if i < len(header_cells) else None
        header = " ".join(str(raw).split()) if not _blank(raw) else f"Column {column_letter(i + 1)}"
        key = header.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            header = f"{header} ({seen[key]})"
        columns.append(Column(len(columns), header, i + 1))
    # Every non-blank row below the header is a row of the table: a note under the data is
    # reported as a rejected row rather than guessed away (it could be a person).
    rows = [
        DataRow(
            number,
            tuple(
                all_rows[number - 1][c.sheet_column - 1]
                if c.sheet_column <= len(all_rows[number - 1])
                else None
                for c in columns
            ),
        )
        for number in range(first_data, len(all_rows) + 1)
        if _has_data(all_rows[number - 1])
    ]
    return Table(grid.name, header_row, columns, rows, grid.epoch_1904)
