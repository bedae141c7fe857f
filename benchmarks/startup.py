"""Time from process start to the home screen (the dashboard) showing the file's figures,
offscreen, through the real entry point (`mentordesk --db FILE`), against a bare PySide6
window with a table started the same way (and, beside it, the processor time to that
moment, each whole process and its processor time):

    PYTHONPATH=. python benchmarks/startup.py [--runs 7] [--smoke]

Side by side, interleaved: the bare window; MentorDesk on a file unchanged since it last
showed its figures today (they are kept, and shown before the data layer loads: the
common case of reopening a file); MentorDesk the next day (the child's clock a day on) on
the file as it was closed the day before (its figures for that day were worked out when
it closed: the first start of a working day); MentorDesk on a changed file (its kept
figures no longer apply: the file is read before any figure shows). The programme has
10,000 participants and 5,000 pairings by default (issue 16's measure: under 0.6 s, within
2x the bare window). `--smoke` runs one small round so CI keeps the script working. A run
spanning midnight measures the wrong days.
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

# The coordinator's start, `mentordesk --db FILE`. The child says "shown" on stdout the
# moment the home screen shows the file's figures as they are now (`ui.app.when_home_ready`:
# the figures kept from last time, painted, when the file is unchanged; else the fresh
# ones): the clock stops there. The process goes on until start-up is over (the file open,
# fresh figures shown) and closes: "whole process" and processor time count all of it.
# The hook acts only on the window's start module, once it has loaded, and imports
# nothing, so the start is the one a coordinator gets.
APP_CHILD = """
import sys
import time
import os
if os.environ.get("STARTUP_DAYS_AHEAD"):  # a start on a later day (the benchmark's own)
    import datetime
    from mentordesk import clock
    later = int(os.environ["STARTUP_DAYS_AHEAD"])
    clock.set_today(datetime.date.today() + datetime.timedelta(days=later))


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
            real_start = module.start_window

            def start_window(*args, **kwargs):
                window = real_start(*args, **kwargs)
                module.when_home_ready(window, announce)
                return window

            module.start_window = start_window

        spec.loader.exec_module = exec_module
        return spec


def announce():
    print("shown", time.process_time(), flush=True)


sys.meta_path.insert(0, Announce())
from mentordesk.cli import main

sys.exit(main(["--db", sys.argv[1], "--quit-after", "0"]))
"""

# Untimed: the figures on screen when the clock stops are the file's real figures. The
# window's texts when "shown" must equal its texts once the file is read, and the figures
# behind them must equal figures computed from the file apart from the window. The second
# argument says whether the last figures must have been used ("kept") or not ("fresh").
CHECK_CHILD = """
import sys
from pathlib import Path
import os
if os.environ.get("STARTUP_DAYS_AHEAD"):  # a start on a later day (the benchmark's own)
    import datetime
    from mentordesk import clock
    later = int(os.environ["STARTUP_DAYS_AHEAD"])
    clock.set_today(datetime.date.today() + datetime.timedelta(days=later))

from mentordesk.ui import app as start


def texts(page):
    return (
        page.heading.text(),
        [tile.value.text() for tile in page.tiles.values()],
        [page.lists.tabText(n) for n in range(page.lists.count())],
        page.meetings_chart.bars(),
        page.status_chart.bars(),
        page.closure_summary.text(),
        [[label.text() for label in row[:3]] for row in page.checklist.rows],
        page.tiles_box.isVisibleTo(page),
    )


seen = {}
real_start = start.start_window


def start_window(*args, **kwargs):
    window = real_start(*args, **kwargs)

    def shown():
        page = window.current_page()
        seen["shown"] = (texts(page), page.figures, window.context.loaded)

    def started():
        seen["started"] = texts(window.current_page())

    start.when_home_ready(window, shown)
    start.when_started(window, started)
    return window


