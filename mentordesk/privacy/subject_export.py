"""A person's own data (the answer to a subject-access request): everything held about
one person, as JSON and as a readable PDF, and nobody else's data.

Their pairings, meetings, goals and check-ins are theirs too; the other person of a
pairing or of a never-pair rule is named only by role, never by name or number.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Table, or_, select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import (
    CheckIn,
    Concern,
    Goal,
    HistoryEntry,
    Meeting,
    PairExclusion,
    Pairing,
    Participant,
    Programme,
)
from mentordesk.programme.text_input import format_date
from mentordesk.store import Database
from mentordesk.store.audit_trail import plain_value

OTHER_PERSON = "(the other participant)"
# Columns that only say where a row sits in the file, not anything about the person.
_INTERNAL = ("programme_id", "import_batch_id")


@dataclass(frozen=True)
class PersonExport:
    name: str
    data: dict[str, Any]


def _row(obj: Any, *, hide: tuple[str, ...] = ()) -> dict[str, Any]:
    table = obj.__table__
    assert isinstance(table, Table)
    return {
        c.name: plain_value(getattr(obj, c.key))
        for c in table.columns
        if c.name not in _INTERNAL and c.name not in hide
    }


def _pairing_row(pairing: Pairing, person_id: int) -> dict[str, Any]:
    row = _row(pairing)
    own_role = "mentor" if pairing.mentor_id == person_id else "mentee"
    row["your_role"] = own_role
    other = "mentee_id" if own_role == "mentor" else "mentor_id"
    row[other] = OTHER_PERSON
    return row


def collect_person(session: Session, person_id: int) -> PersonExport:
    person = session.get(Participant, person_id)
    if person is None:
        raise MentorDeskError(f"There is no participant number {person_id}; nothing was written.")
    pairings = list(
        session.scalars(
            select(Pairing)
            .where(or_(Pairing.mentor_id == person_id, Pairing.mentee_id == person_id))
            .order_by(Pairing.id)
        )
    )
    pairing_ids = [p.id for p in pairings] or [-1]
    exclusions = session.scalars(
        select(PairExclusion).where(
            or_(PairExclusion.mentor_id == person_id, PairExclusion.mentee_id == person_id)
        )
    )
    programme = session.scalar(select(Programme).order_by(Programme.id).limit(1))
    history = session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.people.like(f"%,{person_id},%"))
        .order_by(HistoryEntry.id)
    )
    data: dict[str, Any] = {
        "exported_on": clock.today().isoformat(),
        "programme": programme.name if programme else "",
        "organisation": programme.organisation if programme else "",
        "person": _row(person),
        "screening": [_row(c) for c in person.screening_checks],
        "training": [_row(t) for t in person.trainings],
        "never_pair_rules": [
            {
                "reason": e.reason,
                "created_on": plain_value(e.created_on),
                "with": OTHER_PERSON,
            }
            for e in exclusions
        ],
        "pairings": [_pairing_row(p, person_id) for p in pairings],
        "goals": [
            _row(g)
            for g in session.scalars(
                select(Goal).where(Goal.pairing_id.in_(pairing_ids)).order_by(Goal.id)
            )
        ],
        "meetings": [
            _row(m, hide=("import_batch_id",))
            for m in session.scalars(
                select(Meeting).where(Meeting.pairing_id.in_(pairing_ids)).order_by(Meeting.held_on)
            )
        ],
        "check_ins": [
            _row(c)
            for c in session.scalars(
                select(CheckIn).where(CheckIn.pairing_id.in_(pairing_ids)).order_by(CheckIn.held_on)
            )
        ],
        "safety_concerns": [
            _row(c, hide=("pair_label", "pairing_id", "check_in_id", "meeting_id"))
            for c in session.scalars(
                select(Concern).where(Concern.pairing_id.in_(pairing_ids)).order_by(Concern.id)
            )
        ],
        "history": [_history_row(h, person_id) for h in history],
    }
    others = _other_names(pairings, person_id)
    own = {"person", "exported_on", "programme", "organisation"}
    cleaned = {k: (v if k in own else _without(v, others)) for k, v in data.items()}
    return PersonExport(person.display_name, cleaned)


def _other_names(pairings: list[Pairing], person_id: int) -> list[str]:
    """The names of the other person of each pairing, as they may appear in notes."""
    names: set[str] = set()
    for pairing in pairings:
        other = pairing.mentee if pairing.mentor_id == person_id else pairing.mentor
        for name in (
            f"{other.first_name} {other.last_name}",
            other.display_name,
            other.first_name,
            other.last_name,
        ):
            if name and len(name.strip()) >= 3:
                names.add(name.strip())
    return sorted(names, key=len, reverse=True)


def _without(value: Any, names: list[str]) -> Any:
    """Free text with other people's names replaced by their role."""
    if isinstance(value, str):
        for name in names:
            value = re.sub(rf"\b{re.escape(name)}\b", OTHER_PERSON, value)
        return value
    if isinstance(value, list):
        return [_without(v, names) for v in value]
    if isinstance(value, dict):
        return {k: _without(v, names) for k, v in value.items()}
    return value


def _history_row(entry: HistoryEntry, person_id: int) -> dict[str, Any]:
    changes = dict(entry.changes or {})
    for key in ("mentor_id", "mentee_id"):
        if key in changes:
            changes[key] = [v if v in (None, person_id) else OTHER_PERSON for v in changes[key]]
    return {
        "at": entry.at.isoformat(sep=" "),
        "by": entry.coordinator or entry.os_user,
        "action": entry.action,
        "change": entry.change,
        "record": entry.record_type,
        "fields": changes,
    }


def export_person(db: Database, person_id: int, out: Path) -> tuple[Path, Path]:
    """Write OUT as JSON and PDF (OUT.json and OUT.pdf, whatever OUT's own suffix)."""
    with db.reading() as session:
        export = collect_person(session, person_id)
    base = out.with_suffix("") if out.suffix.lower() in (".json", ".pdf") else out
    json_path = base.with_name(base.name + ".json")
    pdf_path = base.with_name(base.name + ".pdf")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = json_path.with_name(json_path.name + ".part")
    tmp.write_text(json.dumps(export.data, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(json_path)
    from mentordesk.privacy.person_pdf import write_person_pdf

    write_person_pdf(export, pdf_path)
    return json_path, pdf_path


def label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def show(value: Any) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, list):
        return ", ".join(show(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label(str(k))}: {show(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-":
        try:
            return format_date(dt.date.fromisoformat(value), long=True)
        except ValueError:
            return value
    return str(value)
