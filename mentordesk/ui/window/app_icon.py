"""The application icon, from the PNG sizes rendered from resources/icons/mentordesk.svg.

PNGs rather than the SVG: Qt reads PNG without a plugin, so the icon shows even in a
frozen build without the SVG plugins.
"""

from __future__ import annotations

import sys
from importlib import resources as importlib_resources
from pathlib import Path

from PySide6.QtGui import QIcon

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
DESKTOP_ID = "org.mentordesk.MentorDesk"  # the .desktop file name, for Wayland docks


def _candidates() -> list[Path]:
    """resources/icons in a frozen bundle, an installed package, or a checkout."""
    found: list[Path] = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        found.append(Path(frozen) / "resources" / "icons")
    installed = importlib_resources.files("mentordesk") / "resources" / "icons"
    if isinstance(installed, Path):
        found.append(installed)
    found.append(Path(__file__).resolve().parents[3] / "resources" / "icons")
    return found


def icon_files() -> list[Path]:
    """The PNG files of the icon, smallest first (empty if none is found)."""
    for folder in _candidates():
        files = [folder / f"mentordesk-{size}.png" for size in ICON_SIZES]
        present = [path for path in files if path.is_file()]
        if present:
            return present
    return []


def app_icon() -> QIcon:
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon
