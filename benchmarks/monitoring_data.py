"""A large programme for the monitoring benchmark, bulk-inserted with SQLAlchemy Core.

5,000 pairings and 200,000 meetings by default, with check-ins, goals and screening, on
dates relative to a fixed day so every run builds the same file.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from mentordesk.models import (
    CheckIn,
    CheckInWho,
    ClosureKind,
    Goal,
    GoalStatus,
    Meeting,
    MeetingMode,
    Pairing,
    PairingStatus,
    Participant,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.store import Database

TODAY = dt.date(2026, 11, 25)
BATCH = 20_000


def _bulk(conn: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    # executemany needs the same keys in every row.
    assert all(row.keys() == rows[0].keys() for row in rows)
    for start in range(0, len(rows), BATCH):
        conn.execute(insert(table), rows[start : start + BATCH])


def generate(
    path: Path, pairings: int = 5_000, meetings: int = 200_000, seed: int = 7
) -> dict[str, int]:
    """Create `path` (which must not exist) and fill it. Returns the row counts."""
    if path.exists():
        raise FileExistsError(path)
    rng = random.Random(seed)
    mentors = pairings * 3 // 5
    waiting = pairings // 10
    with Database.open(path) as db, db.engine.begin() as conn:
        people: list[dict[str, Any]] = []
        for number in range(mentors):
            people.append(
                {
                    "programme_id": 1,
                    "role": Role.MENTOR,
                    "first_name": f"Mentor{number}",
                    "last_name": "Volunteer",
                    "capacity": 2,
                    "guardian_name": "",
                    "date_of_birth": dt.date(1980, 1, 1),
                    "joined_on": TODAY - dt.timedelta(days=900),
                }
            )
        for number in range(pairings + waiting):
            people.append(
                {
                    "programme_id": 1,
                    "role": Role.MENTEE,
                    "first_name": f"Mentee{number}",
                    "last_name": "Student",
                    "date_of_birth": TODAY - dt.timedelta(days=rng.randint(12 * 365, 20 * 365)),
                    "capacity": None,
                    "guardian_name": f"Guardian{number}",
                    "joined_on": TODAY - dt.timedelta(days=rng.randint(5, 700)),
                }
            )
        _bulk(conn, Participant.__table__, people)
        mentor_ids = list(range(1, mentors + 1))
        mentee_ids = list(range(mentors + 1, mentors + pairings + waiting + 1))

        checks: list[dict[str, Any]] = []
        trainings: list[dict[str, Any]] = []
        for mentor_id in mentor_ids:
            done = TODAY - dt.timedelta(days=rng.randint(100, 1000))
            for kind in ScreeningKind:
                if kind is ScreeningKind.OTHER:
                    continue
                expires = None
                if kind is ScreeningKind.BACKGROUND_CHECK:
                    expires = done + dt.timedelta(days=3 * 365 if rng.random() > 0.05 else 400)
                checks.append(
                    {
                        "participant_id": mentor_id,
                        "kind": kind,
                        "status": ScreeningStatus.COMPLETE,
                        "completed_on": done,
                        "expires_on": expires,
                        "reference_count": 2,
                    }
                )
            trainings.append({"participant_id": mentor_id, "completed_on": done, "hours": 6.0})
        _bulk(conn, ScreeningCheck.__table__, checks)
        _bulk(conn, Training.__table__, trainings)

        statuses = rng.choices(
            [
                PairingStatus.ACTIVE,
                PairingStatus.PAUSED,
                PairingStatus.PROPOSED,
                PairingStatus.CLOSED,
            ],
            weights=[70, 8, 5, 17],
            k=pairings,
        )
        pair_rows: list[dict[str, Any]] = []
        spans: list[tuple[int, dt.date, dt.date]] = []
        for number, status in enumerate(statuses):
            start = TODAY - dt.timedelta(days=rng.randint(20, 720))
            row: dict[str, Any] = {
                "programme_id": 1,
                "mentor_id": mentor_ids[number % mentors],
                "mentee_id": mentee_ids[number],
                "status": status,
                "proposed_on": start - dt.timedelta(days=10),
                "start_date": None if status is PairingStatus.PROPOSED else start,
                "agreement_signed_on": start if rng.random() > 0.05 else None,
                "meetings_per_month": rng.choice([None, None, None, 2, 4]),
                "end_date": None,
                "closure_kind": None,
                "closure_reason": "",
            }
            if status is PairingStatus.CLOSED:
                end = start + dt.timedelta(days=rng.randint(15, (TODAY - start).days))
                row.update(
                    end_date=end,
                    closure_kind=rng.choice([ClosureKind.PLANNED, ClosureKind.EARLY]),
                    closure_reason=rng.choice(
                        ["Mentee lost interest", "Mentor moved away", "Programme year completed"]
                    ),
                )
                spans.append((number + 1, start, end))
            elif status is not PairingStatus.PROPOSED:
                # Most pairs met in the last fortnight; some have drifted.
                quiet = rng.randint(0, 14) if rng.random() < 0.85 else rng.randint(15, 90)
                spans.append((number + 1, start, max(start, TODAY - dt.timedelta(days=quiet))))
            pair_rows.append(row)
        _bulk(conn, Pairing.__table__, pair_rows)

        meeting_rows: list[dict[str, Any]] = []
        modes = list(MeetingMode)
        for index in range(meetings):
            pairing_id, start, last = spans[index % len(spans)]
            day = start + dt.timedelta(days=rng.randint(0, max(0, (last - start).days)))
            meeting_rows.append(
                {
                    "pairing_id": pairing_id,
                    "held_on": day,
                    "minutes": 60,
                    "mode": modes[index % 3],
                    "notes": "",
                }
            )
        _bulk(conn, Meeting.__table__, meeting_rows)

        check_in_rows: list[dict[str, Any]] = []
        goal_rows: list[dict[str, Any]] = []
        for pairing_id, start, last in spans:
            # The coordinator's round: mentor and mentee about monthly, the guardian of a
            # minor every other month (mentees here are mostly minors).
            day, month = start + dt.timedelta(days=14), 0
            while day <= last:
                asked = [CheckInWho.MENTOR, CheckInWho.MENTEE]
                if month % 2 == 0:
                    asked.append(CheckInWho.GUARDIAN)
                for who in asked:
                    held = day + dt.timedelta(days=rng.randint(0, 3))
                    concern = rng.random() < 0.002
                    check_in_rows.append(
                        {
                            "pairing_id": pairing_id,
                            "held_on": held,
                            "who": who,
                            "satisfaction": rng.choices(
                                [1, 2, 3, 4, 5, None], weights=[1, 3, 12, 30, 40, 14]
                            )[0],
                            "concern": concern,
                            "concern_resolved_on": held if concern and rng.random() < 0.7 else None,
                            "notes": "",
                        }
                    )
                day += dt.timedelta(days=rng.randint(25, 38))
                month += 1
            for goal_number in range(2):
                goal_rows.append(
                    {
                        "pairing_id": pairing_id,
                        "title": f"Goal {goal_number + 1}",
                        "description": "",
                        "target_date": start + dt.timedelta(days=90 + 120 * goal_number),
                        "status": rng.choice(list(GoalStatus)),
                        "progress": 50,
                    }
                )
        _bulk(conn, CheckIn.__table__, check_in_rows)
        _bulk(conn, Goal.__table__, goal_rows)
    return {
        "participants": len(people),
        "pairings": len(pair_rows),
        "meetings": len(meeting_rows),
        "check_ins": len(check_in_rows),
        "goals": len(goal_rows),
        "screening_checks": len(checks),
    }
