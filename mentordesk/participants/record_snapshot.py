"""Everything that goes when people are deleted, kept as plain column values, so undo can
put every row back exactly as it was (same ids, same dates, same notes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import (
    CheckIn,
    Goal,
    Meeting,
    PairExclusion,
    Pairing,
    Participant,
    ScreeningCheck,
    Training,
)
from mentordesk.pairings.concerns import ConcernLink, concern_links, restore_links

# Parents before children: the order rows go back in.
TABLES: tuple[Table, ...] = tuple(
    model.__table__  # type: ignore[misc]
    for model in (
        Participant,
        ScreeningCheck,
        Training,
        PairExclusion,
        Pairing,
        Goal,
        Meeting,
        CheckIn,
    )
)
# Several hundred ids per IN (...) keeps each statement under SQLite's variable limit.
CHUNK = 500


@dataclass(frozen=True)
class RecordSnapshot:
    """Rows by table name, each row a dict of column values."""

    rows: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]
    # Resolved concerns about the people's pairings stay in the register; undo links
    # them back to the records it puts back.
    concern_links: tuple[ConcernLink, ...] = ()

    def count(self, table: str) -> int:
        return next((len(rows) for name, rows in self.rows if name == table), 0)

    def ids(self, table: str) -> list[int]:
        return next(([r["id"] for r in rows] for name, rows in self.rows if name == table), [])


def _chunks(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]


def _select(session: Session, table: Table, where: Any) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in session.execute(select(table).where(where))]


def _by_ids(
    session: Session, table: Table, columns: tuple[str, ...], ids: list[int]
) -> list[dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for chunk in _chunks(ids):
        where = or_(*(table.c[c].in_(chunk) for c in columns))
        for row in _select(session, table, where):
            found[row["id"]] = row
    return [found[k] for k in sorted(found)]


def snapshot_people(session: Session, participant_ids: list[int]) -> RecordSnapshot:
    """The people and every record that depends on them."""
    tables = {t.name: t for t in TABLES}
    people = _by_ids(session, tables["participant"], ("id",), participant_ids)
    per_person = ("participant_id",)
    rows = {
        "participant": people,
        "screening_check": _by_ids(session, tables["screening_check"], per_person, participant_ids),
        "training": _by_ids(session, tables["training"], per_person, participant_ids),
        "pair_exclusion": _by_ids(
            session, tables["pair_exclusion"], ("mentor_id", "mentee_id"), participant_ids
        ),
        "pairing": _by_ids(session, tables["pairing"], ("mentor_id", "mentee_id"), participant_ids),
    }
    pairing_ids = [r["id"] for r in rows["pairing"]]
    for name in ("goal", "meeting", "check_in"):
        rows[name] = _by_ids(session, tables[name], ("pairing_id",), pairing_ids)
    links = tuple(link for chunk in _chunks(pairing_ids) for link in concern_links(session, chunk))
    return RecordSnapshot(tuple((t.name, tuple(rows[t.name])) for t in TABLES), links)


def restore_snapshot(session: Session, snapshot: RecordSnapshot) -> None:
    """Insert every row of the snapshot back, with its own id."""
    tables = {t.name: t for t in TABLES}
    try:
        for name, rows in snapshot.rows:
            if rows:
                session.execute(insert(tables[name]), [dict(r) for r in rows])
        restore_links(session, snapshot.concern_links)
    except IntegrityError as exc:
        raise ValidationError(
            "The deleted records cannot be put back: a record added since uses the same "
            f"ID or identifier ({exc.orig})."
        ) from exc
