"""Erase a person: every row about them goes, from the file, its history and its backups.

What the law asks to keep is kept without them: a resolved safety concern keeps its dates
and text under a pseudonym, and an erasure record keeps the date and the counts, never the
name. A person with an open concern cannot be erased until it is resolved.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import (
    AppSetting,
    CheckIn,
    Concern,
    ErasureRecord,
    Goal,
    HistoryEntry,
    ImportBatch,
    Meeting,
    PairExclusion,
    Pairing,
    Participant,
    ScreeningCheck,
    Training,
)
from mentordesk.store import Database
from mentordesk.store.actions import LAST_COMMAND_LINE_CHANGE
from mentordesk.store.audit_trail import BULK_ADD, ERASED
from mentordesk.store.backup import list_backups
from mentordesk.store.cipher import overwrite_and_remove
from mentordesk.store.database import open_engine


class ErasureRefused(MentorDeskError):
    """The person cannot be erased as things stand; nothing was changed."""


@dataclass(frozen=True)
class ErasurePlan:
    person_id: int
    name: str
    goes: tuple[tuple[str, int], ...]
    kept: tuple[str, ...]
    blocked: str = ""

    @property
    def lines(self) -> list[str]:
        return [f"{label}: {count}" for label, count in self.goes if count]


@dataclass(frozen=True)
class ErasureResult:
    counts: dict[str, int]
    backups_rewritten: int
    backups_removed: tuple[str, ...] = field(default=())
    concerns_kept: int = 0


def _person(session: Session, person_id: int) -> Participant:
    person = session.get(Participant, person_id)
    if person is None:
        raise ErasureRefused(f"There is no participant number {person_id}; nothing was erased.")
    return person


def _pairing_ids(session: Session, person_id: int) -> list[int]:
    return list(
        session.scalars(
            select(Pairing.id).where(
                or_(Pairing.mentor_id == person_id, Pairing.mentee_id == person_id)
            )
        )
    )


def _count(session: Session, stmt: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(stmt.subquery())) or 0)


def _open_concerns(session: Session, pairings: list[int]) -> int:
    if not pairings:
        return 0
    return _count(
        session,
        select(Concern.id).where(Concern.pairing_id.in_(pairings), Concern.resolved_on.is_(None)),
    )


def _resolved_concerns(session: Session, pairings: list[int]) -> int:
    if not pairings:
        return 0
    return _count(
        session,
        select(Concern.id).where(
            Concern.pairing_id.in_(pairings), Concern.resolved_on.is_not(None)
        ),
    )


_CONCERN_TEXTS = ("pair_label", "raised_by", "description", "resolution", "resolved_by")


def _pseudonymise_concerns(
    session: Session, pairings: list[int], needles: list[str], pseudonym: str
) -> None:
    """Resolved concerns stay in the register (the law asks for them), the person's name
    replaced by a pseudonym in every text; their pairing link goes with the pairing."""
    if not pairings:
        return
    for concern in session.scalars(select(Concern).where(Concern.pairing_id.in_(pairings))):
        for name in _CONCERN_TEXTS:
            value = getattr(concern, name)
            if isinstance(value, str):
                redacted = _redact(value, needles, pseudonym)
                if redacted != value:
                    setattr(concern, name, redacted)


def _counts(session: Session, person_id: int, pairings: list[int]) -> dict[str, int]:
    in_pairs = pairings or [-1]
    return {
        "people": 1,
        "pairings": len(pairings),
        "meetings": _count(session, select(Meeting.id).where(Meeting.pairing_id.in_(in_pairs))),
        "goals": _count(session, select(Goal.id).where(Goal.pairing_id.in_(in_pairs))),
        "check-ins": _count(session, select(CheckIn.id).where(CheckIn.pairing_id.in_(in_pairs))),
        "screening items": _count(
            session, select(ScreeningCheck.id).where(ScreeningCheck.participant_id == person_id)
        ),
        "trainings": _count(
            session, select(Training.id).where(Training.participant_id == person_id)
        ),
        "never-pair rules": _count(
            session,
            select(PairExclusion.id).where(
                or_(PairExclusion.mentor_id == person_id, PairExclusion.mentee_id == person_id)
            ),
        ),
        "history entries": _count(
            session, select(HistoryEntry.id).where(_history_about(person_id, pairings))
        ),
    }


def _history_about(person_id: int, pairings: list[int]) -> Any:
    about: Any = HistoryEntry.people.like(f"%,{person_id},%")
    if pairings:
        about = or_(about, HistoryEntry.pairing_id.in_(pairings))
    return about


def plan_erasure(db: Database, person_id: int) -> ErasurePlan:
    """What erasing the person removes and keeps (for the confirmation), or why not."""
    with db.reading() as session:
        person = _person(session, person_id)
        pairings = _pairing_ids(session, person_id)
        counts = _counts(session, person_id, pairings)
        open_concerns = _open_concerns(session, pairings)
        resolved = _resolved_concerns(session, pairings)
        name = person.display_name
    blocked = ""
    if open_concerns:
        blocked = (
            f"{name} has an open safety concern; resolve it before erasing them "
            "(the safeguarding record must stay complete while it is open)."
        )
    goes = tuple((label, count) for label, count in counts.items() if label != "history entries")
    kept = [
        f"{counts['history entries']} history entries stay, their values replaced by “{ERASED}”",
        "an erasure record with today's date and these counts (never the name)",
    ]
    if resolved:
        kept.insert(0, f"{resolved} resolved safety concerns: dates and text, under a pseudonym")
    return ErasurePlan(person_id, name, goes, tuple(kept), blocked)


_IDENTIFYING = (
    Participant.first_name,
    Participant.last_name,
    Participant.email,
    Participant.phone,
    Participant.guardian_name,
    Participant.guardian_phone,
    Participant.guardian_email,
    Participant.external_id,
)


def _identifying_strings(session: Session, person: Participant) -> list[str]:
    """Values that name the person, to find them in free text and stored snapshots. A
    value someone else also has (a shared surname, a sibling's guardian) is left out, so
    erasing one person never scrubs another's records."""
    others: set[str] = set()
    for row in session.execute(select(*_IDENTIFYING).where(Participant.id != person.id)):
        first, last = row[0] or "", row[1] or ""
        others.update(str(v).strip().casefold() for v in row if v)
        others.add(f"{first} {last}".strip().casefold())
    candidates = [
        f"{person.first_name} {person.last_name}",
        person.display_name,
        person.last_name,
        person.email or "",
        person.phone,
        person.guardian_name,
        person.guardian_phone,
        person.guardian_email or "",
        person.external_id or "",
    ]
    unique = {
        c.strip()
        for c in candidates
        if c and len(c.strip()) >= 4 and c.strip().casefold() not in others
    }
    return sorted(unique, key=len, reverse=True)


def _mentions(value: Any, needles: Iterable[str]) -> bool:
    haystack = json.dumps(value, ensure_ascii=False, default=str).casefold()
    return any(n.casefold() in haystack for n in needles)


def _redact(text_value: str, needles: list[str], pseudonym: str) -> str:
    import re

    for needle in needles:
        text_value = re.sub(re.escape(needle), pseudonym, text_value, flags=re.IGNORECASE)
    return text_value


def _scrub_history(
    session: Session, person_id: int, pairings: list[int], needles: list[str]
) -> None:
    conn = session.connection()
    rows = conn.execute(
        select(
            HistoryEntry.id,
            HistoryEntry.change,
            HistoryEntry.changes,
            HistoryEntry.people,
            HistoryEntry.pairing_id,
        )
    ).all()
    for entry_id, change, changes, people, pairing_id in rows:
        # A bulk add names many people and holds none of their values: it stays unless
        # its text names the person.
        about = change != BULK_ADD and (
            f",{person_id}," in (people or "") or (pairing_id in pairings if pairing_id else False)
        )
        if not about and not _mentions(changes, needles):
            continue
        scrubbed = {k: [ERASED, ERASED] for k in (changes or {})}
        conn.execute(
            update(HistoryEntry)
            .where(HistoryEntry.id == entry_id)
            .values(changes=scrubbed, salt="")
        )


def _scrub_imports(
    session: Session, person_id: int, pairings: list[int], needles: list[str]
) -> int:
    """Take the person out of every import's undo snapshot; a snapshot that still names
    them afterwards is dropped whole (that import can then no longer be undone)."""
    changed = 0
    meeting_ids = set(
        session.scalars(select(Meeting.id).where(Meeting.pairing_id.in_(pairings or [-1])))
    )
    for batch in session.scalars(select(ImportBatch)):
        data = dict(batch.undo_data or {})
        if not data:
            continue
        before = json.dumps(data, sort_keys=True, default=str)
        for key, value in list(data.items()):
            if not isinstance(value, list):
                continue
            kept = [
                item
                for item in value
                if not _is_about(item, key, batch.kind.value, person_id, pairings, meeting_ids)
            ]
            data[key] = kept
        if _mentions(data, needles):
            data = {}
        if json.dumps(data, sort_keys=True, default=str) != before:
            batch.undo_data = data
            changed += 1
    return changed


def _is_about(
    item: Any, key: str, kind: str, person_id: int, pairings: list[int], meetings: set[int]
) -> bool:
    """Whether one item of an import's undo snapshot is about the person."""
    if isinstance(item, int):
        if key != "created":
            return False
        return item == person_id if kind == "roster" else item in meetings
    if isinstance(item, dict):
        if item.get("id") == person_id and key in ("updated", "removed_people"):
            return True
        return item.get("participant_id") == person_id or item.get("pairing_id") in pairings
    return False


def _scrub_settings(session: Session, needles: list[str]) -> int:
    """Remembered values that name the person go; so does the command line's stored undo
    (it may hold their rows under their number alone)."""
    removed = 0
    for setting in session.scalars(select(AppSetting)):
        if setting.key == LAST_COMMAND_LINE_CHANGE or _mentions(setting.value, needles):
            session.delete(setting)
            removed += 1
    return removed


def erase_in_session(
    session: Session, person_id: int, *, record: bool = True
) -> tuple[dict[str, int], int]:
    """Erase the person within this unit of work. Returns the counts and the number of
    resolved concerns kept under a pseudonym."""
    person = _person(session, person_id)
    pairings = _pairing_ids(session, person_id)
    if _open_concerns(session, pairings):
        raise ErasureRefused(
            f"{person.display_name} has an open safety concern; resolve it first. "
            "Nothing was erased."
        )
    needles = _identifying_strings(session, person)
    counts = _counts(session, person_id, pairings)
    pseudonym = f"Erased person {secrets.token_hex(3).upper()}"
    kept = _resolved_concerns(session, pairings)
    _pseudonymise_concerns(session, pairings, needles, pseudonym)
    counts["import snapshots changed"] = _scrub_imports(session, person_id, pairings, needles)
    counts["remembered values"] = _scrub_settings(session, needles)
    _scrub_history(session, person_id, pairings, needles)
    session.flush()
    session.execute(
        delete(Participant).where(Participant.id == person_id),
        execution_options={"synchronize_session": False},
    )
    session.expire_all()
    if record:
        session.add(
            ErasureRecord(
                erased_on=clock.today(),
                reason="erasure",
                counts={k: v for k, v in counts.items() if v},
                concerns_kept=kept,
            )
        )
    session.flush()
    # The entries this erasure itself wrote about the person.
    _scrub_history(session, person_id, pairings, needles)
    return counts, kept


def _rewrite_backup(db: Database, copy: Path, person_id: int, needles: list[str]) -> bool:
    """Erase the person from one backup (same key as the file). False when that cannot
    be done, e.g. a backup from before an upgrade: the caller then removes it."""
    try:
        engine = open_engine(copy, key=db.key)
    except Exception:
        return False
    try:
        sessions = sessionmaker(engine, expire_on_commit=False)
        with sessions() as session, session.begin():
            if session.get(Participant, person_id) is not None:
                erase_in_session(session, person_id, record=False)
            else:
                # Not there (or under another number): still scrub what names them.
                _scrub_history(session, person_id, [], needles)
                _scrub_settings(session, needles)
        raw = engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            conn.execute("VACUUM")
            conn.execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            raw.close()
    except Exception:
        return False
    finally:
        engine.dispose()
    return not any(n.encode() in copy.read_bytes() for n in needles) if db.key is None else True


def erase_person(db: Database, person_id: int) -> ErasureResult:
    """Erase the person from the open file and from every backup beside it; vacuum."""
    with db.reading() as session:
        person = _person(session, person_id)
        needles = _identifying_strings(session, person)
    with db.transaction() as session:
        counts, kept = erase_in_session(session, person_id)
    db.vacuum()
    rewritten = 0
    removed: list[str] = []
    for copy in list_backups(db.path):
        if _rewrite_backup(db, copy, person_id, needles):
            rewritten += 1
        else:
            overwrite_and_remove(copy)
            removed.append(copy.name)
    return ErasureResult(counts, rewritten, tuple(removed), kept)
