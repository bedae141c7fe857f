"""Every main screen renders offscreen, and stays readable in a dark theme at 200 %:
nothing paints a light background of its own (colours come from the palette)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[1]


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


def test_screens_in_a_dark_theme_at_200_percent(tmp_path: Path, demo_db_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tools.screenshots",
            "--out",
            str(tmp_path),
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
    assert result.returncode == 0, result.stderr
    shots = sorted(tmp_path.glob("*.png"))
    assert [p.name for p in shots] == [
        "participants-dark-200.png",
        "participants-new-dark-200.png",
        "participants-screening-dark-200.png",
    ]
    for shot in shots:
        image = QImage(str(shot))
        assert (image.width(), image.height()) == (2400, 1520)  # 1200 x 760 at 200 %
        # The table (left) and the editor (right): dark, with light text only.
        assert light_share(image, 0.17, 0.58) < 0.12, shot.name
        assert light_share(image, 0.62, 0.98) < 0.12, shot.name
