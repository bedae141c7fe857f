"""Build the self-contained MentorDesk folder: the one command of the README.

    python packaging/build.py [--portable] [--installer]

Runs PyInstaller on packaging/mentordesk.spec and writes dist/mentordesk/ (and on macOS
dist/MentorDesk.app). Run it on the platform you build for, from an environment with
`pip install ".[package]"` (or -e). It prints the folder's size.

--portable   put the portable marker (portable.txt) beside the executable, so the copy
             keeps its data in "MentorDesk data" beside it (for a USB stick)
--installer  on Windows, also make dist/MentorDesk-<version>-setup.exe with Inno Setup 6
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mentordesk import __version__  # noqa: E402
from mentordesk.store.paths import PORTABLE_DATA, PORTABLE_MARKER  # noqa: E402

SPEC = ROOT / "packaging" / "mentordesk.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
FOLDER = DIST / "mentordesk"

PORTABLE_TEXT = f"""\
MentorDesk portable mode

While this file is here, MentorDesk keeps your programme file, its backups and its
settings in the folder "{PORTABLE_DATA}" beside it, not in your user folder. Copy this
whole folder to a USB stick to carry MentorDesk and your data together.

Delete this file to keep the data in your user folder instead.
"""


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) of a folder; symbolic links count as nothing."""
    total = count = 0
    for item in path.rglob("*"):
        if item.is_file() and not item.is_symlink():
            total += item.stat().st_size
            count += 1
    return total, count


def executable_path(folder: Path = FOLDER) -> Path:
    return folder / ("mentordesk.exe" if sys.platform == "win32" else "mentordesk")


def run_pyinstaller() -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        str(SPEC),
    ]
    subprocess.run(command, check=True, cwd=ROOT)


def add_linux_files() -> None:
    """The desktop entry, AppStream metadata and the script that installs them."""
    target = FOLDER / "linux"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "packaging" / "linux", target)


def make_installer() -> Path:
    candidates = [
        shutil.which("ISCC"),
        *(
            str(Path(os.environ[var]) / "Inno Setup 6" / "ISCC.exe")
            for var in ("ProgramFiles(x86)", "ProgramFiles", "LOCALAPPDATA")
            if var in os.environ
        ),
    ]
    iscc = next((c for c in candidates if c and Path(c).is_file()), None)
    if iscc is None:
        raise SystemExit("build: Inno Setup 6 (ISCC.exe) was not found; install it first.")
    script = ROOT / "packaging" / "windows" / "mentordesk.iss"
    subprocess.run([iscc, f"/DAppVersion={__version__}", str(script)], check=True)
    return DIST / f"MentorDesk-{__version__}-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portable", action="store_true", help="add the portable marker")
    parser.add_argument("--installer", action="store_true", help="Windows: make the installer")
    args = parser.parse_args(argv)
    if args.installer and sys.platform != "win32":
        parser.error("--installer makes a Windows installer; run it on Windows")

    run_pyinstaller()
    if sys.platform.startswith("linux"):
        add_linux_files()
    marker = FOLDER / PORTABLE_MARKER
    if args.portable:
        marker.write_text(PORTABLE_TEXT, encoding="utf-8")
    size, files = folder_size(FOLDER)
    print(f"Built {executable_path()}")
    print(f"Folder size: {size / 2**20:.1f} MiB in {files} files")
    if marker.exists():
        print(f"Portable: data will be kept in {FOLDER / PORTABLE_DATA}")
    if sys.platform == "darwin":
        print(f"App bundle: {DIST / 'MentorDesk.app'}")
    if args.installer:
        print(f"Installer: {make_installer()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
