"""`mentordesk match` and `mentordesk pair` on the demo programme."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentordesk.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def pairings(capsys: pytest.CaptureFixture[str], db: Path) -> list[dict]:  # type: ignore[type-arg]
    code, out, _ = run(capsys, "--db", str(db), "list", "pairings", "--json")
    assert code == 0
    return json.loads(out)


def test_match_json_has_the_promised_shape(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    code, out, err = run(capsys, "--db", str(demo_db_path), "match", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["objective"] == "score"
    assert {"objective", "total_score", "proposals", "unmatched"} <= data.keys()
    assert data["proposals"], "the demo has free places"
    for proposal in data["proposals"]:
        assert {"mentor_id", "mentee_id", "score", "reasons"} <= proposal.keys()
        assert 0 <= proposal["score"] <= 1 and proposal["reasons"]
    assert data["total_score"] == pytest.approx(sum(p["score"] for p in data["proposals"]), 1e-3)
    for left in data["unmatched"]:
        assert isinstance(left["mentee_id"], int) and left["reason"]
    mentees = [p["mentee_id"] for p in data["proposals"]] + [
        u["mentee_id"] for u in data["unmatched"]
    ]
    assert len(mentees) == len(set(mentees))

    code, out, _ = run(
        capsys, "--db", str(demo_db_path), "match", "--objective", "coverage", "--json"
    )
    assert code == 0 and json.loads(out)["objective"] == "coverage"


def test_match_without_apply_writes_nothing_and_apply_saves_proposed(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    before = pairings(capsys, demo_db_path)
    code, out, _ = run(capsys, "--db", str(demo_db_path), "match")
    assert code == 0 and "pairs proposed" in out and "Unmatched mentee" in out
    assert pairings(capsys, demo_db_path) == before

    code, out, _ = run(capsys, "--db", str(demo_db_path), "match", "--apply", "--json")
    assert code == 0
    proposed = json.loads(out)["proposals"]
    after = pairings(capsys, demo_db_path)
    new = [p for p in after if p["id"] not in {b["id"] for b in before}]
    assert sorted((p["mentor_id"], p["mentee_id"]) for p in new) == sorted(
        (p["mentor_id"], p["mentee_id"]) for p in proposed
    )
    assert {p["status"] for p in new} == {"proposed"}
    # Those mentees have a mentor on the way now; the places are taken.
    code, out, _ = run(capsys, "--db", str(demo_db_path), "match", "--json")
    assert json.loads(out)["proposals"] == []


def test_pair_by_hand_and_the_refusals(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db_path), "match", "--json")
    first = json.loads(out)["proposals"][0]
    mentor, mentee = str(first["mentor_id"]), str(first["mentee_id"])

    code, out, err = run(capsys, "--db", str(demo_db_path), "pair", mentee, mentor)
    assert code == 1 and "is not a mentor" in err and err.count("\n") == 1 and out == ""

    # The mentee may be under 18: the day a parent's permission came back goes with it.
    code, out, err = run(
        capsys,
        "--db",
        str(demo_db_path),
        "pair",
        mentor,
        mentee,
        "--start",
        "2026-12-01",
        "--permission-on",
        "2026-11-20",
        "--json",
    )
    assert code == 0, err
    made = json.loads(out)
    assert made["start_date"] == "2026-12-01" and made["reasons"] == first["reasons"]
    saved = next(p for p in pairings(capsys, demo_db_path) if p["id"] == made["pairing_id"])
    assert (saved["status"], saved["start_date"]) == ("active", "2026-12-01")

    code, _, err = run(capsys, "--db", str(demo_db_path), "pair", mentor, mentee)
    assert code == 1 and "already has a mentor" in err

    code, _, err = run(capsys, "--db", str(demo_db_path), "pair", mentor, "9999")
    assert code == 1 and "no participant with id 9999" in err

    code, _, err = run(capsys, "--db", str(demo_db_path), "pair", "59", "40")
    assert code == 1 and "not ready to be paired" in err


def test_pair_prints_a_sentence_and_warnings(
    capsys: pytest.CaptureFixture[str], demo_db_path: Path
) -> None:
    code, out, _ = run(capsys, "--db", str(demo_db_path), "match", "--json")
    first = json.loads(out)["proposals"][0]
    mentor, mentee = str(first["mentor_id"]), str(first["mentee_id"])
    code, out, err = run(
        capsys, "--db", str(demo_db_path), "pair", mentor, mentee, "--permission-on", "2026-11-24"
    )
    assert code == 0
    assert out.startswith("Paired ") and "score" in out
    assert all(line.startswith("warning: ") for line in err.splitlines())
