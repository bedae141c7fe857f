"""The matching settings a coordinator sees and changes, saved with the programme
(`Programme.settings["matching"]`): criterion weights, the objective and programme rules."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.models import Programme
from mentordesk.pairings.gender_rules import GenderRules
from mentordesk.store import current_programme


class Objective(enum.StrEnum):
    SCORE = "score"  # the highest total score
    COVERAGE = "coverage"  # as many mentees matched as possible, then the highest score

    @property
    def label(self) -> str:
        return OBJECTIVE_LABELS[self]


OBJECTIVE_LABELS = {
    Objective.SCORE: "Highest total score",
    Objective.COVERAGE: "Most mentees matched, then highest score",
}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    default_weight: float
    help: str


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "career",
        "Career goals",
        3.0,
        "The mentee's career goals against the mentor's job and skills.",
    ),
    Criterion(
        "availability", "Free at the same time", 3.0, "Days and times both are free to meet."
    ),
    Criterion("interests", "Shared interests", 2.0, "Interests and hobbies in common."),
    Criterion(
        "language",
        "Shared language",
        1.0,
        "The share of the mentee's languages the mentor speaks too.",
    ),
    Criterion("location", "Location", 1.0, "Same town, same postcode area, or a short distance."),
    Criterion(
        "meeting_mode", "Meeting mode", 1.0, "Both want to meet in person, online, or either."
    ),
    Criterion(
        "gender_preference",
        "Mentor gender wish",
        1.0,
        "The mentee asked for a mentor of a gender, and this mentor is.",
    ),
    Criterion(
        "age_preference",
        "Age gap wish",
        1.0,
        "A largest age gap one of them asked for is respected.",
    ),
)
CRITERION_KEYS = tuple(c.key for c in CRITERIA)
DEFAULT_WEIGHTS = {c.key: c.default_weight for c in CRITERIA}
MAX_WEIGHT = 10.0
MAX_AGE_GAP_RULE = 60


@dataclass(frozen=True)
class MatchSettings:
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    objective: Objective = Objective.SCORE
    # Hard rule: the mentor is at least this many years older than the mentee (0: no rule).
    min_age_gap: int = 0
    # Hard rules on gender (pairings/gender_rules.py): the mentee's wish for the mentor's
    # gender rules others out (default), and pairs must be of one gender (off by default).
    gender_wish_is_rule: bool = True
    same_gender: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(CRITERION_KEYS)
        if unknown:
            raise ValidationError(f"Unknown matching criteria: {', '.join(sorted(unknown))}.")
        for key, value in self.weights.items():
            if not 0 <= value <= MAX_WEIGHT:
                raise ValidationError(
                    f"The weight of “{key}” must be between 0 and {MAX_WEIGHT:g}."
                )
        if not 0 <= self.min_age_gap <= MAX_AGE_GAP_RULE:
            raise ValidationError(
                f"The minimum age gap must be between 0 and {MAX_AGE_GAP_RULE} years."
            )

    def weight(self, key: str) -> float:
        return float(self.weights.get(key, 0.0))

    @classmethod
    def from_settings(cls, settings: dict[str, Any] | None) -> MatchSettings:
        own = (settings or {}).get("matching", {}) or {}
        weights = dict(DEFAULT_WEIGHTS)
        for key, value in (own.get("weights") or {}).items():
            if key in weights:
                try:
                    weights[key] = min(MAX_WEIGHT, max(0.0, float(value)))
                except (TypeError, ValueError):
                    continue  # a damaged value falls back to the default
        try:
            objective = Objective(own.get("objective", Objective.SCORE.value))
        except ValueError:
            objective = Objective.SCORE
        try:
            gap = int(own.get("min_age_gap", 0) or 0)
        except (TypeError, ValueError):
            gap = 0
        gender = GenderRules.from_settings(settings)
        return cls(
            weights,
            objective,
            min(MAX_AGE_GAP_RULE, max(0, gap)),
            gender.wish_is_rule,
            gender.same_gender,
        )

    def as_settings(self) -> dict[str, Any]:
        return {
            "weights": {key: self.weight(key) for key in CRITERION_KEYS},
            "objective": self.objective.value,
            "min_age_gap": self.min_age_gap,
            "gender_wish_is_rule": self.gender_wish_is_rule,
            "same_gender": self.same_gender,
        }


def _programme(session: Session) -> Programme:
    return current_programme(session)


def load_match_settings(session: Session) -> MatchSettings:
    return MatchSettings.from_settings(_programme(session).settings)


def save_match_settings(session: Session, settings: MatchSettings) -> None:
    """Store the settings with the programme (other capabilities' keys are kept)."""
    programme = _programme(session)
    merged = dict(programme.settings or {})
    own = dict(merged.get("matching") or {})
    own.update(settings.as_settings())
    merged["matching"] = own
    programme.settings = merged  # a new dict, so the JSON column sees the change
