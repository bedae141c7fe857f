"""Whether a programme file can be changed, and why not, in the coordinator's words.

SQLite writes beside the database as well as into it (its write-ahead log, its shared
memory file, MentorDesk's lock), so a file in a folder that can't be written to is as
unchangeable as a read-only file. Permission is checked for the effective user, as the
operating system will check it when the file is written.
"""

from __future__ import annotations

import os
from pathlib import Path

from mentordesk.errors import ReadOnlyFile


def _can_write(path: Path) -> bool:
    mode = os.W_OK | (os.X_OK if path.is_dir() else 0)
    return os.access(path, mode, effective_ids=os.access in os.supports_effective_ids)


def write_problem(path: Path) -> str | None:
    """Why the database at `path` cannot be changed (None: it can), as the end of a
    sentence: "the file … is read-only", "its folder … cannot be written to"."""
    path = Path(path).absolute()
    if path.exists() and not _can_write(path):
        return f"the file {path.name} is read-only"
    folder = path.parent
    if folder.is_dir() and not _can_write(folder):
        return f"its folder {folder} cannot be written to"
    return None


def cannot_change(path: Path, problem: str) -> ReadOnlyFile:
    """The refusal of a change to a file that can't be written."""
    if not Path(path).exists():
        return ReadOnlyFile(
            f"Cannot create {path}: {problem.replace('its folder', 'the folder', 1)}. "
            "Choose a folder you can write to."
        )
    return ReadOnlyFile(
        f"{path} cannot be changed because {problem}; nothing was changed. Copy it to a "
        "folder you can write to (or make it writable) and try again."
    )


def open_read_only(path: Path, problem: str) -> ReadOnlyFile:
    """The refusal of a change in a file the window opened for reading only."""
    return ReadOnlyFile(
        f"{Path(path).name} is open read-only because {problem}, so nothing can be changed "
        "in it. To make changes, copy it to a folder you can write to and open the copy."
    )


def is_read_only_failure(exc: BaseException | None) -> bool:
    """Whether a driver error says SQLite could not write (the file, its folder, its
    journal), as opposed to a fault in the data or the program."""
    name = str(getattr(exc, "sqlite_errorname", ""))
    if name.startswith("SQLITE_READONLY"):
        return True
    return "readonly database" in str(exc).lower()


def folder_problem(folder: Path) -> str | None:
    """Why nothing can be written into `folder` (or the nearest existing folder above it,
    where it would be made), or None."""
    folder = Path(folder).absolute()
    existing = folder
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        return f"{existing} is not a folder"
    if not _can_write(existing):
        return f"the folder {existing} cannot be written to"
    return None
