"""Open a roster file and find its table and a first guess of the mapping: everything
the wizard shows before anything is written."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from mentordesk.models import AppSetting
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.roster.mapping import ROSTER, ColumnGuess, Vocabulary, guess_mapping, mapping_key
from mentordesk.roster.table import Table, build_table
from mentordesk.roster.workbook import SheetGrid, SheetInfo, Workbook
from mentordesk.store import Database


@dataclass
class RosterSource:
    path: Path
    checksum: str
    sheets: list[SheetInfo]
    grid: SheetGrid
    table: Table
    guesses: list[ColumnGuess]
    vocabulary: Vocabulary = ROSTER

    @property
    def guessed_mapping(self) -> dict[str, str | None]:
        return {g.header: g.field for g in self.guesses}

    def with_header_row(self, header_row: int, session: Session | None = None) -> RosterSource:
        """The same sheet read with another header row."""
        return self.read_as(self.vocabulary, header_row, session)

    def read_as(
        self,
        vocabulary: Vocabulary,
        header_row: int | None = None,
        session: Session | None = None,
    ) -> RosterSource:
        """The same sheet read for another kind of import (its header row found with that
        kind's words when not given), without reading the file again."""
        table = build_table(self.grid, header_row, vocabulary)
        remembered = remembered_mapping(session, table.headers, vocabulary) if session else None
        guesses = guess_mapping(table.headers, table.samples(), remembered, vocabulary)
        return RosterSource(
            self.path, self.checksum, self.sheets, self.grid, table, guesses, vocabulary
        )


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def remembered_mapping(
    session: Session, headers: list[str], vocabulary: Vocabulary = ROSTER
) -> dict[str, str | None] | None:
    setting = session.get(AppSetting, mapping_key(headers, vocabulary))
    if setting is None or not isinstance(setting.value, dict):
        return None
    return {str(k): (str(v) if v else None) for k, v in setting.value.items()}


def remember_mapping(
    session: Session,
    headers: list[str],
    mapping: dict[str, str | None],
    vocabulary: Vocabulary = ROSTER,
) -> None:
    key = mapping_key(headers, vocabulary)
    value = {h: mapping.get(h) for h in headers}
    setting = session.get(AppSetting, key)
    if setting is None:
        session.add(AppSetting(key=key, value=value))
    else:
        setting.value = value


def read_source(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    session: Session | None = None,
    progress: Progress = NO_PROGRESS,
    vocabulary: Vocabulary = ROSTER,
) -> RosterSource:
    """Read the sheet, find the table, guess the mapping (remembered mappings first)."""
    path = Path(path)
    with Workbook(path) as book:
        grid = book.read(sheet, progress)
        sheets = list(book.sheets)
    table = build_table(grid, header_row, vocabulary)
    remembered = (
        remembered_mapping(session, table.headers, vocabulary) if session is not None else None
    )
    guesses = guess_mapping(table.headers, table.samples(), remembered, vocabulary)
    return RosterSource(path, file_checksum(path), sheets, grid, table, guesses, vocabulary)


def open_source(
    db: Database, path: Path, *, sheet: str | None = None, progress: Progress = NO_PROGRESS
) -> RosterSource:
    """`read_source` with the mappings this database remembers (the wizard's first look)."""
    with db.reading() as session:
        return read_source(path, sheet=sheet, session=session, progress=progress)


def source_with_header_row(db: Database, source: RosterSource, header_row: int) -> RosterSource:
    with db.reading() as session:
        return source.with_header_row(header_row, session)
