"""The demo shows what the programme looks like in use: every kind of flag, genders that
fit the names, and pairs that keep the rules the matcher enforces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from mentordesk.cli import main
from mentordesk.models import Pairing, Participant
from mentordesk.monitoring.flags import FlagKind
from mentordesk.programme.demo import FEMALE_NAMES, MENTEE_NAMES, MENTOR_NAMES, NON_BINARY_NAMES
from mentordesk.store import Database


def test_every_kind_of_flag_shows(demo_db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(demo_db_path), "flags", "--json"]) == 0
    kinds = {flag["kind"] for flag in json.loads(capsys.readouterr().out)}
    assert kinds == {kind.value for kind in FlagKind}


def test_genders_fit_the_names_and_pairs_keep_gender_wishes(demo_db: Database) -> None:
    assert {"Helen", "Emma", "Zoë", "Ella"} <= FEMALE_NAMES
    assert not {"David", "Liam", "Omar"} & FEMALE_NAMES
    names = {first for first, _ in MENTEE_NAMES + MENTOR_NAMES}
    assert names >= FEMALE_NAMES | NON_BINARY_NAMES
    with demo_db.reading() as session:
        for person in session.scalars(select(Participant)):
            expected = (
                "non-binary"
                if person.first_name in NON_BINARY_NAMES
                else "female"
                if person.first_name in FEMALE_NAMES
                else "male"
            )
            assert person.gender == expected, person.first_name
        for pairing in session.scalars(select(Pairing)):
            wish = pairing.mentee.mentor_gender_preference
            assert wish in ("", pairing.mentor.gender), pairing.mentee.first_name
