"""The audit trail under an import: values are digested exactly as json.dumps spells them
(the fast spelling never changes a digest), and an import larger than one written chunk
leaves one entry per person, chained and verifiable."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from mentordesk.models import HistoryEntry, Role, ScreeningStatus
from mentordesk.privacy.history import verify_chain
from mentordesk.roster.importer import import_roster
from mentordesk.roster.source import read_source
from mentordesk.store import audit_trail

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


def test_an_import_larger_than_a_chunk_is_chained_entry_by_entry(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_trail, "WRITE_CHUNK", 3)
    path = tmp_path / "r.csv"
    lines = ["First name,Last name,Interests"]
    lines += [f"Ann,Lee-{i},chess; art" for i in range(10)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = import_roster(db, read_source(path), role=Role.MENTEE)
    assert result.created == 10
    with db.reading() as session:
        people = session.scalar(
            select(func.count()).where(HistoryEntry.record_type == "participant")
        )
        assert people == 10
        check = verify_chain(session)
        assert check.ok, check.reason
        interests = session.scalars(
            select(HistoryEntry.changes).where(HistoryEntry.record_type == "participant")
        ).all()
        assert all(c["interests"] == [None, ["chess", "art"]] for c in interests)
