"""`mentordesk flags` and `mentordesk close` on real database files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentordesk.cli import main
from mentordesk.models import ClosureKind, Initiator, Pairing, PairingStatus
from mentordesk.store import Database
from tests.history import History, d


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_flags_json_on_the_demo(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--db", str(demo_db_path), "flags", "--json")
    assert (code, err) == (0, "")
    flags = json.loads(out)
    assert flags and all(set(f) == {"pairing_id", "kind", "severity", "message"} for f in flags)
    assert flags[0]["kind"] == "safety_concern" and flags[0]["severity"] == "high"
    kinds = {f["kind"] for f in flags}
    assert {"no_recent_meeting", "agreement_unsigned", "mentee_waiting"} <= kinds
    waiting = [f for f in flags if f["kind"] == "mentee_waiting"]
    assert all(f["pairing_id"] is None for f in waiting)


def test_flags_table_and_none(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db_path), "flags")
    assert (code, out) == (0, "No flags: every pair is on track.\n")
    with Database.open(db_path) as db, db.transaction() as session:
        History(session).pair(start=d("2026-11-01"), signed=False)
    code, out, _ = run(capsys, "--db", str(db_path), "flags")
    assert code == 0
    assert out.splitlines()[0].split() == ["Severity", "Pairing", "For", "Flag", "Reason"]
    assert "The agreement is not signed 24 days after the start on 01 Nov 2026." in out


def _pair(db_path: Path, start: str) -> int:
    with Database.open(db_path) as db, db.transaction() as session:
        return History(session).pair(start=d(start)).id


def _closed(db_path: Path, pairing_id: int) -> Pairing:
    with Database.open(db_path, write=False) as db, db.reading() as session:
        pairing = session.get(Pairing, pairing_id)
        assert pairing is not None
        session.expunge(pairing)
        return pairing


def test_close_records_every_detail(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pairing_id = _pair(db_path, "2026-06-01")
    code, out, err = run(
        capsys,
        "--db",
        str(db_path),
        "close",
        str(pairing_id),
        "--reason",
        "Mentor moved away",
        "--initiator",
        "mentor",
        "--meeting-date",
        "2026-11-20",
        "--contact",
        "No contact outside the programme.",
        "--notes",
        "Said goodbye at the library.",
    )
    assert (code, err) == (0, "")
    assert out.startswith(f"Closed pairing {pairing_id} (")
    assert "on 25 Nov 2026 as early: Mentor moved away." in out
    pairing = _closed(db_path, pairing_id)
    assert pairing.status is PairingStatus.CLOSED
    assert pairing.end_date == d("2026-11-25")
    assert pairing.closure_kind is ClosureKind.EARLY  # 6 months into a 12-month commitment
    assert pairing.closure_initiator is Initiator.MENTOR
    assert pairing.closure_meeting_on == d("2026-11-20")
    assert pairing.post_closure_contact == "No contact outside the programme."
    assert pairing.closure_notes == "Said goodbye at the library."


def test_close_kind_and_date_options(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = _pair(db_path, "2025-09-01")
    code, out, _ = run(capsys, "--db", str(db_path), "close", str(old), "--reason", "Done")
    assert code == 0 and "as planned" in out  # past its 12 committed months
    recent = _pair(db_path, "2026-09-01")
    code, _, _ = run(
        capsys,
        "--db",
        str(db_path),
        "close",
        str(recent),
        "--reason",
        "Goals achieved",
        "--kind",
        "planned",
        "--date",
        "2026-11-20",
    )
    assert code == 0
    pairing = _closed(db_path, recent)
    assert (pairing.closure_kind, pairing.end_date) == (ClosureKind.PLANNED, d("2026-11-20"))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--reason", "  "], "Give a reason for closing the pairing."),
        (["--reason", "x", "--date", "2026-01-01"], "is before the start date"),
    ],
)
def test_close_refusals_write_nothing(
    db_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    pairing_id = _pair(db_path, "2026-06-01")
    code, out, err = run(capsys, "--db", str(db_path), "close", str(pairing_id), *extra)
    assert code == 1 and out == ""
    assert err.startswith("mentordesk: ") and message in err and err.count("\n") == 1
    assert _closed(db_path, pairing_id).status is PairingStatus.ACTIVE


def test_close_unknown_and_closed_pairs(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(db_path), "close", "42", "--reason", "x")
    assert code == 1 and "There is no pairing with id 42." in err
    pairing_id = _pair(db_path, "2026-06-01")
    assert run(capsys, "--db", str(db_path), "close", str(pairing_id), "--reason", "x")[0] == 0
    code, _, err = run(capsys, "--db", str(db_path), "close", str(pairing_id), "--reason", "x")
    assert code == 1 and "already closed" in err


def test_close_rejects_an_unknown_initiator(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(db_path), "close", "1", "--reason", "x", "--initiator", "teacher"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_flags_into_a_closed_pipe_is_not_an_error(
    demo_db_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import mentordesk.commands.monitoring as command

    calls: list[int] = []

    def closed(*_: object) -> None:
        calls.append(1)
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(command, "print_table", closed)
    code, _, err = run(capsys, "--db", str(demo_db_path), "flags")
    assert calls and (code, err) == (0, "")
