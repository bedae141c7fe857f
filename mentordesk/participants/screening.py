"""Is a mentor ready to be matched? Every required screening item done and unexpired.

The required items are programme settings (settings["screening"]), so a programme that
needs no interview, or three references, says so once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, and_, case, func, select, type_coerce
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from mentordesk.models import (
    Participant,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.programme.text_input import format_date
from mentordesk.store import programme_value

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
    # EEP: at least two hours of pre-match training.
    min_training_hours: float = 2.0
    # The renewal rule: a check without its own expiry date is valid this many years
    # from the day it was done.
    check_valid_years: int = 3
    # A minor's pairing becomes active only with a parent's or guardian's permission.
    guardian_permission: bool = True

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> ScreeningRequirements:
        own = (settings or {}).get("screening", {})
        return cls(
            required=tuple(own.get("required", DEFAULT_REQUIRED)),
            min_references=int(own.get("min_references", 2)),
            min_training_hours=float(own.get("min_training_hours", 2.0)),
            check_valid_years=int(own.get("check_valid_years", 3)),
            guardian_permission=bool(own.get("guardian_permission", True)),
        )

    def as_settings(self) -> dict[str, Any]:
        return {
            "required": list(self.required),
            "min_references": self.min_references,
            "min_training_hours": self.min_training_hours,
            "check_valid_years": self.check_valid_years,
            "guardian_permission": self.guardian_permission,
        }


# A check that runs out within this many days is flagged, so it can be renewed in time.
EXPIRY_WARNING_DAYS = 30


@dataclass(frozen=True)
class Readiness:
    mentor_id: int
    ready: bool
    # Plain reasons a mentor is not ready, e.g. "background check expired on 03 Mar 2026".
    missing: tuple[str, ...] = ()
    background_check_expires: dt.date | None = None
    background_check_done: bool = False
    # Items said to be done but not verified (an import's "yes"): what to verify.
    to_verify: tuple[str, ...] = ()
    # Items valid today that run out within EXPIRY_WARNING_DAYS: (item, last valid day).
    expiring: tuple[tuple[str, dt.date], ...] = ()

    @property
    def summary(self) -> str:
        return "Ready to match" if self.ready else "Not ready: " + "; ".join(self.missing)


# What is known about one checklist item of one mentor, summed over its checks in SQL:
# (done with evidence by the day it must be done, failed, in progress, reported, complete
# without evidence, most references on a counted check, latest expiry of a counted check
# as ISO text, first day a check with evidence was done). A plain tuple: tens of
# thousands are made on each load.
_Facts = tuple[int, int, int, int, int, int | None, str | None, str | None]
_NOTHING: _Facts = (0, 0, 0, 0, 0, None, None, None)
_WIDTH = len(_NOTHING)


@dataclass
class _Evidence:
    items: dict[str, _Facts] = field(default_factory=dict)
    training_hours: float = 0.0
    trained: bool = False


_dates: dict[str, dt.date] = {}


def _date(text: str) -> dt.date:
    found = _dates.get(text)
    if found is None:
        found = _dates[text] = dt.date.fromisoformat(text)
    return found


_REFERENCES = ScreeningKind.REFERENCES.value


def item_label(item: str) -> str:
    """How a checklist item is named in a sentence ("background check", a programme's own
    item by its label)."""
    return ITEM_LABELS.get(item) or item.replace("_", " ")


_label = item_label


def _item_reason(
    item: str,
    evidence: _Evidence,
    rules: ScreeningRequirements,
    on_date: dt.date,
    valid_through: dt.date | None,
    done_by: dt.date,
) -> str | None:
    """Why this item keeps the mentor from being matched, or None when it is fine."""
    if item == TRAINING:
        if not evidence.trained:
            if done_by < on_date:
                return f"pre-match training not recorded by {format_date(done_by)}"
            return "pre-match training not recorded"
        if evidence.training_hours < rules.min_training_hours:
            return (
                f"pre-match training {evidence.training_hours:g} h of "
                f"{rules.min_training_hours:g} h required"
            )
        return None
    facts = evidence.items.get(item, _NOTHING)
    done, failed, in_progress, reported, bare, references, expires, first_done = facts
    if not done:
        if failed:
            return f"{_label(item)} failed"
        if first_done is not None:
            done_on = format_date(_date(first_done))
            return f"{_label(item)} done on {done_on}, after {format_date(done_by)}"
        if bare:
            return f"{_label(item)} has no evidence recorded (date done, what was seen, by whom)"
        if reported:
            return f"{_label(item)} reported, to verify"
        if in_progress:
            return f"{_label(item)} in progress"
        return f"{_label(item)} not done"
    if item == _REFERENCES and (references or 0) < rules.min_references:
        return f"references: {references or 0} of {rules.min_references}"
    if expires is not None:
        latest = _date(expires)
        if latest < on_date:
            return f"{_label(item)} expired on {format_date(latest)}"
        if valid_through is not None and latest < valid_through:
            return (
                f"{_label(item)} expires on {format_date(latest)}, "
                f"before {format_date(valid_through)}"
            )
    return None


def _evidence(
    connection: Connection,
    mentors: Any,
    ids: list[int],
    items: list[str],
    done_by: dt.date,
    valid_years: int,
) -> dict[int, _Evidence]:
    """Each mentor's checklist in one row a mentor: conditional sums for each item."""
    evidence: dict[int, _Evidence] = {i: _Evidence() for i in ids}
    check = ScreeningCheck.__table__.c
    status = type_coerce(check.status, String)
    kind = type_coerce(check.kind, String)
    completed = type_coerce(check.completed_on, String)
    standard = {k.value for k in ScreeningKind} - {ScreeningKind.OTHER.value}
    # Without its own expiry a check follows the renewal rule.
    expiry = func.coalesce(
        type_coerce(check.expires_on, String), func.date(completed, f"+{valid_years} years")
    )
    complete = status == ScreeningStatus.COMPLETE.value
    evidenced = and_(
        complete, check.completed_on.is_not(None), check.seen_reference != "", check.seen_by != ""
    )
    columns = []
    for item in items:
        if item in standard:
            is_item = kind == item
        else:  # a programme's own item, named by its label
            is_item = and_(kind == ScreeningKind.OTHER.value, check.label == item)
        counted = and_(is_item, evidenced, completed <= done_by.isoformat())
        columns += [
            func.max(case((counted, 1), else_=0)),
            func.max(case((and_(is_item, status == ScreeningStatus.FAILED.value), 1), else_=0)),
            func.max(
                case((and_(is_item, status == ScreeningStatus.IN_PROGRESS.value), 1), else_=0)
            ),
            func.max(case((and_(is_item, status == ScreeningStatus.REPORTED.value), 1), else_=0)),
            func.max(case((and_(is_item, complete, ~evidenced), 1), else_=0)),
            func.max(case((counted, check.reference_count))),
            func.max(case((counted, expiry))),
            func.min(case((and_(is_item, evidenced), completed))),
        ]
    if columns:
        result = connection.execute(
            select(check.participant_id, *columns)
            .where(check.participant_id.in_(mentors))
            .group_by(check.participant_id)
        )
        # A few thousand rows at a time: a worker thread lets the GUI thread run between.
        for row in (r for chunk in result.partitions(2000) for r in chunk):
            found = evidence[row[0]].items
            for number, item in enumerate(items):
                found[item] = tuple(row[1 + number * _WIDTH : 1 + (number + 1) * _WIDTH])
    training = Training.__table__.c
    for mentor_id, hours in connection.execute(
        select(training.participant_id, func.sum(training.hours))
        .where(
            training.participant_id.in_(mentors),
            training.completed_on.is_not(None),
            training.completed_on <= done_by,
        )
        .group_by(training.participant_id)
    ):
        evidence[mentor_id].trained = True
        evidence[mentor_id].training_hours = hours or 0.0
    return evidence


