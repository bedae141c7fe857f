"""Fits a laptop: every screen and dialog of the real main window, at 1280 × 720, in a dark
palette and at 200 % (2560 × 1440), with no button or label cut off, and no colour of its
own that a dark theme cannot override (colours come from the palette)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from tools.fit import check_window
from tools.screenshots import open_window, render, screens

ROOT = Path(__file__).resolve().parents[1]
UI = ROOT / "mentordesk" / "ui"
SCREENS = [
    "dashboard",
    "participants",
    "participants-screening",
    "pairings",
    "pairings-meetings",
    "matching",
    "documents",
]


def dark_enough(shot: Path) -> bool:
    """Right of the navigation, few light pixels (light text only); the documents
    screen's page preview is a white sheet of paper, so only its left part counts."""
    right = 0.55 if shot.name.startswith("documents") else 0.98
    return light_share(QImage(str(shot)), 0.15, right) < 0.12


def light_share(image: QImage, left: float, right: float) -> float:
    """The share of clearly light pixels in a vertical band of the image (sampled)."""
    light = total = 0
    for x in range(int(image.width() * left), int(image.width() * right), 7):
        for y in range(0, image.height(), 7):
            colour = image.pixelColor(x, y)
            total += 1
            if colour.lightnessF() > 0.8:
                light += 1
    return light / total


@pytest.fixture
def laptop_window(qapp: QApplication, demo_db_path: Path) -> Iterator[object]:
    palette, style = qapp.palette(), qapp.style().name()
    windows: list[object] = []

    def make(dark: bool) -> object:
        window = open_window(demo_db_path, dark=dark)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()  # type: ignore[attr-defined]
        window.context.db.close()  # type: ignore[attr-defined]
    qapp.setStyle(style)
    qapp.setPalette(palette)


def test_nothing_is_cut_off_at_1280_by_720(laptop_window) -> None:
    window = laptop_window(False)
    assert (window.width(), window.height()) == (1280, 720)
    assert check_window(window) == []


def test_nothing_is_cut_off_in_a_dark_palette_and_nothing_paints_light(
    laptop_window, tmp_path: Path
) -> None:
    window = laptop_window(True)
    assert check_window(window) == []
    for shot in render(window, tmp_path, "-dark"):
        assert dark_enough(shot), shot.name


def test_the_checker_sees_a_cut_button(laptop_window) -> None:
    from mentordesk.ui.pairings.pairings_page import PairingsPage

    window = laptop_window(False)
    page = window.page_of(PairingsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.table.selectRow(0)
    page.detail.summary.delete_button.setMinimumWidth(2000)
    QApplication.processEvents()
    problems = check_window(window)
    assert any("Delete pairing" in p or "scrolls sideways" in p for p in problems), problems


def test_every_screen_at_200_percent_in_a_dark_palette(tmp_path: Path, demo_db_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.screenshots",
            "--out",
            str(tmp_path),
            "--check",
            "--dark",
            "--scale",
            "2",
            "--db",
            str(demo_db_path),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    clipped = [line for line in result.stdout.splitlines() if line.startswith("clipped")]
    assert result.returncode == 0 and not clipped, (clipped, result.stderr[-2000:])
    shots = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in shots] == sorted(f"{name}-dark-200.png" for name in SCREENS)
    for shot in shots:
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (2560, 1440)  # 1280 x 720 at 200 %
        assert dark_enough(shot), shot.name


def test_screens_are_the_ones_documented() -> None:
    assert [name for name, _show in screens(None)] == SCREENS


COLOUR_LITERAL = re.compile(
    r"setStyleSheet|QColor\(\s*['\"]#|QColor\(\s*\d|Qt\.GlobalColor\.(?!transparent)"
)


def test_no_colour_is_named_outside_the_palette_module() -> None:
    """A colour named in a screen wins over a dark theme: they all live in palette.py,
    which picks them for the theme or blends them into the palette's own colours."""
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in sorted(UI.rglob("*.py"))
        if path.name != "palette.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COLOUR_LITERAL.search(line)
    ]
    assert offenders == []
