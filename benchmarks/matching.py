"""Benchmark: match 2,000 mentees with 500 mentors of capacity 1–4.

Times each step of a real run (reading the cohort, scoring every pair, solving, explaining
the proposals) and, for comparison, SciPy's solver alone on a precomputed score matrix of
the same size. Run by hand from the repository root:

    PYTHONPATH=. python benchmarks/matching.py [--mentees 2000] [--mentors 500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy.optimize import linear_sum_assignment
from sqlalchemy import insert, select

from mentordesk import clock
from mentordesk.matching.cohort import load_cohort
from mentordesk.matching.matcher import run_match
from mentordesk.matching.matching_settings import Objective, load_match_settings
from mentordesk.matching.scoring import criterion_matrices, total_score
from mentordesk.models import (
    ModePreference,
    Participant,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.store import Database, current_programme_id

INTERESTS = [
    "robotics", "Robotic", "football", "soccer", "drawing", "art", "music", "guitar", "coding",
    "programming", "reading", "books", "cooking", "baking", "basketball", "photography", "chess",
    "dance", "dancing", "science", "video games", "gaming", "animals", "hiking", "drama",
    "theatre", "swimming", "running", "film", "fashion",
]  # fmt: skip
FIELDS = [
    ("nursing", "Nurse"), ("software engineering", "Software Engineer"), ("teaching", "Teacher"),
    ("law", "Solicitor"), ("architecture", "Architect"), ("accounting", "Accountant"),
    ("engineering", "Civil Engineer"), ("medicine", "Doctor"), ("graphic design", "Designer"),
    ("journalism", "Journalist"), ("electrician", "Electrician"), ("veterinary", "Vet"),
    ("marketing", "Marketing Manager"), ("finance", "Financial Analyst"), ("science", "Chemist"),
    ("plumbing", "Plumber"), ("social work", "Social Worker"), ("police", "Police Officer"),
]  # fmt: skip
SLOTS = [
    "Monday afternoon", "Tuesday evening", "Wednesday afternoon", "Thursday evening",
    "Saturday morning", "weekends", "Tue/Thu evenings", "after school Mon-Wed", "Friday 6pm",
]  # fmt: skip
LANGUAGES = ["English", "Spanish", "Polish", "Arabic", "French", "Urdu", "Irish", "Somali"]
TOWNS = [f"Town {n}" for n in range(12)]


def _person(
    rng: random.Random, programme_id: int, role: Role, today: dt.date, n: int
) -> dict[str, object]:
    mentor = role is Role.MENTOR
    field, job = rng.choice(FIELDS)
    years = rng.randint(24, 65) if mentor else rng.randint(11, 18)
    return {
        "programme_id": programme_id,
        "role": role,
        "first_name": f"{role.value}{n}",
        "last_name": "Bench",
        "date_of_birth": today - dt.timedelta(days=years * 365 + rng.randint(0, 300)),
        "gender": rng.choice(["female", "male"]),
        "interests": rng.sample(INTERESTS, rng.randint(1, 4)),
        "career_goals": [] if mentor else rng.sample([f for f, _ in FIELDS], rng.randint(1, 2)),
        "skills": [field, rng.choice(["CV writing", "study skills"])] if mentor else [],
        "job_title": job if mentor else "",
        "languages": ["English"] + ([rng.choice(LANGUAGES[1:])] if rng.random() < 0.3 else []),
        "availability": rng.sample(SLOTS, rng.randint(1, 2)),
        "location": rng.choice(TOWNS),
        "latitude": 51.5 + rng.uniform(-0.2, 0.2),
        "longitude": -0.1 + rng.uniform(-0.3, 0.3),
        "meeting_mode": rng.choice(list(ModePreference)),
        "mentor_gender_preference": "" if mentor else rng.choice(["", "", "", "female", "male"]),
        "preferences": {"max_age_gap": 40} if rng.random() < 0.1 else {},
        "capacity": rng.randint(1, 4) if mentor else None,
        "guardian_name": "" if mentor else "Parent",
        "guardian_phone": "" if mentor else "0123",
    }


def build(path: Path, mentees: int, mentors: int, today: dt.date) -> None:
    rng = random.Random(2026)
    with Database.open(path) as db, db.transaction() as session:
        programme_id = current_programme_id(session)
        session.execute(
            insert(Participant),
            [_person(rng, programme_id, Role.MENTOR, today, n) for n in range(mentors)]
            + [_person(rng, programme_id, Role.MENTEE, today, n) for n in range(mentees)],
        )
        mentor_ids = session.scalars(
            select(Participant.id).where(Participant.role == Role.MENTOR)
        ).all()
        done = today - dt.timedelta(days=30)
        checks = []
        for mentor_id in mentor_ids:
            for kind in (
                ScreeningKind.APPLICATION,
                ScreeningKind.INTERVIEW,
                ScreeningKind.REFERENCES,
                ScreeningKind.BACKGROUND_CHECK,
            ):
                checks.append(
                    {
                        "participant_id": mentor_id,
                        "kind": kind,
                        "status": ScreeningStatus.COMPLETE,
                        "completed_on": done,
                        "reference_count": 2,
                        "expires_on": today + dt.timedelta(days=1000)
                        if kind is ScreeningKind.BACKGROUND_CHECK
                        else None,
                    }
                )
        session.execute(insert(ScreeningCheck), checks)
        session.execute(
            insert(Training),
            [{"participant_id": i, "completed_on": done, "hours": 4.0} for i in mentor_ids],
        )


def scipy_alone(mentees: int, seats: int) -> float:
    rng = np.random.default_rng(7)
    benefit = rng.random((mentees, seats))
    start = time.perf_counter()
    linear_sum_assignment(benefit, maximize=True)
    return time.perf_counter() - start


def pair_by_pair(db: Database, today: dt.date, sample: int = 10_000) -> float:
    """Seconds a Python loop would take to score every pair one at a time (extrapolated
    from `sample` pairs), for comparison with the vectorised scoring."""
    with db.reading() as session:
        cohort = load_cohort(session, today, load_match_settings(session))
    rng = np.random.default_rng(3)
    mentees = rng.integers(0, len(cohort.mentees), sample)
    mentors = rng.integers(0, len(cohort.mentors), sample)
    start = time.perf_counter()
    for e, r in zip(mentees, mentors, strict=True):
        total_score(cohort, criterion_matrices(cohort, np.array([e]), np.array([r])))
    every_pair = len(cohort.mentees) * len(cohort.mentors)
    return (time.perf_counter() - start) * every_pair / sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mentees", type=int, default=2000)
    parser.add_argument("--mentors", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args()
    if args.smoke:
        args.mentees, args.mentors, args.repeat = 60, 20, 1
    today = dt.date(2026, 11, 25)
    clock.set_today(today)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.sqlite"
        start = time.perf_counter()
        build(path, args.mentees, args.mentors, today)
        print(f"built the cohort in {time.perf_counter() - start:.1f} s")
        rows: dict[str, list[float]] = {}
        with Database.open(path, write=False) as db:
            for objective in (Objective.SCORE, Objective.COVERAGE):
                for _ in range(args.repeat):
                    with db.reading() as session:
                        start = time.perf_counter()
                        result = run_match(session, on_date=today, objective=objective)
                        whole = time.perf_counter() - start
                    t = result.timings
                    # The first run fills the text caches (folded phrases, free-time slots).
                    rows.setdefault("first run in a fresh process: whole match", [whole])
                    for step, value in (
                        ("read cohort", t["load"]),
                        ("score 1,000,000 pairs", t["score"]),
                        ("solve", t["solve"]),
                        ("explain proposals", whole - t["load"] - t["score"] - t["solve"]),
                        ("whole match", whole),
                    ):
                        rows.setdefault(f"{objective.value}: {step}", []).append(value)
                print(
                    f"{objective.value}: {len(result.proposals)} pairs, "
                    f"{len(result.unmatched)} unmatched, total score {result.total_score:.1f}"
                )
            with db.reading() as session:
                seat_total = sum(
                    session.scalars(
                        select(Participant.capacity).where(Participant.role == Role.MENTOR)
                    )
                )
            rows["one pair at a time in a Python loop (extrapolated)"] = [pair_by_pair(db, today)]
        rows["scipy alone on a precomputed matrix"] = [
            scipy_alone(args.mentees, seat_total) for _ in range(args.repeat)
        ]
    print()
    print(
        f"{args.mentees} mentees, {args.mentors} mentors, {seat_total} places; "
        f"median of {args.repeat} runs"
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, python {platform.python_version()}"
    )
    print()
    print("| step | seconds |")
    print("|---|---:|")
    for name, values in rows.items():
        print(f"| {name} | {statistics.median(values):.3f} |")


if __name__ == "__main__":
    main()
