"""Where the database, its backups and settings live: the user's data folder, or beside
the executable in portable mode (a marker file next to it, for a USB stick)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from platformdirs import user_data_dir

from mentordesk import APP_NAME

PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA = "MentorDesk data"
DB_FILENAME = "mentordesk.sqlite"
# The demo programme has a file of its own beside the default one, so made-up people
# never end up in a coordinator's real programme.
DEMO_NAME = "Demo programme"
DEMO_FILENAME = f"{DEMO_NAME}.sqlite"


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def portable_base() -> Path:
    """Where the portable marker and data folder go: beside the executable, or beside
    the app bundle on macOS (MentorDesk.app/Contents/MacOS/mentordesk): a bundle is
    signed and must stay unchanged, and the coordinator sees the bundle as one file."""
    base = executable_dir()
    if (
        base.name == "MacOS"
        and base.parent.name == "Contents"
        and base.parent.parent.suffix == ".app"
    ):
        return base.parent.parent.parent
    return base


def portable_dir() -> Path | None:
    """The data folder beside the executable when the portable marker is there."""
    base = portable_base()
    if (base / PORTABLE_MARKER).exists():
        return base / PORTABLE_DATA
    return None


def data_dir() -> Path:
    override = os.environ.get("MENTORDESK_DATA_DIR")
    if override:
        return Path(override)
    portable = portable_dir()
    if portable is not None:
        return portable
    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def demo_db_path() -> Path:
    return data_dir() / DEMO_FILENAME


def is_demo(path: Path) -> bool:
    return Path(path).absolute() == demo_db_path().absolute()


def friendly_name(path: Path) -> str:
    """What a coordinator calls a programme file: its name without the extension."""
    return DEMO_NAME if is_demo(path) else Path(path).stem


def backups_dir(db_path: Path) -> Path:
    """Backups sit in a folder beside the database they belong to."""
    return db_path.parent / f"{db_path.stem}-backups"
