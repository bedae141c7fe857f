"""Time from process start to the home screen (the dashboard) showing its figures, offscreen,
against a bare PySide6 window with a table started the same way:

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

APP_CHILD = """
import sys
from pathlib import Path
from mentordesk.store import Database
from mentordesk.ui.app import create_application
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from PySide6.QtCore import QEventLoop
app = create_application([])
window = MainWindow(AppContext(Database.open(Path(sys.argv[1]))))
window.show()
page = window.current_page()
# The figures are computed on a worker thread: let events run until they are shown.
while page.dashboard is None:
    app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 20)
app.processEvents()
assert window.isVisible() and page.dashboard.on_date is not None
print(type(page).__name__, page.tiles["waiting"].value.text())
# Close as a coordinator would (the window waits for its background work), after the clock
# that matters has stopped: the parent times the whole process, so keep this short.
window.close()
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


def time_child(code: str, *args: str, runs: int) -> list[float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, *args], check=True, env=env, stdout=subprocess.DEVNULL
        )
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
        time_child(APP_CHILD, str(db), runs=1)  # warm the disk cache and the daily backup
        app = time_child(APP_CHILD, str(db), runs=args.runs)
        bare = time_child(BARE_CHILD, runs=args.runs)
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
