"""ORM entities and enums of a mentoring programme."""

from mentordesk.models.audit import ErasureRecord, HistoryEntry, HistoryHead
from mentordesk.models.base import Base
from mentordesk.models.concern import Concern
from mentordesk.models.enums import (
    CheckInWho,
    ClosureKind,
    ConcernSeverity,
    ConcernSource,
    DateOrder,
    GoalStatus,
    ImportKind,
    Initiator,
    MeetingMode,
    ModePreference,
    PairingStatus,
    PaperSize,
    ParticipantStatus,
    Role,
    ScreeningKind,
    ScreeningStatus,
)
from mentordesk.models.flag_snooze import FlagSnooze
from mentordesk.models.import_batch import ImportBatch
from mentordesk.models.pairing import OPEN_STATUSES, CheckIn, Goal, Meeting, Pairing
from mentordesk.models.participant import (
    ADULT_AGE,
    PairExclusion,
    Participant,
    ScreeningCheck,
    Training,
    age_on,
)
from mentordesk.models.programme import AppSetting, Programme

__all__ = [
    "ADULT_AGE",
    "OPEN_STATUSES",
    "AppSetting",
    "Base",
    "CheckIn",
    "CheckInWho",
    "ClosureKind",
    "Concern",
    "ConcernSeverity",
    "ConcernSource",
    "DateOrder",
    "ErasureRecord",
    "FlagSnooze",
    "Goal",
    "GoalStatus",
    "HistoryEntry",
    "HistoryHead",
    "ImportBatch",
    "ImportKind",
    "Initiator",
    "Meeting",
    "MeetingMode",
    "ModePreference",
    "PairExclusion",
    "Pairing",
    "PairingStatus",
    "PaperSize",
    "Participant",
    "ParticipantStatus",
    "Programme",
    "Role",
    "ScreeningCheck",
    "ScreeningKind",
    "ScreeningStatus",
    "Training",
    "age_on",
]
