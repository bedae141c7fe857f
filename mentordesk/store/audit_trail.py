"""The audit trail's writer: a session hook that appends one history entry per changed
record, whichever action made the change (window, import, command line).

Two hooks catch every route through a session: `after_flush` sees ORM objects added,
changed and deleted (with their old values still in the attribute history), and
`do_orm_execute` sees bulk INSERT / UPDATE / DELETE statements (imports, undo), reading
the rows they touch before and after. Each entry carries salted digests of its values and
the hash of the entry before it: `verify_chain` finds an entry edited or removed outside
MentorDesk, and erasure can replace values by "erased" without breaking the chain.
"""

from __future__ import annotations

import datetime as dt
import enum
import getpass
import hashlib
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Any

from sqlalchemy import Table, event, inspect, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ResourceClosedError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

ERASED = "erased"
HISTORY_TABLE = "history_entry"
HEAD_TABLE = "history_head"
_SKIP_TABLES = frozenset({HISTORY_TABLE, HEAD_TABLE, "alembic_version"})
_PERSON_COLUMNS = ("participant_id", "person_id", "mentor_id", "mentee_id")

# Where changes come from in this process: "window", "command line: import", … One value
# per process (not a context variable): the window's worker threads share it.
_route = {"route": ""}


def set_route(route: str) -> None:
    _route["route"] = route


def current_route() -> str:
    return _route["route"]


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return os.environ.get("USERNAME", "") or "unknown"


_PLAIN_TYPES = frozenset({type(None), bool, int, float, str})
# Changes are written in chunks of this many entries, so a 50,000-row import holds a few
# thousand entries in memory at a time, not all of them.
WRITE_CHUNK = 1000


