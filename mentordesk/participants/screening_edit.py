"""A mentor's screening checklist and training, read and written as one plain record.

`write_screening()` makes the stored checklist equal to the record it is given, keeping
ids, so undo writes the previous record back and redo the new one: the same use-case
both ways.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import (
    Participant,
    Programme,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.participants.screening import (
    ITEM_LABELS,
    TRAINING,
    ScreeningRequirements,
)
from mentordesk.store import current_programme, programme_value

STANDARD_KINDS = (
    ScreeningKind.APPLICATION,
    ScreeningKind.INTERVIEW,
    ScreeningKind.REFERENCES,
    ScreeningKind.BACKGROUND_CHECK,
)


@dataclass(frozen=True)
class CheckRecord:
    kind: str
    label: str = ""  # the name of a programme's own item (kind "other")
    status: str = ScreeningStatus.NOT_STARTED.value
    completed_on: dt.date | None = None
    expires_on: dt.date | None = None
    reference_count: int = 0
    notes: str = ""
    id: int | None = None
    # The evidence: certificate or reference number seen, and who saw it.
    seen_reference: str = ""
    seen_by: str = ""

    @property
    def key(self) -> str:
        """The name the programme's required list uses for this item."""
        return self.label if self.kind == ScreeningKind.OTHER.value else self.kind


@dataclass(frozen=True)
class TrainingRecord:
    name: str = "Pre-match training"
    completed_on: dt.date | None = None
    hours: float = 0.0
    id: int | None = None


@dataclass(frozen=True)
class MentorScreening:
    mentor_id: int
    checks: tuple[CheckRecord, ...] = ()
    trainings: tuple[TrainingRecord, ...] = ()

    def check(self, key: str) -> CheckRecord | None:
        """The item's current record (the latest, if it was done more than once)."""
        found = [c for c in self.checks if c.key == key]
        return found[-1] if found else None

    def with_check(self, record: CheckRecord) -> MentorScreening:
        """Replace the current record of that item (or add it)."""
        current = self.check(record.key)
        if current is None:
            return replace(self, checks=(*self.checks, record))
        checks = tuple(record if c is current else c for c in self.checks)
        return replace(self, checks=checks)


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    kind: str
    title: str
    required: bool


def checklist_items(
    rules: ScreeningRequirements, screening: MentorScreening | None = None
) -> list[ChecklistItem]:
    """The standard items, then the programme's own items, then any others on record."""
    items = [
        ChecklistItem(
            k.value, k.value, ITEM_LABELS[k.value].capitalize(), k.value in rules.required
        )
        for k in STANDARD_KINDS
    ]
    standard = {k.value for k in STANDARD_KINDS} | {TRAINING}
    own = [key for key in rules.required if key not in standard]
    if screening is not None:
        own += [
            c.key
            for c in screening.checks
            if c.kind == ScreeningKind.OTHER.value and c.key and c.key not in own
        ]
    for key in own:
        items.append(ChecklistItem(key, ScreeningKind.OTHER.value, key, key in rules.required))
    return items


def programme_rules(session: Session) -> ScreeningRequirements:
    settings = programme_value(session, Programme.settings)
    return ScreeningRequirements.from_settings(settings)


def _mentor(session: Session, mentor_id: int) -> Participant:
    person = session.get(Participant, mentor_id)
    if person is None:
        raise ValidationError(f"There is no participant with id {mentor_id}.")
    if person.role != Role.MENTOR:
        raise ValidationError(f"{person.display_name} is a mentee; screening is for mentors.")
    return person


def read_screening(session: Session, mentor_id: int) -> MentorScreening:
    _mentor(session, mentor_id)
    checks = session.execute(
        select(ScreeningCheck)
        .where(ScreeningCheck.participant_id == mentor_id)
        .order_by(ScreeningCheck.id)
    ).scalars()
    trainings = session.execute(
        select(Training).where(Training.participant_id == mentor_id).order_by(Training.id)
    ).scalars()
    return MentorScreening(
        mentor_id=mentor_id,
        checks=tuple(
            CheckRecord(
                id=c.id,
                kind=c.kind.value,
                label=c.label,
                status=c.status.value,
                completed_on=c.completed_on,
                expires_on=c.expires_on,
                reference_count=c.reference_count,
                notes=c.notes,
                seen_reference=c.seen_reference,
                seen_by=c.seen_by,
            )
            for c in checks
        ),
        trainings=tuple(
            TrainingRecord(id=t.id, name=t.name, completed_on=t.completed_on, hours=t.hours)
            for t in trainings
        ),
    )


def _title(record: CheckRecord) -> str:
    if record.kind == ScreeningKind.OTHER.value:
        return record.label or "Other item"
    return ITEM_LABELS.get(record.kind, record.kind).capitalize()


