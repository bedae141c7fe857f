"""The register of agreements the documents screen shows (printed and signed dates of each
pairing), and the action that records agreements returned signed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk import clock
from mentordesk.documents.agreements import record_agreement_signed
from mentordesk.documents.document_pairs import AGREEMENT_STATUSES, load_pairs
from mentordesk.models import Pairing
from mentordesk.pairings.guardian_permission import (
    needs_permission,
    record_guardian_permission,
    set_guardian_permission,
)
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
    """Set (or clear, with None) the date each agreement came back signed.

    `by_guardian`: a parent or guardian signed, which is their permission: it is recorded on
    the day signed for each pairing whose mentee needs it and has none on record (under 18,
    or no date of birth). `permissions` sets permission dates as given (the undo's)."""

    dates: tuple[tuple[int, dt.date | None], ...]
    by_guardian: bool = False
    permissions: tuple[tuple[int, dt.date | None], ...] = ()

    def apply(self, session: Session) -> Outcome:
        today = clock.today()
        before = tuple(
            (pairing_id, record_agreement_signed(session, pairing_id, day))
            for pairing_id, day in self.dates
        )
        permissions_before = [
            (pairing_id, record_guardian_permission(session, pairing_id, day, today=today)[0])
            for pairing_id, day in self.permissions
        ]
        if self.by_guardian:
            for pairing_id, day in self.dates:
                pairing = session.get(Pairing, pairing_id)
                if (
                    day is not None
                    and pairing is not None
                    and pairing.guardian_permission_on is None
                    and needs_permission(session, pairing.mentee, pairing.start_date or day)
                ):
                    permissions_before.append(
                        (pairing_id, set_guardian_permission(session, pairing, day, today=today))
                    )
        inverse = RecordSigned(before, permissions=tuple(reversed(permissions_before)))
        return outcome(inverse, (PAIRINGS,), pairings=[pairing_id for pairing_id, _ in before])
