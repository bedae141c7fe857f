"""The monitoring thresholds and check-in schedule of a programme.

They live in Programme.settings["monitoring"]; anything missing (or unreadable) takes the
default below, so a new programme works without configuring anything.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import Programme
from mentordesk.store import current_programme_id, programme_value

SETTINGS_KEY = "monitoring"


@dataclass(frozen=True)
class MonitoringSettings:
    # Flag a pair that has not met for this many days.
    no_meeting_days: int = 21
    # Compare meetings held with the commitment over this many calendar months.
    shortfall_months: int = 2
    # Flag the latest satisfaction rating of a participant at or below this (1-5).
    low_satisfaction: int = 2
    # Flag an agreement still unsigned this many days after the pair started.
    agreement_days: int = 14
    # Flag a mentor's background check (or any other screening check) expiring within
    # this many days.
    background_check_days: int = 30
    # Flag a mentee waiting for a mentor for more than this many days.
    waiting_days: int = 60
    # Check-in schedule: this many in the first month, then one every `checkin_every_days`.
    checkins_first_month: int = 2
    checkin_every_days: int = 30
    # A check-in is overdue this many days after its due date.
    checkin_grace_days: int = 7
    # For a mentee under 18, the guardian has check-ins of their own.
    guardian_check_ins: bool = True

    # (minimum, maximum) of each number, for validation and for the settings form.
    LIMITS = {
        "no_meeting_days": (1, 365),
        "shortfall_months": (1, 12),
        "low_satisfaction": (1, 4),
        "agreement_days": (0, 365),
        "background_check_days": (0, 365),
        "waiting_days": (1, 730),
        "checkins_first_month": (1, 8),
        "checkin_every_days": (7, 180),
        "checkin_grace_days": (0, 60),
    }

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> MonitoringSettings:
        own = (settings or {}).get(SETTINGS_KEY) or {}
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in own:
                continue
            raw = own[f.name]
            if isinstance(f.default, bool):
                values[f.name] = bool(raw)
                continue
            try:
                number = int(raw)
            except (TypeError, ValueError):
                continue  # an unreadable value keeps the default
            low, high = cls.LIMITS[f.name]
            values[f.name] = min(max(number, low), high)
        return cls(**values)

    def as_settings(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def validate(self) -> None:
        for name, (low, high) in self.LIMITS.items():
            value = getattr(self, name)
            if not low <= value <= high:
                label = name.replace("_", " ")
                raise ValidationError(f"The {label} must be between {low} and {high}.")

    @property
    def first_month_interval(self) -> int:
        """Days between check-ins in the first month (30 days, 2 check-ins: every 15)."""
        return max(1, self.checkin_every_days // self.checkins_first_month)


def load_settings(session: Session) -> MonitoringSettings:
    settings = programme_value(session, Programme.settings)
    return MonitoringSettings.from_settings(settings)


def save_settings(session: Session, new: MonitoringSettings) -> MonitoringSettings:
    """Store the programme's monitoring settings; returns the previous ones (for undo)."""
    new.validate()
    programme = session.get(Programme, current_programme_id(session))
    assert programme is not None
    previous = MonitoringSettings.from_settings(programme.settings)
    # A new dict, so the JSON column sees the change.
    programme.settings = {**(programme.settings or {}), SETTINGS_KEY: new.as_settings()}
    session.flush()
    return previous
