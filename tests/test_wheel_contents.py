"""The installed package carries what MentorDesk reads at run time: resources/ and the
migrations, which are files read as data, not only imported."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def tracked_files() -> list[str]:
    result = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip("not a git checkout")
    return [p for p in result.stdout.splitlines() if (REPO / p).is_file()]


@pytest.mark.slow
def test_wheel_ships_resources_and_migrations(tmp_path: Path) -> None:
    # The test extra installs a setuptools new enough to build without isolation (offline).
    if importlib.util.find_spec("setuptools") is None:
        pytest.skip("setuptools is not installed in this environment")
    files = tracked_files()
    source = tmp_path / "src"
    for path in files:  # build from a clean copy, leaving the checkout untouched
        (source / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / path, source / path)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = (tmp_path / "dist").glob("mentordesk-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    needed = [p for p in files if p.startswith(("resources/", "mentordesk/store/migrations/"))]
    assert needed
    for path in needed:
        inside = ("mentordesk/" + path) if path.startswith("resources/") else path
        assert inside in names, f"{path} is missing from the wheel"
