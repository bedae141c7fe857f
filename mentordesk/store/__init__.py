"""The database file: opening, locking, migrations and backups. No Qt here."""

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
