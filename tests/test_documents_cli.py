from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentordesk.cli import main
from tests.pdf_check import flat, pages_text


def test_agreements_command_writes_and_tells(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "agreements.pdf"
    # Without --pairing: only the pairs whose agreement has not been printed yet.
    assert main(["--db", str(demo_db_path), "agreements", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {out} (2 agreements, " in printed
    assert "as the print date on 2 pairings." in printed
    assert out.is_file()
    # --reprint: every active or proposed pairing; the dates already recorded stay.
    args = ["--db", str(demo_db_path), "agreements", "--out", str(out), "--reprint"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {out} (11 agreements, " in printed
    assert "Recorded" not in printed and "11 pairings keep their first print date." in printed


def _print_dates(path: Path) -> dict[int, object]:
    from sqlalchemy import select

    from mentordesk.models import Pairing
    from mentordesk.store import Database

    with Database.open(path) as db, db.reading() as session:
        return dict(session.execute(select(Pairing.id, Pairing.agreement_printed_on)).all())


def test_agreements_twice_keeps_the_first_print_dates(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    from mentordesk import clock

    before = _print_dates(demo_db_path)
    signed_before = {i: d for i, d in before.items() if d is not None}
    assert signed_before  # the demo has agreements printed in September
    out = str(tmp_path / "a.pdf")
    assert main(["--db", str(demo_db_path), "agreements", "--out", out]) == 0
    first = _print_dates(demo_db_path)
    clock.set_today(dt.date(2026, 12, 2))  # a week later, again, and a reprint of all
    assert main(["--db", str(demo_db_path), "agreements", "--out", out]) == 1
    assert "--reprint" in capsys.readouterr().err
    assert main(["--db", str(demo_db_path), "agreements", "--out", out, "--reprint"]) == 0
    assert main(["--db", str(demo_db_path), "agreements", "--out", out, "--pairing", "1"]) == 0
    assert _print_dates(demo_db_path) == first
    assert {i: first[i] for i in signed_before} == signed_before


def test_agreements_command_separate_and_json(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "each"
    args = ["--db", str(demo_db_path), "agreements", "--out", str(folder)]
    args += ["--pairing", "3", "--pairing", "1", "--separate", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert [f["pairings"] for f in data["files"]] == [[3], [1]]
    assert data["files"][0]["path"].endswith("Agreement - Zoë Müller and David Okonkwo.pdf")
    assert len(list(folder.iterdir())) == 2


def test_agreements_command_refuses_when_nothing_to_print(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(db_path), "agreements", "--out", str(tmp_path / "a.pdf")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("mentordesk: There is nothing to print")
    assert err.count("\n") == 1
    assert not (tmp_path / "a.pdf").exists()


def test_report_command_for_programme_and_pairing(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "programme.pdf"
    assert main(["--db", str(demo_db_path), "report", "--out", str(out)]) == 0
    assert f"Wrote {out} (" in capsys.readouterr().out
    text = flat("\n".join(pages_text(out)))
    # Without dates: the programme's own year (the demo sets 1 Sep to 31 Jul).
    assert "Programme year: 1 September 2026 to 25 November 2026 (so far)" in text

    pair = tmp_path / "pair.pdf"
    args = ["--db", str(demo_db_path), "report", "--out", str(pair), "--pairing", "1"]
    args += ["--from", "2026-09-01", "--to", "2026-10-31", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["pairing"] == 1 and data["from"] == "2026-09-01" and data["to"] == "2026-10-31"
    assert "Nguyễn Ngọc" in flat("\n".join(pages_text(pair)))


def test_report_command_refusals(
    demo_db_path: Path, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = str(tmp_path / "r.pdf")
    assert main(["--db", str(db_path), "report", "--out", out]) == 1
    assert "nothing to report" in capsys.readouterr().err
    args = ["--db", str(demo_db_path), "report", "--out", out]
    assert main([*args, "--from", "2026-10-01", "--to", "2026-09-01"]) == 1
    assert "swap the dates" in capsys.readouterr().err
    assert main([*args, "--include-notes"]) == 1
    assert "never shows notes" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main([*args, "--from", "1 Sept"])
    assert "YYYY-MM-DD" in capsys.readouterr().err