start.start_window = start_window
path = Path(sys.argv[1])
assert start.run_app(path, quit_after_ms=0) == 0
shown_texts, shown_figures, loaded = seen["shown"]
assert shown_figures is not None and shown_texts == seen["started"], (seen,)
assert loaded == (sys.argv[2] == "fresh"), "the last figures were (not) used: " + sys.argv[2]

from mentordesk.monitoring.figures import home_figures, home_screen
from mentordesk.store import Database

with Database.open(path, write=False) as db:
    assert home_figures(*home_screen(db)) == shown_figures
print(shown_texts[1])
"""

BARE_CHILD = """
import time
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget
app = QApplication([])
window = QMainWindow()
table = QTableWidget(50, 6)
window.setCentralWidget(table)
window.show()
app.processEvents()
print("shown", time.process_time(), flush=True)
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
    cpu_shown: list[float] = field(default_factory=list)  # processor time to "shown"

    def extend(self, other: Runs) -> None:
        self.shown += other.shown
        self.process += other.process
        self.cpu += other.cpu
        self.cpu_shown += other.cpu_shown


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
        said, _, cpu = line.partition(" ")
        if child.wait() != 0 or said != "shown":
            raise SystemExit(f"the child failed (exit {child.returncode}, said {line!r})")
        found.process.append(time.perf_counter() - start)
        found.cpu_shown.append(float(cpu))
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        found.cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return found


def summary(name: str, times: list[float]) -> str:
    return (
        f"{name:<52} median {statistics.median(times):.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f})"
    )


def change(db: Path) -> None:
    """Make the file's change stamp differ from the one its last figures were kept with,
    as any write does (touching it is enough: the start cannot tell, and reads it all)."""
    os.utime(db, ns=(time.time_ns(), time.time_ns()))


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

        next_day = {**env, "STARTUP_DAYS_AHEAD": "1"}

        def check(expect: str, child_env: dict[str, str] = env) -> None:
            subprocess.run(
                [sys.executable, "-c", CHECK_CHILD, str(db), expect],
                check=True,
                env=child_env,
                stdout=subprocess.DEVNULL,
            )

        # Warm the disk cache, the bytecode and the daily backup; check the figures shown,
        # read from the file (a new file: none kept), then kept from that start.
        check("fresh")
        check("kept")
        check("kept", next_day)  # the next day's figures, worked out when it closed
        change(db)
        check("fresh")
        unchanged, tomorrow, changed, bare = Runs(), Runs(), Runs(), Runs()
        for _ in range(args.runs):  # interleaved, so a busy moment falls on all four
            bare.extend(time_child(BARE_CHILD, [], env, 1))
            unchanged.extend(time_child(APP_CHILD, [str(db)], env, 1))
            tomorrow.extend(time_child(APP_CHILD, [str(db)], next_day, 1))
            change(db)
            changed.extend(time_child(APP_CHILD, [str(db)], env, 1))
        load = os.getloadavg()
    print(
        f"{args.participants} participants, {args.pairings} pairings, {args.runs} runs, "
        f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, {os.cpu_count()} processors"
    )
    floor = statistics.median(bare.shown)
    for name, runs in (
        ("bare PySide6 window", bare),
        ("MentorDesk, file unchanged", unchanged),
        ("MentorDesk, the next day, file unchanged", tomorrow),
        ("MentorDesk, file changed", changed),
    ):
        print(summary(f"{name}, to shown:", runs.shown))
        print(summary(f"{name}, processor time to shown:", runs.cpu_shown))
        print(summary(f"{name}, whole process:", runs.process))
        print(summary(f"{name}, processor time, whole process:", runs.cpu))
    for name, runs in (
        ("file unchanged", unchanged),
        ("the next day, file unchanged", tomorrow),
        ("file changed", changed),
    ):
        print(
            f"ratio, {name}: {statistics.median(runs.shown) / floor:.2f}x to shown, "
            f"{statistics.median(runs.cpu_shown) / statistics.median(bare.cpu_shown):.2f}x "
            "processor time to shown"
        )


if __name__ == "__main__":
    main()
