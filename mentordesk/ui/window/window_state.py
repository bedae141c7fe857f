"""Window state and recent files, kept in QSettings (programme settings live in the
database, so they travel with the file)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from mentordesk.store.paths import data_dir

MAX_RECENT = 8


def app_settings() -> QSettings:
    # Beside the database folder, so portable mode keeps settings on the stick too.
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recent_databases() -> list[Path]:
    # QSettings gives back one string for a list of one, a list otherwise.
    value = app_settings().value("recent", [])
    paths = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [Path(p) for p in paths if p]


def remember_database(path: Path) -> None:
    resolved = str(Path(path).resolve())
    recent = [str(p) for p in recent_databases() if str(p) != resolved]
    app_settings().setValue("recent", [resolved, *recent][:MAX_RECENT])


def save_state(key: str, state: QByteArray) -> None:
    app_settings().setValue(f"state/{key}", state)


def load_state(key: str) -> QByteArray | None:
    value = app_settings().value(f"state/{key}")
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None
