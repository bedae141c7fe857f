"""What the participants screen reads, as plain values: each query opens its own short
read, so the window never holds a session."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.models import DateOrder, Role
from mentordesk.participants.participant_changes import DeletionSummary, deletion_summary
from mentordesk.participants.participant_changes import read_participant as _read
from mentordesk.participants.participant_fields import ParticipantFields
from mentordesk.participants.screening import ScreeningRequirements, mentor_readiness
from mentordesk.participants.screening_edit import MentorScreening, programme_rules, read_screening
from mentordesk.programme.programme_queries import ParticipantRow, list_participants
from mentordesk.store import Database, current_programme


def participant_rows(db: Database, ids: list[int] | None = None) -> list[ParticipantRow]:
    """The table's rows (all, or those with `ids`), unsorted: the table sorts them."""
    with db.reading() as session:
        return list_participants(session, ids, ordered=False)


@dataclass(frozen=True)
class ParticipantView:
    """One person as the editor shows them; `screening` and the rest only for a mentor."""

    person: ParticipantFields
    screening: MentorScreening | None
    rules: ScreeningRequirements | None
    readiness_summary: str | None
    date_order: DateOrder


def participant_view(db: Database, participant_id: int) -> ParticipantView:
    with db.reading() as session:
        person = _read(session, participant_id)
        screening = rules = summary = None
        if person.role == Role.MENTOR.value:
            screening = read_screening(session, participant_id)
            rules = programme_rules(session)
            readiness = mentor_readiness(session, clock.today(), [participant_id], rules)
            summary = readiness[participant_id].summary
        return ParticipantView(person, screening, rules, summary, _order(session))


def _order(session: Session) -> DateOrder:
    order = current_programme(session).date_order
    return DateOrder(order) if order else DateOrder.DAY_FIRST


def date_order(db: Database) -> DateOrder:
    """How this programme writes dates (day first or month first)."""
    with db.reading() as session:
        return _order(session)


def screening_rules(db: Database) -> ScreeningRequirements:
    with db.reading() as session:
        return programme_rules(session)


def summarise_deletion(db: Database, participant_ids: list[int]) -> DeletionSummary:
    """What deleting these people would erase, for the confirmation."""
    with db.reading() as session:
        return deletion_summary(session, participant_ids)
