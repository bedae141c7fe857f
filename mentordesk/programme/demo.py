"""A realistic sample programme, so a new coordinator sees every screen with data in it.

Deterministic (fixed seed, dates relative to today) so screenshots and tests are stable.
"""

from __future__ import annotations

import datetime as dt
import random
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.models import (
    CheckIn,
    CheckInWho,
    ClosureKind,
    Goal,
    GoalStatus,
    Initiator,
    Meeting,
    MeetingMode,
    ModePreference,
    PairExclusion,
    Pairing,
    PairingStatus,
    Participant,
    Programme,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.pairings.activity import CheckInInput, add_check_in
from mentordesk.store import Database, current_programme_id

MENTEE_NAMES = [
    ("Nguyễn", "Ngọc"),
    ("Siobhán", "Ó Súilleabháin"),
    ("Zoë", "Müller"),
    ("Amara", "Okafor"),
    ("Liam", "Walsh"),
    ("Priya", "Sharma"),
    ("Mateo", "García"),
    ("Chloe", "Dubois"),
    ("Yusuf", "Demir"),
    ("Aisha", "Khan"),
    ("Noah", "Fischer"),
    ("Ella", "Kowalski"),
    ("Kwame", "Mensah"),
    ("Sofia", "Rossi"),
    ("Oliver", "Bennett"),
    ("Mia", "Johansson"),
    ("Ethan", "Murphy"),
    ("Leila", "Haddad"),
    ("Jack", "O'Brien"),
    ("Hana", "Takahashi"),
    ("Dylan", "Evans"),
    ("Fatima", "Ali"),
    ("Lucas", "Silva"),
    ("Grace", "Thompson"),
    ("Ravi", "Patel"),
    ("Ольга", "Иванова"),
    ("Tomás", "Fernández"),
    ("Isla", "MacDonald"),
    ("Samuel", "Adeyemi"),
    ("Lily", "Chen"),
    ("Aidan", "Byrne"),
    ("Nadia", "Petrova"),
    ("Jayden", "Williams"),
    ("Maya", "Cohen"),
    ("Finn", "Larsen"),
    ("Zara", "Hussain"),
    ("Leo", "Novak"),
    ("Ruby", "Clarke"),
    ("Omar", "Farouk"),
    ("민준", "김"),
]
MENTOR_NAMES = [
    ("Søren", "Björk"),
    ("Helen", "Carter"),
    ("David", "Okonkwo"),
    ("Maria", "Lopez"),
    ("James", "Whitfield"),
    ("Anna", "Schmidt"),
    ("Robert", "Nolan"),
    ("Sarah", "Goldberg"),
    ("Michael", "Adams"),
    ("Laura", "Bianchi"),
    ("Daniel", "Kim"),
    ("Emma", "Richardson"),
    ("Thomas", "Dunne"),
    ("Olivia", "Martins"),
    ("Peter", "Novak"),
    ("Catherine", "Hughes"),
    ("Ahmed", "Rahman"),
    ("Julia", "Weber"),
    ("Mark", "Doyle"),
    ("Rachel", "Stein"),
]
# Genders that fit the names, so the matcher's gender rules read right in the demo.
FEMALE_NAMES = frozenset(
    [
        "Nguyễn",
        "Siobhán",
        "Zoë",
        "Amara",
        "Priya",
        "Chloe",
        "Aisha",
        "Ella",
        "Sofia",
        "Mia",
        "Leila",
        "Hana",
        "Fatima",
        "Grace",
        "Ольга",
        "Isla",
        "Lily",
        "Nadia",
        "Maya",
        "Zara",
        "Ruby",
        "Helen",
        "Maria",
        "Anna",
        "Sarah",
        "Laura",
        "Emma",
        "Olivia",
        "Catherine",
        "Julia",
        "Rachel",
    ]
)
NON_BINARY_NAMES = frozenset({"Finn"})


def _gender(first: str, rng: random.Random, choices: int) -> str:
    # The demo once drew genders at random: drawing as before keeps every later draw (and so
    # the rest of the demo) as it was.
    rng.choice(range(choices))
    if first in NON_BINARY_NAMES:
        return "non-binary"
    return "female" if first in FEMALE_NAMES else "male"


INTERESTS = [
    "robotics",
    "football",
    "drawing",
    "music",
    "coding",
    "reading",
    "cooking",
    "basketball",
    "photography",
    "chess",
    "dance",
    "science",
    "video games",
    "animals",
    "hiking",
    "drama",
]
CAREERS = [
    ("nursing", "Nurse", "City Hospital"),
    ("software engineering", "Software Engineer", "Brightsoft"),
    ("teaching", "Teacher", "Riverside Academy"),
    ("law", "Solicitor", "Hale & Co"),
    ("architecture", "Architect", "Studio North"),
    ("accounting", "Accountant", "Ledger LLP"),
    ("engineering", "Civil Engineer", "Bridgeworks"),
    ("medicine", "Doctor", "Parkside Clinic"),
    ("graphic design", "Designer", "Inkwell"),
    ("journalism", "Reporter", "The Courier"),
    ("electrician", "Electrician", "Spark Services"),
    ("veterinary", "Vet", "Meadow Vets"),
]
SLOTS = [
    "Monday afternoon",
    "Tuesday evening",
    "Wednesday afternoon",
    "Thursday evening",
    "Saturday morning",
]
LANGUAGES = ["English", "Spanish", "Polish", "Arabic", "French", "Urdu", "Irish"]
TOWNS = ["Northfield", "Riverside", "Old Town", "Hillcrest", "Eastgate"]
SCHOOLS = ["Riverside Secondary", "St Brigid's College", "Northfield Academy"]
GOAL_TITLES = [
    "Choose GCSE options with confidence",
    "Read one book a month",
    "Prepare a CV",
    "Improve maths homework routine",
    "Visit a workplace",
    "Join a club at school",
    "Practise for a job interview",
    "Plan a science fair project",
]
# The active pair that began before the programme asked for a parent's permission, and
# has none on record: its flag shows what to do.
MISSING_PERMISSION = 5
CLOSURE_REASONS = [
    ("Programme year completed", ClosureKind.PLANNED, Initiator.COORDINATOR),
    ("Mentor moved away for work", ClosureKind.EARLY, Initiator.MENTOR),
    ("Mentee lost interest", ClosureKind.EARLY, Initiator.MENTEE),
]
SIZE_PAIRS = 15


@dataclass(frozen=True)
class DemoSummary:
    mentees: int
    mentors: int
    pairings: int
    meetings: int


def _email(first: str, last: str, domain: str) -> str:
    plain = unicodedata.normalize("NFKD", f"{first}.{last}".lower().replace("ø", "o"))
    ascii_name = "".join(ch for ch in plain if ch.isascii() and (ch.isalnum() or ch == "."))
    return f"{ascii_name.strip('.') or 'person'}@{domain}"


def _add_mentees(
    session: Session, programme_id: int, rng: random.Random, today: dt.date
) -> list[Participant]:
    mentees = []
    for index, (first, last) in enumerate(MENTEE_NAMES):
        age = rng.randint(12, 17) if index % 8 else 19  # a few young adults too
        born = today - dt.timedelta(days=age * 365 + rng.randint(0, 300))
        career = rng.choice(CAREERS)
        person = Participant(
            programme_id=programme_id,
            role=Role.MENTEE,
            external_id=f"S{1000 + index}",
            first_name=first,
            last_name=last,
            email=_email(first, last, "pupils.example.org") if index % 5 else None,
            phone=f"07{rng.randint(100000000, 999999999)}",
            date_of_birth=born,
            gender=_gender(first, rng, 5),
            school=rng.choice(SCHOOLS),
            year_group=f"Year {min(13, max(8, age - 4))}",
            guardian_name=f"{rng.choice(['Mary', 'John', 'Grace', 'Ali', 'Ines'])} {last}",
            guardian_phone=f"07{rng.randint(100000000, 999999999)}",
            guardian_email=_email("parent", last, "mail.example.com"),
            guardian_relationship=rng.choice(["mother", "father", "grandparent", "carer"]),
            interests=rng.sample(INTERESTS, 3),
            career_goals=[career[0]],
            languages=["English"] + ([rng.choice(LANGUAGES[1:])] if index % 3 == 0 else []),
            availability=rng.sample(SLOTS, 2),
            location=rng.choice(TOWNS),
            meeting_mode=rng.choice(list(ModePreference)),
            mentor_gender_preference=rng.choice(["", "", "", "female", "male"]),
            joined_on=today - dt.timedelta(days=rng.randint(10, 300)),
        )
        session.add(person)
        mentees.append(person)
    return mentees


def _add_screening(session: Session, mentor: Participant, stage: int, today: dt.date) -> None:
    """stage 0: just applied ... 4: fully screened; 5: background check expired."""
    done = today - dt.timedelta(days=200)
    kinds = [
        ScreeningKind.APPLICATION,
        ScreeningKind.INTERVIEW,
        ScreeningKind.REFERENCES,
        ScreeningKind.BACKGROUND_CHECK,
    ]
    for position, kind in enumerate(kinds):
        complete = position < stage or stage == 5
        check = ScreeningCheck(
            kind=kind,
            status=ScreeningStatus.COMPLETE
            if complete
            else (
                ScreeningStatus.IN_PROGRESS if position == stage else ScreeningStatus.NOT_STARTED
            ),
            completed_on=done if complete else None,
            reference_count=2 if kind == ScreeningKind.REFERENCES and complete else 0,
            # What was seen, and by whom: a tick is not evidence.
            seen_reference=f"{kind.value[:3].upper()}-{mentor.id or 0:04d}" if complete else "",
            seen_by="Programme coordinator" if complete else "",
        )
        if kind == ScreeningKind.BACKGROUND_CHECK and complete:
            check.expires_on = (
                (today - dt.timedelta(days=5))
                if stage == 5
                else (done + dt.timedelta(days=3 * 365))
            )
        mentor.screening_checks.append(check)
    if stage >= 4:
        mentor.trainings.append(Training(completed_on=done + dt.timedelta(days=7), hours=6))


def _add_mentors(
    session: Session, programme_id: int, rng: random.Random, today: dt.date
) -> list[Participant]:
    mentors = []
    stages = [4] * 14 + [5, 3, 2, 1, 0, 4]
    for index, (first, last) in enumerate(MENTOR_NAMES):
        field, job, employer = CAREERS[index % len(CAREERS)]
        person = Participant(
            programme_id=programme_id,
            role=Role.MENTOR,
            external_id=f"V{200 + index}",
            first_name=first,
            last_name=last,
            email=_email(first, last, "volunteers.example.net"),
            phone=f"07{rng.randint(100000000, 999999999)}",
            date_of_birth=today - dt.timedelta(days=rng.randint(24, 62) * 365),
            gender=_gender(first, rng, 2),
            employer=employer,
            job_title=job,
            interests=rng.sample(INTERESTS, 3),
            skills=[field, rng.choice(["CV writing", "study skills", "public speaking"])],
            languages=["English"] + ([rng.choice(LANGUAGES[1:])] if index % 4 == 0 else []),
            availability=rng.sample(SLOTS, 2),
            location=rng.choice(TOWNS),
            meeting_mode=rng.choice(list(ModePreference)),
            capacity=2 if index % 5 == 0 else 1,
            joined_on=today - dt.timedelta(days=rng.randint(100, 400)),
        )
        if index == len(MENTOR_NAMES) - 1:
            person.availability = []  # a new volunteer who has not said when they are free
        session.add(person)
        session.flush()  # its id names its certificates
        _add_screening(session, person, stages[index], today)
        mentors.append(person)
    return mentors


def _add_meetings(pairing: Pairing, rng: random.Random, start: dt.date, until: dt.date) -> int:
    count = 0
    day = start + dt.timedelta(days=rng.randint(2, 6))
    while day <= until:
        pairing.meetings.append(
            Meeting(
                held_on=day,
                minutes=rng.choice([45, 60, 60, 75, 90]),
                mode=rng.choice(
                    [
                        MeetingMode.IN_PERSON,
                        MeetingMode.IN_PERSON,
                        MeetingMode.VIDEO,
                        MeetingMode.PHONE,
                    ]
                ),
                notes=rng.choice(
                    [
                        "Worked on homework plan.",
                        "Talked about options.",
                        "Visited the library.",
                        "Practised interview questions.",
                        "",
                    ]
                ),
            )
        )
        count += 1
        day += dt.timedelta(days=rng.randint(6, 12))
    return count


def _add_pairings(
    session: Session,
    programme_id: int,
    rng: random.Random,
    today: dt.date,
    mentors: list[Participant],
    mentees: list[Participant],
) -> tuple[int, int]:
    # 9 active (one has stopped meeting), 2 paused, 2 proposed, 2 closed.
    plan = (
        [PairingStatus.ACTIVE] * 9
        + [PairingStatus.PAUSED] * 2
        + [PairingStatus.PROPOSED] * 2
        + [PairingStatus.CLOSED] * 2
    )
    ready = [m for m in mentors if len(m.trainings) > 0][: len(plan)]
    meetings = 0
    for index, status in enumerate(plan):
        mentor = ready[index % len(ready)]
        mentee = mentees[index]
        start = today - dt.timedelta(days=rng.randint(90, 200))
        pairing = Pairing(
            programme_id=programme_id,
            mentor=mentor,
            mentee=mentee,
            status=status,
            proposed_on=start - dt.timedelta(days=14),
            start_date=None if status == PairingStatus.PROPOSED else start,
            score=round(rng.uniform(0.45, 0.9), 2),
            explanation=[f"both like {sorted(set(mentor.interests) & set(mentee.interests))[0]}"]
            if set(mentor.interests) & set(mentee.interests)
            else ["both free at the same times"],
        )
        session.add(pairing)
        if mentee.mentor_gender_preference not in ("", mentor.gender):
            mentee.mentor_gender_preference = ""  # the demo's pairs keep the rules they show
        # A parent's or guardian's permission for each minor (the programme asks for it):
        # Ella's proposal has it, so it can start; Kwame's waits for the form.
        minor = mentee.is_minor_on(start)
        if minor and status != PairingStatus.PROPOSED and index != MISSING_PERMISSION:
            pairing.guardian_permission_on = start - dt.timedelta(days=7)
        elif minor and index == 11:
            pairing.guardian_permission_on = today - dt.timedelta(days=2)
        if status == PairingStatus.PROPOSED:
            continue
        if index in (0, 8):  # each kind of flag shows: checks running out on active pairs
            # (of adult mentees: a minor's pair needs checks valid through its planned end)
            check_kind = ScreeningKind.BACKGROUND_CHECK if index == 0 else ScreeningKind.REFERENCES
            check = next(c for c in mentor.screening_checks if c.kind == check_kind)
            check.expires_on = today + dt.timedelta(days=20 if index == 0 else 12)
        pairing.agreement_printed_on = start - dt.timedelta(days=3)
        pairing.agreement_signed_on = start if index != 3 else None
        until = today - dt.timedelta(days=2)
        if index == 1:  # the pair that has quietly stopped meeting
            until = today - dt.timedelta(days=45)
        if status == PairingStatus.PAUSED:
            pairing.paused_on = today - dt.timedelta(days=20)
            until = pairing.paused_on
        if status == PairingStatus.CLOSED:
            reason, kind, initiator = CLOSURE_REASONS[index % len(CLOSURE_REASONS)]
            pairing.end_date = today - dt.timedelta(days=10)
            pairing.closure_reason = reason
            pairing.closure_kind = kind
            pairing.closure_initiator = initiator
            pairing.closure_meeting_on = pairing.end_date
            pairing.post_closure_contact = "No contact outside the programme."
            until = pairing.end_date
        meetings += _add_meetings(pairing, rng, start, until)
        for goal_index in range(2):
            achieved = goal_index == 0 and index % 3 == 0
            pairing.goals.append(
                Goal(
                    title=GOAL_TITLES[(index + goal_index) % len(GOAL_TITLES)],
                    target_date=start + dt.timedelta(days=90 + 60 * goal_index),
                    status=GoalStatus.ACHIEVED if achieved else GoalStatus.IN_PROGRESS,
                    progress=100 if achieved else rng.choice([10, 30, 50, 70]),
                    completed_on=start + dt.timedelta(days=80) if achieved else None,
                )
            )
        check_day = start + dt.timedelta(days=14)
        while check_day <= until:
            who = rng.choice([CheckInWho.MENTOR, CheckInWho.MENTEE, CheckInWho.GUARDIAN])
            low = index == 1 and check_day > until - dt.timedelta(days=40)
            pairing.check_ins.append(
                CheckIn(
                    held_on=check_day,
                    who=who,
                    satisfaction=2 if low else rng.choice([3, 4, 4, 5]),
                    concern=False,
                    notes="Mentee finds it hard to make time." if low else "Going well.",
                )
            )
            check_day += dt.timedelta(days=30)
    # One concern raised and not yet resolved, so the dashboard has something urgent.
    session.flush()
    active = [p for p in session.scalars(select(Pairing)) if p.status == PairingStatus.ACTIVE]
    # Through the check-in rules, so the concern goes into the register as well.
    add_check_in(
        session,
        active[2].id,
        CheckInInput(
            held_on=today - dt.timedelta(days=3),
            who=CheckInWho.MENTEE,
            satisfaction=3,
            concern=True,
            notes="Mentee mentioned trouble at home; follow up.",
        ),
        today=today,
    )
    # A relative: never pair these two.
    session.add(
        PairExclusion(
            mentor_id=mentors[5].id, mentee_id=mentees[30].id, reason="Relatives", created_on=today
        )
    )
    return len(plan), meetings


def load_demo(db: Database) -> DemoSummary:
    """Fill an empty database with the sample programme in one transaction."""
    rng = random.Random(20260901)
    today = clock.today()
    with db.transaction() as session:
        if session.scalar(select(Participant.id).limit(1)) is not None:
            raise MentorDeskError(
                f"{db.path} already holds participants; the demo programme only goes into an "
                "empty database. Use --db with a new file name."
            )
        programme_id = current_programme_id(session)
        programme = session.get(Programme, programme_id)
        assert programme is not None
        programme.name = "Bright Futures Mentoring"
        programme.organisation = "Riverside Community Trust"
        programme.start_date = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        programme.end_date = dt.date(programme.start_date.year + 1, 7, 31)
        programme.coordinator_name = "Alex Morgan"
        programme.coordinator_contact = "alex.morgan@riverside-trust.example.org · 01632 960 123"
        programme.safeguarding_lead = "Dr Priya Nair"
        programme.settings = {
            **(programme.settings or {}),
            "documents": {"safeguarding_phone": "01632 960 456"},
        }
        mentees = _add_mentees(session, programme_id, rng, today)
        mentors = _add_mentors(session, programme_id, rng, today)
        session.flush()
        pairings, meetings = _add_pairings(session, programme_id, rng, today, mentors, mentees)
    return DemoSummary(len(mentees), len(mentors), pairings, meetings)
