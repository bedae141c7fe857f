"""The history of imports and undoing one: `mentordesk imports`, `mentordesk undo-import N`,
`mentordesk undo` after `mentordesk import`, and the rule saying when an undo is possible."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from mentordesk.cli import main
from mentordesk.models import ImportBatch, Meeting, PairExclusion, Pairing, Participant
from mentordesk.roster.import_history import import_history
from mentordesk.roster.import_undo import UndoRefused, undo_import
from mentordesk.store import Database
from tests.history import History
from tests.roster_sheets import write_xlsx

ROSTER = [
    ["First name", "Last name", "Email", "Role"],
    ["Ann", "Smith", "ann@example.org", "mentee"],
    ["Ben", "Cole", "ben@example.org", "mentee"],
    ["Dana", "Lee", "dana@example.net", "mentor"],
    ["Hal", "", "hal@example.org", "mentee"],  # rejected: no last name
]


def cli(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", str(db_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def cli_json(capsys: pytest.CaptureFixture[str], db_path: Path, *argv: str) -> tuple[int, object]:
    code, out, _ = cli(capsys, db_path, *argv, "--json")
    return code, json.loads(out)  # exactly one JSON document, success or refusal


def names(db_path: Path) -> list[str]:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        return list(session.scalars(select(Participant.first_name).order_by(Participant.id)))


def count(db_path: Path, model: type) -> int:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_imports_lists_each_import_with_its_counts(db_path, tmp_path, capsys):
    assert cli(capsys, db_path, "imports")[1].strip() == "No imports yet."
    path = write_xlsx(tmp_path / "autumn.xlsx", ROSTER)
    assert cli(capsys, db_path, "import", str(path))[0] == 0
    code, listed = cli_json(capsys, db_path, "imports")
    assert code == 0 and isinstance(listed, list) and len(listed) == 1
    row = listed[0]
    assert row["file"] == "autumn.xlsx" and row["kind"] == "roster"
    assert (row["created"], row["updated"], row["rejected"]) == (3, 0, 1)
    assert row["can_undo"] is True and row["why_not"] is None and row["undone_at"] is None
    code, out, _ = cli(capsys, db_path, "imports")
    assert code == 0 and "autumn.xlsx" in out and "possible" in out


def test_mentordesk_undo_undoes_the_last_import_and_again_puts_nothing_back(
    db_path, tmp_path, capsys
):
    path = write_xlsx(tmp_path / "autumn.xlsx", ROSTER)
    assert cli(capsys, db_path, "import", str(path))[0] == 0
    assert names(db_path) == ["Ann", "Ben", "Dana"]
    code, out, _ = cli(capsys, db_path, "undo")
    assert code == 0 and "import of autumn.xlsx (3 people added, 0 updated)" in out
    assert names(db_path) == []
    # The batch stays in the history, marked undone.
    code, listed = cli_json(capsys, db_path, "imports")
    assert listed[0]["undone_at"] is not None and listed[0]["can_undo"] is False
    # Only the last change is kept: a second undo is refused.
    code, data = cli_json(capsys, db_path, "undo")
    assert code == 1 and "nothing to undo" in data["error"]


def test_a_dry_run_is_not_what_undo_undoes(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "autumn.xlsx", ROSTER)
    assert cli(capsys, db_path, "import", str(path), "--dry-run")[0] == 0
    code, data = cli_json(capsys, db_path, "undo")
    assert code == 1 and "nothing to undo" in data["error"]


def test_undo_import_by_number_then_undo_puts_it_back(db_path, tmp_path, capsys):
    first = write_xlsx(tmp_path / "autumn.xlsx", ROSTER)
    second = write_xlsx(
        tmp_path / "mentors.xlsx",
        [ROSTER[0], ["Eli", "Ward", "eli@example.net", "mentor"]],
    )
    assert cli(capsys, db_path, "import", str(first))[0] == 0
    assert cli(capsys, db_path, "import", str(second))[0] == 0
    with Database.open(db_path, write=False) as db:
        ids_before = {p.file_name: p.id for p in import_history(db)}
    code, data = cli_json(capsys, db_path, "undo-import", str(ids_before["autumn.xlsx"]))
    assert code == 0, data
    assert data["change"] == "undo-import" and data["file"] == "autumn.xlsx"
    assert data["changed"] == {"people removed": 3, "people restored": 0}
    assert names(db_path) == ["Eli"]
    # The older import was undone; `mentordesk undo` undoes that undo, same ids.
    code, out, _ = cli(capsys, db_path, "undo")
    assert code == 0 and "undo of the roster import of autumn.xlsx" in out
    assert names(db_path) == ["Ann", "Ben", "Dana", "Eli"]


def test_undo_import_refused_when_someone_it_added_is_paired(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "autumn.xlsx", ROSTER)
    assert cli(capsys, db_path, "import", str(path))[0] == 0
    with Database.open(db_path) as db, db.transaction() as session:
        ann = session.scalars(select(Participant).where(Participant.first_name == "Ann")).one()
        dana = session.scalars(select(Participant).where(Participant.first_name == "Dana")).one()
        History(session).pair(mentor=dana, mentee=ann)
    code, listed = cli_json(capsys, db_path, "imports")
    assert listed[0]["can_undo"] is False
    assert listed[0]["why_not"] == (
        "2 people this import added have since been paired (Ann Smith, Dana Lee); undoing it "
        "would delete that as well, so remove what was added to them first, or keep the import."
    )
    batch = listed[0]["id"]
    code, data = cli_json(capsys, db_path, "undo-import", str(batch))
    assert code == 1 and data["error"] == listed[0]["why_not"]
    code, _, err = cli(capsys, db_path, "undo-import", str(batch))
    assert code == 1 and err.count("\n") == 1 and "since been paired" in err
    assert names(db_path) == ["Ann", "Ben", "Dana"]  # nothing changed
    code, data = cli_json(capsys, db_path, "undo-import", "99")
    assert code == 1 and data == {"error": "There is no import number 99."}


def test_a_meeting_log_import_is_undone_by_mentordesk_undo(db_path, tmp_path, capsys):
    with Database.open(db_path) as db, db.transaction() as session:
        History(session).pair()
        pairing = session.scalars(select(Pairing)).one()
        mentor, mentee = pairing.mentor, pairing.mentee
        mentor_name = f"{mentor.first_name} {mentor.last_name}"
        mentee_name = f"{mentee.first_name} {mentee.last_name}"
    log = write_xlsx(
        tmp_path / "hours.xlsx",
        [
            ["Mentor", "Mentee", "Date of meeting", "Minutes"],
            [mentor_name, mentee_name, "2026-11-02", 60],
            [mentor_name, mentee_name, "2026-11-09", 45],
        ],
    )
    code, data = cli_json(capsys, db_path, "import", str(log), "--kind", "meetings")
    assert code == 0 and data["created"] == 2
    meetings = count(db_path, Meeting)
    code, out, _ = cli(capsys, db_path, "undo")
    assert code == 0 and "meeting log import of hours.xlsx (2 meetings added)" in out
    assert count(db_path, Meeting) == meetings - 2
    code, listed = cli_json(capsys, db_path, "imports")
    assert listed[0]["kind"] == "meetings" and listed[0]["undone_at"] is not None


def test_a_never_pair_rule_added_since_keeps_the_import(db, tmp_path):
    """Removing the people would delete the rule with them: the undo says so instead."""
    from mentordesk.roster.importer import import_roster
    from mentordesk.roster.source import read_source

    with db.reading() as session:
        source = read_source(write_xlsx(tmp_path / "a.xlsx", ROSTER), session=session)
    batch = import_roster(db, source).batch_id
    with db.transaction() as session:
        ann = session.scalars(select(Participant).where(Participant.first_name == "Ann")).one()
        dana = session.scalars(select(Participant).where(Participant.first_name == "Dana")).one()
        session.add(PairExclusion(mentor_id=dana.id, mentee_id=ann.id, reason="cousins"))
    assert not import_history(db)[0].can_undo
    with pytest.raises(UndoRefused, match="since been given never-pair rules"):
        undo_import(db, batch)
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(PairExclusion)) == 1


def test_an_import_whose_update_was_edited_since_says_why_it_cannot_be_undone(db, tmp_path):
    from mentordesk.roster.importer import import_roster
    from mentordesk.roster.source import read_source

    def run(rows: list[list[str]], name: str) -> None:
        with db.reading() as session:
            source = read_source(write_xlsx(tmp_path / name, rows), session=session)
        import_roster(db, source)

    run(ROSTER[:2], "a.xlsx")
    changed = [[*ROSTER[0], "School"], [*ROSTER[1], "Northfield"]]
    run(changed, "b.xlsx")
    with db.transaction() as session:
        session.scalars(select(Participant)).one().school = "Southfield"
    newest, oldest = import_history(db)
    assert newest.file_name == "b.xlsx" and not newest.can_undo
    assert newest.state == (
        "Ann Smith was changed after the import (school); undoing it would throw that change away."
    )
    assert oldest.can_undo and oldest.state == "Can be undone."
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(ImportBatch)) == 2


def test_after_thirty_days_the_history_says_the_undo_data_is_gone(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "autumn.xlsx", ROSTER)
    assert cli(capsys, db_path, "import", str(path))[0] == 0
    with Database.open(db_path) as db, db.transaction() as session:
        session.scalars(select(ImportBatch)).one().undo_data = {}  # as retention leaves it
    code, listed = cli_json(capsys, db_path, "imports")
    assert listed[0]["can_undo"] is False
    assert "more than 30 days old" in listed[0]["why_not"]
    code, data = cli_json(capsys, db_path, "undo-import", str(listed[0]["id"]))
    assert code == 1 and "can no longer be undone" in data["error"]
    assert names(db_path) == ["Ann", "Ben", "Dana"]
