"""The audit trail under an import: values are digested exactly as json.dumps spells them
(the fast spelling never changes a digest), and an import larger than one written chunk
leaves one entry per person, chained and verifiable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from mentordesk.models import HistoryEntry, Role
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
