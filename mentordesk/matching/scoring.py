"""Scores of mentor–mentee pairs, criterion by criterion, for a whole block of pairs at once.

Each criterion gives a matrix (mentees x mentors) of values in [0, 1]: 0 when there is no
evidence for it, more when there is. The score is the weighted mean over the criteria, in
[0, 1]. A pair's explanation names exactly the criteria with a value above 0, most weight
first, and its warnings name what counts against it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mentordesk.matching.availability import describe_slots
from mentordesk.matching.cohort import Cohort
from mentordesk.matching.matching_settings import CRITERION_KEYS
from mentordesk.wording import plural

# Location: same town counts fully, same postcode area a little less; distances between
# known coordinates count fully up to NEAR_KM and nothing from FAR_KM.
SAME_AREA = 0.8
NEAR_KM = 3.0
FAR_KM = 25.0
# Meeting mode: both asked for the same way, or one of them is happy either way.
MODE_SAME = 1.0
MODE_FLEXIBLE = 0.75
# Career: the mentor's job title meets a goal, or only one of the mentor's skills does.
CAREER_JOB = 1.0
CAREER_SKILL = 0.75
# Availability: one shared slot is enough to meet; two or more give room to move.
ONE_SLOT = 0.8
# Shared interests that make a full score.
FULL_INTERESTS = 3
EARTH_KM = 6371.0


def _distance_km(
    lat_a: np.ndarray, lon_a: np.ndarray, lat_b: np.ndarray, lon_b: np.ndarray
) -> np.ndarray:
    """Great-circle distances (arrays broadcast together); nan where a coordinate is unknown."""
    la, lb = np.radians(lat_a), np.radians(lat_b)
    dlon = np.radians(lon_b) - np.radians(lon_a)
    h = np.sin((lb - la) / 2) ** 2 + np.cos(la) * np.cos(lb) * np.sin(dlon / 2) ** 2
    km: np.ndarray = 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))
    return km


def criterion_matrices(
    cohort: Cohort, mentee_rows: np.ndarray, mentor_rows: np.ndarray, *, aligned: bool = False
) -> dict[str, np.ndarray]:
    """Each criterion's value for every pair of the given mentees and mentors (a matrix),
    or with `aligned`, for the pairs (mentee_rows[i], mentor_rows[i]) (a vector)."""
    ee, rr = cohort.mentees, cohort.mentors

    def E(values: np.ndarray) -> np.ndarray:  # the mentee axis
        return values if aligned else values[:, None]

    def R(values: np.ndarray) -> np.ndarray:  # the mentor axis
        return values if aligned else values[None, :]

    def dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        product: np.ndarray = (a * b).sum(axis=1) if aligned else a @ b.T
        return product

    out: dict[str, np.ndarray] = {}

    # Shared interests: mentee phrases that one of the mentor's phrases meets.
    interests = cohort.interest_matrix[mentee_rows]
    shared = dot(interests, cohort.interest_cover[mentor_rows].astype(np.float32))
    wanted = E(np.minimum(interests.sum(axis=1), FULL_INTERESTS))
    out["interests"] = np.where(wanted > 0, np.minimum(shared / np.maximum(wanted, 1), 1.0), 0.0)

    # Career goals against the mentor's job title, then skills.
    goals = cohort.goal_matrix[mentee_rows]
    by_job = dot(goals, cohort.career_job[mentor_rows].astype(np.float32)) > 0
    by_skill = dot(goals, cohort.career_skill[mentor_rows].astype(np.float32)) > 0
    out["career"] = np.where(by_job, CAREER_JOB, np.where(by_skill, CAREER_SKILL, 0.0))

    # Free at the same time: a bitwise AND of slot masks; x & (x - 1) keeps a second slot.
    common = E(ee.availability[mentee_rows]) & R(rr.availability[mentor_rows])
    out["availability"] = np.where(common == 0, 0.0, np.where(common & (common - 1), 1.0, ONE_SLOT))

    # Languages: the share of the mentee's languages the mentor speaks.
    spoken = cohort.language_matrix_mentees[mentee_rows]
    both = dot(spoken, cohort.language_matrix_mentors[mentor_rows])
    out["language"] = both / E(np.maximum(spoken.sum(axis=1), 1))

    # Location: same town, same postcode area, or near by coordinates.
    town_e, town_r = E(ee.town[mentee_rows]), R(rr.town[mentor_rows])
    area_e, area_r = E(ee.area[mentee_rows]), R(rr.area[mentor_rows])
    same_town = (town_e == town_r) & (town_e >= 0)
    same_area = (area_e == area_r) & (area_e >= 0)
    km = _distance_km(
        E(ee.lat[mentee_rows]),
        E(ee.lon[mentee_rows]),
        R(rr.lat[mentor_rows]),
        R(rr.lon[mentor_rows]),
    )
    near = np.nan_to_num(np.clip((FAR_KM - km) / (FAR_KM - NEAR_KM), 0.0, 1.0), nan=0.0)
    out["location"] = np.maximum(np.maximum(same_town * 1.0, same_area * SAME_AREA), near)

    # Meeting mode: 0 any, 1 in person, 2 online.
    mode_e, mode_r = E(ee.mode[mentee_rows]), R(rr.mode[mentor_rows])
    flexible = (mode_e == 0) | (mode_r == 0)
    out["meeting_mode"] = np.where(
        (mode_e == mode_r) & (mode_e > 0), MODE_SAME, np.where(flexible, MODE_FLEXIBLE, 0.0)
    )

    # The mentee's wish for the mentor's gender, met.
    wish = E(cohort.gender_wish[mentee_rows])
    out["gender_preference"] = ((wish >= 0) & (wish == R(cohort.gender[mentor_rows]))) * 1.0

    # A largest age gap either asked for, respected (nan compares False).
    gap = np.abs(R(rr.ages[mentor_rows]) - E(ee.ages[mentee_rows]))
    limit = np.fmin(E(ee.max_gap[mentee_rows]), R(rr.max_gap[mentor_rows]))
    out["age_preference"] = (gap <= limit) * 1.0

    return {key: np.asarray(value, dtype=np.float32) for key, value in out.items()}


def total_score(cohort: Cohort, values: dict[str, np.ndarray]) -> np.ndarray:
    """The weighted mean of the criteria, in [0, 1] (0 everywhere when all weights are 0)."""
    weights = {key: cohort.settings.weight(key) for key in CRITERION_KEYS}
    total_weight = sum(weights.values())
    shape = next(iter(values.values())).shape
    score = np.zeros(shape, dtype=np.float32)
    if total_weight <= 0:
        return score
    for key, weight in weights.items():
        if weight > 0:
            score += np.float32(weight / total_weight) * values[key]
    return score


def score_matrix(cohort: Cohort, mentee_rows: np.ndarray, mentor_rows: np.ndarray) -> np.ndarray:
    return total_score(cohort, criterion_matrices(cohort, mentee_rows, mentor_rows))


@dataclass(frozen=True)
class Explanation:
    score: float
    reasons: tuple[str, ...]
    warnings: tuple[str, ...]
    # criterion key -> value in [0, 1], for the coordinator who wants the detail.
    criteria: dict[str, float]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


# Job titles that name a field rather than a person ("Law", "Marketing"): the mentor
# "works in law", never "is a law".
FIELD_WORDS = frozenset(
    {
        "law",
        "medicine",
        "finance",
        "design",
        "art",
        "music",
        "media",
        "science",
        "research",
        "retail",
        "sales",
        "it",
        "tech",
        "education",
        "health",
        "healthcare",
        "hospitality",
        "construction",
        "architecture",
        "journalism",
    }
)
FIELD_ENDINGS = ("ing", "ics", "ology", "ism", "ance", "ment")


def _mentor_work(job: str) -> str:
    """'is a nurse', 'is an architect', 'works in law', 'works in software engineering'."""
    words = job.lower().split()
    last = words[-1] if words else ""
    if last in FIELD_WORDS or last.endswith(FIELD_ENDINGS):
        return f"works in {job.lower()}"
    return f"is {_article(job.lower())}"


MODE_WORDS = {1: "in person", 2: "online"}


def pair_values(
    cohort: Cohort, mentee_rows: np.ndarray, mentor_rows: np.ndarray
) -> list[dict[str, float]]:
    """The criterion values of the pairs (mentee_rows[i], mentor_rows[i]), in one pass."""
    if len(mentee_rows) == 0:
        return []
    values = criterion_matrices(cohort, mentee_rows, mentor_rows, aligned=True)
    return [
        {key: float(vector[i]) for key, vector in values.items()} for i in range(len(mentee_rows))
    ]


def explain(
    cohort: Cohort, mentee_row: int, mentor_row: int, value: dict[str, float] | None = None
) -> Explanation:
    """The score of one pair, why, and what counts against it. `value`: the pair's
    criterion values when already computed (see pair_values)."""
    if value is None:
        value = pair_values(cohort, np.array([mentee_row]), np.array([mentor_row]))[0]
    as_arrays = {key: np.array([number], dtype=np.float32) for key, number in value.items()}
    score = float(total_score(cohort, as_arrays)[0])
    ee, rr = cohort.mentees, cohort.mentors
    e, r = mentee_row, mentor_row
    reasons: dict[str, str] = {}
    warnings: list[str] = []

    if value["interests"] > 0:
        cover = cohort.interest_cover[r]
        liked = [ee.interests[e][n] for n, col in enumerate(ee.interest_cols[e]) if cover[col]]
        reasons["interests"] = f"both like {_and(liked)}"

    if value["career"] > 0:
        reasons["career"] = _career_reason(cohort, e, r)
    elif cohort.goals[e] and (cohort.job_titles[r] or cohort.skills[r]):
        warnings.append(f"mentor's work is far from the mentee's goal ({_and(cohort.goals[e])})")

    common = int(ee.availability[e] & rr.availability[r])
    if common:
        reasons["availability"] = f"both free {describe_slots(common)}"
    elif ee.availability[e] and rr.availability[r]:
        warnings.append("no free time in common")
    elif not ee.availability[e] or not rr.availability[r]:
        whose = "mentee's" if not ee.availability[e] else "mentor's"
        warnings.append(f"the {whose} free time is not recorded")

    if value["language"] > 0:
        spoken = {language.casefold() for language in rr.languages[r]}
        shared = [lang for lang in ee.languages[e] if lang.casefold() in spoken]
        if not shared:  # the same language written differently
            mentor_cols = set(rr.language_cols[r])
            shared = [
                lang
                for lang, col in zip(ee.languages[e], ee.language_cols[e], strict=True)
                if col in mentor_cols
            ]
        reasons["language"] = f"both speak {_and(shared)}"
    elif ee.languages[e] and rr.languages[r]:
        warnings.append("no language in common")

    if value["location"] > 0:
        reasons["location"] = _location_reason(cohort, e, r)

    mode_e, mode_r = int(ee.mode[e]), int(rr.mode[r])
    if mode_e and mode_e == mode_r:
        reasons["meeting_mode"] = f"both want to meet {MODE_WORDS[mode_e]}"
    elif mode_e == 0 and mode_r == 0:
        reasons["meeting_mode"] = "both happy to meet in person or online"
    elif mode_e == 0 or mode_r == 0:
        who, way = ("mentor", mode_r) if mode_r else ("mentee", mode_e)
        other = "mentee" if who == "mentor" else "mentor"
        reasons["meeting_mode"] = f"{who} wants to meet {MODE_WORDS[way]}; {other} is flexible"
    else:
        warnings.append(f"mentee wants to meet {MODE_WORDS[mode_e]}, mentor {MODE_WORDS[mode_r]}")

    wish = int(cohort.gender_wish[e])
    if wish >= 0:
        wished = cohort.genders[wish]
        if value["gender_preference"] > 0:
            reasons["gender_preference"] = f"mentee asked for a {wished} mentor"
        elif cohort.gender[r] >= 0:
            actual = cohort.genders[cohort.gender[r]]
            warnings.append(f"mentee asked for a {wished} mentor; this mentor is {actual}")
        else:
            warnings.append(
                f"mentee asked for a {wished} mentor; this mentor's gender is not recorded"
            )

    gap = abs(rr.ages[r] - ee.ages[e])
    limits = [(lim, who) for lim, who in ((ee.max_gap[e], "mentee"), (rr.max_gap[r], "mentor"))]
    limits = [(lim, who) for lim, who in limits if not np.isnan(lim)]
    if limits and not np.isnan(gap):
        limit, who = min(limits)
        if value["age_preference"] > 0:
            reasons["age_preference"] = (
                f"age gap of {plural(int(gap), 'year')}, within the {who}'s limit of {int(limit)}"
            )
        else:
            warnings.append(
                f"age gap of {plural(int(gap), 'year')}; the {who} asked for at most {int(limit)}"
            )

    weights = cohort.settings
    ordered = sorted(
        (key for key in reasons if weights.weight(key) > 0),
        key=lambda key: -weights.weight(key) * value[key],
    )
    return Explanation(
        score=score,
        reasons=tuple(reasons[key] for key in ordered),
        warnings=tuple(warnings),
        criteria=value,
    )


def _career_reason(cohort: Cohort, e: int, r: int) -> str:
    job_col = cohort.job_cols[r]
    goal_texts = cohort.goals[e]
    for goal, goal_col in zip(goal_texts, cohort.goal_cols[e], strict=True):
        if job_col >= 0 and cohort.goal_same_field[goal_col, job_col]:
            job = cohort.job_titles[r]
            return f"mentor {_mentor_work(job)}, mentee wants {goal.lower()}"
    for goal, goal_col in zip(goal_texts, cohort.goal_cols[e], strict=True):
        for skill, skill_col in zip(cohort.skills[r], cohort.skill_cols[r], strict=True):
            if cohort.goal_same_field[goal_col, skill_col]:
                return f"mentor's skills include {skill.lower()}, mentee wants {goal.lower()}"
    return "mentor's work meets the mentee's career goals"


def _location_reason(cohort: Cohort, e: int, r: int) -> str:
    ee, rr = cohort.mentees, cohort.mentors
    if ee.town[e] >= 0 and ee.town[e] == rr.town[r]:
        return f"both in {ee.town_names[ee.town[e]]}"
    km = float(_distance_km(ee.lat[e], ee.lon[e], rr.lat[r], rr.lon[r]))
    if not np.isnan(km) and km < FAR_KM:
        return f"about {max(1, round(km))} km apart"
    return f"same postcode area ({ee.area_names[ee.area[e]]})"
