"""Opening, listing and the dashboard's figures on an encrypted programme file against the
same programme in a plain file:

    PYTHONPATH=. python benchmarks/encryption.py [--runs 7] [--smoke]

10,000 participants and 5,000 pairings by default (issue 12's measure: the encrypted file
at most 1.3x the plain one). Each run opens the file afresh (for the encrypted one this
includes stretching the passphrase once), lists every participant, computes the dashboard
and closes; stretching the passphrase (once per open) is shown apart. Medians and fastest
runs are both printed: on a busy machine the fastest is the fairer comparison. `--smoke`
runs one small round so CI keeps the script working.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mentordesk import clock
from mentordesk.monitoring.figures import load_dashboard
from mentordesk.programme.programme_queries import list_participants
from mentordesk.store import Database
from mentordesk.store.cipher import export_file, key_for_file, new_key

from bulk_data import make_programme

PASSPHRASE = "violet kettle harbour seventeen"


def one_run(path: Path, passphrase: str | None) -> dict[str, float]:
    times: dict[str, float] = {"stretch": 0.0}
    key = None
    if passphrase is not None:
        # The passphrase is stretched once per open (PBKDF2, 256,000 rounds): timed apart,
        # as it is a fixed cost whatever the file's size.
        start = time.perf_counter()
        key = key_for_file(path, passphrase)
        times["stretch"] = time.perf_counter() - start
    start = time.perf_counter()
    db = Database.open_with_key(path, key)
    times["open"] = time.perf_counter() - start
    try:
        start = time.perf_counter()
        with db.reading() as session:
            people = list_participants(session)
        times["list"] = time.perf_counter() - start
        assert len(people) > 0
        start = time.perf_counter()
        with db.reading() as session:
            load_dashboard(session, clock.today())
        times["dashboard"] = time.perf_counter() - start
    finally:
        db.close()
    times["total"] = sum(times.values())
    times["total without stretch"] = times["total"] - times["stretch"]
    return times


def median_of(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def min_of(runs: list[dict[str, float]], key: str) -> float:
    return min(r[key] for r in runs)


def measure(path: Path, passphrase: str | None, runs: int) -> list[dict[str, float]]:
    one_run(path, passphrase)  # warm the disk cache; the first open makes the daily backup
    return [one_run(path, passphrase) for _ in range(runs)]


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
        plain = make_programme(Path(folder) / "plain.sqlite", args.participants, args.pairings)
        secret = Path(folder) / "secret.sqlite"
        export_file(plain, None, secret, new_key(PASSPHRASE))
        results: dict[str, Callable[[], list[dict[str, float]]]] = {
            "plain": lambda: measure(plain, None, args.runs),
            "encrypted": lambda: measure(secret, PASSPHRASE, args.runs),
        }
        measured = {name: run() for name, run in results.items()}
    print(f"{args.participants} participants, {args.pairings} pairings, {args.runs} runs")
    for label, pick in (("median", median_of), ("fastest", min_of)):
        print(f"{label + ' seconds':<24}{'plain':>8}{'encrypted':>11}{'ratio':>8}")
        for key in ("stretch", "open", "list", "dashboard", "total", "total without stretch"):
            plain_s = pick(measured["plain"], key)
            secret_s = pick(measured["encrypted"], key)
            ratio = f"{secret_s / plain_s:>7.2f}x" if plain_s else "       –"
            print(f"{key:<24}{plain_s:>8.3f}{secret_s:>11.3f}{ratio}")


if __name__ == "__main__":
    main()
