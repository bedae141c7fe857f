"""The two kinds of import the window's wizard walks through, behind one face: a roster of
people and a meeting log. Each step (open the file, list the fields a column can hold,
check the mapping, dry run, import) goes to the kind's own importer, so the wizard and
the command line share every rule."""

from __future__ import annotations

from pathlib import Path

from mentordesk.models import ImportKind, Role
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.roster.fields import FIELDS
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.importer import ImportResult, check_mapping, import_roster
from mentordesk.roster.mapping import MIN_CONFIDENCE, ROSTER, header_guess
from mentordesk.roster.meeting_log import (
    MEETINGS,
    REQUIRED_FIELDS,
    check_log_mapping,
    import_meeting_log,
    read_log,
)
from mentordesk.roster.source import RosterSource, open_source
from mentordesk.roster.table import guess_header_row
from mentordesk.roster.workbook import SheetGrid, Workbook
from mentordesk.store import Database


def is_meeting_log(source: RosterSource) -> bool:
    return source.vocabulary.name == MEETINGS.name


def kind_of(grid: SheetGrid) -> ImportKind:
    """Which import a sheet is for, from its header alone: a meeting log when the header
    has a column for each thing a meeting needs (mentor, mentee, date and minutes), else a
    roster. The one rule for a file dropped on the window and for `mentordesk import`
    without --kind."""
    try:
        header_row = guess_header_row(grid, MEETINGS)
    except ImportRefused:  # an empty sheet: the roster's reading says so
        return ImportKind.ROSTER
    named = set()
    for cell in grid.rows[header_row - 1]:
        if isinstance(cell, str) and cell.strip():
            field, confidence = header_guess(cell, MEETINGS)
            if field is not None and confidence >= MIN_CONFIDENCE:
                named.add(field)
    return ImportKind.MEETINGS if named.issuperset(REQUIRED_FIELDS) else ImportKind.ROSTER


def kind_of_file(
    path: Path, *, sheet: str | None = None, progress: Progress = NO_PROGRESS
) -> ImportKind:
    """`kind_of` the file's sheet (the first with data when none is named)."""
    with Workbook(path) as book:
        return kind_of(book.read(sheet, progress))


def open_import(
    db: Database,
    path: Path,
    kind: ImportKind,
    *,
    sheet: str | None = None,
    progress: Progress = NO_PROGRESS,
) -> RosterSource:
    """Read the sheet and guess its mapping with the kind's words (and the mappings this
    database remembers for that kind)."""
    if ImportKind(kind) is ImportKind.MEETINGS:
        with db.reading() as session:
            return read_log(path, sheet=sheet, session=session, progress=progress)
    return open_source(db, path, sheet=sheet, progress=progress)


def field_choices(source: RosterSource) -> list[tuple[str, str]]:
    """(field, label) a column of this sheet can be imported as."""
    if is_meeting_log(source):
        return list(MEETINGS.labels.items())
    assert source.vocabulary.name == ROSTER.name
    return [(f.name, f.label) for f in FIELDS]


def check_import_mapping(
    source: RosterSource, mapping: dict[str, str | None], role: Role | None
) -> None:
    """Refuse, with a sentence, a mapping the import would refuse."""
    if is_meeting_log(source):
        check_log_mapping(source, {**source.guessed_mapping, **mapping})
    else:
        check_mapping(source, mapping, role)


def run_import(
    db: Database,
    source: RosterSource,
    *,
    mapping: dict[str, str | None],
    role: Role | None = None,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
) -> ImportResult:
    """The kind's import in one transaction (nothing written for a dry run); raises
    NothingImported when no row could be imported."""
    if is_meeting_log(source):
        return import_meeting_log(db, source, mapping=mapping, dry_run=dry_run, progress=progress)
    return import_roster(db, source, mapping=mapping, role=role, dry_run=dry_run, progress=progress)