def plain_value(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    kind = type(value)
    if kind in _PLAIN_TYPES:
        return value
    if kind is list:
        return [plain_value(v) for v in value]
    if isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(bytes(value))} bytes>"
    if isinstance(value, Mapping):
        return {str(k): plain_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [plain_value(v) for v in value]
    return str(value)


def _canonical(value: Any) -> str:
    """`value` as json.dumps(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    spells it. Texts, whole numbers, booleans, None and lists of texts are spelled here,
    ten times faster than json.dumps (an import digests every value of every row);
    anything else, mappings too (json.dumps is the faster there), goes to json.dumps."""
    kind = type(value)
    if kind is str:
        return str(encode_basestring(value))
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is bool:
        return "true" if value else "false"
    if kind is list:
        parts = []
        for item in value:
            if type(item) is not str:
                break
            parts.append(encode_basestring(item))
        else:
            return "[" + ",".join(parts) + "]"
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def value_digest(salt: str, value: Any) -> str:
    return hashlib.sha256(f"{salt}\x00{_canonical(value)}".encode()).hexdigest()


HASHED_FIELDS = (
    "id",
    "at",
    "os_user",
    "coordinator",
    "action",
    "route",
    "change",
    "record_type",
    "record_id",
    "people",
    "pairing_id",
    "digests",
    "prev_hash",
)


def entry_hash(entry: Mapping[str, Any]) -> str:
    fields = {name: entry[name] for name in HASHED_FIELDS}
    at = fields["at"]
    if isinstance(at, dt.datetime):
        fields["at"] = at.isoformat(sep=" ")
    elif isinstance(at, str):
        fields["at"] = dt.datetime.fromisoformat(at).isoformat(sep=" ")
    return hashlib.sha256(_canonical(fields).encode()).hexdigest()


@dataclass
class _Change:
    change: str
    table: str
    record_id: int | None
    values: dict[str, list[Any]]  # field -> [old, new]
    row: dict[str, Any]  # the row as it is (new) or was (deleted), for its subjects
    people: list[int] | None = None  # a bulk add names its people directly


def _people_and_pairing(
    conn: Connection,
    table: str,
    record_id: int | None,
    row: Mapping[str, Any],
    cache: dict[int, str],
) -> tuple[str, int | None]:
    people: list[int] = []
    pairing_id: int | None = None
    if table == "participant" and record_id is not None:
        people.append(record_id)
    for column in _PERSON_COLUMNS:
        if isinstance(row.get(column), int):
            people.append(row[column])
    if table == "pairing":
        pairing_id = record_id
    elif isinstance(row.get("pairing_id"), int):
        pairing_id = row["pairing_id"]
        if pairing_id not in cache:
            pair = conn.execute(
                text("SELECT mentor_id, mentee_id FROM pairing WHERE id = :id"), {"id": pairing_id}
            ).first()
            cache[pairing_id] = f",{pair[0]},{pair[1]}," if pair else ""
        people.extend(int(p) for p in cache[pairing_id].strip(",").split(",") if p)
    return _people_text(people), pairing_id


def _people_text(people: list[int]) -> str:
    """ ",12,34," (a LIKE for ",12," finds one), each person once."""
    unique = list(dict.fromkeys(people))
    return ("," + ",".join(map(str, unique)) + ",") if unique else ""


def _digested(
    salt: str, changes: Mapping[str, list[Any]]
) -> tuple[dict[str, list[Any]], dict[str, list[str]]]:
    """Each field's [old, new] as plain values, and their salted digests: `plain_value`
    and `value_digest` unrolled for the common values (an import digests every value of
    every row), giving exactly what they give."""
    values: dict[str, list[Any]] = {}
    digests: dict[str, list[str]] = {}
    prefix = f"{salt}\x00"
    null = value_digest(salt, None)  # most entries are inserts: every old value is None
    sha256 = hashlib.sha256
    for field, (old, new) in changes.items():
        pair = []
        digest_pair = []
        for value in (old, new):
            kind = type(value)
            if kind not in _PLAIN_TYPES:
                value = plain_value(value)
                kind = type(value)
            pair.append(value)
            if value is None:
                digest_pair.append(null)
            elif kind is str:
                text = prefix + encode_basestring(value)
                digest_pair.append(sha256(text.encode()).hexdigest())
            else:
                digest_pair.append(value_digest(salt, value))
        values[field] = pair
        digests[field] = digest_pair
    return values, digests


def _write(session: Session, changes: Iterable[_Change]) -> None:
    changes = iter(changes)
    first = next(changes, None)
    if first is None:
        return
    conn = session.connection()
    head = conn.execute(
        text(f"SELECT id, hash FROM {HISTORY_TABLE} ORDER BY id DESC LIMIT 1")
    ).first()
    last_id, prev_hash = (int(head[0]), str(head[1])) if head else (0, "")
    coordinator = conn.execute(
        text("SELECT coordinator_name FROM programme ORDER BY id LIMIT 1")
    ).scalar()
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    user = os_user()
    action = str(session.info.get("action", ""))
    route = current_route()
    cache: dict[int, str] = {}
    history = _history_table(session)
    rows = []
    for change in itertools.chain((first,), changes):
        last_id += 1
        salt = os.urandom(16).hex()
        values, digests = _digested(salt, change.values)
        if change.people is not None:
            people, pairing_id = _people_text(change.people), None
        else:
            people, pairing_id = _people_and_pairing(
                conn, change.table, change.record_id, change.row, cache
            )
        entry = {
            "id": last_id,
            "at": at,
            "os_user": user,
            "coordinator": coordinator or "",
            "action": action,
            "route": route,
            "change": change.change,
            "record_type": change.table,
            "record_id": change.record_id,
            "people": people,
            "pairing_id": pairing_id,
            "changes": values,
            "digests": digests,
            "salt": salt,
            "prev_hash": prev_hash,
        }
        entry["hash"] = prev_hash = entry_hash(entry)
        rows.append(entry)
        if len(rows) >= WRITE_CHUNK:
            conn.execute(history.insert(), rows)
            rows = []
    if rows:
        conn.execute(history.insert(), rows)
    conn.execute(
        text(
            f"INSERT INTO {HEAD_TABLE} (id, last_id, hash) VALUES (1, :last_id, :hash) "
            "ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, hash = excluded.hash"
        ),
        {"last_id": last_id, "hash": prev_hash},
    )


BULK_ADD = "bulk add"


def record_bulk_add(
    session: Session, table: str, count: int, people: list[int], source: str
) -> None:
    """One entry for `count` rows added to `table` at once (by `store.bulk_rows`): how many,
    from where, and, in its people, whom they are about, so each person's history shows
    it. It holds no one's values: erasing one of them leaves it as it is."""
    values: dict[str, list[Any]] = {"added": [None, count], "source": [None, source]}
    _write(session, [_Change(BULK_ADD, table, None, values, {}, people)])


def _history_table(session: Session) -> Table:
    from mentordesk.models import HistoryEntry

    table = HistoryEntry.__table__
    assert isinstance(table, Table)
    return table


# --- ORM objects ------------------------------------------------------------------------
def _object_changes(session: Session) -> Iterator[_Change]:
    for obj, kind in (
        *((o, "insert") for o in session.new),
        *((o, "update") for o in session.dirty),
        *((o, "delete") for o in session.deleted),
    ):
        state = inspect(obj)
        mapper = state.mapper
        table = mapper.local_table
        if not isinstance(table, Table) or table.name in _SKIP_TABLES:
            continue
        values: dict[str, list[Any]] = {}
        row: dict[str, Any] = {}
        for attr in mapper.column_attrs:
            key = attr.key
            history = state.attrs[key].history
            current = state.dict.get(key)
            if kind == "insert":
                if current is not None:
                    values[key] = [None, current]
                row[key] = current
            elif kind == "delete":
                old = history.deleted[0] if history.deleted else current
                if old is not None:
                    values[key] = [old, None]
                row[key] = old
            else:
                row[key] = current
                if history.has_changes():
                    old = history.deleted[0] if history.deleted else None
                    new = history.added[0] if history.added else None
                    if plain_value(old) != plain_value(new):
                        values[key] = [old, new]
        if kind == "update" and not values:
            continue
        identity = mapper.primary_key_from_instance(obj)
        record_id = identity[0] if len(identity) == 1 and isinstance(identity[0], int) else None
        if record_id is None and kind != "delete":
            values.setdefault("_key", [None, plain_value(list(identity))])
        yield _Change(kind, table.name, record_id, values, row)


def _after_flush(session: Session, _context: Any) -> None:
    if session.info.get("audit_off"):
        return
    _write(session, list(_object_changes(session)))


# --- bulk statements --------------------------------------------------------------------
def _rows(conn: Connection, table: Table, where: Any) -> dict[Any, dict[str, Any]]:
    pk = list(table.primary_key.columns)
    stmt = select(table)
    if where is not None:
        stmt = stmt.where(where)
    found = {}
    for row in conn.execute(stmt).mappings():
        key = row[pk[0].name] if len(pk) == 1 else tuple(row[c.name] for c in pk)
        found[key] = dict(row)
    return found


def _inserted(conn: Connection, table: Table, pk: str, after: Any) -> Iterator[_Change]:
    """The rows added past `after`, read a page at a time: an import adds thousands."""
    column = table.c[pk]
    while True:
        stmt = select(table).where(column > after).order_by(column).limit(WRITE_CHUNK)
        page = [dict(row) for row in conn.execute(stmt).mappings()]
        for row in page:
            values = {k: [None, v] for k, v in row.items() if v is not None}
            yield _Change("insert", table.name, row[pk], values, row)
        if len(page) < WRITE_CHUNK:
            return
        after = page[-1][pk]


def _single_int_pk(table: Table) -> str | None:
    pk = list(table.primary_key.columns)
    if len(pk) == 1 and pk[0].type.python_type is int:
        return pk[0].name
    return None


def _on_orm_execute(state: ORMExecuteState) -> Any:
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    session = state.session
    if session.info.get("audit_off"):
        return None
    table = getattr(state.statement, "table", None)
    table = getattr(table, "entity_namespace", table)
    table = getattr(table, "__table__", table)
    if not isinstance(table, Table) or table.name in _SKIP_TABLES:
        return None
    session.flush()
    conn = session.connection()
    pk = _single_int_pk(table)
    where = getattr(state.statement, "whereclause", None)
    if state.is_insert:
        before_max = (
            conn.execute(text(f"SELECT max({pk}) FROM {table.name}")).scalar() if pk else None
        )
        result = _run(state)
        if pk is not None:
            _write(session, _inserted(conn, table, pk, before_max or 0))
        return result
    changes: list[_Change] = []
    before = _rows(conn, table, where)
    result = _run(state)
    after = _rows(conn, table, table.c[pk].in_(list(before))) if (pk and state.is_update) else {}
    for key, old in before.items():
        record_id = key if isinstance(key, int) else None
        if state.is_delete:
            values = {k: [v, None] for k, v in old.items() if v is not None}
            changes.append(_Change("delete", table.name, record_id, values, old))
        else:
            new = after.get(key, {})
            values = {
                k: [old.get(k), new.get(k)]
                for k in new
                if plain_value(old.get(k)) != plain_value(new.get(k))
            }
            if values:
                changes.append(_Change("update", table.name, record_id, values, new))
    _write(session, changes)
    return result


def _run(state: ORMExecuteState) -> Any:
    result = state.invoke_statement()
    # Read any returned rows now: the hook runs more statements on this connection.
    try:
        return result.freeze()()
    except (ResourceClosedError, NotImplementedError):  # a statement without rows
        return result


def install(sessions: sessionmaker[Session]) -> None:
    """Record every change made through sessions of this factory."""
    event.listen(sessions, "after_flush", _after_flush)
    event.listen(sessions, "do_orm_execute", _on_orm_execute)


def caller_action(skip: Iterable[str] = ()) -> str:
    """The function that opened a unit of work: the first frame outside the store and
    contextlib (an action such as `update_participant`)."""
    frame = sys._getframe(1)
    skipped = ("contextlib", "mentordesk/store/", "mentordesk\\store\\", *skip)
    while frame is not None:
        filename = frame.f_code.co_filename
        if not any(part in filename for part in skipped):
            module = frame.f_globals.get("__name__", "")
            short = module.rsplit(".", 1)[-1]
            return f"{short}.{frame.f_code.co_name}" if short else frame.f_code.co_name
        frame = frame.f_back  # type: ignore[assignment]
    return ""
