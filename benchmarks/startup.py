"""Time from process start to the home screen (the dashboard) showing its figures, offscreen,
through the real entry point (`mentordesk --db FILE`), against a bare PySide6 window with a
table started the same way (and, beside it, each whole process and its processor time):

    PYTHONPATH=. python benchmarks/startup.py [--runs 7] [--smoke]

The programme has 10,000 participants and 5,000 pairings by default (issue 16's measure:
under 0.6 s, within 2x the bare window). `--smoke` runs one small round so CI keeps the
script working.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bulk_data import make_programme

# The coordinator's start, `mentordesk --db FILE`, closing as soon as the home screen shows
# its figures (computed on a worker thread). The child says "shown" on stdout at that moment:
# the clock stops there. The hook acts only on the window's start module, once it has loaded,
# and imports nothing, so the start is the one a coordinator gets.
APP_CHILD = """
import sys


class Announce:
    def find_spec(self, name, path=None, target=None):
        if name != "mentordesk.ui.app":
            return None
        sys.meta_path.remove(self)
        spec = next(
            found
            for finder in sys.meta_path
            if (found := finder.find_spec(name, path, target)) is not None
        )
        run = spec.loader.exec_module

        def exec_module(module):
            run(module)
            real, said = module.when_home_ready, []

            def when_home_ready(window, callback):
                def ready():
                    if not said:
                        said.append(True)
                        print("shown", flush=True)
                    callback()

                real(window, ready)

            module.when_home_ready = when_home_ready

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, Announce())
from mentordesk.cli import main

sys.exit(main(["--db", sys.argv[1], "--quit-after", "0"]))
"""

# Once, untimed: the figures shown are the file's (the timed runs see only "shown").
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
print("shown", flush=True)
"""


def child_env(folder: str) -> dict[str, str]:
    """Offscreen, and with compiled bytecode as an installed MentorDesk has it (pip and the
    frozen build compile it): where the environment says not to write it, it is kept in a
    folder of the run's own, written by the warm-up run."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPYCACHEPREFIX": folder}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


@dataclass
class Runs:
    shown: list[float] = field(default_factory=list)  # to the figures (the window) shown
    process: list[float] = field(default_factory=list)  # the whole process, closing included
    cpu: list[float] = field(default_factory=list)  # processor time, all threads


def time_child(code: str, args: list[str], env: dict[str, str], runs: int) -> Runs:
    """Wall-clock seconds to "shown" and to the end of each run, and the processor time it
    used (user + system): on a shared machine the last moves far less with others' work."""
    found = Runs()
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", code, *args], env=env, stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        found.shown.append(time.perf_counter() - start)
        child.stdout.read()
        if child.wait() != 0 or line.strip() != "shown":
            raise SystemExit(f"the child failed (exit {child.returncode}, said {line!r})")
        found.process.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        found.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return found


def summary(name: str, times: list[float]) -> str:
    return (
        f"{name:<46} median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f})"
    )


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
        subprocess.run(
            [sys.executable, "-c", CHECK_CHILD, str(db)],
            check=True,
            env=env,
            stdout=subprocess.DEVNULL,
        )
        app = time_child(APP_CHILD, [str(db)], env, args.runs)
        bare = time_child(BARE_CHILD, [], env, args.runs)
    print(
        f"{args.participants} participants, {args.pairings} pairings, {args.runs} runs, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(summary("MentorDesk, to the figures shown:", app.shown))
    print(summary("bare PySide6 window, to the window shown:", bare.shown))
    print(summary("MentorDesk, whole process (closing too):", app.process))
    print(summary("bare PySide6 window, whole process:", bare.process))
    print(summary("MentorDesk, processor time:", app.cpu))
    print(summary("bare PySide6 window, processor time:", bare.cpu))
    print(
        f"ratio: {statistics.median(app.shown) / statistics.median(bare.shown):.2f}x to shown, "
        f"{statistics.median(app.cpu) / statistics.median(bare.cpu):.2f}x processor time"
    )


if __name__ == "__main__":
    main()
