"""The command line's changes (add-person, edit-person, screening, training, activate, pause,
resume, meeting, check-in, goal, close), export, restore and `mentordesk undo`, on real files.

Each change runs the window's action, so the same rules hold; each keeps its inverse in the
database, so `mentordesk undo` (a later process) puts things back.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.errors import MentorDeskError
from mentordesk.models import (
    CheckIn,
    Goal,
    Meeting,
    Pairing,
    PairingStatus,
    Participant,
    ScreeningCheck,
    Training,
)
from mentordesk.participants.participant_actions import DeleteParticipants
from mentordesk.store import Database
from mentordesk.store.actions import decode, encode, run
from tests.history import History, d


def cli(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, dict]:
    code, out, _ = cli(capsys, db_path, *argv, "--json")
    return code, json.loads(out)  # exactly one JSON document, success or not


def _count(db_path: Path, model: type) -> int:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _person(db_path: Path, person_id: int) -> Participant | None:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        person = session.get(Participant, person_id)
        if person is not None:
            session.expunge(person)
        return person


def _pairing(db_path: Path, pairing_id: int) -> Pairing:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        pairing = session.get(Pairing, pairing_id)
        assert pairing is not None
        session.expunge(pairing)
        return pairing


def _pair(db_path: Path, status: PairingStatus = PairingStatus.ACTIVE) -> int:
    with Database.open(db_path) as db, db.transaction() as session:
        start = d("2026-09-01") if status is not PairingStatus.PROPOSED else None
        return History(session).pair(status=status, start=start).id


def test_add_person_then_undo(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, data = cli_json(
        capsys,
        db_path,
        "add-person",
        "mentee",
        "Ada",
        "Byron",
        "--email",
        "ada@example.org",
        "--set",
        "interests=chess, art",
        "--set",
        "date_of_birth=2012-03-04",
        "--set",
        "guardian_name=Ann Byron",
        "--set",
        "guardian_phone=01234 567890",
    )
    assert code == 0
    person = _person(db_path, data["id"])
    assert person is not None and person.interests == ["chess", "art"]
    assert person.date_of_birth == d("2012-03-04") and data["change"] == "Add Ada Byron"
    code, out, err = cli(capsys, db_path, "undo")
    assert (code, out, err) == (0, "Undone: Add Ada Byron.\n", "")
    assert _person(db_path, data["id"]) is None
    # Only the last change is kept: a second undo is refused, in JSON too.
    code, data = cli_json(capsys, db_path, "undo")
    assert code == 1 and "nothing to undo" in data["error"]


def test_add_person_refuses_bad_input_and_writes_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _count(db_path, Participant)
    code, data = cli_json(capsys, db_path, "add-person", "mentee", "Ada", "Byron", "--email", "x")
    assert code == 1 and "email" in data["error"].lower()
    code, out, err = cli(capsys, db_path, "add-person", "mentee", "A", "B", "--set", "height=2")
    assert code == 1 and out == "" and "no participant field “height”" in err
    assert err.count("\n") == 1
    assert _count(db_path, Participant) == before


def test_edit_person_and_undo(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(db_path) as db, db.transaction() as session:
        person_id = History(session).mentee("Liam Walsh").id
    code, data = cli_json(
        capsys, db_path, "edit-person", str(person_id), "--set", "school=Northfield"
    )
    assert code == 0 and data["school"] == "Northfield"
    edited = _person(db_path, person_id)
    assert edited is not None and edited.school == "Northfield"
    code, _out, _err = cli(capsys, db_path, "edit-person", str(person_id), "--set", "role=mentor")
    assert code == 1
    assert cli(capsys, db_path, "undo")[0] == 0
    restored = _person(db_path, person_id)
    assert restored is not None and restored.school == ""


def test_screening_and_training_of_a_mentor(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(db_path) as db, db.transaction() as session:
        history = History(session)
        mentor_id = history.mentor("Helen Carter", background=False, trained=False).id
        mentee_id = history.mentee("Liam Walsh").id
    code, data = cli_json(
        capsys,
        db_path,
        "screening",
        str(mentor_id),
        "background_check",
        "--date",
        "2026-11-01",
        "--expires",
        "2029-11-01",
        "--seen",
        "DBS 001234567890",
        "--seen-by",
        "Jo Coordinator",
    )
    assert code == 0
    assert [c["kind"] for c in data["checks"]][-1] == "background_check"
    assert _count(db_path, ScreeningCheck) == 4
    code, out, _ = cli(capsys, db_path, "training", str(mentor_id), "--hours", "6")
    assert code == 0 and "6 hours" in out and _count(db_path, Training) == 1
    assert cli(capsys, db_path, "undo")[0] == 0
    assert _count(db_path, Training) == 0 and _count(db_path, ScreeningCheck) == 4
    # A mentee is not screened; a check in the future is refused by the same rule.
    code, data = cli_json(capsys, db_path, "screening", str(mentee_id), "interview")
    assert code == 1 and "only mentors are screened" in data["error"]
    code, data = cli_json(
        capsys, db_path, "screening", str(mentor_id), "interview", "--date", "2027-01-01"
    )
    assert code == 1 and "future" in data["error"]


def test_pause_resume_activate_and_undo(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairing_id = _pair(db_path)
    code, data = cli_json(capsys, db_path, "pause", str(pairing_id))
    assert code == 0 and data["status"] == "paused"
    assert _pairing(db_path, pairing_id).status is PairingStatus.PAUSED
    assert cli(capsys, db_path, "undo")[0] == 0
    assert _pairing(db_path, pairing_id).status is PairingStatus.ACTIVE
    code, data = cli_json(capsys, db_path, "resume", str(pairing_id))
    assert code == 1 and "Only a paused pairing can be resumed" in data["error"]
    assert cli(capsys, db_path, "pause", str(pairing_id))[0] == 0
    assert cli(capsys, db_path, "resume", str(pairing_id))[0] == 0
    assert _pairing(db_path, pairing_id).status is PairingStatus.ACTIVE

    proposed = _pair(db_path, PairingStatus.PROPOSED)
    code, out, _ = cli(capsys, db_path, "activate", str(proposed))
    assert (code, out) == (0, f"Activated pairing {proposed}.\n")
    assert _pairing(db_path, proposed).start_date == d("2026-11-25")


def test_meeting_check_in_and_goal(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairing_id = _pair(db_path)
    code, data = cli_json(
        capsys, db_path, "meeting", str(pairing_id), "--minutes", "45", "--mode", "video"
    )
    assert code == 0 and data["held_on"] == "2026-11-25" and data["mode"] == "video"
    code, data = cli_json(
        capsys,
        db_path,
        "check-in",
        str(pairing_id),
        "--who",
        "mentee",
        "--satisfaction",
        "4",
        "--date",
        "2026-11-20",
    )
    assert code == 0 and data["satisfaction"] == 4
    code, data = cli_json(
        capsys, db_path, "goal", str(pairing_id), "Read a book a month", "--target", "2027-06-01"
    )
    assert code == 0 and data["title"] == "Read a book a month"
    assert [_count(db_path, m) for m in (Meeting, CheckIn, Goal)] == [1, 1, 1]
    # Undo takes back only the goal: the last change.
    assert cli(capsys, db_path, "undo")[0] == 0
    assert [_count(db_path, m) for m in (Meeting, CheckIn, Goal)] == [1, 1, 0]
    # The rules of the window hold here too: no meeting in the future.
    code, data = cli_json(
        capsys, db_path, "meeting", str(pairing_id), "--minutes", "30", "--date", "2026-12-01"
    )
    assert code == 1 and "future" in data["error"] and _count(db_path, Meeting) == 1


def test_close_is_undone(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairing_id = _pair(db_path)
    code, _out, _err = cli(capsys, db_path, "close", str(pairing_id), "--reason", "Goals achieved")
    assert code == 0 and _pairing(db_path, pairing_id).status is PairingStatus.CLOSED
    code, out, _ = cli(capsys, db_path, "undo")
    assert code == 0 and out.startswith("Undone: Close pairing")
    pairing = _pairing(db_path, pairing_id)
    assert pairing.status is PairingStatus.ACTIVE and pairing.end_date is None


def test_export_writes_a_workbook(db_path: Path, tmp_path: Path, capsys) -> None:
    from openpyxl import load_workbook

    with Database.open(db_path) as db, db.transaction() as session:
        History(session).pair()
    out = tmp_path / "people.xlsx"
    code, data = cli_json(capsys, db_path, "export", "participants", "--out", str(out))
    assert code == 0 and data["rows"] == 2
    sheet = load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("id", "role", "first_name") and len(rows) == 3
    code, out_text, _ = cli(capsys, db_path, "export", "pairings", "--out", str(out))
    assert code == 0 and out_text == f"Wrote 1 pairings to {out}.\n"


def test_restore_a_backup_and_undo_it(db_path: Path, tmp_path: Path, capsys) -> None:
    copy = tmp_path / "copy.mentordesk"
    assert cli(capsys, db_path, "backup", "--out", str(copy))[0] == 0
    code, data = cli_json(capsys, db_path, "add-person", "mentee", "Ada", "Byron")
    assert code == 0
    code, out, _ = cli(capsys, db_path, "restore", str(copy))
    assert code == 0 and out.endswith("`mentordesk undo` puts it back.\n")
    assert _count(db_path, Participant) == 0
    # The restore is the last change: undo puts back what it replaced (Ada included).
    code, data = cli_json(capsys, db_path, "undo")
    assert code == 0 and data["undone"] == "Restore copy.mentordesk"
    assert _count(db_path, Participant) == 1
    # That undo used up the kept change: nothing older is undone by a second one.
    code, data = cli_json(capsys, db_path, "undo")
    assert code == 1 and "nothing to undo" in data["error"]
    assert _count(db_path, Participant) == 1
    code, data = cli_json(capsys, db_path, "restore", str(tmp_path / "missing.mentordesk"))
    assert code == 1 and "does not exist" in data["error"]


def test_undo_of_a_restore_refuses_a_safety_copy_gone_or_changed(
    db_path: Path, tmp_path: Path, capsys
) -> None:
    copy = tmp_path / "copy.mentordesk"
    assert cli(capsys, db_path, "backup", "--out", str(copy))[0] == 0
    assert cli(capsys, db_path, "add-person", "mentee", "Ada", "Byron")[0] == 0
    code, data = cli_json(capsys, db_path, "restore", str(copy))
    safety = Path(data["safety"])
    # A changed safety copy (here: another backup written over it) is not put back.
    shutil.copyfile(copy, safety)
    code, out, err = cli(capsys, db_path, "undo")
    assert code == 1 and out == "" and "has changed since; nothing was changed" in err
    safety.unlink()
    code, data = cli_json(capsys, db_path, "undo")
    assert code == 1 and "is no longer there" in data["error"]
    assert _count(db_path, Participant) == 0


def test_match_apply_is_undone(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _count(demo_db_path, Pairing)
    code, data = cli_json(capsys, demo_db_path, "match", "--apply")
    saved = len(data["proposals"])
    assert code == 0 and saved > 1
    assert _count(demo_db_path, Pairing) == before + saved
    code, out, _ = cli(capsys, demo_db_path, "undo")
    assert code == 0 and out == f"Undone: Save {saved} proposed pairings from the matcher.\n"
    assert _count(demo_db_path, Pairing) == before
    # A second run proposes the same again: the places were given back.
    code, data = cli_json(capsys, demo_db_path, "match", "--apply")
    assert code == 0 and len(data["proposals"]) == saved
    # Nothing left to propose: nothing changes, and the apply before stays the one undone.
    code, out, _ = cli(capsys, demo_db_path, "match", "--apply")
    assert code == 0 and "Saved 0 pairings with status proposed." in out
    assert cli(capsys, demo_db_path, "undo")[0] == 0
    assert _count(demo_db_path, Pairing) == before


def test_undo_of_match_apply_refused_once_a_pairing_went_further(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = cli_json(capsys, demo_db_path, "match", "--apply")
    assert code == 0
    with Database.open(demo_db_path) as db, db.transaction() as session:
        mentee_id = data["proposals"][0]["mentee_id"]
        pairing = session.scalars(
            select(Pairing).where(
                Pairing.mentee_id == mentee_id, Pairing.status == PairingStatus.PROPOSED
            )
        ).one()
        pairing.status = PairingStatus.ACTIVE
        pairing.agreement_printed_on = d("2026-10-01")
        pairing_id = pairing.id
    count = _count(demo_db_path, Pairing)
    code, data = cli_json(capsys, demo_db_path, "undo")
    assert code == 1 and f"agreement of pairing {pairing_id} has been printed" in data["error"]
    assert _count(demo_db_path, Pairing) == count  # all or nothing


def test_a_stored_inverse_round_trips_and_names_only_mentordesk(db: Database) -> None:
    with db.transaction() as session:
        history = History(session)
        pairing = history.pair()
        history.meetings(pairing, [d("2026-10-01")])
        mentor_id = pairing.mentor_id
    done = run(db, DeleteParticipants((mentor_id,)))
    text = encode(done.inverse)
    assert decode(text) == done.inverse
    run(db, decode(text))
    with db.reading() as session:
        assert session.get(Participant, mentor_id) is not None
        assert session.scalar(select(func.count()).select_from(Meeting)) == 1
    forged = json.dumps({"$dc": "os:system", "fields": {}})
    with pytest.raises(MentorDeskError):
        decode(forged)


def test_pair_by_hand_is_undone(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(db_path) as db, db.transaction() as session:
        history = History(session)
        mentor_id, mentee_id = history.mentor().id, history.mentee().id
    code, data = cli_json(capsys, db_path, "pair", str(mentor_id), str(mentee_id))
    assert code == 0
    pairing = _pairing(db_path, data["pairing_id"])
    assert pairing.score == data["score"] and pairing.explanation == data["reasons"]
    code, out, _ = cli(capsys, db_path, "undo")
    assert code == 0 and out == "Undone: Pair Helen Carter with Liam Walsh.\n"
    assert _count(db_path, Pairing) == 0
