"""Import a roster: one transaction that creates new people, updates the ones already in
the programme (matched by id, email and name, or name and date of birth), reports the rows
it cannot take, and records an ImportBatch that can be undone."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import (
    ImportBatch,
    ImportKind,
    ModePreference,
    Participant,
    Programme,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
)
from mentordesk.participants.screening import ScreeningRequirements
from mentordesk.progress import NO_PROGRESS, Progress
from mentordesk.roster.fields import FIELD_BY_NAME, LIST_FIELDS
from mentordesk.roster.formats import ImportRefused
from mentordesk.roster.mapping import MIN_CONFIDENCE, header_guess
from mentordesk.roster.records import (
    PersonRecord,
    Problem,
    RowReader,
    identity_keys,
    merge_duplicates,
)
from mentordesk.roster.screening_import import plan_check, to_verify_note
from mentordesk.roster.source import RosterSource, remember_mapping
from mentordesk.roster.table import Table
from mentordesk.store import Database, current_programme, current_programme_id
from mentordesk.store.bulk_rows import add_rows
from mentordesk.store.gc_pause import paused_gc
from mentordesk.wording import plural

# Participant columns an import writes, with the value a new person gets when the sheet
# says nothing.
PERSON_DEFAULTS: dict[str, Any] = {
    "external_id": None,
    "first_name": "",
    "last_name": "",
    "preferred_name": "",
    "email": None,
    "phone": "",
    "date_of_birth": None,
    "gender": "",
    "school": "",
    "year_group": "",
    "employer": "",
    "job_title": "",
    "guardian_name": "",
    "guardian_phone": "",
    "guardian_email": None,
    "guardian_relationship": "",
    "interests": [],
    "career_goals": [],
    "skills": [],
    "languages": [],
    "availability": [],
    "location": "",
    "postcode": "",
    "meeting_mode": ModePreference.ANY,
    "mentor_gender_preference": "",
    "capacity": None,
    "notes": "",
}
# Columns restored on undo (and compared for "unchanged").
TRACKED = (*PERSON_DEFAULTS, "extra")
PROGRESS_EVERY = 250


@dataclass(frozen=True)
class RowOutcome:
    row: int
    status: str  # created, updated, unchanged, duplicate, rejected
    name: str
    message: str = ""


@dataclass
class ImportResult:
    file: str
    sheet: str
    header_row: int
    mapping: dict[str, str | None]
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    # Screening the sheet reported and a coordinator must verify (what was seen, by whom).
    to_verify: list[Problem] = field(default_factory=list)
    batch_id: int | None = None
    dry_run: bool = False
    kind: str = "roster"

    @property
    def extra_columns(self) -> list[str]:
        """Columns mapped to no field: kept only as extra information on each person."""
        return [header for header, field_name in self.mapping.items() if not field_name]

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "kind": self.kind,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "mapping": self.mapping,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "errors": [p.as_json() for p in self.errors],
            "warnings": [p.as_json() for p in self.warnings],
            "to_verify": [p.as_json() for p in self.to_verify],
            "batch_id": self.batch_id,
            "dry_run": self.dry_run,
            "extra_columns": self.extra_columns,
        }

    def summary(self) -> str:
        verb = "Would import" if self.dry_run else "Imported"
        return (
            f"{verb} {self.file} (sheet '{self.sheet}', header on row {self.header_row}): "
            f"{self.created} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{plural(self.duplicates, 'duplicate row')} merged, "
            f"{plural(self.rejected, 'row')} rejected."
            + (
                f" Columns kept only as extra information: {', '.join(self.extra_columns)}."
                if self.extra_columns and self.kind == "roster"
                else ""
            )
            + (
                f" {len(self.to_verify)} screening checks reported, to verify."
                if self.to_verify
                else ""
            )
        )


class NothingImported(ImportRefused):
    """Every row was rejected: nothing was written. Carries the result for the report."""

    def __init__(self, message: str, result: ImportResult) -> None:
        super().__init__(message)
        self.result = result


class _Rollback(Exception):
    def __init__(self, result: ImportResult) -> None:
        self.result = result


def jsonable(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return [str(x).casefold() for x in a] == [str(x).casefold() for x in b]
    return bool(a == b)


def looks_like_a_form(table: Table) -> bool:
    """Labels down one column and values beside them ("Name:", "Date of birth:"): a form
    filled in for one person, not a list of people."""
    if len(table.columns) > 3:
        return False
    labels = [table.headers[0], *(row.cells[0] if row.cells else None for row in table.rows)]
    texts = [v.strip() for v in labels if isinstance(v, str) and v.strip()]
    if len(texts) < 3:
        return False
    label_like = sum(
        1 for text in texts if text.endswith((":", "?")) or header_guess(text)[1] >= MIN_CONFIDENCE
    )
    return label_like >= max(3, (len(texts) + 1) // 2)


def check_mapping(source: RosterSource, mapping: dict[str, str | None], role: Role | None) -> None:
    """Refuse a mapping that cannot give every row a role and a name, and a sheet that is
    a form rather than a list of people (whatever role was given)."""
    if looks_like_a_form(source.table):
        table = source.table
        raise ImportRefused(
            f"Sheet '{table.sheet}' of {source.path.name} looks like a form (labels down "
            f"column {table.columns[0].letter}, values beside them), not a list of people with "
            "one person per row, so nothing was imported. Import a sheet with a header row "
            "and one row per person."
        )
    unknown = sorted({f for f in mapping.values() if f and f not in FIELD_BY_NAME})
    if unknown:
        raise ImportRefused(f"Unknown field(s) in the mapping: {', '.join(unknown)}.")
    fields = {f for f in mapping.values() if f}
    shown = [f"'{h[:30]}…'" if len(h) > 30 else f"'{h}'" for h in source.table.headers[:8]]
    headers = ", ".join(shown) + (", …" if len(source.table.headers) > 8 else "")
    table = source.table
    where = (
        f"sheet '{table.sheet}' of {source.path.name} (header row {table.header_row}: {headers})"
    )
    if not ({"first_name", "last_name"} <= fields or "full_name" in fields):
        raise ImportRefused(
            f"No columns for first and last names were found in {where}. Choose the columns "
            "that hold names in the import window, or rename the headers to "
            "'First name' and 'Last name' (or 'Name')."
        )
    if "role" not in fields and role is None:
        raise ImportRefused(
            f"The roster has no Role column, so it does not say who is a mentor and who is a "
            f"mentee ({where}). Say which they all are (command line: --role mentor or "
            "--role mentee), or add a Role column."
        )


def _chunks(items: list[Any], size: int = 500) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _Importer:
    def __init__(
        self, session: Session, source: RosterSource, result: ImportResult, progress: Progress
    ) -> None:
        self.session = session
        self.source = source
        self.result = result
        self.progress = progress
        self.programme_id = current_programme_id(session)
        programme = session.get(Programme, self.programme_id)
        self.valid_years = ScreeningRequirements.from_settings(
            programme.settings if programme else None
        ).check_valid_years
        self.today = clock.today()
        self.index: dict[tuple[Any, ...], Participant] = {}
        self.ids_taken: set[str] = set()
        self.names: set[tuple[str, str, Role]] = set()

    def load_existing(self) -> None:
        people = self.session.scalars(
            select(Participant).where(Participant.programme_id == self.programme_id)
        )
        for person in people:
            if person.external_id:
                self.ids_taken.add(person.external_id.casefold())
            self.names.add((person.first_name.casefold(), person.last_name.casefold(), person.role))
            facts = {
                "external_id": person.external_id,
                "email": person.email,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "date_of_birth": person.date_of_birth,
            }
            for key in identity_keys(facts):
                self.index.setdefault(key, person)

    def match(self, record: PersonRecord) -> Participant | None:
        return next((self.index[k] for k in identity_keys(record.values) if k in self.index), None)

    def reject(self, record: PersonRecord, message: str, field_name: str | None = None) -> None:
        problem = Problem(record.row, None, field_name, message)
        record.problems.append(problem)

    def changes(self, person: Participant, record: PersonRecord) -> dict[str, Any]:
        """Fields the sheet sets to a new value; an empty cell never erases anything."""
        changed: dict[str, Any] = {}
        for name, value in record.values.items():
            if name == "role" or value in (None, "", []):
                continue
            if name == "capacity" and person.role != Role.MENTOR:
                continue
            if not _same(getattr(person, name), value):
                changed[name] = value
        extra = {**(person.extra or {}), **record.extra}
        if extra != (person.extra or {}):
            changed["extra"] = extra
        return changed

    def check_changes(
        self, person: Participant, record: PersonRecord
    ) -> tuple[ScreeningCheck | None, bool]:
        """The background check to update (or None to create one), and whether it changes."""
        if record.background_check is None or person.role != Role.MENTOR:
            return None, False
        existing = next(
            (c for c in person.screening_checks if c.kind == ScreeningKind.BACKGROUND_CHECK), None
        )
        plan = plan_check(
            existing,
            record.background_check,
            record.check_dates,
            today=self.today,
            valid_years=self.valid_years,
            name=person.display_name,
        )
        if plan.kept is not None:
            self.result.warnings.append(
                Problem(record.row, self.check_column(), "background_check", plan.kept, True)
            )
        else:
            self.note_to_verify(record, person.display_name)
        return existing, plan.change

    def check_column(self) -> str | None:
        """The sheet's column that speaks of the background check."""
        fields = ("background_check", "background_check_date", "background_check_expires")
        return next((h for f in fields for h, m in self.result.mapping.items() if m == f), None)

    def note_to_verify(self, record: PersonRecord, name: str) -> None:
        if record.background_check == ScreeningStatus.REPORTED:
            self.result.to_verify.append(
                Problem(
                    record.row,
                    self.check_column(),
                    "background_check",
                    to_verify_note(name, record.check_dates),
                    warning=True,
                )
            )


