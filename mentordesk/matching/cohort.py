"""The cohort to match, read once from the database into arrays: who is waiting for a
mentor, which mentors have places, and the hard rules for every pair as boolean matrices.

The rules are the same as `workspace.pairing_rules.pair_problems` (which checks one pair
before a pairing is saved) and are built from the same helpers, so both say the same.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from mentordesk.matching.availability import availability_mask
from mentordesk.matching.matching_settings import MatchSettings
from mentordesk.matching.text import fold, similarity
from mentordesk.models import (
    PairExclusion,
    Pairing,
    Participant,
    ParticipantStatus,
    Programme,
    Role,
    age_on,
)
from mentordesk.pairings.gender_rules import (
    GenderRules,
    gender_key,
    preference_key,
    same_gender_problem,
    wish_problem,
)
from mentordesk.pairings.pairing_rules import (
    MENTEE_TAKEN_STATUSES,
    SEAT_STATUSES,
    bad_closures,
    min_age_gap,
)
from mentordesk.participants.screening_gate import planned_end, screening_gate, treat_as_minor
from mentordesk.store import current_programme_id
from mentordesk.wording import plural

MODE_CODES = {"any": 0, "in_person": 1, "online": 2}
# Rules that can stop one pair, in the order a coordinator reads them.
RULE_LABELS = {
    "screening": "screening not complete for this mentee",
    "excluded": "never-pair list",
    "closed_badly": "earlier pairing closed badly",
    "rejected": "rejected in this run",
    "age_gap": "minimum age gap",
    "gender_wish": "mentee's wish for the mentor's gender",
    "same_gender": "same-gender pairs only",
}


def _phrases(values: object) -> list[str]:
    """A JSON list (or a stray string) of phrases, blanks and duplicates dropped."""
    if isinstance(values, str):
        values = [v for part in values.split(";") for v in part.split(",")]
    if not isinstance(values, Iterable):
        return []
    seen: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())
        key = fold(text)
        if key and key not in seen:
            seen[key] = text
    return list(seen.values())


def _max_gap(preferences: object) -> float:
    if not isinstance(preferences, dict):
        return math.nan
    value = preferences.get("max_age_gap")
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return number if number >= 0 else math.nan


def postcode_area(postcode: str) -> str:
    """The outward part of a postcode: 'NW1 6XE' -> 'NW1', 'nw16xe' -> 'NW1'."""
    text = postcode.strip().upper()
    if " " in text:
        return text.split()[0]
    if len(text) >= 5 and any(c.isalpha() for c in text):
        return text[:-3]  # a UK postcode written without its space
    return text


class Vocabulary:
    """Phrases seen in the cohort, each with a column number."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.texts: list[str] = []

    def add(self, phrase: str) -> int:
        key = fold(phrase)
        if key not in self.index:
            self.index[key] = len(self.texts)
            self.texts.append(phrase)
        return self.index[key]

    def matrix(self, rows: Sequence[Sequence[int]]) -> np.ndarray:
        out = np.zeros((len(rows), len(self.texts)), dtype=np.float32)
        for number, columns in enumerate(rows):
            out[number, list(columns)] = 1.0
        return out


