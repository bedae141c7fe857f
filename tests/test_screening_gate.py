"""The screening gate on every route that makes or revives a pairing, outside the window:
`mentordesk pair` (a backdated start, a minor with no programme end date), the matcher,
accepting proposals, activating, resuming and rematching. Window routes are in
test_screening_gate_ui.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from mentordesk.cli import main
from mentordesk.errors import ValidationError
from mentordesk.matching.decisions import accept_proposals
from mentordesk.matching.matcher import Proposal, run_match
from mentordesk.models import (
    Pairing,
    PairingStatus,
    Programme,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
)
from mentordesk.pairings import pairing_lifecycle as lifecycle
from mentordesk.pairings.pairing_records import rematch
from mentordesk.participants.screening_gate import gate_window, screening_gate
from mentordesk.store import Database
from tests.conftest import FIXED_TODAY
from tests.pairing_builders import make_mentee, make_mentor, make_pairing

TODAY = FIXED_TODAY
LAST_WEEK = TODAY - dt.timedelta(days=7)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def set_background_check(
    db: Database, mentor_id: int, *, expires: dt.date | None, done: dt.date | None = None
) -> None:
    values: dict[str, object] = {"expires_on": expires}
    if done is not None:
        values["completed_on"] = done
    with db.transaction() as session:
        session.execute(
            update(ScreeningCheck)
            .where(
                ScreeningCheck.participant_id == mentor_id,
                ScreeningCheck.kind == ScreeningKind.BACKGROUND_CHECK,
            )
            .values(**values)
        )


def pairing_count(db_path: Path) -> int:
    with Database.open(db_path) as db, db.reading() as session:
        return session.scalar(select(func.count(Pairing.id))) or 0


@pytest.fixture
def people(db_path: Path) -> dict[str, int]:
    """A ready mentor whose check expired last week, one whose check runs out in two
    months, a fully valid one, a minor and an adult mentee. The programme has no end."""
    with Database.open(db_path) as db:
        with db.transaction() as session:
            ids = {
                "expired": make_mentor(session, "Erin Expired"),
                "short": make_mentor(session, "Sam Short"),
                "valid": make_mentor(session, "Val Valid"),
                "minor": make_mentee(session, "Mo Minor", age=14),
                "adult": make_mentee(session, "Ada Adult", age=19),
                "minor2": make_mentee(session, "Mia Minor", age=15),
            }
            session.execute(update(Programme).values(end_date=None, commitment_months=12))
        set_background_check(db, ids["expired"], expires=LAST_WEEK)
        set_background_check(db, ids["short"], expires=TODAY + dt.timedelta(days=60))
    return ids


def test_gate_window_covers_today_the_start_and_a_minor_s_planned_end() -> None:
    backdated = gate_window(
        TODAY, dt.date(2026, 9, 1), safeguarded=False, programme_end=None, commitment_months=12
    )
    assert (backdated.done_by, backdated.valid_through) == (dt.date(2026, 9, 1), TODAY)
    future = gate_window(
        TODAY, dt.date(2027, 1, 4), safeguarded=False, programme_end=None, commitment_months=12
    )
    assert (future.done_by, future.valid_through) == (TODAY, dt.date(2027, 1, 4))
    minor = gate_window(TODAY, TODAY, safeguarded=True, programme_end=None, commitment_months=9)
    assert minor.valid_through == dt.date(2027, 8, 25)
    with_end = gate_window(
        TODAY, TODAY, safeguarded=True, programme_end=dt.date(2027, 7, 1), commitment_months=9
    )
    assert with_end.valid_through == dt.date(2027, 7, 1)


def test_pair_with_a_backdated_start_is_refused_when_the_check_has_expired_since(
    capsys: pytest.CaptureFixture[str], db_path: Path, people: dict[str, int]
) -> None:
    before = pairing_count(db_path)
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "pair",
        str(people["expired"]),
        str(people["adult"]),
        "--start",
        "2026-09-01",
    )
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "Erin Expired is not ready to be paired" in err
    assert f"background check expired on {LAST_WEEK:%d %b %Y}" in err
    assert pairing_count(db_path) == before

    code, out, _ = run(
        capsys,
        "--db",
        str(db_path),
        "pair",
        str(people["expired"]),
        str(people["adult"]),
        "--start",
        "2026-09-01",
        "--json",
    )
    assert code == 1 and "expired on" in json.loads(out)["error"]
    assert pairing_count(db_path) == before


def test_a_backdated_start_before_the_check_was_done_is_refused(
    capsys: pytest.CaptureFixture[str], db_path: Path, people: dict[str, int]
) -> None:
    with Database.open(db_path) as db:
        set_background_check(db, people["valid"], expires=dt.date(2029, 1, 1), done=TODAY)
    code, _, err = run(
        capsys,
        "--db",
        str(db_path),
        "pair",
        str(people["valid"]),
        str(people["adult"]),
        "--start",
        "2026-10-01",
    )
    assert code == 1
    assert f"background check done on {TODAY:%d %b %Y}, after 01 Oct 2026" in err


def test_a_minor_with_no_programme_end_needs_checks_through_start_plus_commitment(
    capsys: pytest.CaptureFixture[str], db_path: Path, people: dict[str, int]
) -> None:
    code, _, err = run(
        capsys, "--db", str(db_path), "pair", str(people["short"]), str(people["minor"])
    )
    runs_out = TODAY + dt.timedelta(days=60)
    assert code == 1 and err.count("\n") == 1
    assert f"background check expires on {runs_out:%d %b %Y}, before 25 Nov 2027" in err
    assert pairing_count(db_path) == 0
    # The same mentor may be paired with an adult: the check holds today and from the start.
    code, out, err = run(
        capsys, "--db", str(db_path), "pair", str(people["short"]), str(people["adult"]), "--json"
    )
    assert code == 0, err
    assert json.loads(out)["mentor_id"] == people["short"]


def test_the_matcher_never_proposes_an_unready_mentor(db: Database) -> None:
    with db.transaction() as session:
        short = make_mentor(session, "Sam Short")
        make_mentee(session, "Mo Minor", age=14)
        session.execute(update(Programme).values(end_date=None))
    set_background_check(db, short, expires=TODAY + dt.timedelta(days=60))
    with db.reading() as session:
        result = run_match(session, on_date=TODAY)
    assert not result.proposals
    assert "background check not valid for a minor through 25 Nov 2027" in (
        result.unmatched[0].reason
    )


def _proposal(mentor: int, mentee: int) -> Proposal:
    return Proposal(
        mentor_id=mentor,
        mentee_id=mentee,
        mentor_name="Erin Expired",
        mentee_name="Ada Adult",
        score=0.5,
        reasons=("shared interests",),
        warnings=(),
    )


def test_accepting_a_proposal_for_an_unready_mentor_is_refused(
    db_path: Path, people: dict[str, int]
) -> None:
    with Database.open(db_path) as db:
        proposals = [
            _proposal(people["valid"], people["adult"]),
            _proposal(people["expired"], people["minor"]),
        ]
        with pytest.raises(ValidationError, match="expired on"), db.transaction() as session:
            accept_proposals(session, proposals, status=PairingStatus.PROPOSED, on_date=TODAY)
    assert pairing_count(db_path) == 0


@pytest.mark.parametrize("status", [PairingStatus.PROPOSED, PairingStatus.PAUSED])
def test_activating_or_resuming_passes_the_same_gate(
    db_path: Path, people: dict[str, int], status: PairingStatus
) -> None:
    with Database.open(db_path) as db:
        with db.transaction() as session:
            pairing = make_pairing(
                session, people["expired"], people["adult"], status, start=dt.date(2026, 9, 1)
            )
        with pytest.raises(ValidationError, match="expired on"), db.transaction() as session:
            lifecycle.activate(session, pairing, TODAY)
        if status is PairingStatus.PAUSED:
            with pytest.raises(ValidationError, match="expired on"), db.transaction() as session:
                lifecycle.resume(session, pairing, TODAY)
        with db.reading() as session:
            assert session.get(Pairing, pairing).status is status  # type: ignore[union-attr]


def test_rematching_passes_the_same_gate(db_path: Path, people: dict[str, int]) -> None:
    with Database.open(db_path) as db:
        with db.transaction() as session:
            closed = make_pairing(session, people["valid"], people["adult"], PairingStatus.CLOSED)
        with pytest.raises(ValidationError, match="expired on"), db.transaction() as session:
            rematch(session, closed, people["expired"], on_date=TODAY)
        with db.reading() as session:
            assert session.scalar(select(func.count(Pairing.id))) == 1


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"status": ScreeningStatus.REPORTED}, "background check reported, to verify"),
        ({"seen_reference": ""}, "background check has no evidence recorded"),
        ({"seen_by": ""}, "background check has no evidence recorded"),
        ({"status": ScreeningStatus.FAILED}, "background check failed"),
        # Without its own expiry, the renewal rule (3 years) dates it.
        (
            {"expires_on": None, "completed_on": dt.date(2023, 11, 1)},
            "background check expired on 01 Nov 2026",
        ),
    ],
)
def test_only_verified_evidence_makes_a_mentor_ready(
    db: Database, change: dict[str, object], reason: str
) -> None:
    with db.transaction() as session:
        mentor = make_mentor(session)
    with db.transaction() as session:
        session.execute(
            update(ScreeningCheck)
            .where(
                ScreeningCheck.participant_id == mentor,
                ScreeningCheck.kind == ScreeningKind.BACKGROUND_CHECK,
            )
            .values(**change)
        )
        readiness = screening_gate(session, [mentor], today=TODAY, safeguarded=False)[mentor]
    assert not readiness.ready and any(reason in m for m in readiness.missing)


def test_checks_running_out_within_30_days_are_listed(db: Database) -> None:
    with db.transaction() as session:
        mentor = make_mentor(session)
    set_background_check(db, mentor, expires=TODAY + dt.timedelta(days=20))
    with db.reading() as session:
        readiness = screening_gate(session, [mentor], today=TODAY, safeguarded=False)[mentor]
    assert readiness.ready
    assert readiness.expiring == (("background check", TODAY + dt.timedelta(days=20)),)
