"""The pairings list, a pairing's detail and commitments, deletion with its snapshot,
rematching, and the people offered in the new-pairing picker."""

from __future__ import annotations

import datetime as dt

import pytest

from mentordesk.errors import ValidationError
from mentordesk.models import CheckInWho, GoalStatus, PairingStatus, Role
from mentordesk.pairings import activity
from mentordesk.pairings import pairing_lifecycle as pairings
from mentordesk.pairings.activity import CheckInInput, GoalInput, MeetingInput
from mentordesk.pairings.concerns import list_concerns, resolve_concern
from mentordesk.pairings.pairing_records import (
    PairingTerms,
    delete_pairing,
    pairing_candidates,
    pairing_counts,
    pairing_detail,
    rematch,
    rematch_problems,
    restore_pairing,
    update_terms,
)
from mentordesk.programme.programme_queries import list_pairings, month_bounds
from mentordesk.store import Database
from tests.pairing_builders import make_mentee, make_mentor, make_pairing
from tests.permission_off import permission_not_asked

TODAY = dt.date(2026, 11, 25)


@pytest.fixture(autouse=True)
def _permission_not_asked(db: Database) -> None:
    """These tests are about other rules (permission: test_guardian_permission.py)."""
    permission_not_asked(db)


def test_month_bounds() -> None:
    assert month_bounds(dt.date(2026, 12, 31)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    assert month_bounds(dt.date(2026, 2, 1)) == (dt.date(2026, 2, 1), dt.date(2026, 3, 1))


def test_list_pairings_counts_this_months_meetings(db: Database) -> None:
    with db.transaction() as s:
        busy = make_pairing(
            s, make_mentor(s, "Ann Lee"), make_mentee(s, "Bo Park"), start=dt.date(2026, 9, 1)
        )
        quiet = make_pairing(s, make_mentor(s, "Cy Dunn"), make_mentee(s, "Di Egan"))
        for day in (dt.date(2026, 10, 31), dt.date(2026, 11, 1), dt.date(2026, 11, 24)):
            activity.add_meeting(s, busy, MeetingInput(day, 60))
    with db.reading() as s:
        rows = {r.id: r for r in list_pairings(s)}
        only_busy = list_pairings(s, ids=[busy])
        october = {r.id: r for r in list_pairings(s, on_date=dt.date(2026, 10, 5))}
    assert rows[busy].meetings_this_month == 2
    assert rows[busy].last_meeting == dt.date(2026, 11, 24)
    assert rows[busy].mentor_name == "Ann Lee" and rows[busy].mentee_name == "Bo Park"
    assert rows[quiet].meetings_this_month == 0 and rows[quiet].last_meeting is None
    assert [r.id for r in only_busy] == [busy]
    assert october[busy].meetings_this_month == 1
    assert set(rows[busy].as_json()) == {"id", "mentor_id", "mentee_id", "status", "start_date"}


def test_detail_uses_programme_defaults_until_the_pair_sets_its_own(db: Database) -> None:
    with db.transaction() as s:
        pairing_id = make_pairing(s, make_mentor(s), make_mentee(s))
    with db.reading() as s:
        detail = pairing_detail(s, pairing_id)
    assert (detail.meetings_per_month, detail.meeting_minutes) == (4, 60)
    own = PairingTerms(2, 90, dt.date(2026, 11, 1), dt.date(2026, 11, 3), "Meets at the library")
    with db.transaction() as s:
        before = update_terms(s, pairing_id, own)
    assert before == PairingTerms()
    with db.reading() as s:
        detail = pairing_detail(s, pairing_id)
    assert detail.terms == own
    assert (detail.meetings_per_month, detail.meeting_minutes) == (2, 90)


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (PairingTerms(meetings_per_month=-1), "between 0 and 31"),
        (PairingTerms(meetings_per_month=32), "between 0 and 31"),
        (PairingTerms(meeting_minutes=0), "between 1 and 1440"),
        (PairingTerms(agreement_printed_on=TODAY + dt.timedelta(days=1)), "in the future"),
        (
            PairingTerms(agreement_printed_on=TODAY, agreement_signed_on=TODAY - dt.timedelta(1)),
            "before it was printed",
        ),
    ],
)
def test_terms_refused(db: Database, terms: PairingTerms, message: str) -> None:
    with db.transaction() as s:
        pairing_id = make_pairing(s, make_mentor(s), make_mentee(s))
    with pytest.raises(ValidationError, match=message), db.transaction() as s:
        update_terms(s, pairing_id, terms)


