"""Undoing an import whose people have had records added since (screening, training,
never-pair rules, snoozed flags, pairings) is refused in one sentence on every route: the
Imports screen, `mentordesk undo-import N` and `mentordesk undo` after `import`. Nothing
is written by a refusal; with nothing added since, the undo goes ahead."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select
from sqlalchemy.orm import Session

from mentordesk.cli import main
from mentordesk.models import (
    FlagSnooze,
    PairExclusion,
    Participant,
    ScreeningCheck,
    ScreeningKind,
    ScreeningStatus,
    Training,
)
from mentordesk.store import Database
from mentordesk.ui.importing.import_history_page import ImportsPage
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.conftest import FIXED_TODAY as TODAY
from tests.db_dump import dump
from tests.history import History
from tests.roster_sheets import write_xlsx
from tests.ui_helpers import patch_message_boxes

ROSTER = [
    ["First name", "Last name", "Email", "Role", "DBS check"],
    ["Ann", "Smith", "ann@example.org", "mentee", ""],
    ["Dana", "Lee", "dana@example.net", "mentor", "in progress"],
    ["Eli", "Ward", "eli@example.net", "mentor", ""],
]
WHAT_TO_DO = (
    "undoing it would delete that as well, so remove what was added to them first, or keep "
    "the import."
)


def cli(db_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--db", str(db_path), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def person_id(db_path: Path, first_name: str) -> int:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        found = session.scalar(select(Participant.id).where(Participant.first_name == first_name))
        assert found is not None
        return found


def _cli_change(*argv: str) -> Callable[[Path, pytest.CaptureFixture[str]], None]:
    def change(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        filled = [str(person_id(db_path, a[1:])) if a.startswith("@") else a for a in argv]
        code, _out, err = cli(db_path, capsys, *filled)
        assert code == 0, err

    return change


def _snooze(db_path: Path, _capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(db_path) as db, db.transaction() as session:
        session.add(
            FlagSnooze(
                kind="not_matchable",
                participant_id=person_id(db_path, "Eli"),
                until=dt.date(2026, 12, 31),
                reason="waiting for the check",
                snoozed_on=dt.date(2026, 11, 20),
            )
        )


def _pair(db_path: Path, _capsys: pytest.CaptureFixture[str]) -> None:
    with Database.open(db_path) as db, db.transaction() as session:
        dana = session.get(Participant, person_id(db_path, "Dana"))
        ann = session.get(Participant, person_id(db_path, "Ann"))
        History(session).pair(mentor=dana, mentee=ann)


def _pair_and_train(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _pair(db_path, capsys)
    _cli_change("training", "@Dana", "--hours", "1")(db_path, capsys)


# What is added after the import, to whom, and how the refusal names it.
LATER: dict[str, tuple[Callable[[Path, pytest.CaptureFixture[str]], None], str]] = {
    "a screening item": (
        _cli_change("screening", "@Eli", "interview", "--status", "in_progress"),
        "1 person this import added has since been screened (Eli Ward)",
    ),
    "the imported check completed": (
        _cli_change(
            "screening",
            "@Dana",
            "background_check",
            "--status",
            "complete",
            "--seen",
            "DBS-0012",
            "--seen-by",
            "Coordinator",
        ),
        "1 person this import added has since been screened (Dana Lee)",
    ),
    "training": (
        _cli_change("training", "@Eli", "--hours", "2"),
        "1 person this import added has since been trained (Eli Ward)",
    ),
    "a never-pair rule": (
        _cli_change("never-pair", "add", "@Dana", "@Ann", "--reason", "cousins"),
        "2 people this import added have since been given never-pair rules (Ann Smith, Dana Lee)",
    ),
    "a snoozed flag": (
        _snooze,
        "1 person this import added has since been snoozed on the dashboard (Eli Ward)",
    ),
    "a pairing and training": (
        _pair_and_train,
        "2 people this import added have since been paired or trained (Ann Smith, Dana Lee)",
    ),
}


def imported(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    path = write_xlsx(tmp_path / "autumn.xlsx", ROSTER)
    code, out, err = cli(db_path, capsys, "import", str(path), "--json")
    assert code == 0, err
    batch = json.loads(out)["batch_id"]
    assert isinstance(batch, int)
    return batch


def file_dump(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    with Database.open(db_path, write=False) as db:
        return dump(db)


@pytest.mark.parametrize("later", sorted(LATER))
def test_the_command_line_refuses_in_one_sentence(
    later: str, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = imported(db_path, tmp_path, capsys)
    change, reason = LATER[later]
    change(db_path, capsys)
    sentence = f"{reason}; {WHAT_TO_DO}"
    before = file_dump(db_path)
    code, out, _err = cli(db_path, capsys, "imports", "--json")
    assert json.loads(out)[0]["why_not"] == sentence
    code, out, err = cli(db_path, capsys, "undo-import", str(batch), "--json")
    assert code == 1 and json.loads(out) == {"error": sentence}
    code, out, err = cli(db_path, capsys, "undo-import", str(batch))
    assert (code, out, err) == (1, "", f"mentordesk: {sentence}\n")
    assert file_dump(db_path) == before


@pytest.mark.parametrize("as_json", [True, False])
def test_mentordesk_undo_after_import_refuses_too(
    as_json: bool, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    imported(db_path, tmp_path, capsys)
    # Added in the window (no command-line step of its own): `undo` still means the import.
    with Database.open(db_path) as db, db.transaction() as session:
        add_training(session, "Eli")
    before = file_dump(db_path)
    code, out, err = cli(db_path, capsys, "undo", *(["--json"] if as_json else []))
    sentence = f"1 person this import added has since been trained (Eli Ward); {WHAT_TO_DO}"
    assert code == 1
    if as_json:
        assert json.loads(out) == {"error": sentence}
    else:
        assert (out, err) == ("", f"mentordesk: {sentence}\n")
    assert file_dump(db_path) == before


def test_with_nothing_added_since_the_undo_and_redo_go_ahead(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = file_dump(db_path)
    batch = imported(db_path, tmp_path, capsys)
    after_import = file_dump(db_path)
    assert len(after_import["screening_check"]) == 1  # Dana's check, from the sheet
    code, _out, err = cli(db_path, capsys, "undo-import", str(batch), "--json")
    assert code == 0, err
    undone = file_dump(db_path)
    assert undone["participant"] == before["participant"]
    assert undone["screening_check"] == before["screening_check"]
    code, _out, err = cli(db_path, capsys, "undo")  # puts the import back, same records
    assert code == 0, err
    assert file_dump(db_path)["screening_check"] == after_import["screening_check"]
    code, listed, _err = cli(db_path, capsys, "imports", "--json")
    assert json.loads(listed)[0]["can_undo"] is True


def named(session: Session, first_name: str) -> Participant:
    return session.scalars(select(Participant).where(Participant.first_name == first_name)).one()


def add_training(session: Session, first_name: str) -> None:
    person = named(session, first_name)
    person.trainings.append(Training(completed_on=TODAY, hours=2))


def add_interview(session: Session, first_name: str) -> None:
    person = named(session, first_name)
    person.screening_checks.append(
        ScreeningCheck(kind=ScreeningKind.INTERVIEW, status=ScreeningStatus.IN_PROGRESS)
    )


def add_rule(session: Session, _first_name: str) -> None:
    session.add(
        PairExclusion(
            mentor_id=named(session, "Dana").id, mentee_id=named(session, "Ann").id, reason="x"
        )
    )


# The same later records, added while the window is open (through its own database).
IN_THE_WINDOW: dict[str, tuple[Callable[[Session, str], None], str]] = {
    "a screening item": (add_interview, LATER["a screening item"][1]),
    "training": (add_training, LATER["training"][1]),
    "a never-pair rule": (add_rule, LATER["a never-pair rule"][1]),
}


def run_wizard(window: MainWindow, qtbot: Any, path: Path) -> None:
    window.import_action.trigger()
    wizard = window.import_wizard
    wizard.file_page.set_path(path)
    assert wizard.file_page.isComplete(), wizard.file_page.message.text()
    for _ in range(4):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    wizard.close()


@pytest.fixture
def window(db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.mark.parametrize("later", sorted(IN_THE_WINDOW))
def test_the_imports_screen_refuses_and_says_why(
    later: str,
    window: MainWindow,
    db: Database,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_wizard(window, qtbot, write_xlsx(tmp_path / "autumn.xlsx", ROSTER))
    page = window.page_of(ImportsPage)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    assert page.selected() is not None and page.undo_button.isEnabled()
    # Added while the screen shows the import as one that can be undone.
    add, reason = IN_THE_WINDOW[later]
    with db.transaction() as session:
        add(session, "Eli")
    sentence = f"{reason}; {WHAT_TO_DO}"
    before = dump(db)
    boxes = patch_message_boxes(monkeypatch)
    boxes.answers.append(QMessageBox.StandardButton.Yes)  # "Undo this import?"
    page.undo_button.click()
    assert boxes.shown[-1] == ("Undo the import of autumn.xlsx", f"{sentence} "), boxes.shown
    assert dump(db) == before
    assert window.context.undo_stack.count() == 1  # only the import itself
    # Shown again, the screen says why before anyone asks.
    page.reload()
    assert not page.undo_button.isEnabled()
    assert page.detail.text() == f"autumn.xlsx: {sentence}"


# --- a meeting log: a safety concern raised from one of its meetings ----------------------
CONCERN_SENTENCE = (
    "1 safety concern was raised from meetings this import added; undoing it would delete "
    "the meetings the register points to, so keep the import."
)


def raise_from_a_logged_meeting(db: Database) -> None:
    from mentordesk.models import ConcernSource, Meeting
    from mentordesk.pairings.concerns import ConcernInput, raise_concern

    with db.transaction() as session:
        meeting = session.scalars(
            select(Meeting).where(Meeting.import_batch_id.is_not(None)).limit(1)
        ).one()
        raise_concern(
            session,
            ConcernInput(
                pairing_id=meeting.pairing_id,
                description="Said things are hard at home",
                raised_by="Mentor",
                raised_on=TODAY,
                source=ConcernSource.MEETING,
                meeting_id=meeting.id,
            ),
        )


@pytest.mark.parametrize("route", ["undo-import", "undo"])
@pytest.mark.parametrize("as_json", [True, False])
def test_a_meeting_log_with_a_concern_raised_from_it_is_kept(
    route: str,
    as_json: bool,
    db: Database,
    db_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from tests.test_meeting_log import GOOD, setup_pairs

    setup_pairs(db)
    db.close()
    log = write_xlsx(tmp_path / "hours.xlsx", GOOD)
    code, out, err = cli(db_path, capsys, "import", str(log), "--kind", "meetings", "--json")
    assert code == 0, err
    batch = json.loads(out)["batch_id"]
    with Database.open(db_path) as opened:
        raise_from_a_logged_meeting(opened)
    before = file_dump(db_path)
    argv = ["undo-import", str(batch)] if route == "undo-import" else ["undo"]
    code, out, err = cli(db_path, capsys, *argv, *(["--json"] if as_json else []))
    assert code == 1
    if as_json:
        assert json.loads(out) == {"error": CONCERN_SENTENCE}
    else:
        assert (out, err) == ("", f"mentordesk: {CONCERN_SENTENCE}\n")
    assert file_dump(db_path) == before


def test_the_imports_screen_keeps_a_meeting_log_a_concern_was_raised_from(
    window: MainWindow, db: Database, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_meeting_log import GOOD, setup_pairs

    setup_pairs(db)
    window.import_log_action.trigger()
    wizard = window.import_wizard
    wizard.file_page.set_path(write_xlsx(tmp_path / "hours.xlsx", GOOD))
    for _ in range(4):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    wizard.close()
    page = window.page_of(ImportsPage)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    assert page.undo_button.isEnabled()
    raise_from_a_logged_meeting(db)
    before = dump(db)
    boxes = patch_message_boxes(monkeypatch)
    boxes.answers.append(QMessageBox.StandardButton.Yes)  # "Undo this import?"
    page.undo_button.click()
    assert boxes.shown[-1] == ("Undo the import of hours.xlsx", f"{CONCERN_SENTENCE} ")
    assert dump(db) == before
    page.reload()
    assert not page.undo_button.isEnabled()
    assert page.detail.text() == f"hours.xlsx: {CONCERN_SENTENCE}"