def _new_person(record: PersonRecord, programme_id: int, batch_id: int | None) -> dict[str, Any]:
    row = dict(PERSON_DEFAULTS)
    row.update({k: v for k, v in record.values.items() if k in PERSON_DEFAULTS})
    row["role"] = record.role
    row["programme_id"] = programme_id
    row["import_batch_id"] = batch_id
    row["extra"] = dict(record.extra)
    row["joined_on"] = clock.today()
    if record.role == Role.MENTOR:
        row["capacity"] = row["capacity"] or 1
    else:
        row["capacity"] = None
    for name in LIST_FIELDS:
        row[name] = list(row[name])
    return row


def import_roster(
    db: Database,
    source: RosterSource,
    *,
    mapping: dict[str, str | None] | None = None,
    role: Role | None = None,
    dry_run: bool = False,
    progress: Progress = NO_PROGRESS,
    then: Callable[[Session, ImportResult], None] | None = None,
) -> ImportResult:
    """Import `source` in one transaction (rolled back on any error, on cancel, and for a
    dry run). Raises NothingImported when no row could be imported. `then` runs in the same
    transaction once the import is written (the command line keeps its undo there)."""
    chosen = dict(source.guessed_mapping)
    if mapping:
        unknown = [h for h in mapping if h not in chosen]
        if unknown:
            raise ImportRefused(f"The sheet has no column '{unknown[0]}'.")
        chosen.update(mapping)
    check_mapping(source, chosen, role)
    result = ImportResult(
        file=source.path.name,
        sheet=source.table.sheet,
        header_row=source.table.header_row,
        mapping=chosen,
        rows=len(source.table.rows),
        dry_run=dry_run,
    )
    try:
        # A dry run's work is never kept (on a read-only file it runs on a copy).
        unit = db.rehearsal() if dry_run else db.transaction()
        with paused_gc(), unit as session:
            _run(session, source, chosen, role, result, progress)
            if chosen != source.guessed_mapping:
                remember_mapping(session, source.table.headers, chosen)
            if dry_run:
                raise _Rollback(result)
            if then is not None:
                then(session, result)
    except _Rollback as rollback:
        rollback.result.batch_id = None
        return rollback.result
    return result


