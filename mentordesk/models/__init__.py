"""ORM entities and enums of a mentoring programme.

The enums load with the package; the entities (and SQLAlchemy) when one is first asked for,
all together so the mapper registry is always complete: the window's first paint names
statuses and roles before the data layer loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from mentordesk.models.audit import ErasureRecord, HistoryEntry, HistoryHead
    from mentordesk.models.base import Base
    from mentordesk.models.concern import Concern
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

# Each module of entities and the names it defines.
_ENTITIES = {
    "audit": ("ErasureRecord", "HistoryEntry", "HistoryHead"),
    "base": ("Base",),
    "concern": ("Concern",),
    "flag_snooze": ("FlagSnooze",),
    "import_batch": ("ImportBatch",),
    "pairing": ("OPEN_STATUSES", "CheckIn", "Goal", "Meeting", "Pairing"),
    "participant": (
        "ADULT_AGE",
        "PairExclusion",
        "Participant",
        "ScreeningCheck",
        "Training",
        "age_on",
    ),
    "programme": ("AppSetting", "Programme"),
}


def __getattr__(name: str) -> Any:
    if not any(name in names for names in _ENTITIES.values()):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    for module_name, names in _ENTITIES.items():
        module = import_module(f"{__name__}.{module_name}")
        for entity in names:
            globals()[entity] = getattr(module, entity)
    return globals()[name]
