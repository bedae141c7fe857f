"""Benchmark: flags and dashboard figures for 5,000 pairings and 200,000 meetings.

Run from the project root:  PYTHONPATH=. python benchmarks/monitoring.py [--keep FILE]
The aim is under 300 ms for the whole dashboard (flags included), read from disk.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from monitoring_data import TODAY, generate

from mentordesk import clock
from mentordesk.monitoring.check_ins import check_in_schedule
from mentordesk.monitoring.figures import load_dashboard
from mentordesk.monitoring.flags import compute_flags
from mentordesk.store import Database

RUNS = 7


def timed(db: Database, work: Callable[[Any], Any]) -> tuple[float, list[float], list[float], Any]:
    """(first run, later runs, later runs' CPU time) in ms; each run opens its own session,
    as the UI does. CPU time is what the work costs when the machine is shared and busy."""
    wall, cpu = [], []
    value = None
    for _ in range(RUNS + 1):
        with db.reading() as session:
            started, started_cpu = time.perf_counter(), time.process_time()
            value = work(session)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
    return wall[0], wall[1:], cpu[1:], value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keep", type=Path, help="write the generated database here")
    parser.add_argument("--pairings", type=int, default=5_000)
    parser.add_argument("--meetings", type=int, default=200_000)
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args()
    if args.smoke:
        args.pairings, args.meetings = 100, 1_000
    clock.set_today(TODAY)
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "bench.sqlite"
        started = time.perf_counter()
        counts = generate(path, args.pairings, args.meetings)
        print(f"generated in {time.perf_counter() - started:.1f} s: {counts}")
        print(f"load average before timing: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        with Database.open(path, write=False) as db:
            for name, work in (
                ("check-in schedule", lambda s: check_in_schedule(s, TODAY)),
                ("flags", lambda s: compute_flags(s, TODAY)),
                ("dashboard (flags included)", lambda s: load_dashboard(s, TODAY)),
            ):
                first, runs, cpu, value = timed(db, work)
                size = len(value.flags) if hasattr(value, "flags") else len(value)
                print(
                    f"{name:28} first {first:5.0f} ms  median {statistics.median(runs):5.0f} ms"
                    f"  min {min(runs):5.0f} ms  median CPU {statistics.median(cpu):5.0f} ms"
                    f"  ({size} rows)"
                )


if __name__ == "__main__":
    main()
