"""Is a mentor ready to be matched? Every required screening item done and unexpired.

The required items are programme settings (settings["screening"]), so a programme that
needs no interview, or three references, says so once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.models import (
    Participant,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)

TRAINING = "training"
DEFAULT_REQUIRED = ("application", "interview", "references", "background_check", TRAINING)
ITEM_LABELS = {
    "application": "application",
    "interview": "interview",
    "references": "references",
    "background_check": "background check",
    TRAINING: "pre-match training",
}


@dataclass(frozen=True)
class ScreeningRequirements:
    required: tuple[str, ...] = DEFAULT_REQUIRED
    min_references: int = 2
    min_training_hours: float = 0.0

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> ScreeningRequirements:
        own = (settings or {}).get("screening", {})
        return cls(
            required=tuple(own.get("required", DEFAULT_REQUIRED)),
            min_references=int(own.get("min_references", 2)),
            min_training_hours=float(own.get("min_training_hours", 0.0)),
        )

    def as_settings(self) -> dict[str, Any]:
        return {
            "required": list(self.required),
            "min_references": self.min_references,
            "min_training_hours": self.min_training_hours,
        }


@dataclass(frozen=True)
class Readiness:
    mentor_id: int
    ready: bool
    # Plain reasons a mentor is not ready, e.g. "background check expired on 03 Mar 2026".
    missing: tuple[str, ...] = ()
    background_check_expires: dt.date | None = None
    background_check_done: bool = False

    @property
    def summary(self) -> str:
        return "Ready to match" if self.ready else "Not ready: " + "; ".join(self.missing)


@dataclass
class _Evidence:
    # Rows with the ScreeningCheck columns readiness needs (kind, label, status, ...).
    checks: dict[str, list[Any]] = field(default_factory=lambda: defaultdict(list))
    training_hours: float = 0.0
    trained: bool = False


def _item_reason(
    item: str,
    evidence: _Evidence,
    rules: ScreeningRequirements,
    on_date: dt.date,
    valid_through: dt.date | None,
) -> str | None:
    label = ITEM_LABELS.get(item, item.replace("_", " "))
    if item == TRAINING:
        if not evidence.trained:
            return "pre-match training not recorded"
        if evidence.training_hours < rules.min_training_hours:
            return (
                f"pre-match training {evidence.training_hours:g} h of "
                f"{rules.min_training_hours:g} h required"
            )
        return None
    checks = evidence.checks.get(item, [])
    complete = [c for c in checks if c.status is ScreeningStatus.COMPLETE]
    if not complete:
        if any(c.status is ScreeningStatus.FAILED for c in checks):
            return f"{label} failed"
        if any(c.status is ScreeningStatus.IN_PROGRESS for c in checks):
            return f"{label} in progress"
        return f"{label} not done"
    if item == ScreeningKind.REFERENCES.value:
        count = max(c.reference_count for c in complete)
        if count < rules.min_references:
            return f"references: {count} of {rules.min_references}"
    expiries = [c.expires_on for c in complete if c.expires_on is not None]
    if expiries and len(expiries) == len(complete):
        latest = max(expiries)
        if latest < on_date:
            return f"{label} expired on {latest:%d %b %Y}"
        if valid_through is not None and latest < valid_through:
            return f"{label} expires on {latest:%d %b %Y}, before {valid_through:%d %b %Y}"
    return None


def mentor_readiness(
    session: Session,
    on_date: dt.date,
    mentor_ids: Iterable[int] | None = None,
    rules: ScreeningRequirements | None = None,
    valid_through: dt.date | None = None,
) -> dict[int, Readiness]:
    """Readiness of each mentor (all mentors when `mentor_ids` is None), in three queries."""
    if rules is None:
        from mentordesk.models import Programme

        settings = session.scalar(select(Programme.settings).order_by(Programme.id).limit(1))
        rules = ScreeningRequirements.from_settings(settings)
    id_query = select(Participant.id).where(Participant.role == Role.MENTOR)
    if mentor_ids is not None:
        wanted = list(mentor_ids)
        id_query = id_query.where(Participant.id.in_(wanted))
    ids = list(session.scalars(id_query))
    evidence: dict[int, _Evidence] = {i: _Evidence() for i in ids}
    # Plain rows, not ORM objects: readiness of thousands of mentors stays fast.
    for check in session.execute(
        select(
            ScreeningCheck.participant_id,
            ScreeningCheck.kind,
            ScreeningCheck.label,
            ScreeningCheck.status,
            ScreeningCheck.expires_on,
            ScreeningCheck.reference_count,
        ).where(ScreeningCheck.participant_id.in_(ids))
    ):
        key = check.label if check.kind is ScreeningKind.OTHER and check.label else check.kind
        evidence[check.participant_id].checks[str(key)].append(check)
    for person_id, hours, done in session.execute(
        select(Training.participant_id, Training.hours, Training.completed_on).where(
            Training.participant_id.in_(ids)
        )
    ):
        if done is not None and done <= on_date:
            evidence[person_id].trained = True
            evidence[person_id].training_hours += hours or 0.0
    result = {}
    for mentor_id, found in evidence.items():
        reasons = [
            reason
            for item in rules.required
            if (reason := _item_reason(item, found, rules, on_date, valid_through))
        ]
        bg = [
            c
            for c in found.checks.get(ScreeningKind.BACKGROUND_CHECK.value, [])
            if c.status is ScreeningStatus.COMPLETE
        ]
        expiries = [c.expires_on for c in bg if c.expires_on is not None]
        result[mentor_id] = Readiness(
            mentor_id=mentor_id,
            ready=not reasons,
            missing=tuple(reasons),
            background_check_expires=max(expiries) if expiries else None,
            background_check_done=bool(bg),
        )
    return result
