"""Small, explicit programmes for pairing tests: ready or unready mentors, minor or adult
mentees, pairings in any status."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import (
    Pairing,
    PairingStatus,
    Participant,
    Role,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.store import current_programme_id

_numbers = itertools.count(1)


def make_mentor(
    session: Session, name: str = "Helen Carter", *, ready: bool = True, capacity: int = 1
) -> int:
    first, last = name.split(" ", 1)
    today = clock.today()
    person = Participant(
        programme_id=current_programme_id(session),
        role=Role.MENTOR,
        first_name=first,
        last_name=last,
        external_id=f"V{next(_numbers)}",
        date_of_birth=dt.date(today.year - 40, 3, 1),
        capacity=capacity,
        employer="Brightsoft",
    )
    done = today - dt.timedelta(days=100)
    kinds = list(ScreeningKind)[:4] if ready else list(ScreeningKind)[:2]
    for kind in kinds:
        person.screening_checks.append(
            ScreeningCheck(
                seen_reference="REF-1",
                seen_by="Coordinator",
                kind=kind,
                status=ScreeningStatus.COMPLETE,
                completed_on=done,
                reference_count=2 if kind is ScreeningKind.REFERENCES else 0,
                expires_on=done + dt.timedelta(days=1000)
                if kind is ScreeningKind.BACKGROUND_CHECK
                else None,
            )
        )
    if ready:
        person.trainings.append(Training(completed_on=done, hours=6))
    session.add(person)
    session.flush()
    return person.id


def make_mentee(
    session: Session, name: str = "Zoë Müller", *, age: int = 14, guardian: bool = True
) -> int:
    first, last = name.split(" ", 1)
    today = clock.today()
    person = Participant(
        programme_id=current_programme_id(session),
        role=Role.MENTEE,
        first_name=first,
        last_name=last,
        external_id=f"S{next(_numbers)}",
        date_of_birth=dt.date(today.year - age, 1, 15),
        school="Riverside Secondary",
        year_group="Year 9",
        guardian_name="Mary Müller" if guardian else "",
        guardian_phone="07700900123" if guardian else "",
    )
    session.add(person)
    session.flush()
    return person.id


def make_pairing(
    session: Session,
    mentor_id: int,
    mentee_id: int,
    status: PairingStatus = PairingStatus.ACTIVE,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> int:
    today = clock.today()
    start_date = None if status is PairingStatus.PROPOSED else (start or today.replace(day=1))
    pairing = Pairing(
        programme_id=current_programme_id(session),
        mentor_id=mentor_id,
        mentee_id=mentee_id,
        status=status,
        proposed_on=start_date or today,
        start_date=start_date,
        end_date=(end or today) if status is PairingStatus.CLOSED else None,
        closure_reason="Mentor moved away" if status is PairingStatus.CLOSED else "",
    )
    session.add(pairing)
    session.flush()
    return pairing.id
