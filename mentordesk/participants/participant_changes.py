"""Add, edit, archive and delete participants.

Every function is one step inside the caller's transaction; the caller commits. Each
returns what its undo needs (the previous fields, statuses, or a snapshot of what went).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import (
    OPEN_STATUSES,
    CheckIn,
    Goal,
    Meeting,
    PairExclusion,
    Pairing,
    Participant,
    ParticipantStatus,
    ScreeningCheck,
    Training,
)
from mentordesk.pairings.concerns import refuse_open_concerns
from mentordesk.participants.participant_fields import (
    ParticipantFields,
    validate_fields,
    validation_message,
)
from mentordesk.participants.record_snapshot import (
    CHUNK,
    RecordSnapshot,
    restore_snapshot,
    snapshot_people,
)
from mentordesk.store import current_programme_id


def _get(session: Session, participant_id: int) -> Participant:
    person = session.get(Participant, participant_id)
    if person is None:
        raise ValidationError(
            f"There is no participant with id {participant_id}; they may have been deleted."
        )
    return person


def _check(person: ParticipantFields, on_date: dt.date) -> ParticipantFields:
    cleaned = person.cleaned()
    errors = validate_fields(cleaned, on_date)
    if errors:
        raise ValidationError(f"{cleaned.display_name} was not saved: {validation_message(errors)}")
    return cleaned


def _flush(session: Session, person: ParticipantFields) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        text = str(exc.orig)
        if "external_id" in text:
            raise ValidationError(
                f"Another participant already has the external ID “{person.external_id}”."
            ) from exc
        raise ValidationError(f"{person.display_name} could not be saved: {text}") from exc


def read_participant(session: Session, participant_id: int) -> ParticipantFields:
    return ParticipantFields.from_columns(_get(session, participant_id))


def create_participant(
    session: Session,
    person: ParticipantFields,
    on_date: dt.date,
    *,
    participant_id: int | None = None,
) -> int:
    """Add a person; `participant_id` re-creates one with its old id (redo)."""
    cleaned = _check(person, on_date)
    values = cleaned.column_values()
    if values["joined_on"] is None:
        values["joined_on"] = on_date
    record = Participant(id=participant_id, programme_id=current_programme_id(session), **values)
    session.add(record)
    _flush(session, cleaned)
    return record.id


def update_participant(
    session: Session, participant_id: int, person: ParticipantFields, on_date: dt.date
) -> ParticipantFields:
    """Save edited fields; returns the fields as they were, for undo."""
    record = _get(session, participant_id)
    before = ParticipantFields.from_columns(record)
    cleaned = _check(person, on_date)
    if cleaned.role != before.role:
        raise ValidationError(
            f"{before.display_name} is a {before.role}; the role of an existing participant "
            "cannot change. Add them again with the other role."
        )
    if cleaned.status == ParticipantStatus.ARCHIVED.value != before.status:
        _refuse_archive_with_open_pairings(session, [participant_id])
    for name, value in cleaned.column_values().items():
        if getattr(record, name) != value:
            setattr(record, name, value)
    _flush(session, cleaned)
    return before


def _refuse_archive_with_open_pairings(session: Session, ids: list[int]) -> None:
    busy = session.execute(
        select(Participant.first_name, Participant.last_name)
        .join(
            Pairing,
            or_(Pairing.mentor_id == Participant.id, Pairing.mentee_id == Participant.id),
        )
        .where(Participant.id.in_(ids), Pairing.status.in_(OPEN_STATUSES))
        .distinct()
    ).all()
    if busy:
        names = ", ".join(f"{first} {last}" for first, last in busy)
        raise ValidationError(
            f"{names} still {'has' if len(busy) == 1 else 'have'} an active or paused "
            "pairing; close it before archiving."
        )


def set_statuses(session: Session, statuses: dict[int, str]) -> dict[int, str]:
    """Give each person a status (archive, unarchive, put on hold); returns the old ones."""
    to_archive = [i for i, s in statuses.items() if s == ParticipantStatus.ARCHIVED.value]
    previous: dict[int, str] = {}
    records = {i: _get(session, i) for i in statuses}
    to_archive = [i for i in to_archive if records[i].status != ParticipantStatus.ARCHIVED]
    if to_archive:
        _refuse_archive_with_open_pairings(session, to_archive)
    for participant_id, status in statuses.items():
        record = records[participant_id]
        previous[participant_id] = record.status.value
        record.status = ParticipantStatus(status)
    session.flush()
    return previous


@dataclass(frozen=True)
class DeletionSummary:
    names: tuple[str, ...]
    pairings: int
    meetings: int
    goals: int
    check_ins: int
    screening_items: int
    trainings: int
    exclusions: int

    def sentence(self) -> str:
        """'Ann Lee and everything recorded about them: 1 pairing, 12 meetings, …'"""
        if len(self.names) <= 3:
            who = ", ".join(self.names)
        else:
            who = f"{len(self.names)} people ({', '.join(self.names[:3])}, …)"
        parts = [
            _count(self.pairings, "pairing"),
            _count(self.meetings, "meeting"),
            _count(self.goals, "goal"),
            _count(self.check_ins, "check-in"),
            _count(self.screening_items, "screening item"),
            _count(self.trainings, "training record"),
            _count(self.exclusions, "never-pair rule"),
        ]
        listed = [p for p in parts if p]
        if not listed:
            return f"{who}. Nothing else is recorded about them."
        return f"{who}, and with them: {', '.join(listed)}."


def _count(number: int, noun: str) -> str:
    if number == 0:
        return ""
    return f"{number} {noun}" + ("" if number == 1 else "s")


def deletion_summary(session: Session, participant_ids: list[int]) -> DeletionSummary:
    """What deleting these people erases, counted in a few queries."""
    names: list[str] = []
    counts = dict.fromkeys(
        ("pairing", "meeting", "goal", "check_in", "screening", "training", "exclusion"), 0
    )
    pairing_ids: set[int] = set()
    for chunk in [participant_ids[i : i + CHUNK] for i in range(0, len(participant_ids), CHUNK)]:
        names += [
            f"{first} {last}"
            for first, last in session.execute(
                select(Participant.first_name, Participant.last_name)
                .where(Participant.id.in_(chunk))
                .order_by(Participant.last_name, Participant.first_name)
            )
        ]
        pairing_ids |= set(
            session.scalars(
                select(Pairing.id).where(
                    or_(Pairing.mentor_id.in_(chunk), Pairing.mentee_id.in_(chunk))
                )
            )
        )
        for key, model in (("screening", ScreeningCheck), ("training", Training)):
            counts[key] += (
                session.scalar(
                    select(func.count()).select_from(model).where(model.participant_id.in_(chunk))
                )
                or 0
            )
        counts["exclusion"] += (
            session.scalar(
                select(func.count())
                .select_from(PairExclusion)
                .where(or_(PairExclusion.mentor_id.in_(chunk), PairExclusion.mentee_id.in_(chunk)))
            )
            or 0
        )
    ids = sorted(pairing_ids)
    _refuse_open_concerns(session, ids, names)
    for chunk in [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]:
        for key, record in (("meeting", Meeting), ("goal", Goal), ("check_in", CheckIn)):
            counts[key] += (
                session.scalar(
                    select(func.count()).select_from(record).where(record.pairing_id.in_(chunk))
                )
                or 0
            )
    if len(names) != len(set(participant_ids)):
        raise ValidationError("Some of these participants no longer exist; nothing was deleted.")
    return DeletionSummary(
        names=tuple(names),
        pairings=len(pairing_ids),
        meetings=counts["meeting"],
        goals=counts["goal"],
        check_ins=counts["check_in"],
        screening_items=counts["screening"],
        trainings=counts["training"],
        exclusions=counts["exclusion"],
    )


def _refuse_open_concerns(session: Session, pairing_ids: list[int], names: list[str]) -> None:
    who = names[0] if len(names) == 1 else f"These {len(names)} people"
    about = "their pairing" if len(names) == 1 else "their pairings"
    for chunk in [pairing_ids[i : i + CHUNK] for i in range(0, len(pairing_ids), CHUNK)]:
        refuse_open_concerns(session, chunk, who, about)


def delete_participants(session: Session, participant_ids: list[int]) -> RecordSnapshot:
    """Erase the people and everything about them; returns all of it, for undo. Refused
    while a concern about one of their pairings is open."""
    ids = sorted(set(participant_ids))
    snapshot = snapshot_people(session, ids)
    if len(snapshot.ids("participant")) != len(ids):
        raise ValidationError("Some of these participants no longer exist; nothing was deleted.")
    people = next(rows for name, rows in snapshot.rows if name == "participant")
    names = [f"{r['first_name']} {r['last_name']}" for r in people]
    _refuse_open_concerns(session, snapshot.ids("pairing"), names)
    # The database's ON DELETE CASCADE erases screening, training, exclusions, pairings
    # and, through the pairings, their meetings, goals and check-ins.
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        session.execute(
            delete(Participant).where(Participant.id.in_(chunk)),
            execution_options={"synchronize_session": False},
        )
    session.expire_all()
    return snapshot


def restore_participants(session: Session, snapshot: RecordSnapshot) -> None:
    """Put deleted people and their records back (undo of a deletion)."""
    restore_snapshot(session, snapshot)
    session.expire_all()
