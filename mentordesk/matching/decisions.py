"""The coordinator's decisions on a run: accept proposals as pairings (and take them back),
and keep two people apart for good. Each function is one step of the caller's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentordesk.errors import ValidationError
from mentordesk.matching.matcher import Proposal
from mentordesk.models import (
    CheckIn,
    Goal,
    Meeting,
    PairExclusion,
    Pairing,
    PairingStatus,
    Participant,
    Role,
)
from mentordesk.pairings.pairing_lifecycle import PermissionMissing, create_pairing


def accept_proposals(
    session: Session,
    proposals: Sequence[Proposal],
    *,
    status: PairingStatus,
    on_date: dt.date,
) -> list[int]:
    """Save proposals as pairings (proposed or active), all or none: the hard rules are
    checked again for each, counting the places the earlier ones take."""
    if not proposals:
        raise ValidationError("There are no proposals to accept.")
    ids = []
    for proposal in proposals:
        try:
            pairing_id, _warnings = create_pairing(
                session,
                proposal.mentor_id,
                proposal.mentee_id,
                status=status,
                start_date=on_date if status == PairingStatus.ACTIVE else None,
                on_date=on_date,
                score=round(proposal.score, 4),
                explanation=list(proposal.reasons),
                permission_hint="accept them as proposed, record each permission on the "
                "pairing's summary, then activate it",
            )
        except PermissionMissing as exc:
            raise PermissionMissing(f"{exc} Nothing was accepted.") from exc
        except ValidationError as exc:
            raise ValidationError(
                f"{proposal.mentor_name} – {proposal.mentee_name}: {exc} Nothing was accepted; "
                "run the matcher again."
            ) from exc
        ids.append(pairing_id)
    return ids


def withdraw_pairings(session: Session, pairing_ids: Iterable[int]) -> None:
    """Delete pairings just created by accepting proposals (undo). Refused once a pairing
    has a life of its own: another status, an agreement, meetings, goals or check-ins."""
    ids = list(pairing_ids)
    pairings = {p.id: p for p in session.scalars(select(Pairing).where(Pairing.id.in_(ids)))}
    for pairing_id in ids:
        pairing = pairings.get(pairing_id)
        if pairing is None:
            raise ValidationError(f"Pairing {pairing_id} no longer exists.")
        if pairing.status not in (PairingStatus.PROPOSED, PairingStatus.ACTIVE):
            raise ValidationError(
                f"Pairing {pairing_id} is {pairing.status.label.lower()} now; close it instead."
            )
        if pairing.agreement_printed_on is not None:
            raise ValidationError(
                f"The agreement of pairing {pairing_id} has been printed; close it instead."
            )
        for model, what in ((Meeting, "meetings"), (Goal, "goals"), (CheckIn, "check-ins")):
            count = session.scalar(
                select(func.count()).select_from(model).where(model.pairing_id == pairing_id)
            )
            if count:
                raise ValidationError(
                    f"Pairing {pairing_id} has {what} recorded; close it instead."
                )
    for pairing_id in ids:
        session.delete(pairings[pairing_id])
    session.flush()


def add_exclusion(
    session: Session, mentor_id: int, mentee_id: int, reason: str, on_date: dt.date
) -> int | None:
    """Never pair these two. Returns the new exclusion's id (None if one existed)."""
    mentor = session.get(Participant, mentor_id)
    mentee = session.get(Participant, mentee_id)
    if mentor is None or mentor.role != Role.MENTOR:
        raise ValidationError(f"There is no mentor with id {mentor_id}.")
    if mentee is None or mentee.role != Role.MENTEE:
        raise ValidationError(f"There is no mentee with id {mentee_id}.")
    existing = session.scalar(
        select(PairExclusion.id).where(
            PairExclusion.mentor_id == mentor_id, PairExclusion.mentee_id == mentee_id
        )
    )
    if existing is not None:
        return None
    exclusion = PairExclusion(
        mentor_id=mentor_id, mentee_id=mentee_id, reason=reason.strip(), created_on=on_date
    )
    session.add(exclusion)
    session.flush()
    return exclusion.id


def remove_exclusion(session: Session, exclusion_id: int) -> None:
    exclusion = session.get(PairExclusion, exclusion_id)
    if exclusion is not None:
        session.delete(exclusion)
        session.flush()
