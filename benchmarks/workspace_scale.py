"""How the participants screen keeps up with a large programme.

    PYTHONPATH=. python benchmarks/workspace_scale.py [--db PATH] [--people N]

Builds (once) a programme of 50,000 participants and 20,000 pairings, then measures on
the real widgets:
- loading the rows (SQL to plain rows, on the worker thread), and the open time: from
  showing the screen to the rows in the table, with the longest stall of the GUI thread
  while they load;
- keystroke to filtered table: each key typed into the search box, until the table has
  been filtered and repainted;
- sorting by a column, a filter toggled, and refreshing the rows an edit touched.
Results are printed as a Markdown table for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEARCHES = ("murphy", "ann.", "riverside", "chess", "ledger llp", "zo")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Participants screen at scale")
    parser.add_argument("--db", type=Path, default=None, help="reuse or create this file")
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--pairings", type=int, default=20_000)
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args(argv)
    if args.smoke:
        args.people, args.pairings = 400, 150
    work = Path(tempfile.mkdtemp(prefix="mentordesk-bench-"))
    os.environ["MENTORDESK_DATA_DIR"] = str(work)

    from PySide6.QtCore import QElapsedTimer, QEventLoop, Qt, QTimer
    from PySide6.QtTest import QTest

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scale_data import build_scale_db

    from mentordesk.programme.programme_queries import list_participants
    from mentordesk.store import Database
    from mentordesk.ui.app import create_application
    from mentordesk.ui.participants.participants_page import ParticipantsPage, column_number
    from mentordesk.ui.window.context import PARTICIPANTS, AppContext

    db_path = args.db or work / "scale.sqlite"
    if not db_path.exists():
        started = time.perf_counter()
        build_scale_db(db_path, args.people, args.pairings)
        print(f"built {db_path} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    app = create_application([sys.argv[0]])
    db = Database.open(db_path)
    results: list[tuple[str, str]] = []

    # 1. Reading the rows (what the worker thread does).
    loads = []
    for _ in range(3):
        started = time.perf_counter()
        with db.reading() as session:
            rows = list_participants(session)
        loads.append(time.perf_counter() - started)
    results.append((f"Read {len(rows):,} participants as rows (worker)", _ms(min(loads))))

    # 2. Open: show the screen, wait for the rows; watch the GUI thread meanwhile.
    context = AppContext(db)
    page = ParticipantsPage(context)
    page.resize(1200, 760)
    ticks: list[float] = []
    ticker = QTimer()
    ticker.setInterval(5)
    ticker.timeout.connect(lambda: ticks.append(time.perf_counter()))
    ticker.start()
    clock = QElapsedTimer()
    clock.start()
    # Wait in a real event loop (as the application does), not a busy loop that would
    # compete with the worker thread for the interpreter.
    loaded = QEventLoop()
    page.model.modelReset.connect(loaded.quit)
    page.show()
    page.refresh()
    if page.model.rowCount() == 0:
        loaded.exec()
    page.table.viewport().repaint()
    open_ms = clock.elapsed()
    ticker.stop()
    gaps = [b - a for a, b in pairwise(ticks)]
    results.append(("Open: screen shown to rows in the table", f"{open_ms} ms"))
    results.append(("Longest GUI stall while opening", _ms(max(gaps, default=0.0))))
    context.tasks.synchronous = True

    # 3. Keystroke to filtered and repainted table.
    keystrokes: list[float] = []
    for text in SEARCHES:
        page.search.clear()
        app.processEvents()
        for character in text:
            started = time.perf_counter()
            QTest.keyClick(page.search, character)
            page.table.viewport().repaint()
            keystrokes.append(time.perf_counter() - started)
        for _ in text:
            started = time.perf_counter()
            QTest.keyClick(page.search, Qt.Key.Key_Backspace)
            page.table.viewport().repaint()
            keystrokes.append(time.perf_counter() - started)
    keystrokes.sort()
    results.append(
        (
            f"Keystroke to filtered table ({len(keystrokes)} keys): median / 95 % / worst",
            " / ".join(
                _ms(v)
                for v in (
                    statistics.median(keystrokes),
                    keystrokes[int(len(keystrokes) * 0.95)],
                    keystrokes[-1],
                )
            ),
        )
    )

    # 4. Sort, filter, partial refresh.
    for name in ("Last name", "Date of birth", "Screening"):
        column = column_number(name)
        started = time.perf_counter()
        page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        page.table.viewport().repaint()
        results.append(
            (f"Sort {len(rows):,} rows by {name.lower()}", _ms(time.perf_counter() - started))
        )
    started = time.perf_counter()
    page.screening_filter.setChecked(True)
    page.table.viewport().repaint()
    results.append(("Tick 'Screening incomplete'", _ms(time.perf_counter() - started)))
    page.screening_filter.setChecked(False)
    started = time.perf_counter()
    context.notify_records(PARTICIPANTS, [rows[100].id, rows[200].id])
    results.append(("Refresh the 2 rows an edit touched", _ms(time.perf_counter() - started)))

    print(f"\nMachine: {os.cpu_count()} cores, {_cpu()}; Python {platform.python_version()}")
    print(f"Data: {args.people:,} participants, {args.pairings:,} pairings\n")
    print("| Measure | Time |\n|---|---|")
    for label, value in results:
        print(f"| {label} | {value} |")
    page.close()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
