"""A large programme for benchmarks: 50,000 participants and 20,000 pairings by default,
with screening for every mentor and a few meetings per pairing. Written with bulk inserts
in one transaction (a few seconds), deterministic (fixed seed)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert

from mentordesk import clock
from mentordesk.models import (
    Meeting,
    MeetingMode,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.store import Database, current_programme_id

FIRST = [
    "Ann",
    "Ben",
    "Chloe",
    "Dev",
    "Ella",
    "Finn",
    "Grace",
    "Hugo",
    "Isla",
    "Jack",
    "Kemi",
    "Liam",
    "Maya",
    "Noah",
    "Olga",
    "Priya",
    "Quinn",
    "Ravi",
    "Sofia",
    "Tom",
    "Una",
    "Vik",
    "Wen",
    "Xavier",
    "Yusuf",
    "Zoë",
]
LAST = [
    "Adams",
    "Byrne",
    "Chen",
    "Dubois",
    "Evans",
    "Fischer",
    "García",
    "Haddad",
    "Ivanova",
    "Johansson",
    "Khan",
    "Larsen",
    "Murphy",
    "Novak",
    "Okafor",
    "Patel",
    "Rossi",
    "Silva",
    "Takahashi",
    "Walsh",
]
INTERESTS = [
    "robotics",
    "football",
    "drawing",
    "music",
    "coding",
    "reading",
    "cooking",
    "chess",
    "dance",
    "science",
    "drama",
    "hiking",
]
SCHOOLS = ["Riverside Secondary", "St Brigid's College", "Northfield Academy", "Eastgate High"]
EMPLOYERS = ["City Hospital", "Brightsoft", "Hale & Co", "Studio North", "Ledger LLP"]


def build_scale_db(
    path: Path, participants: int = 50_000, pairings: int = 20_000, seed: int = 7
) -> Path:
    rng = random.Random(seed)
    today = clock.today()
    mentors = participants * 2 // 5
    with Database.open(path) as db, db.transaction() as session:
        programme_id = current_programme_id(session)
        people = []
        for i in range(participants):
            mentor = i < mentors
            first, last = rng.choice(FIRST), rng.choice(LAST)
            people.append(
                {
                    "id": i + 1,
                    "programme_id": programme_id,
                    "role": Role.MENTOR if mentor else Role.MENTEE,
                    "status": ParticipantStatus.ACTIVE if i % 25 else ParticipantStatus.ARCHIVED,
                    "external_id": f"X{i:06d}",
                    "first_name": first,
                    "last_name": last,
                    "email": f"{first.lower()}.{last.lower()}{i}@example.org",
                    "phone": f"07{rng.randint(100000000, 999999999)}",
                    "date_of_birth": today
                    - dt.timedelta(days=rng.randint(25, 60) * 365 if mentor else 14 * 365),
                    "school": "" if mentor else rng.choice(SCHOOLS),
                    "employer": rng.choice(EMPLOYERS) if mentor else "",
                    "guardian_name": "" if mentor else f"Parent {last}",
                    "guardian_phone": "" if mentor else "07000000000",
                    "interests": rng.sample(INTERESTS, 3),
                    "capacity": 2 if mentor and i % 3 == 0 else (1 if mentor else None),
                    "joined_on": today - dt.timedelta(days=rng.randint(1, 400)),
                }
            )
        session.execute(insert(Participant), people)
        checks, trainings = [], []
        done = today - dt.timedelta(days=100)
        for mentor_id in range(1, mentors + 1):
            stage = 5 if mentor_id % 4 else rng.randint(0, 4)
            for position, kind in enumerate(
                (
                    ScreeningKind.APPLICATION,
                    ScreeningKind.INTERVIEW,
                    ScreeningKind.REFERENCES,
                    ScreeningKind.BACKGROUND_CHECK,
                )
            ):
                complete = position < stage
                checks.append(
                    {
                        "participant_id": mentor_id,
                        "kind": kind,
                        "status": ScreeningStatus.COMPLETE
                        if complete
                        else ScreeningStatus.NOT_STARTED,
                        "completed_on": done if complete else None,
                        "expires_on": done + dt.timedelta(days=1000)
                        if complete and kind is ScreeningKind.BACKGROUND_CHECK
                        else None,
                        "reference_count": 2 if kind is ScreeningKind.REFERENCES else 0,
                    }
                )
            if stage == 5:
                trainings.append({"participant_id": mentor_id, "completed_on": done, "hours": 6.0})
        session.execute(insert(ScreeningCheck), checks)
        session.execute(insert(Training), trainings)
        pairs, meetings = [], []
        for number in range(pairings):
            status = PairingStatus.CLOSED if number % 5 == 0 else PairingStatus.ACTIVE
            start = today - dt.timedelta(days=rng.randint(30, 300))
            pairs.append(
                {
                    "id": number + 1,
                    "programme_id": programme_id,
                    "mentor_id": (number % mentors) + 1,
                    "mentee_id": mentors + 1 + number,
                    "status": status,
                    "start_date": start,
                    "end_date": today if status is PairingStatus.CLOSED else None,
                    "explanation": [],
                }
            )
            for k in range(3):
                meetings.append(
                    {
                        "pairing_id": number + 1,
                        "held_on": start + dt.timedelta(days=7 * (k + 1)),
                        "minutes": 60,
                        "mode": MeetingMode.IN_PERSON,
                    }
                )
        session.execute(insert(Pairing), pairs)
        session.execute(insert(Meeting), meetings)
    return path
