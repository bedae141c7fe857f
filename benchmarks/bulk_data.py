"""Make large programme files quickly (Core bulk inserts, not ORM objects) for benchmarks."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from sqlalchemy import insert

from mentordesk.models import Pairing, Participant
from mentordesk.store import Database

FIRST = ["Ann", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea"]
LAST = ["Smith", "Nguyễn", "Okafor", "Walsh", "García", "Müller", "Khan", "Rossi", "Chen"]


def make_programme(path: Path, participants: int, pairings: int, seed: int = 7) -> Path:
    """A file with `participants` people (a quarter mentors) and `pairings` pairings."""
    rng = random.Random(seed)
    path.unlink(missing_ok=True)
    mentors = participants // 4
    with Database.open(path) as db, db.transaction() as session:
        rows = []
        for number in range(participants):
            is_mentor = number < mentors
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows.append(
                {
                    "programme_id": 1,
                    "role": "mentor" if is_mentor else "mentee",
                    "status": "active",
                    "first_name": first,
                    "last_name": f"{last}{number}",
                    "email": f"{first}.{last}{number}@example.org".lower(),
                    "school": "" if is_mentor else rng.choice(["Riverside", "Northfield"]),
                    "employer": rng.choice(["Brightsoft", "City Hospital"]) if is_mentor else "",
                    "capacity": 4 if is_mentor else None,
                    "date_of_birth": dt.date(1960 + number % 50, 1 + number % 12, 1 + number % 28),
                    "interests": [rng.choice(["chess", "music", "coding", "football"])],
                }
            )
        session.execute(insert(Participant), rows)
        pairs = []
        for number in range(pairings):
            status = "closed" if number % 5 == 0 else "active"
            start = dt.date(2025, 1, 1) + dt.timedelta(days=number % 300)
            pairs.append(
                {
                    "programme_id": 1,
                    "mentor_id": 1 + number % mentors,
                    "mentee_id": mentors + 1 + number,
                    "status": status,
                    "start_date": start,
                    "end_date": start + dt.timedelta(days=200) if status == "closed" else None,
                    "explanation": [],
                }
            )
        session.execute(insert(Pairing), pairs)
    return path