@dataclass
class Side:
    """One side of the cohort (mentees or mentors), one entry per person."""

    ids: np.ndarray
    names: list[str]
    ages: np.ndarray  # float years, nan when the date of birth is unknown
    interests: list[list[str]]
    interest_cols: list[list[int]]
    languages: list[list[str]]
    language_cols: list[list[int]]
    availability: np.ndarray  # int64 slot masks
    town: np.ndarray  # int codes, -1 unknown
    town_names: list[str]
    area: np.ndarray  # postcode area codes, -1 unknown
    area_names: list[str]
    lat: np.ndarray
    lon: np.ndarray
    mode: np.ndarray  # MODE_CODES
    max_gap: np.ndarray  # the largest age gap this person asked for, nan for none
    position: dict[int, int] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Cohort:
    on_date: dt.date
    settings: MatchSettings
    programme_end: dt.date | None
    min_age_gap: int
    mentees: Side
    mentors: Side
    # Mentees.
    safeguarded: np.ndarray  # bool: minor, or age unknown
    goals: list[list[str]]
    goal_cols: list[list[int]]
    goal_matrix: np.ndarray  # mentees x goal phrases
    interest_matrix: np.ndarray  # mentees x interest phrases
    gender_wish: np.ndarray  # codes into `genders`, -1 no wish
    mentee_gender: np.ndarray  # codes into `genders`, -1 unknown
    mentee_warnings: list[list[str]]
    # Mentors.
    capacity: np.ndarray
    load: np.ndarray  # places taken by saved pairings
    ready: np.ndarray  # bool: screening complete and unexpired
    ready_for_minor: np.ndarray  # bool: ... and valid for a minor through the programme end
    not_ready: list[tuple[str, ...]]
    not_ready_for_minor: list[tuple[str, ...]]
    job_titles: list[str]
    job_cols: list[int]  # -1 when no job title
    skills: list[list[str]]
    skill_cols: list[list[int]]
    gender: np.ndarray  # codes into `genders`, -1 unknown
    genders: list[str]
    # Phrase matching, computed once for the cohort.
    interest_cover: np.ndarray  # mentors x interest phrases: mentor has a like phrase
    interest_same: np.ndarray  # interest phrases x interest phrases
    interest_texts: list[str]
    career_job: np.ndarray  # mentors x goal phrases: the job title meets the goal
    career_skill: np.ndarray  # mentors x goal phrases: a skill meets the goal
    goal_same_field: np.ndarray  # goal phrases x field phrases
    field_texts: list[str]
    goal_texts: list[str]
    language_matrix_mentees: np.ndarray
    language_matrix_mentors: np.ndarray
    # Pair rules kept sparse: (mentor id, mentee id) -> reason.
    exclusions: dict[tuple[int, int], str]
    closed_badly: dict[tuple[int, int], str]
    rejected: frozenset[tuple[int, int]]
    gender_rules: GenderRules = field(default_factory=GenderRules)

    @property
    def seats(self) -> np.ndarray:
        """Places each mentor has left before this run."""
        seats: np.ndarray = np.maximum(self.capacity - self.load, 0)
        return seats

    def rule_matrices(
        self, mentee_rows: np.ndarray, mentor_rows: np.ndarray
    ) -> dict[str, np.ndarray]:
        """For each rule, a bool matrix (mentees x mentors): True where the rule forbids."""
        minor = self.safeguarded[mentee_rows][:, None]
        screening = np.where(
            minor,
            ~self.ready_for_minor[mentor_rows][None, :],
            ~self.ready[mentor_rows][None, :],
        )
        shape = (len(mentee_rows), len(mentor_rows))
        rules = {"screening": screening}
        mentee_pos = {int(self.mentees.ids[row]): n for n, row in enumerate(mentee_rows)}
        mentor_pos = {int(self.mentors.ids[row]): n for n, row in enumerate(mentor_rows)}
        for name, pairs in (
            ("excluded", self.exclusions.keys()),
            ("closed_badly", self.closed_badly.keys()),
            ("rejected", self.rejected),
        ):
            mask = np.zeros(shape, dtype=bool)
            for mentor_id, mentee_id in pairs:
                e, r = mentee_pos.get(mentee_id), mentor_pos.get(mentor_id)
                if e is not None and r is not None:
                    mask[e, r] = True
            rules[name] = mask
        wish = self.gender_wish[mentee_rows][:, None]
        mentor_gender = self.gender[mentor_rows][None, :]
        if self.gender_rules.wish_is_rule:
            # An unrecorded gender (-1) never meets a wish.
            rules["gender_wish"] = (wish >= 0) & (mentor_gender != wish)
        else:
            rules["gender_wish"] = np.zeros(shape, dtype=bool)
        if self.gender_rules.same_gender:
            mentee_gender = self.mentee_gender[mentee_rows][:, None]
            rules["same_gender"] = (
                (mentee_gender < 0) | (mentor_gender < 0) | (mentee_gender != mentor_gender)
            )
        else:
            rules["same_gender"] = np.zeros(shape, dtype=bool)
        if self.min_age_gap:
            gap = self.mentors.ages[mentor_rows][None, :] - self.mentees.ages[mentee_rows][:, None]
            # Unknown ages do not break the rule (as in pair_problems); nan compares False.
            rules["age_gap"] = gap < self.min_age_gap
        else:
            rules["age_gap"] = np.zeros(shape, dtype=bool)
        return rules

    def allowed(self, mentee_rows: np.ndarray, mentor_rows: np.ndarray) -> np.ndarray:
        """Bool matrix: no rule forbids the pair (capacity aside)."""
        forbidden = np.zeros((len(mentee_rows), len(mentor_rows)), dtype=bool)
        for mask in self.rule_matrices(mentee_rows, mentor_rows).values():
            forbidden |= mask
        return ~forbidden

    def _gender_name(self, code: int) -> str:
        return self.genders[code] if code >= 0 else ""

    def blocking_reasons(self, mentee_row: int, mentor_row: int) -> list[str]:
        """Why the rules forbid one pair, in words (capacity aside)."""
        rules = self.rule_matrices(np.array([mentee_row]), np.array([mentor_row]))
        mentee_id, mentor_id = int(self.mentees.ids[mentee_row]), int(self.mentors.ids[mentor_row])
        reasons = []
        if rules["screening"][0, 0]:
            missing = (
                self.not_ready_for_minor[mentor_row]
                if self.safeguarded[mentee_row]
                else self.not_ready[mentor_row]
            )
            reasons.append("not ready to match: " + "; ".join(missing))
        if rules["excluded"][0, 0]:
            why = self.exclusions.get((mentor_id, mentee_id), "")
            reasons.append("on the never-pair list" + (f" ({why})" if why else ""))
        if rules["closed_badly"][0, 0]:
            why = self.closed_badly.get((mentor_id, mentee_id), "")
            reasons.append(f"an earlier pairing of these two closed early ({why})")
        if rules["rejected"][0, 0]:
            reasons.append("rejected in this run")
        mentor_gender = self._gender_name(int(self.gender[mentor_row]))
        if rules["gender_wish"][0, 0]:
            wanted = self._gender_name(int(self.gender_wish[mentee_row]))
            reasons.append(wish_problem(self.gender_rules, wanted, mentor_gender) or "gender")
        if rules["same_gender"][0, 0]:
            mentee_gender = self._gender_name(int(self.mentee_gender[mentee_row]))
            reasons.append(
                same_gender_problem(self.gender_rules, mentee_gender, mentor_gender) or "gender"
            )
        if rules["age_gap"][0, 0]:
            gap = self.mentors.ages[mentor_row] - self.mentees.ages[mentee_row]
            reasons.append(
                f"the age gap is {plural(int(gap), 'year')}; the programme asks for at least "
                f"{self.min_age_gap}"
            )
        return reasons


