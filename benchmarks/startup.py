"""Time from process start to the main window showing its first rows, offscreen, against a
bare PySide6 window with a table started the same way. Run by hand:

    PYTHONPATH=. python benchmarks/startup.py [--runs 7]
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
app = create_application([])
window = MainWindow(AppContext(Database.open(Path(sys.argv[1]))))
window.show()
app.processEvents()
page = window.pages[window.stack.currentIndex()]
# The rows load on a worker thread: wait (in an event loop) until they are in the table.
model = getattr(page, "model", None)
if model is not None and model.total_rows() == 0:
    from PySide6.QtCore import QEventLoop
    loaded = QEventLoop()
    model.modelReset.connect(loaded.quit)
    loaded.exec()
app.processEvents()
assert window.isVisible() and model.total_rows() > 0
print(type(page).__name__)
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["MENTORDESK_DATA_DIR"] = folder
        db = make_programme(Path(folder) / "big.sqlite", args.participants, args.pairings)
        time_child(APP_CHILD, str(db), runs=1)  # warm the disk cache and the daily backup
        app = time_child(APP_CHILD, str(db), runs=args.runs)
        bare = time_child(BARE_CHILD, runs=args.runs)
    app_med, bare_med = statistics.median(app), statistics.median(bare)
    print(f"{args.participants} participants, {args.pairings} pairings, {args.runs} runs")
    print(
        f"MentorDesk main window with first rows: median {app_med:.3f} s "
        f"(min {min(app):.3f}, max {max(app):.3f})"
    )
    print(
        f"bare PySide6 window:                    median {bare_med:.3f} s "
        f"(min {min(bare):.3f}, max {max(bare):.3f})"
    )
    print(f"ratio: {app_med / bare_med:.2f}x")


if __name__ == "__main__":
    main()