def _run(
    session: Session,
    source: RosterSource,
    mapping: dict[str, str | None],
    role: Role | None,
    result: ImportResult,
    progress: Progress,
) -> None:
    programme = current_programme(session)
    reader = RowReader(source.table, mapping, default_role=role, date_order=programme.date_order)
    total = len(source.table.rows)
    records: list[PersonRecord] = []
    for number, row in enumerate(source.table.rows):
        if number % PROGRESS_EVERY == 0:
            progress.step(number, total * 2, f"Checking row {row.number:,}…")
        records.append(reader.read(row))
    good = [r for r in records if r.ok]
    kept, result.duplicates, notes = merge_duplicates(good)
    merged_rows = {p.row for p in notes if p.message.startswith("Same person")}
    importer = _Importer(session, source, result, progress)
    importer.load_existing()

    creates: list[PersonRecord] = []
    updates: list[tuple[Participant, PersonRecord, dict[str, Any]]] = []
    check_work: list[tuple[Participant, PersonRecord, ScreeningCheck | None]] = []
    seen_ids: set[str] = set()
    for number, record in enumerate(kept):
        if number % PROGRESS_EVERY == 0:
            progress.step(total + number, total * 2, f"Matching {record.display_name}…")
        person = importer.match(record)
        external = str(record.values.get("external_id") or "").casefold()
        if person is not None:
            if person.role is not record.role:
                importer.reject(
                    record,
                    f"{person.display_name} is already in the programme as a {person.role.value}; "
                    "change the role there first, or fix this row.",
                    "role",
                )
                continue
            if external and person.external_id and person.external_id.casefold() != external:
                importer.reject(
                    record,
                    f"The ID {record.values['external_id']} differs from the ID "
                    f"{person.external_id} already recorded for {person.display_name}.",
                    "external_id",
                )
                continue
            if (
                external
                and external != (person.external_id or "").casefold()
                and external in importer.ids_taken
            ):
                importer.reject(
                    record,
                    f"The ID {record.values['external_id']} belongs to someone else.",
                    "external_id",
                )
                continue
            changed = importer.changes(person, record)
            check, check_changed = importer.check_changes(person, record)
            if changed or check_changed:
                updates.append((person, record, changed))
                if check_changed:
                    check_work.append((person, record, check))
            else:
                result.unchanged += 1
                result.outcomes.append(RowOutcome(record.row, "unchanged", record.display_name))
            continue
        if external and (external in seen_ids or external in importer.ids_taken):
            importer.reject(
                record,
                f"The ID {record.values['external_id']} is used by another row.",
                "external_id",
            )
            continue
        if external:
            seen_ids.add(external)
        if (*record.key_name(), record.role) in importer.names:
            result.warnings.append(
                Problem(
                    record.row,
                    None,
                    None,
                    f"A {record.role} called {record.display_name} is already in the "
                    "programme, but no ID, email or date of birth shows it is the same person: "
                    "added as someone new. Check, and delete one if they are the same.",
                    warning=True,
                )
            )
        creates.append(record)

    for record in records:
        if not record.ok:
            result.rejected += 1
            result.errors.extend(p for p in record.problems if not p.warning)
            first = next(p for p in record.problems if not p.warning)
            result.outcomes.append(
                RowOutcome(record.row, "rejected", record.display_name, first.message)
            )
        result.warnings.extend(p for p in record.problems if p.warning)
    result.warnings.extend(notes)
    result.warnings.extend(
        Problem(row, None, None, message, warning=True) for row, message in source.grid.notes
    )
    for merged in sorted(r for r in merged_rows if r is not None):
        result.outcomes.append(
            RowOutcome(merged, "duplicate", "", next(p.message for p in notes if p.row == merged))
        )

    if not creates and not updates and not result.unchanged:
        reasons = "; ".join(str(p) for p in result.errors[:3])
        raise NothingImported(
            f"Nothing could be imported from {source.path.name}: "
            + (
                f"all {result.rows} rows have problems ({reasons}…)."
                if result.rows
                else "the table has no rows under its header."
            ),
            result,
        )

    batch = ImportBatch(
        programme_id=importer.programme_id,
        kind=ImportKind.ROSTER,
        file_name=source.path.name,
        checksum=source.checksum,
        sheet=source.table.sheet,
        header_row=source.table.header_row,
        mapping=mapping,
        counts={},
        undo_data={},
        imported_at=clock.now(),
    )
    session.add(batch)
    session.flush()
    undo: dict[str, Any] = {
        "created": [],
        "updated": [],
        "checks_created": [],
        "checks_updated": [],
    }

    new_rows = [_new_person(r, importer.programme_id, batch.id) for r in creates]
    # Ids are given here (the batch's flush above holds SQLite's write lock, and one writer
    # holds the file), so the rows go in as one executemany instead of a RETURNING per row.
    next_id = (session.scalar(select(func.max(Participant.id))) or 0) + 1
    for offset, new_row in enumerate(new_rows):
        new_row["id"] = next_id + offset
    # The checks get their ids here too, so an undo can tell them from checks added later.
    next_check_id = (session.scalar(select(func.max(ScreeningCheck.id))) or 0) + 1
    checks = [
        {
            "participant_id": row["id"],
            "kind": ScreeningKind.BACKGROUND_CHECK,
            "status": r.background_check,
            "completed_on": r.check_dates.get("completed_on"),
            "expires_on": r.check_dates.get("expires_on"),
        }
        for row, r in zip(new_rows, creates, strict=True)
        if r.role == Role.MENTOR and r.background_check is not None
    ]
    for offset, check_row in enumerate(checks):
        check_row["id"] = next_check_id + offset
    source_name = f"import of {source.path.name}"
    add_rows(session, Participant, new_rows, people_column="id", source=source_name)
    progress.step(total + len(kept), total * 2, f"Saved {len(new_rows):,} new people…")
    add_rows(
        session,
        ScreeningCheck,
        checks,
        people_column="participant_id",
        source=source_name,
    )
    for r in creates:
        if r.role == Role.MENTOR:
            importer.note_to_verify(r, r.display_name)
    result.to_verify.sort(key=lambda p: p.row or 0)
    undo["created"] = [row["id"] for row in new_rows]
    result.outcomes.extend(RowOutcome(r.row, "created", r.display_name) for r in creates)
    result.created = len(creates)

    for person, record, changed in updates:
        before = {name: jsonable(getattr(person, name)) for name in changed}
        for name, value in changed.items():
            setattr(person, name, value)
        undo["updated"].append(
            {
                "id": person.id,
                "before": before,
                "after": {n: jsonable(v) for n, v in changed.items()},
            }
        )
        result.outcomes.append(
            RowOutcome(
                record.row,
                "updated",
                record.display_name,
                ", ".join(sorted(changed)) or "background check",
            )
        )
    for person, record, check in check_work:
        status = record.background_check
        assert status is not None  # only records with a check value are in check_work
        if check is None:
            new_check = ScreeningCheck(
                kind=ScreeningKind.BACKGROUND_CHECK,
                status=status,
                completed_on=record.check_dates.get("completed_on"),
                expires_on=record.check_dates.get("expires_on"),
            )
            person.screening_checks.append(new_check)
            session.flush()
            undo["checks_created"].append(new_check.id)
        else:
            undo["checks_updated"].append(
                {
                    "id": check.id,
                    "before": check.status.value,
                    "after": status.value,
                    "dates_before": {k: jsonable(getattr(check, k)) for k in record.check_dates},
                    "dates_after": {k: jsonable(v) for k, v in record.check_dates.items()},
                }
            )
            check.status = status
            for name, date in record.check_dates.items():
                setattr(check, name, date)
    result.updated = len(updates)
    result.outcomes.sort(key=lambda o: o.row)
    batch.counts = {
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "duplicates": result.duplicates,
        "rejected": result.rejected,
    }
    if checks or undo["checks_created"]:
        from mentordesk.roster.import_undo import checks_as_written

        session.flush()
        ids = [c["id"] for c in checks] + undo["checks_created"]
        undo["checks_written"] = checks_as_written(session, ids)
    batch.undo_data = undo
    session.flush()
    result.batch_id = batch.id
    progress.step(total * 2, total * 2, "Saving…")
