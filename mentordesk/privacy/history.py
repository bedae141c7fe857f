"""Reading the audit trail: a person's, a pairing's or the whole programme's history, and
the check that no entry was edited or removed outside MentorDesk."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased

from mentordesk.models import HistoryEntry, HistoryHead, Pairing, Participant
from mentordesk.store import Database
from mentordesk.store.audit_trail import ERASED, entry_hash, value_digest

# How record tables are named to a coordinator.
RECORD_NAMES = {
    "participant": "person",
    "pairing": "pairing",
    "meeting": "meeting",
    "goal": "goal",
    "check_in": "check-in",
    "screening_check": "screening item",
    "training": "training",
    "pair_exclusion": "never-pair rule",
    "programme": "programme settings",
    "app_setting": "setting",
    "import_batch": "import",
    "erasure_record": "erasure record",
}


@dataclass(frozen=True)
class HistoryRow:
    id: int
    at: dt.datetime
    os_user: str
    coordinator: str
    action: str
    route: str
    change: str
    record: str
    record_id: int | None
    pairing_id: int | None
    changes: dict[str, list[Any]]

    @property
    def summary(self) -> str:
        fields = ", ".join(k.replace("_", " ") for k in self.changes if not k.startswith("_"))
        return fields

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["at"] = self.at.isoformat(sep=" ")
        return data


def _row(entry: HistoryEntry) -> HistoryRow:
    return HistoryRow(
        entry.id,
        entry.at,
        entry.os_user,
        entry.coordinator,
        entry.action,
        entry.route,
        entry.change,
        RECORD_NAMES.get(entry.record_type, entry.record_type.replace("_", " ")),
        entry.record_id,
        entry.pairing_id,
        dict(entry.changes or {}),
    )


def person_pairing_ids(session: Session, person_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Pairing.id).where(
                or_(Pairing.mentor_id == person_id, Pairing.mentee_id == person_id)
            )
        )
    )


def list_history(
    session: Session,
    *,
    person_id: int | None = None,
    pairing_id: int | None = None,
    search: str = "",
    limit: int | None = None,
) -> list[HistoryRow]:
    """Newest first. A person's history holds their own records and their pairings';
    `search` keeps entries whose action, record, fields or values contain the text."""
    stmt = select(HistoryEntry).order_by(HistoryEntry.id.desc())
    if person_id is not None:
        stmt = stmt.where(HistoryEntry.people.like(f"%,{int(person_id)},%"))
    if pairing_id is not None:
        stmt = stmt.where(HistoryEntry.pairing_id == pairing_id)
    rows = [_row(e) for e in session.scalars(stmt)]
    if search:
        needle = search.casefold()
        rows = [
            r
            for r in rows
            if needle
            in " ".join(
                (r.action, r.record, r.change, r.os_user, r.coordinator, json.dumps(r.changes))
            ).casefold()
        ]
    return rows[:limit] if limit is not None else rows


@dataclass(frozen=True)
class ChainCheck:
    entries: int
    broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_id is None and not self.reason


def verify_chain(session: Session) -> ChainCheck:
    """Walk the chain: each entry's hash, its link to the one before, its values against
    their digests, and the last entry against the head kept beside the chain."""
    prev_hash = ""
    expected_id = 1
    count = 0
    last: tuple[int, str] | None = None
    for entry in session.scalars(select(HistoryEntry).order_by(HistoryEntry.id)):
        count += 1
        data = {c.key: getattr(entry, c.key) for c in HistoryEntry.__mapper__.column_attrs}
        if entry.id != expected_id:
            return ChainCheck(count, expected_id, f"entry {expected_id} is missing")
        if entry.prev_hash != prev_hash:
            return ChainCheck(count, entry.id, "it does not follow the entry before it")
        if entry_hash(data) != entry.hash:
            return ChainCheck(count, entry.id, "it was changed after it was written")
        problem = _values_problem(entry)
        if problem:
            return ChainCheck(count, entry.id, problem)
        prev_hash = entry.hash
        expected_id += 1
        last = (entry.id, entry.hash)
    head = session.get(HistoryHead, 1)
    if last is None:
        if head is not None:
            return ChainCheck(0, 1, "the history was emptied")
        return ChainCheck(0)
    if head is None or (head.last_id, head.hash) != last:
        return ChainCheck(count, last[0], "entries after it were removed")
    return ChainCheck(count)


def _values_problem(entry: HistoryEntry) -> str:
    digests = entry.digests or {}
    changes = entry.changes or {}
    if set(digests) != set(changes):
        return "its list of fields was changed"
    for field, pair in changes.items():
        for side, value in enumerate(pair):
            if value == ERASED and not entry.salt:
                continue  # scrubbed by an erasure: the digest still holds the chain
            if value_digest(entry.salt, value) != digests[field][side]:
                return f"its value of {field.replace('_', ' ')} was changed"
    return ""


# --- for the window (which opens no sessions itself) ---------------------------------
def history_of(
    db: Database,
    *,
    person_id: int | None = None,
    pairing_id: int | None = None,
    search: str = "",
    limit: int | None = 5000,
) -> list[HistoryRow]:
    with db.reading() as session:
        return list_history(
            session, person_id=person_id, pairing_id=pairing_id, search=search, limit=limit
        )


def check_history(db: Database) -> ChainCheck:
    with db.reading() as session:
        return verify_chain(session)


def people_choices(db: Database) -> list[tuple[int, str]]:
    """(id, "Name (role)") of everyone, by name: for choosing whose history or data."""
    with db.reading() as session:
        rows = session.execute(
            select(
                Participant.id, Participant.first_name, Participant.last_name, Participant.role
            ).order_by(Participant.last_name, Participant.first_name)
        ).all()
    return [(pid, f"{first} {last} ({role.value})") for pid, first, last, role in rows]


def pairing_choices(db: Database) -> list[tuple[int, str]]:
    with db.reading() as session:
        mentor = aliased(Participant)
        mentee = aliased(Participant)
        rows = session.execute(
            select(
                Pairing.id, mentor.first_name, mentor.last_name, mentee.first_name, mentee.last_name
            )
            .join(mentor, Pairing.mentor_id == mentor.id)
            .join(mentee, Pairing.mentee_id == mentee.id)
            .order_by(Pairing.id)
        ).all()
    return [(pid, f"{a} {b} – {c} {d}") for pid, a, b, c, d in rows]
