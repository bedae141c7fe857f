"""Actions: each change a coordinator can make, as plain data that runs in one transaction.

An action is a frozen dataclass with `apply(session) -> Outcome`. `run(db, action)` opens the
unit of work, so the action checks its rules and writes in one transaction or not at all.
The `Outcome` says what changed and carries the inverse action: undo runs the inverse, and
redo runs the inverse's inverse (which, for an action that created a row, recreates it under
the same id). The window's undo stack and `mentordesk undo` both work this way.

Actions encode to JSON (`encode` / `decode`) so the command line can keep the inverse of its
last change in the database. Only dataclasses, enums, dates and plain values of this package
are decoded: a stored action can never name code outside `mentordesk`.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import enum
import hashlib
import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import Session

from mentordesk.errors import MentorDeskError
from mentordesk.store.areas import ACTIVITY, ALL_AREAS, PAIRINGS, PARTICIPANTS, PROGRAMME
from mentordesk.store.database import Database

__all__ = ["ACTIVITY", "ALL_AREAS", "PAIRINGS", "PARTICIPANTS", "PROGRAMME"]


class Action(Protocol):
    def apply(self, session: Session) -> Outcome: ...


@dataclass(frozen=True)
class Outcome:
    """What one run of an action did."""

    inverse: Action
    areas: frozenset[str]
    # The records named, so a screen can refresh those rows only.
    participants: frozenset[int] = frozenset()
    pairings: frozenset[int] = frozenset()
    result: Any = None
    warnings: tuple[str, ...] = ()


def outcome(
    inverse: Action,
    areas: Iterable[str],
    *,
    participants: Iterable[int] = (),
    pairings: Iterable[int] = (),
    result: Any = None,
    warnings: Iterable[str] = (),
) -> Outcome:
    return Outcome(
        inverse,
        frozenset(areas),
        frozenset(participants),
        frozenset(pairings),
        result,
        tuple(warnings),
    )


def run(db: Database, action: Action) -> Outcome:
    """Run an action in its own transaction: all of it is written, or none of it."""
    with db.transaction(action=type(action).__name__) as session:
        return action.apply(session)


@dataclass(frozen=True)
class Sequence:
    """Several actions as one (e.g. a batch of status changes); undone in reverse order."""

    steps: tuple[Any, ...]

    def apply(self, session: Session) -> Outcome:
        done = [step.apply(session) for step in self.steps]
        return Outcome(
            Sequence(tuple(d.inverse for d in reversed(done))),
            frozenset().union(*(d.areas for d in done)),
            frozenset().union(*(d.participants for d in done)),
            frozenset().union(*(d.pairings for d in done)),
            [d.result for d in done],
            tuple(w for d in done for w in d.warnings),
        )


# --- JSON ------------------------------------------------------------------------------
def _qualified(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _class(name: str) -> type:
    module, _, attr = name.partition(":")
    if not module.startswith("mentordesk."):
        raise MentorDeskError("A stored action names code outside MentorDesk; it was refused.")
    found: Any = importlib.import_module(module)
    for part in attr.split("."):
        found = getattr(found, part)
    if not isinstance(found, type):
        raise MentorDeskError("A stored action is damaged; it was refused.")
    return found


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "$dc": _qualified(type(value)),
            "fields": {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, enum.Enum):
        return {"$enum": _qualified(type(value)), "value": value.value}
    if isinstance(value, bytes):
        return {"$bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, (tuple, frozenset)):
        kind = "$tuple" if isinstance(value, tuple) else "$frozenset"
        items = value if isinstance(value, tuple) else sorted(value, key=repr)
        return {kind: [_to_json(v) for v in items]}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        if all(isinstance(k, str) for k in value):
            return {"$dict": {k: _to_json(v) for k, v in value.items()}}
        return {"$pairs": [[_to_json(k), _to_json(v)] for k, v in value.items()]}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in an action")


def _from_json(value: Any) -> Any:
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    if not isinstance(value, dict):
        return value
    if "$dc" in value:
        kind = _class(value["$dc"])
        return kind(**{k: _from_json(v) for k, v in value["fields"].items()})
    if "$enum" in value:
        return _class(value["$enum"])(value["value"])
    if "$bytes" in value:
        return base64.b64decode(value["$bytes"])
    if "$datetime" in value:
        return dt.datetime.fromisoformat(value["$datetime"])
    if "$date" in value:
        return dt.date.fromisoformat(value["$date"])
    if "$tuple" in value:
        return tuple(_from_json(v) for v in value["$tuple"])
    if "$frozenset" in value:
        return frozenset(_from_json(v) for v in value["$frozenset"])
    if "$dict" in value:
        return {k: _from_json(v) for k, v in value["$dict"].items()}
    if "$pairs" in value:
        return {_from_json(k): _from_json(v) for k, v in value["$pairs"]}
    raise MentorDeskError("A stored action is damaged; it was refused.")


def encode(action: Action) -> str:
    return json.dumps(_to_json(action), ensure_ascii=False)


def decode(text: str) -> Action:
    action: Action = _from_json(json.loads(text))
    return action


# --- the command line's last change ---------------------------------------------------
LAST_COMMAND_LINE_CHANGE = "command_line.last_change"


def run_remembered(db: Database, action: Action, title: str | Callable[[Outcome], str]) -> Outcome:
    """Run an action and, in the same transaction, keep its inverse for `mentordesk undo`
    (only the last change made from the command line is kept). `title` may be worked out
    from the outcome. An outcome that names no area changed nothing: the change kept before
    stays the one to undo."""
    with db.transaction() as session:
        done = action.apply(session)
        if done.areas:
            named = title(done) if callable(title) else title
            _keep(session, {"title": named, "inverse": encode(done.inverse)})
        return done


def remember(session: Session, inverse: Action, title: str) -> None:
    """Keep `inverse` as what `mentordesk undo` runs next, in the caller's transaction (for
    work that is not an action of its own, such as an import)."""
    _keep(session, {"title": title, "inverse": encode(inverse)})


def _keep(session: Session, value: dict[str, Any]) -> None:
    from mentordesk.models import AppSetting

    setting = session.get(AppSetting, LAST_COMMAND_LINE_CHANGE)
    if setting is None:
        session.add(AppSetting(key=LAST_COMMAND_LINE_CHANGE, value=value))
    else:
        setting.value = value


def remember_restore(db: Database, title: str, safety: Path) -> None:
    """After a restore, keep in the restored content how to go back: the safety copy of what
    was replaced, with its checksum, so undo puts back that file and no other."""
    value = {"title": title, "put_back": str(safety), "sha256": file_checksum(safety)}
    with db.transaction() as session:
        _keep(session, value)


def file_checksum(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def forget_remembered(db: Database) -> None:
    """After an undo, or a change undo cannot step back over, drop the kept change."""
    from mentordesk.models import AppSetting

    with db.transaction() as session:
        setting = session.get(AppSetting, LAST_COMMAND_LINE_CHANGE)
        if setting is not None:
            session.delete(setting)


def undo_remembered(db: Database) -> tuple[str, frozenset[str]]:
    """Undo the last change made from the command line; returns its title and the areas the
    undo touched. Refused, changing nothing, when there is none or the world moved on."""
    from mentordesk.models import AppSetting

    with db.transaction() as session:
        setting = session.get(AppSetting, LAST_COMMAND_LINE_CHANGE)
        if setting is None or not isinstance(setting.value, dict):
            raise MentorDeskError(
                "There is nothing to undo: no change made from the command line is kept."
            )
        value = dict(setting.value)
        title = str(value.get("title", "the last change"))
        if "put_back" not in value:
            done = decode(str(value["inverse"])).apply(session)
            session.delete(setting)
            return title, done.areas
    # A restore: the whole file goes back, outside any transaction.
    from mentordesk.store.restore import put_back_safety_copy

    put_back_safety_copy(db, Path(value["put_back"]), str(value.get("sha256", "")))
    forget_remembered(db)
    return title, ALL_AREAS