def validate_screening(screening: MentorScreening, on_date: dt.date) -> dict[str, str]:
    """Problems by item key ('training:N' for the Nth training), each a sentence."""
    errors: dict[str, str] = {}
    for c in screening.checks:
        title = _title(c)
        if c.kind == ScreeningKind.OTHER.value and not c.label.strip():
            errors[c.key] = "Give the item a name."
        elif c.status == ScreeningStatus.COMPLETE.value and c.completed_on is None:
            errors[c.key] = f"{title}: give the date it was completed."
        elif c.completed_on is not None and c.completed_on > on_date:
            errors[c.key] = f"{title}: the completion date is in the future."
        elif (
            c.expires_on is not None
            and c.completed_on is not None
            and c.expires_on < c.completed_on
        ):
            errors[c.key] = f"{title}: it cannot expire before it was completed."
        elif c.status == ScreeningStatus.COMPLETE.value and not c.seen_reference.strip():
            errors[c.key] = f"{title}: give the certificate or reference number that was seen."
        elif c.status == ScreeningStatus.COMPLETE.value and not c.seen_by.strip():
            errors[c.key] = f"{title}: say who saw the evidence."
        elif c.reference_count < 0:
            errors[c.key] = f"{title}: the number of references cannot be negative."
    for number, t in enumerate(screening.trainings):
        key = f"training:{number}"
        if not t.name.strip():
            errors[key] = "Training: give its name."
        elif t.hours < 0:
            errors[key] = f"{t.name}: hours cannot be negative."
        elif t.completed_on is not None and t.completed_on > on_date:
            errors[key] = f"{t.name}: the date is in the future."
    return errors


def write_screening(
    session: Session, screening: MentorScreening, on_date: dt.date
) -> MentorScreening:
    """Make the mentor's stored checklist and training equal `screening`; returns it with
    the ids of new rows. Rows not in `screening` are removed; rows with an id that no
    longer exists (undo of a removal) come back with that id."""
    person = _mentor(session, screening.mentor_id)
    errors = validate_screening(screening, on_date)
    if errors:
        raise ValidationError(
            f"The screening of {person.display_name} was not saved: " + " ".join(errors.values())
        )
    checks = _sync(
        session,
        ScreeningCheck,
        screening.mentor_id,
        screening.checks,
        lambda c: {
            "kind": ScreeningKind(c.kind),
            "label": c.label.strip(),
            "status": ScreeningStatus(c.status),
            "completed_on": c.completed_on,
            "expires_on": c.expires_on,
            "reference_count": c.reference_count,
            "notes": c.notes,
            "seen_reference": c.seen_reference.strip(),
            "seen_by": c.seen_by.strip(),
        },
    )
    trainings = _sync(
        session,
        Training,
        screening.mentor_id,
        screening.trainings,
        lambda t: {"name": t.name.strip(), "completed_on": t.completed_on, "hours": t.hours},
    )
    return MentorScreening(
        screening.mentor_id,
        tuple(replace(c, id=i) for c, i in zip(screening.checks, checks, strict=True)),
        tuple(replace(t, id=i) for t, i in zip(screening.trainings, trainings, strict=True)),
    )


def _sync(session: Session, model: Any, mentor_id: int, records: Any, values: Any) -> list[int]:
    existing = {
        row.id: row
        for row in session.scalars(select(model).where(model.participant_id == mentor_id))
    }
    kept = {r.id for r in records if r.id is not None}
    for row_id, row in existing.items():
        if row_id not in kept:
            session.delete(row)
    session.flush()
    ids: list[int] = []
    for record in records:
        row = existing.get(record.id) if record.id is not None else None
        if row is None:
            row = model(id=record.id, participant_id=mentor_id)
            session.add(row)
        for name, value in values(record).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        session.flush()
        ids.append(row.id)
    return ids


def read_requirements(session: Session) -> ScreeningRequirements:
    return programme_rules(session)


def write_requirements(session: Session, rules: ScreeningRequirements) -> ScreeningRequirements:
    """Set the programme's screening rules; returns the previous ones."""
    if rules.min_references < 0 or rules.min_training_hours < 0:
        raise ValidationError("References and training hours cannot be negative.")
    if rules.check_valid_years < 1:
        raise ValidationError("A background check is valid for at least 1 year.")
    if any(not key.strip() for key in rules.required):
        raise ValidationError("Every required item needs a name.")
    programme = current_programme(session)
    before = ScreeningRequirements.from_settings(programme.settings)
    # Assign a new dict: the JSON column notices a new value, not an edit in place.
    programme.settings = {**(programme.settings or {}), "screening": rules.as_settings()}
    session.flush()
    return before
