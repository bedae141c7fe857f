"""Screening evidence through real spreadsheets: `mentordesk import` and the window's import
wizard record a sheet's "yes", "x", "1" or a date as "reported, to verify" (never ready),
list what to verify, and never change a failed, expired or verified check; and
`mentordesk screening` records a check with its evidence."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from mentordesk.cli import main
from mentordesk.models import Participant, ScreeningCheck, ScreeningKind, ScreeningStatus
from mentordesk.participants.screening import mentor_readiness
from mentordesk.store import Database
from mentordesk.ui.importing.import_wizard import ImportWizard
from mentordesk.ui.window.context import AppContext
from tests.conftest import FIXED_TODAY
from tests.pairing_builders import make_mentor
from tests.roster_sheets import write_xlsx

HEADER = ["First name", "Last name", "Email", "Role", "DBS check"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ticks_sheet(path: Path) -> Path:
    return write_xlsx(
        path,
        [
            HEADER,
            ["Ann", "Yes", "ann@example.org", "mentor", "yes"],
            ["Ben", "Ex", "ben@example.org", "mentor", "x"],
            ["Cat", "One", "cat@example.org", "mentor", 1],
            ["Dev", "Date", "dev@example.org", "mentor", dt.date(2026, 3, 2)],
            ["Eve", "Text", "eve@example.org", "mentor", "02/03/2026"],
        ],
    )


def checks(db_path: Path) -> dict[str, tuple[ScreeningStatus, dt.date | None]]:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        rows = session.execute(
            select(Participant.first_name, ScreeningCheck.status, ScreeningCheck.completed_on)
            .join(ScreeningCheck, ScreeningCheck.participant_id == Participant.id)
            .where(ScreeningCheck.kind == ScreeningKind.BACKGROUND_CHECK)
        )
        return {name: (status, done) for name, status, done in rows}


def test_ticks_and_dates_are_reported_to_verify_and_never_make_a_mentor_ready(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    sheet = ticks_sheet(tmp_path / "volunteers.xlsx")
    code, out, err = run(capsys, "--db", str(db_path), "import", str(sheet), "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 5
    verify = report["to_verify"]
    assert [v["row"] for v in verify] == [2, 3, 4, 5, 6]
    assert all(v["column"] == "DBS check" for v in verify)
    assert "Ann Yes's background check is reported, to verify" in verify[0]["message"]
    found = checks(db_path)
    assert {status for status, _done in found.values()} == {ScreeningStatus.REPORTED}
    with Database.open(db_path, write=False) as db, db.reading() as session:
        readiness = mentor_readiness(session, FIXED_TODAY)
    assert not any(r.ready for r in readiness.values())
    assert all(r.to_verify == ("background check",) for r in readiness.values())

    # The plain summary says how many, and lists them.
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(sheet))
    assert code == 0 and "5 screening checks reported, to verify" in out
    assert out.count("to verify: row ") == 5


def test_an_import_never_changes_a_failed_expired_or_verified_check(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    with Database.open(db_path) as db, db.transaction() as session:
        verified = make_mentor(session, "Vera Verified")
        expired = make_mentor(session, "Ezra Expired")
        failed = make_mentor(session, "Fern Failed")
        for mentor, values in (
            (expired, {"expires_on": FIXED_TODAY - dt.timedelta(days=3)}),
            (failed, {"status": ScreeningStatus.FAILED}),
        ):
            check = session.scalars(
                select(ScreeningCheck).where(
                    ScreeningCheck.participant_id == mentor,
                    ScreeningCheck.kind == ScreeningKind.BACKGROUND_CHECK,
                )
            ).one()
            for name, value in values.items():
                setattr(check, name, value)
        emails = {}
        for mentor in (verified, expired, failed):
            person = session.get(Participant, mentor)
            assert person is not None
            person.email = f"{person.first_name.lower()}@example.org"
            emails[mentor] = person.email
    before = checks(db_path)
    sheet = write_xlsx(
        tmp_path / "again.xlsx",
        [
            HEADER,
            ["Vera", "Verified", "vera@example.org", "mentor", "no"],
            ["Ezra", "Expired", "ezra@example.org", "mentor", "yes"],
            ["Fern", "Failed", "fern@example.org", "mentor", "x"],
        ],
    )
    code, out, err = run(capsys, "--db", str(db_path), "import", str(sheet), "--json")
    assert code == 0, err
    assert checks(db_path) == before
    report = json.loads(out)
    kept = {w["row"]: w["message"] for w in report["warnings"] if w["field"] == "background_check"}
    assert "Vera Verified's background check is recorded as verified" in kept[2]
    assert "the sheet says not started: not changed" in kept[2]
    assert "recorded as expired on 22 Nov 2026" in kept[3]
    assert "Fern Failed's background check is recorded as failed" in kept[4]
    assert report["to_verify"] == []


def test_screening_command_records_evidence_and_refuses_a_bare_tick(
    capsys: pytest.CaptureFixture[str], db_path: Path, tmp_path: Path
) -> None:
    sheet = ticks_sheet(tmp_path / "volunteers.xlsx")
    assert run(capsys, "--db", str(db_path), "import", str(sheet))[0] == 0
    with Database.open(db_path, write=False) as db, db.reading() as session:
        ann = session.scalar(select(Participant.id).where(Participant.first_name == "Ann"))
    before = checks(db_path)
    record = ["--db", str(db_path), "screening", str(ann), "background_check"]
    code, out, err = run(capsys, *record, "--done", "2026-11-01", "--json")
    assert code == 1 and err.count("\n") == 1
    assert json.loads(out) == {
        "error": "The screening of Ann Yes was not saved: Background check: give the "
        "certificate or reference number that was seen."
    }
    assert checks(db_path) == before
    code, out, err = run(
        capsys,
        *record,
        "--done",
        "2026-11-01",
        "--seen",
        "DBS 001234567890",
        "--seen-by",
        "Jo Coordinator",
        "--json",
    )
    assert code == 0, err
    data = json.loads(out)
    check = next(c for c in data["checks"] if c["kind"] == "background_check")
    assert (check["status"], check["seen_reference"], check["seen_by"]) == (
        "complete",
        "DBS 001234567890",
        "Jo Coordinator",
    )
    assert "background check" not in data["to_verify"]
    assert any("application not done" in m for m in data["missing"])
    assert checks(db_path)["Ann"] == (ScreeningStatus.COMPLETE, dt.date(2026, 11, 1))
    # Valid for three years by the renewal rule: nothing runs out within 30 days.
    assert data["expiring"] == []


def test_the_import_wizard_lists_what_to_verify(qtbot: QtBot, db: Database, tmp_path: Path) -> None:
    context = AppContext(db, synchronous_tasks=True)
    wizard = ImportWizard(context, ticks_sheet(tmp_path / "volunteers.xlsx"))
    qtbot.addWidget(wizard)
    wizard.show()
    for _page in range(4):
        wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    summary = wizard.summary_page
    assert "5</b> screening checks reported, to verify" in summary.summary.text()
    notes = [summary.notes.item(i).text() for i in range(summary.notes.count())]
    assert sum(n.startswith("To verify: row ") for n in notes) == 5
    with db.reading() as session:
        assert not any(r.ready for r in mentor_readiness(session, FIXED_TODAY).values())
    context.undo_stack.clear()