def mentor_readiness(
    session: Session,
    on_date: dt.date,
    mentor_ids: Iterable[int] | None = None,
    rules: ScreeningRequirements | None = None,
    valid_through: dt.date | None = None,
    done_by: dt.date | None = None,
) -> dict[int, Readiness]:
    """Readiness of each mentor (all mentors when `mentor_ids` is None), in three queries
    that sum each checklist item in SQL, one row a mentor: quick for tens of thousands.

    Every required item must be done with evidence by `done_by` (default `on_date`), be
    valid on `on_date` and, when given, still valid on `valid_through`. Pairing uses
    `participants.screening_gate`, which sets that window; this is its engine.
    """
    if rules is None:
        from mentordesk.models import Programme

        settings = programme_value(session, Programme.settings)
        rules = ScreeningRequirements.from_settings(settings)
    done_by = on_date if done_by is None else min(done_by, on_date)
    id_query = select(Participant.id).where(Participant.role == Role.MENTOR)
    if mentor_ids is not None:
        wanted = list(mentor_ids)
        id_query = id_query.where(Participant.id.in_(wanted))
    connection = session.connection()
    ids = list(connection.execute(id_query).scalars())
    background = ScreeningKind.BACKGROUND_CHECK.value
    items = [i for i in dict.fromkeys([*rules.required, background]) if i != TRAINING]
    # A subquery, not a list of ids: thousands of mentors stay one statement.
    evidence = _evidence(
        connection, id_query.scalar_subquery(), ids, items, done_by, rules.check_valid_years
    )
    required = rules.required
    warn_until = on_date + dt.timedelta(days=EXPIRY_WARNING_DAYS)
    result = {}
    for mentor_id, found in evidence.items():
        reasons = tuple(
            reason
            for item in required
            if (reason := _item_reason(item, found, rules, on_date, valid_through, done_by))
        )
        to_verify = tuple(
            _label(item)
            for item in items
            if (facts := found.items.get(item, _NOTHING))
            and not facts[0]
            and (facts[3] or facts[4])
        )
        expiring = tuple(
            (_label(item), _date(facts[6]))
            for item in items
            if (facts := found.items.get(item, _NOTHING))[0]
            and facts[6] is not None
            and on_date <= _date(facts[6]) <= warn_until
        )
        done, *_rest, expires, _first = found.items.get(background, _NOTHING)
        result[mentor_id] = Readiness(
            mentor_id=mentor_id,
            ready=not reasons,
            missing=reasons,
            background_check_expires=_date(expires) if done and expires else None,
            background_check_done=bool(done),
            to_verify=to_verify,
            expiring=expiring,
        )
    return result
