"""Time from process start to the home screen (the dashboard) showing its figures, offscreen,
through the real entry point (`mentordesk --db FILE`), against a bare PySide6 window with a
table started the same way:

    PYTHONPATH=. python benchmarks/startup.py [--runs 7] [--smoke]

The programme has 10,000 participants and 5,000 pairings by default (issue 16's measure:
under 0.6 s, within 2x the bare window). `--smoke` runs one small round so CI keeps the
script working.
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
from bulk_data import make_programme

# The coordinator's start: `mentordesk --db FILE`, closing as soon as the home screen shows
# its figures (computed on a worker thread). The parent times the whole process.
APP_COMMAND = ["-m", "mentordesk", "--db", "{db}", "--quit-after", "0"]

# Once, untimed: the figures shown are the file's (the timed runs prove only the exit).
CHECK_CHILD = """
import sys
from mentordesk.ui import app as start
from mentordesk.ui.window.main_window import MainWindow

shown = []
real_when_home_ready = start.when_home_ready


def spy(window: MainWindow, callback) -> None:
    def check() -> None:
        page = window.current_page()
        shown.append(page.tiles["waiting"].value.text())
        callback()

    real_when_home_ready(window, check)


start.when_home_ready = spy
code = start.run_app(__import__("pathlib").Path(sys.argv[1]), quit_after_ms=0)
assert code == 0 and shown and shown[0] != "–", shown
print(shown[0])
"""

BARE_CHILD = """
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication([])
window = QMainWindow()
table = QTableWidget(50, 6)
window.setCentralWidget(table)
window.show()
app.processEvents()
"""


def child_env(folder: str) -> dict[str, str]:
    """Offscreen, and with compiled bytecode as an installed MentorDesk has it (pip and the
    frozen build compile it): where the environment says not to write it, it is kept in a
    folder of the run's own, written by the warm-up run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": folder}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def time_child(argv: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *argv], check=True, env=env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--pairings", type=int, default=5_000)
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args()
    if args.smoke:
        args.runs, args.participants, args.pairings = 1, 200, 80
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MENTORDESK_DATA_DIR"] = folder
        db = make_programme(Path(folder) / "big.sqlite", args.participants, args.pairings)
        env = child_env(str(Path(folder) / "bytecode"))
        # Warm the disk cache, the bytecode and the daily backup; check the figures.
        subprocess.run([sys.executable, "-c", CHECK_CHILD, str(db)], check=True, env=env)
        command = [part.format(db=db) for part in APP_COMMAND]
        app = time_child(command, env, args.runs)
        bare = time_child(["-c", BARE_CHILD], env, args.runs)
    app_med, bare_med = statistics.median(app), statistics.median(bare)
    print(f"{args.participants} participants, {args.pairings} pairings, {args.runs} runs")
    print(
        f"MentorDesk home screen with its figures: median {app_med:.3f} s "
        f"(min {min(app):.3f}, max {max(app):.3f})"
    )
    print(
        f"bare PySide6 window:                     median {bare_med:.3f} s "
        f"(min {min(bare):.3f}, max {max(bare):.3f})"
    )
    print(f"ratio: {app_med / bare_med:.2f}x")


if __name__ == "__main__":
    main()
