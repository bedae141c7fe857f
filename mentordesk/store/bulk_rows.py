"""Adding many rows at once (an import's people and their checks): one `executemany`
through the driver, and one history entry for the lot instead of one per row.

Going through the ORM's bulk insert cost more than reading the spreadsheet did: it builds
and type-converts a parameter set per row, and the audit trail then read every new row
back to write a chained entry of digests for each. Here each value is converted once by
its column's own bind processor (so the file holds exactly what the ORM would write), and
the trail gets one entry naming the people added (`audit_trail.record_bulk_add`): what
was added is in the rows themselves, and every later change to them is chained as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from json.encoder import encode_basestring_ascii
from typing import Any

from sqlalchemy import JSON, Table
from sqlalchemy.orm import Session

from mentordesk.store import audit_trail

# Rows per executemany: bounds the converted copy held in memory at once.
CHUNK = 2000


def add_rows(
    session: Session,
    model: type[Any],
    rows: Sequence[Mapping[str, Any]],
    *,
    people_column: str,
    source: str,
) -> None:
    """Insert `rows` (each with the same keys) into the mapped class `model`'s table in
    the session's transaction, and record them in the audit trail as one entry: the people
    in `people_column` (an id column of the table) were added from `source` (an import's
    file name, say)."""
    if not rows:
        return
    table = model.__table__
    assert isinstance(table, Table)
    session.flush()  # pending ORM changes go first, as they would before any statement
    conn = session.connection()
    dialect = conn.dialect
    keys = list(rows[0])
    unknown = [k for k in keys if k not in table.c]
    if unknown:
        raise ValueError(f"{table.name} has no column {unknown[0]!r}")
    converters = [_converter(table.c[k].type, dialect) for k in keys]
    # Columns the rows leave out take their Python-side default, converted once.
    fixed: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in rows[0] or default is None or not hasattr(default, "arg"):
            continue
        value = default.arg(None) if callable(default.arg) else default.arg
        convert = _converter(column.type, dialect)
        fixed[column.name] = convert(value) if convert else value
    names = [*keys, *fixed]
    columns = ", ".join(f'"{name}"' for name in names)
    marks = ", ".join("?" for _ in names)
    sql = f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})'
    tail = tuple(fixed.values())
    converted = [(i, c) for i, c in enumerate(converters) if c is not None]
    width = len(keys)
    for start in range(0, len(rows), CHUNK):
        batch: list[tuple[Any, ...]] = []
        for row in rows[start : start + CHUNK]:
            if len(row) != width:
                raise ValueError(f"every row added to {table.name} needs the same columns")
            values = [row[k] for k in keys]
            for i, convert in converted:
                values[i] = convert(values[i])
            batch.append((*values, *tail))
        conn.exec_driver_sql(sql, batch)
    people = [int(row[people_column]) for row in rows if row.get(people_column) is not None]
    audit_trail.record_bulk_add(session, table.name, len(rows), people, source)


def _converter(kind: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The column type's own bind processor (None when values go in as they are); for
    JSON, lists of texts and empty lists and mappings (most of an import's JSON values)
    are spelled here exactly as json.dumps spells them, several times faster."""
    convert: Callable[[Any], Any] | None = kind.dialect_impl(dialect).bind_processor(dialect)
    if convert is None or not isinstance(kind, JSON):
        return convert
    full = convert

    def json_text(value: Any) -> Any:
        kind_of = type(value)
        if kind_of is list:
            if not value:
                return "[]"
            if all(type(item) is str for item in value):
                return "[" + ", ".join(map(encode_basestring_ascii, value)) + "]"
        elif kind_of is dict and not value:
            return "{}"
        return full(value)

    return json_text
