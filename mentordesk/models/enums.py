"""The fixed vocabularies of a programme. Values are stored as their lower-case text."""

from __future__ import annotations

import enum


class _Vocabulary(enum.StrEnum):
    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Role(_Vocabulary):
    MENTOR = "mentor"
    MENTEE = "mentee"


class ParticipantStatus(_Vocabulary):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    WITHDRAWN = "withdrawn"
    ARCHIVED = "archived"


class ModePreference(_Vocabulary):
    """How a participant prefers to meet."""

    IN_PERSON = "in_person"
    ONLINE = "online"
    ANY = "any"


class MeetingMode(_Vocabulary):
    """How a meeting was held."""

    IN_PERSON = "in_person"
    VIDEO = "video"
    PHONE = "phone"


class ScreeningKind(_Vocabulary):
    APPLICATION = "application"
    INTERVIEW = "interview"
    REFERENCES = "references"
    BACKGROUND_CHECK = "background_check"
    OTHER = "other"


class ScreeningStatus(_Vocabulary):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    # Said to be done (by an import's "yes", "x" or a bare date) and not yet verified:
    # it does not make a mentor ready.
    REPORTED = "reported"
    COMPLETE = "complete"
    FAILED = "failed"

    @property
    def label(self) -> str:
        return "Reported, to verify" if self is ScreeningStatus.REPORTED else super().label


class PairingStatus(_Vocabulary):
    PROPOSED = "proposed"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


class ClosureKind(_Vocabulary):
    PLANNED = "planned"
    EARLY = "early"


class Initiator(_Vocabulary):
    MENTOR = "mentor"
    MENTEE = "mentee"
    GUARDIAN = "guardian"
    COORDINATOR = "coordinator"


class CheckInWho(_Vocabulary):
    MENTOR = "mentor"
    MENTEE = "mentee"
    GUARDIAN = "guardian"


class GoalStatus(_Vocabulary):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"


class ImportKind(_Vocabulary):
    ROSTER = "roster"
    MEETINGS = "meetings"


class PaperSize(_Vocabulary):
    A4 = "a4"
    LETTER = "letter"


class DateOrder(_Vocabulary):
    """How to read an ambiguous date such as 03/04/2026."""

    DAY_FIRST = "day_first"
    MONTH_FIRST = "month_first"


class ConcernSeverity(_Vocabulary):
    """How serious a safety concern is; the register lists the most serious first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return ("high", "medium", "low").index(self.value)


class ConcernSource(_Vocabulary):
    """Where a concern was first written down."""

    CHECK_IN = "check_in"
    MEETING = "meeting"
    DIRECT = "direct"
