"""Find the files MentorDesk ships in `resources/` (fonts, the default agreement text...).

They live in one of three places: in a frozen bundle (sys._MEIPASS/resources), inside an
installed package (the data folder `mentordesk/resources/`, package name
`mentordesk.resources`), or at the root of a checkout (repo/resources).

This module is itself `mentordesk.resources`: in an installed package the data folder has no
`__init__.py`, so Python imports this module and the folder is found beside it through
`importlib.resources.files("mentordesk")`.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

from mentordesk.errors import MentorDeskError


def _candidates() -> list[Path]:
    found: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.append(Path(frozen) / "resources")
    installed = importlib_resources.files("mentordesk") / "resources"
    if isinstance(installed, Path):  # not inside a zip file
        found.append(installed)
    found.append(Path(__file__).resolve().parents[1] / "resources")
    return found


@cache
def resources_dir() -> Path:
    """The folder holding the shipped resources."""
    for candidate in _candidates():
        if (candidate / "fonts").is_dir():
            return candidate
    raise MentorDeskError(
        "MentorDesk's resources folder (fonts, agreement text) is missing; reinstall MentorDesk."
    )


def resource_path(*parts: str) -> Path:
    """The path of one shipped file, e.g. resource_path("fonts", "DejaVuSans.ttf")."""
    path = resources_dir().joinpath(*parts)
    if not path.is_file():
        raise MentorDeskError(
            f"MentorDesk's file resources/{'/'.join(parts)} is missing; reinstall MentorDesk."
        )
    return path
