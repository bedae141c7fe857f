"""The rules added for matching (one truth with pair_problems), and the coordinator's
decisions: accept all or nothing, take back, never pair."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from mentordesk.errors import ValidationError
from mentordesk.matching.decisions import (
    accept_proposals,
    add_exclusion,
    remove_exclusion,
    withdraw_pairings,
)
from mentordesk.matching.matcher import Proposal, run_match
from mentordesk.models import (
    ClosureKind,
    Meeting,
    PairExclusion,
    Pairing,
    PairingStatus,
    Programme,
    ScreeningKind,
)
from mentordesk.pairings.pairing_lifecycle import activate, close, create_pairing
from mentordesk.pairings.pairing_rules import pair_problems
from mentordesk.store import Database
from tests.matching_cohorts import add_mentee, add_mentor
from tests.permission_off import permission_not_asked

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _permission_not_asked(db: Database) -> None:
    """These tests are about other rules (permission: test_guardian_permission.py)."""
    permission_not_asked(db)


def blocking(session, mentor_id: int, mentee_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in pair_problems(session, mentor_id, mentee_id, TODAY) if p.blocking]


def test_a_proposed_mentee_is_not_proposed_again(db: Database) -> None:
    with db.transaction() as session:
        first, second = add_mentor(session, TODAY), add_mentor(session, TODAY, capacity=2)
        mentee = add_mentee(session, TODAY)
        pairing_id, _ = create_pairing(
            session, first.id, mentee.id, status=PairingStatus.PROPOSED, on_date=TODAY
        )
        assert blocking(session, second.id, mentee.id) == ["paired"]
        assert "proposed mentor" in pair_problems(session, second.id, mentee.id, TODAY)[0].message
        activate(session, pairing_id, TODAY)  # its own proposal does not stand in the way
    with db.reading() as session:
        assert run_match(session, on_date=TODAY).proposals == ()


@pytest.mark.parametrize(
    ("kind", "reason", "blocked"),
    [
        (ClosureKind.EARLY, "Relationship not working", True),
        (ClosureKind.EARLY, "safeguarding concern", True),
        (ClosureKind.EARLY, "Mentor moved away", False),
        (ClosureKind.PLANNED, "Relationship not working", False),
    ],
)
def test_a_pair_that_closed_badly_is_not_paired_again(
    db: Database, kind: ClosureKind, reason: str, blocked: bool
) -> None:
    with db.transaction() as session:
        mentor, mentee = add_mentor(session, TODAY), add_mentee(session, TODAY)
        pairing_id, _ = create_pairing(
            session, mentor.id, mentee.id, on_date=TODAY - dt.timedelta(days=30)
        )
        close(session, pairing_id, reason=reason, kind=kind, on_date=TODAY - dt.timedelta(days=5))
        assert ("closed_badly" in blocking(session, mentor.id, mentee.id)) is blocked
    with db.reading() as session:
        result = run_match(session, on_date=TODAY)
    assert len(result.proposals) == (0 if blocked else 1)
    if blocked:
        assert "earlier pairing closed badly (1)" in result.unmatched[0].reason


def test_minors_and_unknown_ages_need_a_background_check_through_the_programme_end(
    db: Database,
) -> None:
    end = TODAY + dt.timedelta(days=200)
    with db.transaction() as session:
        programme = session.get(Programme, 1)
        programme.end_date = end
        # This programme does not ask every mentor for a background check.
        programme.settings = {
            "screening": {"required": ["application", "interview", "references", "training"]}
        }
        no_check = add_mentor(session, TODAY, capacity=3)
        no_check.screening_checks = [
            c for c in no_check.screening_checks if c.kind is not ScreeningKind.BACKGROUND_CHECK
        ]
        short = add_mentor(session, TODAY, capacity=3)
        for check in short.screening_checks:
            if check.kind is ScreeningKind.BACKGROUND_CHECK:
                check.expires_on = end - dt.timedelta(days=1)
        adult = add_mentee(session, TODAY, date_of_birth=TODAY - dt.timedelta(days=30 * 365))
        minor = add_mentee(session, TODAY)
        unknown = add_mentee(session, TODAY, date_of_birth=None)
        session.expire_all()
        for mentor in (no_check, short):
            assert blocking(session, mentor.id, adult.id) == []
            assert blocking(session, mentor.id, minor.id) == ["screening"]
            assert blocking(session, mentor.id, unknown.id) == ["screening"]
        words = pair_problems(session, short.id, minor.id, TODAY)[0].message
        assert f"before {end:%d %b %Y}" in words
    with db.reading() as session:
        result = run_match(session, on_date=TODAY)
    assert [p.mentee_id for p in result.proposals] == [adult.id]
    reasons = {u.mentee_id: u.reason for u in result.unmatched}
    assert f"background check not valid for a minor through {end:%d %b %Y} (2)" in reasons[minor.id]
    assert "(2)" in reasons[unknown.id]


def test_unmatched_mentees_say_why(db: Database) -> None:
    with db.transaction() as session:
        lonely = add_mentee(session, TODAY)
    with db.reading() as session:
        result = run_match(session, on_date=TODAY)
    assert result.unmatched[0].mentee_id == lonely.id
    assert result.unmatched[0].reason == "no eligible mentor: no mentor has completed screening"
    with db.transaction() as session:
        mentor = add_mentor(session, TODAY)
        other = add_mentee(session, TODAY)
        add_exclusion(session, mentor.id, lonely.id, "Relatives", TODAY)
    with db.reading() as session:
        result = run_match(session, on_date=TODAY)
    assert [(p.mentor_id, p.mentee_id) for p in result.proposals] == [(mentor.id, other.id)]
    assert result.unmatched[0].code == "excluded_by_rule"
    assert "never-pair list (1)" in result.unmatched[0].reason
    with db.transaction() as session:
        third = add_mentee(session, TODAY)
    with db.reading() as session:
        result = run_match(session, on_date=TODAY)
    full = next(u for u in result.unmatched if u.mentee_id in (other.id, third.id))
    assert full.reason == "the only eligible mentor is full"


def _count(session, model) -> int:  # type: ignore[no-untyped-def]
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_accept_is_all_or_nothing_and_can_be_taken_back(db: Database) -> None:
    with db.transaction() as session:
        mentor = add_mentor(session, TODAY, capacity=1)
        a, b = add_mentee(session, TODAY), add_mentee(session, TODAY)
    proposals = [
        Proposal(mentor.id, a.id, "M", "A", 0.5, ("both like chess",)),
        Proposal(mentor.id, b.id, "M", "B", 0.4, ()),  # the mentor has one place only
    ]
    refused = pytest.raises(ValidationError, match=r"M – B: .*Nothing was accepted")
    with refused, db.transaction() as session:
        accept_proposals(session, proposals, status=PairingStatus.PROPOSED, on_date=TODAY)
    with db.reading() as session:
        assert _count(session, Pairing) == 0
    with db.transaction() as session:
        ids = accept_proposals(session, proposals[:1], status=PairingStatus.ACTIVE, on_date=TODAY)
    with db.reading() as session:
        saved = session.get(Pairing, ids[0])
        assert (saved.status, saved.start_date, saved.score) == (PairingStatus.ACTIVE, TODAY, 0.5)
        assert saved.explanation == ["both like chess"]
    with db.transaction() as session:
        withdraw_pairings(session, ids)
    with db.reading() as session:
        assert _count(session, Pairing) == 0


def test_take_back_is_refused_once_a_pairing_has_begun(db: Database) -> None:
    with db.transaction() as session:
        mentor, mentee = add_mentor(session, TODAY), add_mentee(session, TODAY)
        proposal = Proposal(mentor.id, mentee.id, "M", "E", 0.5, ())
        ids = accept_proposals(session, [proposal], status=PairingStatus.ACTIVE, on_date=TODAY)
        session.add(Meeting(pairing_id=ids[0], held_on=TODAY, minutes=60))
    with pytest.raises(ValidationError, match="meetings recorded"), db.transaction() as session:
        withdraw_pairings(session, ids)
    with pytest.raises(ValidationError, match="no proposals"), db.transaction() as session:
        accept_proposals(session, [], status=PairingStatus.ACTIVE, on_date=TODAY)


def test_never_pair_for_good(db: Database) -> None:
    with db.transaction() as session:
        mentor, mentee = add_mentor(session, TODAY), add_mentee(session, TODAY)
        exclusion_id = add_exclusion(session, mentor.id, mentee.id, " Conflict ", TODAY)
        assert add_exclusion(session, mentor.id, mentee.id, "again", TODAY) is None
        assert blocking(session, mentor.id, mentee.id) == ["excluded"]
        assert session.get(PairExclusion, exclusion_id).reason == "Conflict"
        with pytest.raises(ValidationError, match="no mentor"):
            add_exclusion(session, mentee.id, mentor.id, "", TODAY)
        remove_exclusion(session, exclusion_id)
        assert blocking(session, mentor.id, mentee.id) == []
