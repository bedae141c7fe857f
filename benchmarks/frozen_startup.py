"""Start-up of the frozen build against `python -m mentordesk` from the installed package,
on the same programme file, and the size of the frozen folder. Run by hand after
`python packaging/build.py`:

    PYTHONPATH=. python benchmarks/frozen_startup.py [--runs 7] [--python VENV/bin/python]

Without --python, a virtual environment is made in a temporary folder and the checkout is
installed into it with `pip install .` (as a coordinator's IT person would), so its
modules are byte-compiled in site-packages like the frozen ones.

Each run is a new process, offscreen: `--version` (the command line's floor), and the
window opened on the file and closed as soon as its event loop runs (`--quit-after 0`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "packaging"))
from build import FOLDER, ROOT, executable_path, folder_size
from bulk_data import make_programme


def time_once(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, env=env, stdout=subprocess.DEVNULL, cwd=ROOT.parent)
    return time.perf_counter() - start


def time_interleaved(
    commands: dict[str, list[str]], runs: int, env: dict[str, str]
) -> dict[str, list[float]]:
    """Each round runs every command once, so a busy moment of the machine falls on all."""
    for command in commands.values():  # warm the disk cache and the daily backup
        time_once(command, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(time_once(command, env))
    return times


def installed_python(folder: Path) -> Path:
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT)], check=True)
    return python


def describe(name: str, times: list[float]) -> str:
    return (
        f"{name:<44} median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--pairings", type=int, default=5_000)
    parser.add_argument("--python", type=Path, help="a Python with mentordesk installed")
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.participants, args.pairings = 1, 200, 80
    frozen = executable_path()
    if not frozen.is_file():
        raise SystemExit(f"{frozen} is missing: run `python packaging/build.py` first")

    with tempfile.TemporaryDirectory() as folder:
        python = args.python or installed_python(Path(folder))
        env = {
            **{k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}},
            "QT_QPA_PLATFORM": "offscreen",
            "MENTORDESK_DATA_DIR": folder,
        }
        db = make_programme(Path(folder) / "big.sqlite", args.participants, args.pairings)
        commands = {
            "frozen: --version": [str(frozen), "--version"],
            "python -m mentordesk: --version": [str(python), "-m", "mentordesk", "--version"],
            "frozen: window on the file": [str(frozen), "--db", str(db), "--quit-after", "0"],
            "python -m mentordesk: window on the file": [
                str(python),
                *("-m", "mentordesk", "--db", str(db), "--quit-after", "0"),
            ],
        }
        load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        results = time_interleaved(commands, args.runs, env)
        load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    size, files = folder_size(FOLDER)
    print(f"{args.participants} participants, {args.pairings} pairings, {args.runs} runs")
    print(f"load average (1 min) before {load_before:.2f}, after {load_after:.2f}")
    for name, times in results.items():
        print(describe(name, times))
    print(f"frozen folder {FOLDER}: {size / 2**20:.1f} MiB in {files} files")


if __name__ == "__main__":
    main()
