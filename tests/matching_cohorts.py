"""Small random cohorts for the matching tests: people with every kind of data and every
kind of trouble (unscreened, expired or short background checks, exclusions, pairs that
closed badly, mentors already full, minors, unknown ages)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentordesk.models import (
    ClosureKind,
    ModePreference,
    PairExclusion,
    Pairing,
    PairingStatus,
    Participant,
    ParticipantStatus,
    Programme,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.store import current_programme_id

INTERESTS = ["robotics", "Robotic", "football", "soccer", "drawing", "music", "chess", "coding"]
GOALS = ["nursing", "software engineering", "teaching", "law", "architecture"]
JOBS = ["Nurse", "Software Engineer", "Teacher", "Solicitor", "Architect", ""]
SKILLS = ["nursing", "coding", "public speaking", "CV writing", "architecture"]
SLOTS = ["Monday afternoon", "Tuesday evening", "Tue/Thu evenings", "Saturday morning", "weekends"]
LANGUAGES = ["English", "Polish", "Spanish", "Arabic"]
TOWNS = ["Northfield", "Riverside", "Old Town"]
COUNTER = itertools.count(1)


@dataclass(frozen=True)
class CohortIds:
    mentors: list[int]
    mentees: list[int]


def _person(rng: random.Random, programme_id: int, role: Role, today: dt.date) -> Participant:
    number = next(COUNTER)
    if role is Role.MENTOR:
        years = rng.choice([None, 19, 22, 30, 45, 60])
    else:
        years = rng.choice([None, 11, 13, 15, 16, 17, 18, 19])
    born = None if years is None else today - dt.timedelta(days=years * 365 + rng.randint(5, 300))
    person = Participant(
        programme_id=programme_id,
        role=role,
        status=rng.choice([ParticipantStatus.ACTIVE] * 6 + [ParticipantStatus.ON_HOLD]),
        first_name=f"{role.value.capitalize()}{number}",
        last_name=rng.choice(["Walsh", "Khan", "Novak", "Adams"]),
        date_of_birth=born,
        gender=rng.choice(["female", "male", "Female", "non-binary", ""]),
        interests=rng.sample(INTERESTS, rng.randint(0, 3)),
        languages=rng.sample(LANGUAGES, rng.randint(0, 2)),
        availability=rng.sample(SLOTS, rng.randint(0, 2)),
        location=rng.choice([*TOWNS, ""]),
        postcode=rng.choice(["NW1 6XE", "NW1 2AB", "E2 8AA", ""]),
        meeting_mode=rng.choice(list(ModePreference)),
        preferences=rng.choice([{}, {}, {"max_age_gap": rng.choice([10, 25, 40])}]),
    )
    if role is Role.MENTOR:
        person.capacity = rng.randint(1, 3)
        person.job_title = rng.choice(JOBS)
        person.skills = rng.sample(SKILLS, rng.randint(0, 2))
    else:
        person.career_goals = rng.sample(GOALS, rng.randint(0, 2))
        person.mentor_gender_preference = rng.choice(["", "", "female", "male"])
        if rng.random() < 0.8:
            person.guardian_name = "Guardian"
            person.guardian_phone = "0123"
    return person


def _screen(rng: random.Random, mentor: Participant, today: dt.date, end: dt.date) -> None:
    """Anything from nothing done to fully screened with a long-valid background check."""
    kind = rng.choice(["full", "full", "full", "short_check", "expired", "partial", "no_check"])
    done = today - dt.timedelta(days=100)
    items = [ScreeningKind.APPLICATION, ScreeningKind.INTERVIEW, ScreeningKind.REFERENCES]
    if kind != "no_check":
        items.append(ScreeningKind.BACKGROUND_CHECK)
    for position, item in enumerate(items):
        complete = not (kind == "partial" and position == len(items) - 1)
        check = ScreeningCheck(
            kind=item,
            status=ScreeningStatus.COMPLETE if complete else ScreeningStatus.IN_PROGRESS,
            completed_on=done if complete else None,
            reference_count=2 if item is ScreeningKind.REFERENCES else 0,
        )
        if item is ScreeningKind.BACKGROUND_CHECK and complete:
            check.expires_on = {
                "expired": today - dt.timedelta(days=3),
                "short_check": end - dt.timedelta(days=30),
            }.get(kind, end + dt.timedelta(days=400))
        mentor.screening_checks.append(check)
    mentor.trainings.append(Training(completed_on=done, hours=3))


def build_cohort(
    session: Session, seed: int, mentees: int, mentors: int, today: dt.date
) -> CohortIds:
    """A random cohort in the session (flushed, not committed)."""
    rng = random.Random(seed)
    programme_id = current_programme_id(session)
    programme = session.get(Programme, programme_id)
    assert programme is not None
    end = today + dt.timedelta(days=rng.choice([60, 240]))
    programme.end_date = end
    required = ["application", "interview", "references", "training"]
    if rng.random() < 0.7:
        required.append("background_check")
    programme.settings = {
        "matching": {"min_age_gap": rng.choice([0, 0, 5, 25])},
        "screening": {"required": required, "min_references": 2},
    }
    mentor_people = [_person(rng, programme_id, Role.MENTOR, today) for _ in range(mentors)]
    mentee_people = [_person(rng, programme_id, Role.MENTEE, today) for _ in range(mentees)]
    session.add_all(mentor_people + mentee_people)
    for mentor in mentor_people:
        _screen(rng, mentor, today, end)
    session.flush()
    # History: live and proposed pairings, bad closures, never-pair exclusions.
    for mentee in mentee_people:
        mentor = rng.choice(mentor_people)
        roll = rng.random()
        if roll < 0.15:
            status = rng.choice([PairingStatus.ACTIVE, PairingStatus.PROPOSED])
            session.add(
                Pairing(
                    programme_id=programme_id,
                    mentor_id=mentor.id,
                    mentee_id=mentee.id,
                    status=status,
                    start_date=today - dt.timedelta(days=30),
                )
            )
        elif roll < 0.3:
            session.add(
                Pairing(
                    programme_id=programme_id,
                    mentor_id=mentor.id,
                    mentee_id=mentee.id,
                    status=PairingStatus.CLOSED,
                    start_date=today - dt.timedelta(days=300),
                    end_date=today - dt.timedelta(days=100),
                    closure_kind=rng.choice([ClosureKind.EARLY, ClosureKind.PLANNED]),
                    closure_reason=rng.choice(
                        ["Relationship not working", "Mentor moved away", "Safeguarding concern"]
                    ),
                )
            )
        elif roll < 0.45:
            session.add(PairExclusion(mentor_id=mentor.id, mentee_id=mentee.id, reason="Relatives"))
    session.flush()
    return CohortIds([m.id for m in mentor_people], [m.id for m in mentee_people])


def screened(mentor: Participant, today: dt.date, expires: dt.date | None = None) -> Participant:
    """Give a mentor a complete, valid screening (background check until `expires`)."""
    done = today - dt.timedelta(days=60)
    for item in (
        ScreeningKind.APPLICATION,
        ScreeningKind.INTERVIEW,
        ScreeningKind.REFERENCES,
        ScreeningKind.BACKGROUND_CHECK,
    ):
        mentor.screening_checks.append(
            ScreeningCheck(
                seen_reference="REF-1",
                seen_by="Coordinator",
                kind=item,
                status=ScreeningStatus.COMPLETE,
                completed_on=done,
                reference_count=2 if item is ScreeningKind.REFERENCES else 0,
                expires_on=(expires or today + dt.timedelta(days=3 * 365))
                if item is ScreeningKind.BACKGROUND_CHECK
                else None,
            )
        )
    mentor.trainings.append(Training(completed_on=done, hours=4))
    return mentor


def add_mentor(session: Session, today: dt.date, **fields: object) -> Participant:
    values: dict[str, object] = {
        "first_name": "Mentor",
        "last_name": f"M{next(COUNTER)}",
        "capacity": 1,
        "date_of_birth": today - dt.timedelta(days=40 * 365),
    }
    values.update(fields)
    person = Participant(programme_id=current_programme_id(session), role=Role.MENTOR, **values)
    session.add(screened(person, today))
    session.flush()
    return person


def add_mentee(session: Session, today: dt.date, **fields: object) -> Participant:
    values: dict[str, object] = {
        "first_name": "Mentee",
        "last_name": f"E{next(COUNTER)}",
        "date_of_birth": today - dt.timedelta(days=15 * 365 + 40),
        "guardian_name": "Pat Parent",
        "guardian_phone": "0123 456",
    }
    values.update(fields)
    person = Participant(programme_id=current_programme_id(session), role=Role.MENTEE, **values)
    session.add(person)
    session.flush()
    return person
