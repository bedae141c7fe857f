"""Actions of pair support: a pair's own commitment, and resolving a safety concern.
Each runs in one transaction and returns its inverse (see `store.actions`). Raising a
concern is `pairings.concerns.raise_concern_action`: it has no inverse, on purpose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentordesk.monitoring.commitments import set_commitment, set_default_commitment
from mentordesk.monitoring.monitoring_settings import (
    MonitoringSettings,
    load_settings,
    save_settings,
)
from mentordesk.pairings.concerns import (
    get_concern,
    reopen_concern,
    resolve_concern,
)
from mentordesk.store import Database, current_programme
from mentordesk.store.actions import ACTIVITY, PAIRINGS, PROGRAMME, Outcome, outcome


@dataclass(frozen=True)
class SetCommitment:
    """Set (or, with None, drop) a pair's own meetings a month and meeting length."""

    pairing_id: int
    meetings_per_month: int | None
    meeting_minutes: int | None

    def apply(self, session: Session) -> Outcome:
        before = set_commitment(
            session, self.pairing_id, self.meetings_per_month, self.meeting_minutes
        )
        inverse = SetCommitment(
            self.pairing_id, before.own_meetings_per_month, before.own_meeting_minutes
        )
        return outcome(inverse, (PAIRINGS, ACTIVITY))


@dataclass(frozen=True)
class ResolveConcern:
    """Close a concern of the register: what was done, who decided, when."""

    concern_id: int
    resolved_on: dt.date
    action: str
    decided_by: str

    def apply(self, session: Session) -> Outcome:
        resolve_concern(
            session,
            self.concern_id,
            resolved_on=self.resolved_on,
            action=self.action,
            decided_by=self.decided_by,
        )
        return outcome(ReopenConcern(self.concern_id), (ACTIVITY, PAIRINGS))


@dataclass(frozen=True)
class ReopenConcern:
    """Undo of a resolution only: the concern is open again (never less safe)."""

    concern_id: int

    def apply(self, session: Session) -> Outcome:
        before = get_concern(session, self.concern_id)
        reopen_concern(session, self.concern_id)
        inverse = ResolveConcern(
            self.concern_id,
            before.resolved_on or before.raised_on,
            before.resolution,
            before.resolved_by,
        )
        return outcome(inverse, (ACTIVITY, PAIRINGS))


@dataclass(frozen=True)
class ProgrammeMonitoring:
    """The monitoring settings and a pair's default commitment, edited together."""

    settings: MonitoringSettings
    meetings_per_month: int
    meeting_minutes: int


def _programme_monitoring(session: Session) -> ProgrammeMonitoring:
    programme = current_programme(session)
    return ProgrammeMonitoring(
        load_settings(session), programme.meetings_per_month, programme.meeting_minutes
    )


def programme_monitoring(db: Database) -> ProgrammeMonitoring:
    with db.reading() as session:
        return _programme_monitoring(session)


@dataclass(frozen=True)
class SetProgrammeMonitoring:
    values: ProgrammeMonitoring

    def apply(self, session: Session) -> Outcome:
        before = _programme_monitoring(session)
        save_settings(session, self.values.settings)
        set_default_commitment(
            session,
            current_programme(session).id,
            self.values.meetings_per_month,
            self.values.meeting_minutes,
        )
        return outcome(SetProgrammeMonitoring(before), (PROGRAMME,))
