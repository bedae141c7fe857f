"""The audit trail under an import: values are digested exactly as json.dumps spells them
(the fast spelling never changes a digest), and an import larger than one written chunk
is written in chunks under one entry naming its people, chained and verifiable; rows added
in bulk are stored exactly as the ORM stores them."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select, text

from mentordesk.models import HistoryEntry, ModePreference, Participant, Role, ScreeningStatus
from mentordesk.privacy.history import verify_chain
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source
from mentordesk.store import audit_trail, bulk_rows, current_programme_id

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(json_values)
def test_values_are_spelled_as_json_dumps_spells_them(value: object) -> None:
    expected = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert audit_trail._canonical(value) == expected


column_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.dates()
    | st.datetimes()
    | st.sampled_from(list(ScreeningStatus))
    | st.lists(st.text(), max_size=3)
    | st.dictionaries(st.text(), st.text(), max_size=3)
)


@given(
    st.dictionaries(st.text(max_size=5), st.tuples(column_values, column_values), max_size=5),
    st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
)
def test_digests_are_those_of_plain_values(changes: dict, salt: str) -> None:
    """The unrolled digesting gives what plain_value and value_digest give, value by value."""
    values, digests = audit_trail._digested(salt, {k: list(v) for k, v in changes.items()})
    plain = {k: [audit_trail.plain_value(v) for v in pair] for k, pair in changes.items()}
    assert json.dumps(values) == json.dumps(plain)
    assert digests == {
        k: [audit_trail.value_digest(salt, v) for v in pair] for k, pair in plain.items()
    }
    assert not any(isinstance(v, dt.date) for pair in values.values() for v in pair)


def test_an_import_adds_its_people_in_chunks_under_one_entry(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk_rows, "CHUNK", 3)
    path = tmp_path / "r.csv"
    lines = ["First name,Last name,Interests,DBS status"]
    lines += [f"Ann,Lee-{i},chess; art,{'cleared' if i % 2 else ''}" for i in range(10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_roster(db, read_source(path), role=Role.MENTOR)
    assert result.created == 10
    with db.reading() as session:
        entries = session.execute(
            select(HistoryEntry.record_type, HistoryEntry.change, HistoryEntry.changes)
            .where(HistoryEntry.record_type.in_(["participant", "screening_check"]))
            .order_by(HistoryEntry.id)
        ).all()
        assert entries == [
            ("participant", "bulk add", {"added": [None, 10], "source": [None, "import of r.csv"]}),
            (
                "screening_check",
                "bulk add",
                {"added": [None, 5], "source": [None, "import of r.csv"]},
            ),
        ]
        check = verify_chain(session)
        assert check.ok, check.reason
        people = session.scalars(select(Participant).order_by(Participant.id)).all()
        assert [p.last_name for p in people] == [f"Lee-{i}" for i in range(10)]
        assert all(p.interests == ["chess", "art"] for p in people)
        assert [len(p.screening_checks) for p in people] == [0, 1] * 5


column_rows = st.fixed_dictionaries(
    {
        "first_name": st.text(max_size=8),
        "last_name": st.text(min_size=1, max_size=8),
        "date_of_birth": st.none() | st.dates(),
        "interests": st.lists(st.text(max_size=6), max_size=3),
        "extra": st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
        "meeting_mode": st.sampled_from(list(ModePreference)),
    }
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(column_rows, min_size=1, max_size=4))
def test_rows_added_in_bulk_are_stored_as_the_orm_stores_them(db, rows: list[dict]) -> None:
    """Every value goes through its column's own conversion (the JSON spelled here for
    lists of texts too): the file holds byte for byte what the ORM would have written."""
    with contextlib.suppress(_RolledBack), db.transaction() as session:
        programme = current_programme_id(session)
        session.execute(delete(Participant))
        base = [dict(r, programme_id=programme, role=Role.MENTEE) for r in rows]
        session.execute(insert(Participant), [dict(r, id=i + 1) for i, r in enumerate(base)])
        bulk_rows.add_rows(
            session,
            Participant,
            [dict(r, id=i + 101) for i, r in enumerate(base)],
            people_column="id",
            source="test",
        )
        stored = session.execute(text("SELECT * FROM participant ORDER BY id")).mappings().all()
        by_orm = [dict(r, id=0) for r in stored if r["id"] < 100]
        by_bulk = [dict(r, id=0) for r in stored if r["id"] > 100]
        assert by_bulk == by_orm
        raise _RolledBack  # leaves the file as it was for the next example


class _RolledBack(Exception):
    pass
