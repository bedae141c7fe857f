"""Pairs needing attention, as the programme report lists them.

A deliberately simple rule set, kept in one function so that the monitoring rules (with the
programme's own thresholds) can replace it without touching the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from mentordesk.documents.document_pairs import full_name
from mentordesk.models import OPEN_STATUSES, CheckIn, Meeting, Pairing, PairingStatus, Participant

NO_MEETING_DAYS = 21


@dataclass(frozen=True)
class AttentionItem:
    pairing_id: int
    mentee_name: str
    mentor_name: str
    reasons: tuple[str, ...]


def pairs_needing_attention(session: Session, today: dt.date) -> list[AttentionItem]:
    """Active pairs with no meeting for NO_MEETING_DAYS days or an unsigned agreement, and
    open (active or paused) pairs with a concern not yet resolved."""
    mentor = aliased(Participant)
    mentee = aliased(Participant)
    last_meeting = (
        select(Meeting.pairing_id, func.max(Meeting.held_on).label("last_held"))
        .where(Meeting.held_on <= today)
        .group_by(Meeting.pairing_id)
        .subquery()
    )
    open_concerns = (
        select(CheckIn.pairing_id, func.min(CheckIn.held_on).label("raised"))
        .where(CheckIn.concern.is_(True), CheckIn.concern_resolved_on.is_(None))
        .group_by(CheckIn.pairing_id)
        .subquery()
    )
    stmt = (
        select(
            Pairing.id,
            Pairing.status,
            Pairing.start_date,
            Pairing.agreement_signed_on,
            mentor,
            mentee,
            last_meeting.c.last_held,
            open_concerns.c.raised,
        )
        .join(mentor, Pairing.mentor_id == mentor.id)
        .join(mentee, Pairing.mentee_id == mentee.id)
        .outerjoin(last_meeting, last_meeting.c.pairing_id == Pairing.id)
        .outerjoin(open_concerns, open_concerns.c.pairing_id == Pairing.id)
        .where(Pairing.status.in_(OPEN_STATUSES))
        .order_by(Pairing.id)
    )
    items = []
    for row in session.execute(stmt):
        reasons = []
        if row.raised is not None:
            reasons.append(f"concern raised {row.raised.day} {row.raised:%b %Y} is still open")
        if row.status == PairingStatus.ACTIVE:
            since = row.last_held or row.start_date
            if since is not None and (today - since).days > NO_MEETING_DAYS:
                what = "no meeting" if row.last_held is not None else "no meeting yet"
                reasons.append(f"{what} for {(today - since).days} days")
            if row.agreement_signed_on is None:
                reasons.append("agreement not signed")
        if reasons:
            items.append(
                AttentionItem(row.id, full_name(row[5]), full_name(row[4]), tuple(reasons))
            )
    return items
