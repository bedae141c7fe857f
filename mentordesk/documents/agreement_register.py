"""The register of agreements the documents screen shows (printed and signed dates of each
pairing), and the action that records agreements returned signed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.documents.agreements import record_agreement_signed
from mentordesk.documents.document_pairs import AGREEMENT_STATUSES, load_pairs
from mentordesk.models import Pairing
from mentordesk.programme.programme_queries import list_pairings
from mentordesk.store import Database
from mentordesk.store.actions import PAIRINGS, Outcome, outcome


@dataclass(frozen=True, slots=True)
class AgreementRow:
    id: int
    mentee_name: str
    mentor_name: str
    status: str
    start_date: dt.date | None
    printed_on: dt.date | None
    signed_on: dt.date | None

    @property
    def is_new(self) -> bool:
        return self.status in {s.value for s in AGREEMENT_STATUSES} and self.printed_on is None


def agreement_rows(db: Database) -> list[AgreementRow]:
    with db.reading() as session:
        dates = {
            row.id: (row.agreement_printed_on, row.agreement_signed_on)
            for row in session.execute(
                select(Pairing.id, Pairing.agreement_printed_on, Pairing.agreement_signed_on)
            )
        }
        return [
            AgreementRow(
                p.id,
                p.mentee_name,
                p.mentor_name,
                p.status,
                p.start_date,
                *dates.get(p.id, (None, None)),
            )
            for p in list_pairings(session)
        ]


def agreement_file_name(db: Database, pairing_id: int) -> str:
    """The file name suggested for one pairing's agreement."""
    from mentordesk.documents.agreements import file_name_for

    with db.reading() as session:
        return file_name_for(load_pairs(session, [pairing_id])[0])


@dataclass(frozen=True)
class RecordSigned:
    """Set (or clear, with None) the date each agreement came back signed."""

    dates: tuple[tuple[int, dt.date | None], ...]

    def apply(self, session: Session) -> Outcome:
        before = tuple(
            (pairing_id, record_agreement_signed(session, pairing_id, day))
            for pairing_id, day in self.dates
        )
        return outcome(RecordSigned(before), (PAIRINGS,))
