"""Matching rules that protect: the mentee's wish for the mentor's gender (a rule by default),
same-gender pairs when the programme asks, and never-pair lists, on every route."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from mentordesk import cli
from mentordesk.errors import ValidationError
from mentordesk.matching.matcher import mentor_options, run_match
from mentordesk.matching.matching_settings import load_match_settings, save_match_settings
from mentordesk.models import Participant
from mentordesk.pairings.gender_rules import gender_key, preference_key
from mentordesk.pairings.never_pair import list_never_pairs
from mentordesk.pairings.pairing_rules import pair_problems
from mentordesk.store import Database
from mentordesk.ui.participants.never_pair_dialog import NeverPairDialog
from mentordesk.ui.participants.participants_page import ParticipantsPage
from tests.conftest import FIXED_TODAY
from tests.pairing_builders import make_mentee, make_mentor
from tests.pairing_ui import open_window, patch_message_boxes


def _run(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> tuple[int, str, str]:
    code = cli.main(["--db", str(path), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def _genders(db: Database) -> dict[int, tuple[str, str]]:
    """id -> (gender key, wished mentor gender key)."""
    with db.reading() as s:
        rows = s.execute(
            select(Participant.id, Participant.gender, Participant.mentor_gender_preference)
        ).all()
    return {i: (gender_key(g or ""), preference_key(w or "")) for i, g, w in rows}


def _set(db: Database, **changes: bool) -> None:
    from dataclasses import replace

    with db.transaction() as s:
        save_match_settings(s, replace(load_match_settings(s), **changes))


def test_match_never_proposes_a_mentor_of_a_gender_the_mentee_asked_not_to_have(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, demo_db_path, "match", "--objective", "coverage", "--json")
    assert code == 0
    proposals = json.loads(out)["proposals"]
    with Database.open(demo_db_path, write=False) as db:
        genders = _genders(db)
    wishing = [p for p in proposals if genders[p["mentee_id"]][1]]
    assert wishing, "the demo has mentees with a wish"
    for p in wishing:
        assert genders[p["mentor_id"]][0] == genders[p["mentee_id"]][1], p


def test_same_gender_rule_and_wish_as_a_weight(demo_db: Database) -> None:
    genders = _genders(demo_db)
    _set(demo_db, same_gender=True)
    with demo_db.reading() as s:
        result = run_match(s, on_date=FIXED_TODAY)
    assert result.proposals
    for p in result.proposals:
        assert genders[p.mentor_id][0] and genders[p.mentor_id][0] == genders[p.mentee_id][0]
    # As a weight, the wish no longer rules mentors out.
    _set(demo_db, same_gender=False, gender_wish_is_rule=False)
    with demo_db.reading() as s:
        wisher = next(i for i, (_, wish) in genders.items() if wish)
        options = mentor_options(s, wisher, on_date=FIXED_TODAY)
    assert not [o for o in options if any("asked for a" in b for b in o.blocking)]


def test_pair_refuses_the_wrong_gender_and_says_which_rule(db: Database) -> None:
    with db.transaction() as s:
        mentor = make_mentor(s)
        mentee = make_mentee(s)
        s.get(Participant, mentor).gender = "Male"  # type: ignore[union-attr]
        s.get(Participant, mentee).mentor_gender_preference = "female"  # type: ignore[union-attr]
    with db.reading() as s:
        problems = [p for p in pair_problems(s, mentor, mentee, FIXED_TODAY) if p.blocking]
        (option,) = mentor_options(s, mentee, on_date=FIXED_TODAY)
    assert [p.code for p in problems] == ["gender_wish"]
    assert "asked for a female mentor; this mentor is male" in problems[0].message
    assert option.blocking == ("the mentee asked for a female mentor; this mentor is male",)
    with pytest.raises(ValidationError, match="asked for a female mentor"):
        from mentordesk.pairings.pairing_lifecycle import create_pairing

        with db.transaction() as s:
            create_pairing(s, mentor, mentee, on_date=FIXED_TODAY)


def test_never_pair_command_adds_lists_removes_and_pair_obeys(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(demo_db_path, write=False) as db, db.reading() as s:
        result = run_match(s, on_date=FIXED_TODAY)
    proposal = result.proposals[0]
    mentor, mentee = str(proposal.mentor_id), str(proposal.mentee_id)
    code, out, _ = _run(
        capsys, demo_db_path, "never-pair", "add", mentee, mentor, "--reason", "Cousins", "--json"
    )
    rule = json.loads(out)
    assert code == 0 and (rule["mentor_id"], rule["reason"]) == (proposal.mentor_id, "Cousins")
    code, out, _ = _run(capsys, demo_db_path, "never-pair", "list", "--person", mentee, "--json")
    assert [r["mentor_id"] for r in json.loads(out)] == [proposal.mentor_id]
    # pair refuses, saying why; match no longer proposes the two.
    code, _, err = _run(capsys, demo_db_path, "pair", mentor, mentee)
    assert code == 1 and "never be paired (Cousins)" in err
    code, out, _ = _run(capsys, demo_db_path, "match", "--json")
    pairs = {(p["mentor_id"], p["mentee_id"]) for p in json.loads(out)["proposals"]}
    assert (proposal.mentor_id, proposal.mentee_id) not in pairs
    # Refusals: no reason, two mentees, twice.
    code, _, err = _run(capsys, demo_db_path, "never-pair", "add", mentor, mentee, "--reason", " ")
    assert code == 1 and "Say why" in err
    code, _, err = _run(capsys, demo_db_path, "never-pair", "add", mentor, mentee, "--reason", "x")
    assert code == 1 and "already" in err
    # Remove, then undo puts it back.
    code, out, _ = _run(capsys, demo_db_path, "never-pair", "remove", mentor, mentee)
    assert code == 0 and "Removed" in out
    code, out, _ = _run(capsys, demo_db_path, "never-pair", "list", "--person", mentee, "--json")
    assert json.loads(out) == []
    assert _run(capsys, demo_db_path, "undo")[0] == 0
    code, out, _ = _run(capsys, demo_db_path, "never-pair", "list", "--person", mentee, "--json")
    assert [r["reason"] for r in json.loads(out)] == ["Cousins"]


def test_never_pair_dialog_in_the_window_adds_and_removes_with_undo(
    qtbot: QtBot,
    demo_db: Database,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    boxes = patch_message_boxes(monkeypatch)
    window = open_window(qtbot, demo_db, request)
    page = window.page_of(ParticipantsPage)
    assert isinstance(page, ParticipantsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    with demo_db.reading() as s:
        (existing,) = list_never_pairs(s)
    mentee = existing.mentee_id
    assert page.table.select_key(mentee)
    seen: dict[str, object] = {}

    def drive(dialog: NeverPairDialog) -> int:
        dialog.show()  # as exec() would
        assert dialog.rules.count() == 1 and "Relatives" in dialog.rules.item(0).text()
        other = next(
            i for i in range(dialog.other.count()) if dialog.other.itemData(i) != existing.mentor_id
        )
        dialog.other.setCurrentIndex(other)
        assert not dialog.add_button.isEnabled()  # a reason is required
        dialog.reason.setText("Family friends")
        dialog.add_button.click()
        assert dialog.rules.count() == 2
        seen["added"] = dialog.rules.count()
        # Remove the demo's rule; Edit → Undo brings it back.
        row = next(
            i for i in range(dialog.rules.count()) if "Relatives" in dialog.rules.item(i).text()
        )
        dialog.rules.setCurrentRow(row)
        dialog.remove_button.click()
        assert dialog.rules.count() == 1
        window.context.undo_stack.undo()
        assert dialog.rules.count() == 2
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(NeverPairDialog, "exec", drive)
    page.never_pair_action.trigger()
    assert seen["added"] == 2 and boxes.warnings == []
    with demo_db.reading() as s:
        reasons = sorted(r.reason for r in list_never_pairs(s, mentee))
    assert reasons == ["Family friends", "Relatives"]


def test_gender_rules_are_programme_settings_in_the_window(
    qtbot: QtBot,
    demo_db: Database,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mentordesk.ui.matching.matching_dialogs import MatchSettingsDialog
    from mentordesk.ui.matching.matching_page import MatchingPage

    patch_message_boxes(monkeypatch)
    window = open_window(qtbot, demo_db, request)
    page = window.page_of(MatchingPage)
    assert isinstance(page, MatchingPage)
    window.nav.setCurrentRow(window.pages.index(page))

    def same_gender(dialog: MatchSettingsDialog) -> int:
        assert dialog.gender_wish_is_rule.isChecked()  # a rule by default
        dialog.same_gender.setChecked(True)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MatchSettingsDialog, "exec", same_gender)
    page.edit_settings()
    with demo_db.reading() as s:
        assert load_match_settings(s).same_gender
    page.run_matcher()
    assert page.result is not None and page.result.proposals
    genders = _genders(demo_db)
    for p in page.result.proposals:
        assert genders[p.mentor_id][0] == genders[p.mentee_id][0]
    window.context.undo_stack.undo()
    with demo_db.reading() as s:
        assert not load_match_settings(s).same_gender