_COLUMNS = (
    Participant.id,
    Participant.role,
    Participant.first_name,
    Participant.last_name,
    Participant.preferred_name,
    Participant.date_of_birth,
    Participant.gender,
    Participant.job_title,
    Participant.guardian_name,
    Participant.guardian_phone,
    Participant.guardian_email,
    Participant.interests,
    Participant.career_goals,
    Participant.skills,
    Participant.languages,
    Participant.availability,
    Participant.location,
    Participant.postcode,
    Participant.latitude,
    Participant.longitude,
    Participant.meeting_mode,
    Participant.mentor_gender_preference,
    Participant.preferences,
    Participant.capacity,
)


class _Codes:
    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.names: list[str] = []

    def code(self, key: str, name: str) -> int:
        if not key:
            return -1
        if key not in self.index:
            self.index[key] = len(self.names)
            self.names.append(name)
        elif self.names[self.index[key]].islower() and not name.islower():
            self.names[self.index[key]] = name  # "Riverside" reads better than "riverside"
        return self.index[key]


def _build_side(
    rows: list[Row[Any]],
    on_date: dt.date,
    interests: Vocabulary,
    languages: Vocabulary,
    places: tuple[_Codes, _Codes],
) -> Side:
    towns, areas = places
    names: list[str] = []
    ages: list[float] = []
    interest_lists: list[list[str]] = []
    interest_cols: list[list[int]] = []
    language_lists: list[list[str]] = []
    language_cols: list[list[int]] = []
    masks: list[int] = []
    town: list[int] = []
    area: list[int] = []
    lat: list[float] = []
    lon: list[float] = []
    mode: list[int] = []
    max_gap: list[float] = []
    for row in rows:
        first = row.preferred_name or row.first_name
        names.append(f"{first} {row.last_name}".strip())
        ages.append(math.nan if row.date_of_birth is None else age_on(row.date_of_birth, on_date))
        liked = _phrases(row.interests)
        interest_lists.append(liked)
        interest_cols.append([interests.add(p) for p in liked])
        spoken = _phrases(row.languages)
        language_lists.append(spoken)
        language_cols.append([languages.add(p) for p in spoken])
        masks.append(availability_mask(_phrases(row.availability)))
        place = " ".join((row.location or "").split())
        town.append(towns.code(fold(place), place))
        outward = postcode_area(row.postcode or "")
        area.append(areas.code(outward, outward))
        lat.append(math.nan if row.latitude is None else float(row.latitude))
        lon.append(math.nan if row.longitude is None else float(row.longitude))
        mode.append(MODE_CODES.get(getattr(row.meeting_mode, "value", row.meeting_mode), 0))
        max_gap.append(_max_gap(row.preferences))
    ids = np.array([row.id for row in rows], dtype=np.int64)
    return Side(
        ids=ids,
        names=names,
        ages=np.array(ages, dtype=np.float64),
        interests=interest_lists,
        interest_cols=interest_cols,
        languages=language_lists,
        language_cols=language_cols,
        availability=np.array(masks, dtype=np.int64),
        town=np.array(town, dtype=np.int64),
        town_names=towns.names,
        area=np.array(area, dtype=np.int64),
        area_names=areas.names,
        lat=np.array(lat, dtype=np.float64),
        lon=np.array(lon, dtype=np.float64),
        mode=np.array(mode, dtype=np.int64),
        max_gap=np.array(max_gap, dtype=np.float64),
        position={int(i): n for n, i in enumerate(ids)},
    )


