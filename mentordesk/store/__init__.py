"""The database file: opening, locking, migrations and backups. No Qt here.

`Database` and its helpers are loaded when first asked for, not with the package: the
window's first paint uses `store.paths` and `store.atomic_files` before SQLAlchemy loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mentordesk.store.database import (
        Database,
        current_programme,
        current_programme_id,
        programme_value,
    )

__all__ = [
    "Database",
    "current_programme",
    "current_programme_id",
    "programme_value",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from mentordesk.store import database

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