def test_delete_and_restore_put_everything_back(db: Database) -> None:
    with db.transaction() as s:
        pairing_id = make_pairing(s, make_mentor(s), make_mentee(s), start=dt.date(2026, 9, 1))
        activity.add_meeting(s, pairing_id, MeetingInput(dt.date(2026, 11, 2), 45, notes="Hi"))
        activity.add_goal(s, pairing_id, GoalInput("Prepare a CV", status=GoalStatus.ACHIEVED))
        activity.add_check_in(
            s, pairing_id, CheckInInput(dt.date(2026, 11, 3), CheckInWho.MENTEE, 4, True, "x")
        )
        update_terms(s, pairing_id, PairingTerms(3, 45, notes="Prefers Tuesdays"))

    # An open concern refuses the deletion, saying so; nothing is written.
    refused = pytest.raises(ValidationError, match="safety concern about the pair is still open")
    with refused, db.transaction() as s:
        delete_pairing(s, pairing_id)
    with db.transaction() as s:
        (concern,) = list_concerns(s)
        resolve_concern(
            s, concern.id, resolved_on=dt.date(2026, 11, 4), action="Talked", decided_by="Lead"
        )

    def everything(s: object) -> tuple[object, ...]:
        return (
            pairing_detail(s, pairing_id),  # type: ignore[arg-type]
            activity.list_meetings(s, pairing_id),  # type: ignore[arg-type]
            activity.list_goals(s, pairing_id),  # type: ignore[arg-type]
            activity.list_check_ins(s, pairing_id),  # type: ignore[arg-type]
        )

    with db.reading() as s:
        before = everything(s)
        assert pairing_counts(s, pairing_id) == {"meetings": 1, "goals": 1, "check_ins": 1}
    with db.transaction() as s:
        snapshot = delete_pairing(s, pairing_id)
    with db.reading() as s:
        assert list_pairings(s) == []
        assert activity.list_meetings(s, pairing_id) == []
        # The resolved concern stays readable, with the pair's names.
        (kept,) = list_concerns(s, include_closed=True)
        assert (kept.pairing_id, kept.check_in_id, kept.resolution) == (None, None, "Talked")
        assert kept.pair_label == before[0].title
    with db.transaction() as s:
        assert restore_pairing(s, snapshot) == pairing_id
    with db.reading() as s:
        assert everything(s) == before
    with pytest.raises(ValidationError), db.transaction() as s:
        restore_pairing(s, snapshot)


def test_restore_refused_when_the_mentee_was_paired_again(db: Database) -> None:
    with db.transaction() as s:
        mentee = make_mentee(s)
        first_mentor, second_mentor = make_mentor(s, "Ann Lee"), make_mentor(s, "Cy Dunn")
        pairing_id = make_pairing(s, first_mentor, mentee)
        make_pairing(s, make_mentor(s, "Ed Fox"), make_mentee(s, "Bo Park"))
    with db.transaction() as s:
        snapshot = delete_pairing(s, pairing_id)
    with db.transaction() as s:
        make_pairing(s, second_mentor, mentee)
    with pytest.raises(ValidationError, match="paired again"), db.transaction() as s:
        restore_pairing(s, snapshot)


def test_restore_refused_when_its_number_was_taken(db: Database) -> None:
    with db.transaction() as s:
        pairing_id = make_pairing(s, make_mentor(s), make_mentee(s))
    with db.transaction() as s:
        snapshot = delete_pairing(s, pairing_id)
    with db.transaction() as s:
        # SQLite hands the highest free number out again.
        assert make_pairing(s, make_mentor(s, "Ed Fox"), make_mentee(s, "Bo Park")) == pairing_id
    with pytest.raises(ValidationError, match="taken its number"), db.transaction() as s:
        restore_pairing(s, snapshot)


def test_create_pairing_again_under_its_old_id(db: Database) -> None:
    with db.transaction() as s:
        mentor, mentee = make_mentor(s), make_mentee(s)
        pairing_id, warnings = pairings.create_pairing(s, mentor, mentee, on_date=TODAY)
        later = make_pairing(s, make_mentor(s, "Ann Lee"), make_mentee(s, "Bo Park"))
    assert warnings == []
    with db.transaction() as s:
        delete_pairing(s, pairing_id)
    with db.transaction() as s:
        again, _ = pairings.create_pairing(s, mentor, mentee, on_date=TODAY, pairing_id=pairing_id)
    assert again == pairing_id != later
    with pytest.raises(ValidationError, match="taken"), db.transaction() as s:
        pairings.create_pairing(
            s,
            make_mentor(s, "Cy Dunn"),
            make_mentee(s, "Di Egan"),
            on_date=TODAY,
            pairing_id=later,
        )