def _cover(owned: np.ndarray, same: np.ndarray) -> np.ndarray:
    """owned: people x phrases B; same: phrases A x phrases B -> people x A, bool."""
    if owned.size == 0 or same.size == 0:
        return np.zeros((owned.shape[0], same.shape[0]), dtype=bool)
    return (owned @ same.T.astype(np.float32)) > 0


def load_cohort(
    session: Session,
    on_date: dt.date,
    settings: MatchSettings,
    *,
    mentee_ids: Collection[int] | None = None,
    rejected: Iterable[tuple[int, int]] = (),
) -> Cohort:
    """Active mentees with no mentor yet (or those named) and all active mentors."""
    programme = session.get(Programme, current_programme_id(session))
    assert programme is not None
    taken = select(Pairing.mentee_id).where(Pairing.status.in_(MENTEE_TAKEN_STATUSES))
    mentee_query = select(*_COLUMNS).where(
        Participant.role == Role.MENTEE, Participant.status == ParticipantStatus.ACTIVE
    )
    if mentee_ids is not None:
        mentee_query = mentee_query.where(Participant.id.in_(list(mentee_ids)))
    else:
        mentee_query = mentee_query.where(Participant.id.not_in(taken))
    mentee_rows = list(session.execute(mentee_query.order_by(Participant.id)))
    mentor_rows = list(
        session.execute(
            select(*_COLUMNS)
            .where(Participant.role == Role.MENTOR, Participant.status == ParticipantStatus.ACTIVE)
            .order_by(Participant.id)
        )
    )
    interests, languages, places = Vocabulary(), Vocabulary(), (_Codes(), _Codes())
    mentees = _build_side(mentee_rows, on_date, interests, languages, places)
    mentors = _build_side(mentor_rows, on_date, interests, languages, places)

    # Career goals (mentees) against job titles and skills (mentors).
    goal_vocab, field_vocab = Vocabulary(), Vocabulary()
    goals = [_phrases(row.career_goals) for row in mentee_rows]
    goal_cols = [[goal_vocab.add(g) for g in person] for person in goals]
    job_titles = [" ".join((row.job_title or "").split()) for row in mentor_rows]
    job_cols = [field_vocab.add(job) if job else -1 for job in job_titles]
    skills = [_phrases(row.skills) for row in mentor_rows]
    skill_cols = [[field_vocab.add(s) for s in person] for person in skills]
    goal_same_field = similarity(goal_vocab.texts, field_vocab.texts)
    job_matrix = field_vocab.matrix([[c] if c >= 0 else [] for c in job_cols])
    skill_matrix = field_vocab.matrix(skill_cols)
    interest_same = similarity(interests.texts, interests.texts)

    # Gender words of mentors and mentees' wishes share one code list.
    genders = _Codes()
    gender = np.array(
        [genders.code(key, key) for key in (gender_key(row.gender or "") for row in mentor_rows)],
        dtype=np.int64,
    )
    wish = np.array(
        [
            genders.code(key, key)
            for key in (preference_key(row.mentor_gender_preference or "") for row in mentee_rows)
        ],
        dtype=np.int64,
    )

    mentee_gender = np.array(
        [genders.code(key, key) for key in (gender_key(row.gender or "") for row in mentee_rows)],
        dtype=np.int64,
    )

    safeguarded = np.array(
        [treat_as_minor(row.date_of_birth, on_date) for row in mentee_rows], dtype=bool
    )
    mentee_warnings = []
    for row, minor in zip(mentee_rows, safeguarded, strict=True):
        notes = []
        if row.date_of_birth is None:
            notes.append("mentee has no date of birth (treated as under 18)")
        elif minor and not (row.guardian_name and (row.guardian_phone or row.guardian_email)):
            notes.append("mentee is under 18 and has no parent or guardian contact")
        mentee_warnings.append(notes)

    # Mentors: places and screening, with the helpers pair_problems uses.
    mentor_id_list = [int(i) for i in mentors.ids]
    capacity = np.array([row.capacity or 1 for row in mentor_rows], dtype=np.int64)
    loads = dict(
        session.execute(
            select(Pairing.mentor_id, func.count(Pairing.id))
            .where(Pairing.status.in_(SEAT_STATUSES), Pairing.mentor_id.in_(mentor_id_list))
            .group_by(Pairing.mentor_id)
        ).all()
    )
    load = np.array([loads.get(i, 0) for i in mentor_id_list], dtype=np.int64)
    # The one screening gate, for a pairing starting today: with an adult, with a minor.
    now = screening_gate(
        session, mentor_id_list, today=on_date, safeguarded=False, programme=programme
    )
    for_minor = screening_gate(
        session, mentor_id_list, today=on_date, safeguarded=True, programme=programme
    )
    mentee_id_list = [int(i) for i in mentees.ids]
    exclusions = {
        (mentor, mentee): reason or ""
        for mentor, mentee, reason in session.execute(
            select(PairExclusion.mentor_id, PairExclusion.mentee_id, PairExclusion.reason).where(
                PairExclusion.mentee_id.in_(mentee_id_list)
            )
        )
    }
    return Cohort(
        on_date=on_date,
        settings=settings,
        programme_end=planned_end(on_date, programme.end_date, programme.commitment_months),
        min_age_gap=min_age_gap(programme.settings),
        mentees=mentees,
        mentors=mentors,
        safeguarded=safeguarded,
        goals=goals,
        goal_cols=goal_cols,
        goal_matrix=goal_vocab.matrix(goal_cols),
        interest_matrix=interests.matrix(mentees.interest_cols),
        gender_wish=wish,
        mentee_gender=mentee_gender,
        mentee_warnings=mentee_warnings,
        capacity=capacity,
        load=load,
        ready=np.array([now[i].ready for i in mentor_id_list], dtype=bool),
        ready_for_minor=np.array([for_minor[i].ready for i in mentor_id_list], dtype=bool),
        not_ready=[now[i].missing for i in mentor_id_list],
        not_ready_for_minor=[for_minor[i].missing for i in mentor_id_list],
        job_titles=job_titles,
        job_cols=job_cols,
        skills=skills,
        skill_cols=skill_cols,
        gender=gender,
        genders=genders.names,
        interest_cover=_cover(interests.matrix(mentors.interest_cols), interest_same),
        interest_same=interest_same,
        interest_texts=interests.texts,
        career_job=_cover(job_matrix, goal_same_field),
        career_skill=_cover(skill_matrix, goal_same_field),
        goal_same_field=goal_same_field,
        field_texts=field_vocab.texts,
        goal_texts=goal_vocab.texts,
        language_matrix_mentees=languages.matrix(mentees.language_cols),
        language_matrix_mentors=languages.matrix(mentors.language_cols),
        exclusions=exclusions,
        closed_badly=bad_closures(session, mentee_ids=mentee_id_list),
        rejected=frozenset(rejected),
        gender_rules=GenderRules.from_settings(programme.settings),
    )
