"""Build small, exact programme histories for monitoring tests: people, pairs, meetings,
check-ins and goals on fixed dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import (
    CheckIn,
    CheckInWho,
    ClosureKind,
    ConcernSource,
    Goal,
    GoalStatus,
    Meeting,
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
from mentordesk.pairings.concerns import ConcernInput, raise_concern, resolve_concern

ADULT_BIRTH = dt.date(1990, 1, 1)
CHILD_BIRTH = dt.date(2012, 1, 1)
JOINED = dt.date(2026, 1, 1)
START = dt.date(2026, 6, 1)
CHECK_EXPIRES = dt.date(2029, 1, 1)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class History:
    def __init__(self, session: Session) -> None:
        self.session = session
        programme = session.scalar(select(Programme).order_by(Programme.id).limit(1))
        assert programme is not None
        self.programme = programme
        self._count = 0

    def _next(self) -> int:
        self._count += 1
        return self._count

    def mentor(
        self,
        name: str = "Helen Carter",
        *,
        capacity: int = 1,
        background: bool = True,
        expires: dt.date | None = CHECK_EXPIRES,
        trained: bool = True,
    ) -> Participant:
        first, last = name.split(" ", 1)
        person = Participant(
            programme_id=self.programme.id,
            role=Role.MENTOR,
            first_name=first,
            last_name=last,
            capacity=capacity,
            date_of_birth=ADULT_BIRTH,
            joined_on=d("2026-01-01"),
        )
        kinds = [ScreeningKind.APPLICATION, ScreeningKind.INTERVIEW, ScreeningKind.REFERENCES]
        for kind in kinds:
            person.screening_checks.append(
                ScreeningCheck(
                    seen_reference="REF-1",
                    seen_by="Coordinator",
                    kind=kind,
                    status=ScreeningStatus.COMPLETE,
                    completed_on=d("2026-01-10"),
                    reference_count=2 if kind is ScreeningKind.REFERENCES else 0,
                )
            )
        if background:
            person.screening_checks.append(
                ScreeningCheck(
                    seen_reference="REF-1",
                    seen_by="Coordinator",
                    kind=ScreeningKind.BACKGROUND_CHECK,
                    status=ScreeningStatus.COMPLETE,
                    completed_on=d("2026-01-10"),
                    expires_on=expires,
                )
            )
        if trained:
            person.trainings.append(Training(completed_on=d("2026-01-20"), hours=6))
        self.session.add(person)
        self.session.flush()
        return person

    def mentee(
        self,
        name: str = "Liam Walsh",
        *,
        birth: dt.date | None = ADULT_BIRTH,
        joined: dt.date | None = JOINED,
        guardian: str = "",
    ) -> Participant:
        first, last = name.split(" ", 1)
        person = Participant(
            programme_id=self.programme.id,
            role=Role.MENTEE,
            first_name=first,
            last_name=last,
            date_of_birth=birth,
            joined_on=joined,
            guardian_name=guardian,
        )
        self.session.add(person)
        self.session.flush()
        return person

    def pair(
        self,
        mentor: Participant | None = None,
        mentee: Participant | None = None,
        *,
        start: dt.date | None = START,
        status: PairingStatus = PairingStatus.ACTIVE,
        signed: bool = True,
        per_month: int | None = None,
        end: dt.date | None = None,
        closure_kind: ClosureKind | None = None,
        reason: str = "",
    ) -> Pairing:
        pairing = Pairing(
            programme_id=self.programme.id,
            mentor_id=(mentor or self.mentor(f"Mentor N{self._next()}")).id,
            mentee_id=(mentee or self.mentee(f"Mentee N{self._next()}")).id,
            status=status,
            start_date=start,
            agreement_signed_on=start if signed else None,
            meetings_per_month=per_month,
            end_date=end,
            closure_kind=closure_kind,
            closure_reason=reason,
        )
        self.session.add(pairing)
        self.session.flush()
        return pairing

    def meetings(self, pairing: Pairing, days: Iterable[dt.date], minutes: int = 60) -> None:
        for day in days:
            self.session.add(Meeting(pairing_id=pairing.id, held_on=day, minutes=minutes))
        self.session.flush()

    def weekly(self, pairing: Pairing, first: dt.date, last: dt.date) -> None:
        day, days = first, []
        while day <= last:
            days.append(day)
            day += dt.timedelta(days=7)
        self.meetings(pairing, days)

    def check_in(
        self,
        pairing: Pairing,
        day: dt.date,
        who: CheckInWho = CheckInWho.MENTEE,
        *,
        satisfaction: int | None = None,
        concern: bool = False,
        resolved: dt.date | None = None,
    ) -> CheckIn:
        check_in = CheckIn(
            pairing_id=pairing.id,
            held_on=day,
            who=who,
            satisfaction=satisfaction,
            concern=concern,
        )
        self.session.add(check_in)
        self.session.flush()
        if concern:
            # Into the register, as the check-in rules do.
            concern_id = raise_concern(
                self.session,
                ConcernInput(
                    pairing.id,
                    f"Raised in the check-in with the {who.value}.",
                    who.label,
                    day,
                    source=ConcernSource.CHECK_IN,
                    check_in_id=check_in.id,
                ),
                today=max(day, clock.today()),
            )
            if resolved is not None:
                resolve_concern(
                    self.session,
                    concern_id,
                    resolved_on=resolved,
                    action="Followed up.",
                    decided_by="Coordinator",
                    today=max(resolved, clock.today()),
                )
        return check_in

    def goal(
        self,
        pairing: Pairing,
        target: dt.date | None,
        status: GoalStatus = GoalStatus.IN_PROGRESS,
        title: str = "Prepare a CV",
    ) -> Goal:
        goal = Goal(pairing_id=pairing.id, title=title, target_date=target, status=status)
        self.session.add(goal)
        self.session.flush()
        return goal
