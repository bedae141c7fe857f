"""Undo an import (remove what it created, restore what it updated) and redo it, from the
data its ImportBatch recorded. Refuses, changing nothing, when later work depends on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Date, DateTime, Enum, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import (
    Concern,
    FlagSnooze,
    ImportBatch,
    ImportKind,
    Meeting,
    PairExclusion,
    Pairing,
    Participant,
    ScreeningCheck,
    ScreeningKind,
    Training,
)
from mentordesk.roster.importer import jsonable
from mentordesk.store import Database
from mentordesk.store.actions import ACTIVITY, PAIRINGS, PARTICIPANTS, Outcome, outcome, run
from mentordesk.wording import plural

SKIPPED_COLUMNS = ("created_at", "updated_at")
T = TypeVar("T")


class UndoRefused(MentorDeskError):
    """The import cannot be undone (or redone) as things stand; nothing was changed."""


@dataclass(frozen=True)
class ImportSummary:
    id: int
    kind: str
    file_name: str
    sheet: str
    imported_at: dt.datetime
    undone: bool
    counts: dict[str, Any]
    # What this undo or redo did: "people removed", "people restored", "meetings put back"…
    changed: dict[str, int] = field(default_factory=dict)

    @property
    def description(self) -> str:
        what = "roster" if self.kind == ImportKind.ROSTER.value else "meeting log"
        return f"{what} import of {self.file_name}"


def _summary(batch: ImportBatch, changed: dict[str, int] | None = None) -> ImportSummary:
    return ImportSummary(
        batch.id,
        batch.kind.value,
        batch.file_name,
        batch.sheet,
        batch.imported_at,
        batch.undone_at is not None,
        dict(batch.counts or {}),
        dict(changed or {}),
    )


def list_imports(session: Session) -> list[ImportSummary]:
    batches = session.scalars(
        select(ImportBatch).order_by(ImportBatch.imported_at.desc(), ImportBatch.id.desc())
    )
    return [_summary(b) for b in batches]


def _chunks(items: list[T], size: int = 500) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _table(model: type[Any]) -> Table:
    """The model's table, typed as the Table it is (SQLAlchemy types it as any FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _from_json(table: Table, name: str, value: Any) -> Any:
    if value is None:
        return None
    column_type = table.c[name].type
    if isinstance(column_type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(column_type, Enum) and column_type.enum_class is not None:
        return column_type.enum_class(value)
    return value


def _snapshot(session: Session, table: Table, key: Any, ids: list[int]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for chunk in _chunks(ids):
        for row in session.execute(select(table).where(key.in_(chunk))).mappings():
            rows.append({k: jsonable(v) for k, v in row.items() if k not in SKIPPED_COLUMNS})
    return rows


def _restore_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(
            insert(table), [{k: _from_json(table, k, v) for k, v in r.items()} for r in rows]
        )


def _batch(session: Session, batch_id: int) -> ImportBatch:
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise UndoRefused(f"There is no import number {batch_id}.")
    return batch


def _names(session: Session, ids: list[int]) -> str:
    people = session.scalars(select(Participant).where(Participant.id.in_(ids[:3])))
    return ", ".join(p.display_name for p in people)


def _check_values(session: Session, entries: list[dict[str, Any]], side: str) -> None:
    """Refuse when a person was edited since, so an undo never throws away later work.
    Rows are read in chunks, as plain rows: the history screen asks this of every import."""
    table = _table(Participant)
    for chunk in _chunks(entries):
        names = {"id", "first_name", "preferred_name", "last_name"}
        names.update(name for entry in chunk for name in entry[side])
        columns = [table.c[name] for name in sorted(names)]
        rows = {
            row["id"]: row
            for row in session.execute(
                select(*columns).where(table.c.id.in_([e["id"] for e in chunk]))
            ).mappings()
        }
        for entry in chunk:
            row = rows.get(entry["id"])
            if row is None:
                raise UndoRefused("A person this import updated has since been deleted.")
            for name, value in entry[side].items():
                if jsonable(row[name]) != value:
                    name_shown = f"{row['preferred_name'] or row['first_name']} {row['last_name']}"
                    raise UndoRefused(
                        f"{name_shown.strip()} was changed after the import "
                        f"({name.replace('_', ' ')}); "
                        "undoing it would throw that change away."
                    )


def _set_values(session: Session, entries: list[dict[str, Any]], side: str) -> None:
    table = _table(Participant)
    for entry in entries:
        person = session.get(Participant, entry["id"])
        assert person is not None
        for name, value in entry[side].items():
            setattr(person, name, _from_json(table, name, value))


def checks_as_written(session: Session, ids: list[int]) -> list[dict[str, Any]]:
    """The screening checks an import wrote, as it wrote them (kept with the import): an
    undo compares them with what is there now."""
    return _snapshot(session, _table(ScreeningCheck), ScreeningCheck.id, ids)


# Records that hang off a person, made since the import: what undoing it would delete.
# (Meetings, goals, check-ins and concerns hang off a pairing.)
_LATER_RECORDS: tuple[tuple[str, tuple[Any, ...]], ...] = (
    ("paired", (Pairing.mentor_id, Pairing.mentee_id)),
    ("trained", (Training.participant_id,)),
    ("given never-pair rules", (PairExclusion.mentor_id, PairExclusion.mentee_id)),
    ("snoozed on the dashboard", (FlagSnooze.participant_id,)),
)
_SCREENED = "screened"
_ORDER = ("paired", _SCREENED, "trained", "given never-pair rules", "snoozed on the dashboard")


def _written_by_import(row: dict[str, Any], written: dict[int, dict[str, Any]] | None) -> bool:
    """Whether a check is exactly as the import wrote it. An import from before the
    checks were kept wrote at most a background check per new mentor; an edit to it
    can't be told there."""
    if written is None:
        return bool(row["kind"] == ScreeningKind.BACKGROUND_CHECK.value)
    return written.get(row["id"]) == row


def _later_work(session: Session, data: dict[str, Any]) -> dict[int, set[str]]:
    """The people the import added who have records made since, with what those are."""
    created: list[int] = list(data.get("created", []))
    kept = data.get("checks_written")
    written = {row["id"]: row for row in kept} if kept is not None else None
    found: dict[int, set[str]] = {}
    for chunk in _chunks(created):
        for what, columns in _LATER_RECORDS:
            for column in columns:
                for person in session.scalars(select(column).where(column.in_(chunk)).distinct()):
                    found.setdefault(person, set()).add(what)
        table = _table(ScreeningCheck)
        for row in _snapshot(session, table, ScreeningCheck.participant_id, chunk):
            if not _written_by_import(row, written):
                found.setdefault(row["participant_id"], set()).add(_SCREENED)
    return found


def _or_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _check_roster_undo(session: Session, batch: ImportBatch) -> None:
    """Refuse an undo that would throw later work away (see `undo_refusal`)."""
    data = dict(batch.undo_data or {})
    later = _later_work(session, data)
    if later:
        kinds = [k for k in _ORDER if any(k in found for found in later.values())]
        people = sorted(later)
        names = _names(session, people)
        if len(people) > 3:
            names += f" and {len(people) - 3:,} more"
        count = plural(len(people), "person", "people")
        raise UndoRefused(
            f"{count} this import added {'has' if len(people) == 1 else 'have'} since been "
            f"{_or_list(kinds)} ({names}); undoing it would delete that as well, so remove "
            "what was added to them first, or keep the import."
        )
    _check_values(session, data.get("updated", []), "after")
    for entry in data.get("checks_updated", []):
        check = session.get(ScreeningCheck, entry["id"])
        if check is None or check.status.value != entry["after"]:
            raise UndoRefused("A background check this import set has been changed since.")
    if "checks_written" in data:
        written = {row["id"]: row for row in data["checks_written"]}
        added = list(data.get("checks_created", []))
        for row in _snapshot(session, _table(ScreeningCheck), ScreeningCheck.id, added):
            if written.get(row["id"]) != row:
                raise UndoRefused(
                    "A background check this import added has been changed since; undoing "
                    "it would throw that change away."
                )


def _undo_roster(session: Session, batch: ImportBatch) -> dict[str, Any]:
    """Remove what the import created and restore what it updated (checked beforehand)."""
    data = dict(batch.undo_data or {})
    created: list[int] = list(data.get("created", []))
    data["removed_people"] = _snapshot(session, _table(Participant), Participant.id, created)
    data["removed_checks"] = _snapshot(
        session, _table(ScreeningCheck), ScreeningCheck.participant_id, created
    ) + _snapshot(
        session, _table(ScreeningCheck), ScreeningCheck.id, list(data.get("checks_created", []))
    )
    data["removed_trainings"] = _snapshot(
        session, _table(Training), Training.participant_id, created
    )
    # Deleting the people deletes their never-pair rules and snoozed flags with them (the
    # database cascades): keep those too, so a redo puts back everything the undo took.
    added = set(created)
    data["removed_exclusions"] = _snapshot(
        session, _table(PairExclusion), PairExclusion.mentor_id, created
    ) + [
        row
        for row in _snapshot(session, _table(PairExclusion), PairExclusion.mentee_id, created)
        if row["mentor_id"] not in added
    ]
    data["removed_snoozes"] = _snapshot(
        session, _table(FlagSnooze), FlagSnooze.participant_id, created
    )
    for chunk in _chunks(list(data.get("checks_created", []))):
        session.execute(delete(ScreeningCheck).where(ScreeningCheck.id.in_(chunk)))
    for chunk in _chunks(created):
        session.execute(delete(Participant).where(Participant.id.in_(chunk)))
    _set_values(session, data.get("updated", []), "before")
    for entry in data.get("checks_updated", []):
        check = session.get(ScreeningCheck, entry["id"])
        assert check is not None
        check.status = _from_json(_table(ScreeningCheck), "status", entry["before"])
        _set_check_dates(check, entry.get("dates_before", {}))
    return data


def _set_check_dates(check: ScreeningCheck, dates: dict[str, str | None]) -> None:
    for name, value in dates.items():
        setattr(check, name, dt.date.fromisoformat(value) if value else None)


def _redo_roster(session: Session, batch: ImportBatch) -> dict[str, Any]:
    data = dict(batch.undo_data or {})
    _check_values(session, data.get("updated", []), "before")
    taken = set(
        session.scalars(
            select(Participant.id).where(
                Participant.id.in_([r["id"] for r in data.get("removed_people", [])])
            )
        )
    )
    if taken:
        raise UndoRefused(
            "The people of this import cannot be put back: their records were reused."
        )
    _restore_rows(session, _table(Participant), data.pop("removed_people", []))
    _restore_rows(session, _table(ScreeningCheck), data.pop("removed_checks", []))
    _restore_rows(session, _table(Training), data.pop("removed_trainings", []))
    rules = data.pop("removed_exclusions", [])
    if rules:
        # A rule whose other person has been deleted since went with that person.
        people = set(session.scalars(select(Participant.id)))
        rules = [r for r in rules if r["mentor_id"] in people and r["mentee_id"] in people]
        _restore_rows(session, _table(PairExclusion), rules)
    _restore_rows(session, _table(FlagSnooze), data.pop("removed_snoozes", []))
    _set_values(session, data.get("updated", []), "after")
    for entry in data.get("checks_updated", []):
        check = session.get(ScreeningCheck, entry["id"])
        if check is not None:
            check.status = _from_json(_table(ScreeningCheck), "status", entry["after"])
            _set_check_dates(check, entry.get("dates_after", {}))
    return data


def _undo_meetings(session: Session, batch: ImportBatch) -> dict[str, Any]:
    data = dict(batch.undo_data or {})
    created = list(data.get("created", []))
    data["removed_meetings"] = _snapshot(session, _table(Meeting), Meeting.id, created)
    for chunk in _chunks(created):
        session.execute(delete(Meeting).where(Meeting.id.in_(chunk)))
    return data


def _redo_meetings(session: Session, batch: ImportBatch) -> dict[str, Any]:
    data = dict(batch.undo_data or {})
    rows = data.pop("removed_meetings", [])
    pairings = {r["pairing_id"] for r in rows}
    present = set(session.scalars(select(Pairing.id).where(Pairing.id.in_(pairings))))
    if pairings - present:
        raise UndoRefused("Some pairings of these meetings have been deleted since.")
    _restore_rows(session, _table(Meeting), rows)
    return data


def _check_undo(session: Session, batch: ImportBatch) -> None:
    if batch.undone_at is not None:
        raise UndoRefused(f"The import of {batch.file_name} has already been undone.")
    if not batch.undo_data:
        raise UndoRefused(
            f"The import of {batch.file_name} is more than 30 days old: what undo needed has "
            "been removed (retention), so it can no longer be undone."
        )
    if batch.kind is ImportKind.MEETINGS:
        _check_meetings_undo(session, batch)
    else:
        _check_roster_undo(session, batch)


def _check_meetings_undo(session: Session, batch: ImportBatch) -> None:
    """Refuse to delete meetings a safety concern was raised from since: the concern
    would lose the meeting it is about (a concern itself is never deleted)."""
    created: list[int] = list(dict(batch.undo_data or {}).get("created", []))
    raised = 0
    for chunk in _chunks(created):
        raised += (
            session.scalar(
                select(func.count()).select_from(Concern).where(Concern.meeting_id.in_(chunk))
            )
            or 0
        )
    if raised:
        raise UndoRefused(
            f"{plural(raised, 'safety concern')} {'was' if raised == 1 else 'were'} raised "
            "from meetings this import added; undoing it would delete the meetings the "
            "register points to, so keep the import."
        )


def undo_refusal(session: Session, batch: ImportBatch) -> str | None:
    """Why the import cannot be undone now, in one sentence; None when it can.

    An import can be undone while what undo needs is kept (30 days); while nothing has
    been added since to the people it added (a pairing, with its meetings, goals and
    agreements; a screening check or a change to the one the import wrote; training; a
    never-pair rule; a snoozed flag), which removing them would delete; and while the
    people and background checks it updated or added still hold the values it gave them
    (so an undo never throws a later edit away). A meeting log's import is kept once a
    safety concern was raised from one of its meetings. The same checks refuse the undo
    itself."""
    try:
        _check_undo(session, batch)
    except UndoRefused as refused:
        return str(refused)
    return None


def _undo(session: Session, batch_id: int) -> ImportSummary:
    batch = _batch(session, batch_id)
    _check_undo(session, batch)
    if batch.kind is ImportKind.MEETINGS:
        batch.undo_data = _undo_meetings(session, batch)
        changed = {"meetings removed": len(batch.undo_data["removed_meetings"])}
    else:
        batch.undo_data = _undo_roster(session, batch)
        changed = {
            "people removed": len(batch.undo_data["removed_people"]),
            "people restored": len(batch.undo_data.get("updated", [])),
        }
    batch.undone_at = clock.now()
    return _summary(batch, changed)


def _redo(session: Session, batch_id: int) -> ImportSummary:
    batch = _batch(session, batch_id)
    if batch.undone_at is None:
        raise UndoRefused(f"The import of {batch.file_name} is in place; there is nothing to redo.")
    data = dict(batch.undo_data or {})
    if batch.kind is ImportKind.MEETINGS:
        changed = {"meetings put back": len(data.get("removed_meetings", []))}
        batch.undo_data = _redo_meetings(session, batch)
    else:
        changed = {
            "people put back": len(data.get("removed_people", [])),
            "people updated again": len(data.get("updated", [])),
        }
        batch.undo_data = _redo_roster(session, batch)
    batch.undone_at = None
    return _summary(batch, changed)


IMPORT_AREAS = (PARTICIPANTS, PAIRINGS, ACTIVITY)


@dataclass(frozen=True)
class UndoImport:
    """Remove what the import created and restore what it updated; the inverse redoes it."""

    batch_id: int

    def apply(self, session: Session) -> Outcome:
        summary = _undo(session, self.batch_id)
        return outcome(RedoImport(self.batch_id), IMPORT_AREAS, result=summary)


@dataclass(frozen=True)
class RedoImport:
    """Put an undone import back exactly as it was (same records, same ids)."""

    batch_id: int

    def apply(self, session: Session) -> Outcome:
        summary = _redo(session, self.batch_id)
        return outcome(UndoImport(self.batch_id), IMPORT_AREAS, result=summary)


def undo_import(db: Database, batch_id: int) -> ImportSummary:
    """Remove what the import created and restore what it updated, in one transaction."""
    summary: ImportSummary = run(db, UndoImport(batch_id)).result
    return summary


def redo_import(db: Database, batch_id: int) -> ImportSummary:
    """Put an undone import back exactly as it was (same records, same ids)."""
    summary: ImportSummary = run(db, RedoImport(batch_id)).result
    return summary