def test_rematch_creates_a_new_pairing_for_the_mentee(db: Database) -> None:
    with db.transaction() as s:
        old_mentor, new_mentor = make_mentor(s, "Ann Lee"), make_mentor(s, "Cy Dunn")
        mentee = make_mentee(s)
        closed = make_pairing(
            s,
            old_mentor,
            mentee,
            PairingStatus.CLOSED,
            start=dt.date(2026, 6, 1),
            end=dt.date(2026, 11, 1),
        )
    with db.transaction() as s:
        new_id, warnings = rematch(s, closed, new_mentor, on_date=TODAY)
    assert warnings == []
    with db.reading() as s:
        detail = pairing_detail(s, new_id)
        old = pairing_detail(s, closed)
    assert detail.mentee_id == mentee and detail.mentor_id == new_mentor
    assert detail.status is PairingStatus.ACTIVE and detail.start_date == TODAY
    assert "Rematched after the pairing with Ann Lee closed on 01 Nov 2026" in detail.terms.notes
    assert old.status is PairingStatus.CLOSED


def test_rematch_rules(db: Database) -> None:
    with db.transaction() as s:
        old_mentor, unready = make_mentor(s, "Ann Lee"), make_mentor(s, "Cy Dunn", ready=False)
        mentee = make_mentee(s)
        closed = make_pairing(
            s, old_mentor, mentee, PairingStatus.CLOSED, start=dt.date(2026, 6, 1)
        )
        other = make_pairing(s, make_mentor(s, "Ed Fox"), make_mentee(s, "Bo Park"))
    with db.reading() as s:
        same = rematch_problems(s, closed, old_mentor, TODAY)
        blocked = rematch_problems(s, closed, unready, TODAY)
    assert [p.code for p in same] == ["same_mentor"] and not same[0].blocking
    assert blocked[0].code == "screening" and blocked[0].blocking
    with pytest.raises(ValidationError, match="not ready"), db.transaction() as s:
        rematch(s, closed, unready, on_date=TODAY)
    with pytest.raises(ValidationError, match="Close it first"), db.transaction() as s:
        rematch(s, other, old_mentor, on_date=TODAY)
    with db.transaction() as s:
        _, warnings = rematch(s, closed, old_mentor, on_date=TODAY)
    assert [w.code for w in warnings] == ["same_mentor"]


def test_candidates_show_load_and_availability(db: Database) -> None:
    with db.transaction() as s:
        busy = make_mentor(s, "Ann Lee")
        roomy = make_mentor(s, "Cy Dunn", capacity=2)
        paired = make_mentee(s, "Bo Park")
        free = make_mentee(s, "Di Egan")
        make_pairing(s, busy, paired)
        make_pairing(s, roomy, make_mentee(s, "Fi Gray"), PairingStatus.PROPOSED)
    with db.reading() as s:
        mentors = {c.id: c for c in pairing_candidates(s, Role.MENTOR)}
        mentees = {c.id: c for c in pairing_candidates(s, Role.MENTEE)}
    assert not mentors[busy].available and mentors[busy].detail.startswith("1 of 1 place taken")
    assert mentors[roomy].available and mentors[roomy].detail.startswith("1 of 2 places taken")
    assert not mentees[paired].available and "has a mentor" in mentees[paired].detail
    assert mentees[free].available
    assert [c.name for c in mentees.values()] == ["Di Egan", "Fi Gray", "Bo Park"]  # by surname


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"guardian_permission_on": dt.date(2026, 11, 20)}, "Record parental permission for"),
        ({"agreement_signed_on": dt.date(2026, 11, 20)}, "Record the signed agreement of"),
        ({"agreement_printed_on": dt.date(2026, 11, 20)}, "Record the printed agreement of"),
        ({"meetings_per_month": 2}, "Edit commitments of"),
        ({"meetings_per_month": 2, "meeting_minutes": 45}, "Edit commitments of"),
        ({"notes": "Meets at the library"}, "Edit notes of"),
        (
            {"agreement_signed_on": dt.date(2026, 11, 20), "notes": "Signed at the launch"},
            "Edit the summary of",
        ),
    ],
)
def test_the_undo_menu_names_what_a_summary_change_did(change: dict, words: str) -> None:
    from dataclasses import replace

    from mentordesk.pairings.pairing_records import PairingTerms, terms_change_words

    before = PairingTerms()
    after = replace(before, **change)
    assert terms_change_words(before, after) == words
    if words.startswith("Record"):
        assert terms_change_words(after, before).startswith("Clear ")
