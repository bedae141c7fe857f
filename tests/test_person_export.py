"""A person's own data: every field and record of theirs, nobody else's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import TEST_PASSPHRASE

from mentordesk.cli import main
from mentordesk.models import Concern, Participant
from mentordesk.privacy.subject_export import export_person
from mentordesk.store import Database
from tests.pdf_check import flat, pages_text

HELEN = 42  # a mentor in the demo, with screening, training and a pairing


def _names_of_others(db: Database, person_id: int) -> list[str]:
    with db.reading() as session:
        return [
            p.last_name
            for p in session.query(Participant).filter(Participant.id != person_id)
            if len(p.last_name) > 3
        ]


def test_export_holds_every_field_and_record_and_nobody_else(
    encrypted_demo_path: Path, passphrase_file: Path, tmp_path: Path
) -> None:
    writer = Database.open(encrypted_demo_path, passphrase=TEST_PASSPHRASE)
    with writer, writer.transaction() as session:
        session.add(
            Concern(
                pairing_id=2,
                pair_label="Helen Carter & Siobhán Ó Súilleabháin",
                raised_on=dt.date(2026, 10, 1),
                raised_by="Alex Morgan",
                description="Siobhán Ó Súilleabháin said the meetings felt rushed.",
            )
        )
    out = tmp_path / "helen"
    args = ["--passphrase-file", str(passphrase_file), "--db", str(encrypted_demo_path)]
    assert main([*args, "export-person", str(HELEN), "--out", str(out)]) == 0
    data = json.loads((tmp_path / "helen.json").read_text(encoding="utf-8"))
    pdf_text = flat(" ".join(pages_text(tmp_path / "helen.pdf")))

    with Database.open(encrypted_demo_path, passphrase=TEST_PASSPHRASE, write=False) as db:
        with db.reading() as session:
            helen = session.get(Participant, HELEN)
            assert helen is not None
            for column in Participant.__table__.columns:
                if column.name in ("programme_id", "import_batch_id"):
                    continue
                assert column.name in data["person"]
            screening = len(helen.screening_checks)
            trainings = len(helen.trainings)
            pairs = [p.id for p in helen.mentor_pairings]
            meetings = sum(len(p.meetings) for p in helen.mentor_pairings)
            email = helen.email
        others = _names_of_others(db, HELEN)
    assert data["person"]["last_name"] == "Carter" and data["person"]["email"] == email
    assert len(data["screening"]) == screening and screening > 0
    assert len(data["training"]) == trainings
    assert [p["id"] for p in data["pairings"]] == pairs
    assert len(data["meetings"]) == meetings > 0
    assert data["history"], "her history of changes is hers too"
    (concern,) = data["safety_concerns"]
    assert "pair_label" not in concern and "felt rushed" in concern["description"]
    text = json.dumps(data, ensure_ascii=False)
    assert not [name for name in others if name in text]
    assert not [name for name in others if name in pdf_text]
    assert "Carter" in pdf_text and email in pdf_text.replace(" ", "")


def test_export_of_a_missing_person_is_one_line(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--db", str(demo_db_path), "export-person", "999", "--out", str(tmp_path / "x")])
    assert code == 1
    assert capsys.readouterr().err.count("\n") == 1
    assert not list(tmp_path.glob("x*"))


def test_export_in_process(demo_db: Database, tmp_path: Path) -> None:
    json_path, pdf_path = export_person(demo_db, 1, tmp_path / "out.pdf")
    assert json_path.name == "out.json" and pdf_path.name == "out.pdf"
    assert json.loads(json_path.read_text())["person"]["id"] == 1
