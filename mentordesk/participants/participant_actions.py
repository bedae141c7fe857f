"""Actions on people: add, edit (details and screening), change status, delete, and the
programme's screening rules. Each runs in one transaction (`store.actions.run`) and returns
its inverse; the window and the command line call these same actions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.participants import participant_changes as people
from mentordesk.participants.participant_fields import ParticipantFields
from mentordesk.participants.record_snapshot import RecordSnapshot
from mentordesk.participants.screening import ScreeningRequirements
from mentordesk.participants.screening_edit import (
    MentorScreening,
    read_screening,
    write_requirements,
    write_screening,
)
from mentordesk.store.actions import (
    ACTIVITY,
    PAIRINGS,
    PARTICIPANTS,
    PROGRAMME,
    Outcome,
    outcome,
)


@dataclass(frozen=True)
class AddParticipant:
    """`result`: the new person's id."""

    person: ParticipantFields
    on_date: dt.date | None = None  # today when not given

    def apply(self, session: Session) -> Outcome:
        new_id = people.create_participant(session, self.person, self.on_date or clock.today())
        return outcome(
            DeleteParticipants((new_id,)), (PARTICIPANTS,), participants=[new_id], result=new_id
        )


@dataclass(frozen=True)
class EditParticipant:
    """Save edited details and/or screening together; `None` leaves that part alone."""

    participant_id: int
    person: ParticipantFields | None = None
    screening: MentorScreening | None = None
    on_date: dt.date | None = None

    def apply(self, session: Session) -> Outcome:
        today = self.on_date or clock.today()
        before_person = people.read_participant(session, self.participant_id)
        before_screening = None
        if self.screening is not None:
            before_screening = read_screening(session, self.participant_id)
        if self.person is not None:
            people.update_participant(session, self.participant_id, self.person, today)
        if self.screening is not None:
            write_screening(session, self.screening, today)
        inverse = EditParticipant(
            self.participant_id,
            before_person if self.person is not None else None,
            before_screening,
            self.on_date,
        )
        return outcome(inverse, (PARTICIPANTS,), participants=[self.participant_id])


@dataclass(frozen=True)
class SetStatuses:
    """Give each person a status (archive, unarchive, put on hold); undo gives the old ones."""

    statuses: tuple[tuple[int, str], ...]

    @classmethod
    def same(cls, participant_ids: list[int], status: str) -> SetStatuses:
        return cls(tuple((i, str(status)) for i in participant_ids))

    def apply(self, session: Session) -> Outcome:
        old = people.set_statuses(session, dict(self.statuses))
        ids = [i for i, _ in self.statuses]
        return outcome(SetStatuses(tuple(old.items())), (PARTICIPANTS,), participants=ids)


@dataclass(frozen=True)
class DeleteParticipants:
    """Erase people and every record about them; undo puts every row back as it was."""

    participant_ids: tuple[int, ...]

    def apply(self, session: Session) -> Outcome:
        snapshot = people.delete_participants(session, list(self.participant_ids))
        return outcome(
            RestoreParticipants(snapshot),
            (PARTICIPANTS, PAIRINGS, ACTIVITY),
            participants=_with_partners(self.participant_ids, snapshot),
        )


@dataclass(frozen=True)
class RestoreParticipants:
    snapshot: RecordSnapshot

    def apply(self, session: Session) -> Outcome:
        people.restore_participants(session, self.snapshot)
        ids = tuple(self.snapshot.ids("participant"))
        return outcome(
            DeleteParticipants(ids),
            (PARTICIPANTS, PAIRINGS, ACTIVITY),
            participants=_with_partners(ids, self.snapshot),
        )


def _with_partners(ids: tuple[int, ...], snapshot: RecordSnapshot) -> set[int]:
    """The people, and their partners: a partner's match count changes too."""
    found = set(ids)
    for name, rows in snapshot.rows:
        if name in ("pairing", "pair_exclusion"):
            for row in rows:
                found |= {row["mentor_id"], row["mentee_id"]}
    return found


@dataclass(frozen=True)
class SetScreeningRules:
    """Change what the programme requires of a mentor; every mentor's readiness follows."""

    rules: ScreeningRequirements

    def apply(self, session: Session) -> Outcome:
        before = write_requirements(session, self.rules)
        return outcome(SetScreeningRules(before), (PARTICIPANTS, PROGRAMME, PAIRINGS))
