"""How long the pairings screen takes with 50,000 participants and 20,000 pairings.

Run by hand from the repository root:

    QT_QPA_PLATFORM=offscreen PYTHONPATH=. python benchmarks/pairings_scale.py [--keep DB]

It builds the programme once (bulk inserts, about a minute), then times, each several
times (median shown): the SQL of the table, opening the screen (query, model, sort,
first paint), opening one pairing's detail, refreshing one row after a meeting is
logged, sorting by a column, and opening the new-pairing dialog (50,000 people).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert, select

from mentordesk import clock
from mentordesk.models import (
    CheckIn,
    CheckInWho,
    Goal,
    GoalStatus,
    Meeting,
    MeetingMode,
    Pairing,
    PairingStatus,
    Participant,
    Role,
)
from mentordesk.store import Database, current_programme_id

PARTICIPANTS = 50_000
MENTORS = 15_000
PAIRINGS = 20_000
MEETINGS_PER_PAIRING = 10
TODAY = dt.date(2026, 11, 25)


def build(db: Database) -> None:
    rng = random.Random(7)
    with db.transaction() as s:
        programme = current_programme_id(s)
        people = []
        for n in range(PARTICIPANTS):
            mentor = n < MENTORS
            people.append(
                {
                    "programme_id": programme,
                    "role": Role.MENTOR if mentor else Role.MENTEE,
                    "first_name": f"First{n}",
                    "last_name": f"Last{rng.randrange(100_000):05d}",
                    "external_id": f"X{n}",
                    "capacity": 2 if mentor else None,
                    "date_of_birth": dt.date(1980 if mentor else 2012, 1 + n % 12, 1 + n % 28),
                }
            )
        s.execute(insert(Participant), people)
        ids = list(s.scalars(select(Participant.id).order_by(Participant.id)))
        mentors, mentees = ids[:MENTORS], ids[MENTORS:]
        statuses = (
            [PairingStatus.ACTIVE] * 14
            + [PairingStatus.PAUSED] * 2
            + [PairingStatus.PROPOSED] * 2
            + [PairingStatus.CLOSED] * 2
        )
        pairings = []
        for n in range(PAIRINGS):
            status = statuses[n % len(statuses)]
            start = TODAY - dt.timedelta(days=rng.randint(60, 300))
            pairings.append(
                {
                    "programme_id": programme,
                    "mentor_id": mentors[n % MENTORS],
                    "mentee_id": mentees[n],
                    "status": status,
                    "proposed_on": start,
                    "start_date": None if status is PairingStatus.PROPOSED else start,
                    "end_date": TODAY if status is PairingStatus.CLOSED else None,
                    "explanation": [],
                }
            )
        s.execute(insert(Pairing), pairings)
        pairing_ids = list(s.scalars(select(Pairing.id).where(Pairing.start_date.is_not(None))))
        meetings, goals, check_ins = [], [], []
        for pairing_id in pairing_ids:
            for k in range(MEETINGS_PER_PAIRING):
                meetings.append(
                    {
                        "pairing_id": pairing_id,
                        "held_on": TODAY - dt.timedelta(days=5 + 9 * k + rng.randint(0, 4)),
                        "minutes": 60,
                        "mode": MeetingMode.IN_PERSON,
                        "notes": "Worked on homework.",
                    }
                )
            goals.append(
                {
                    "pairing_id": pairing_id,
                    "title": "Prepare a CV",
                    "status": GoalStatus.IN_PROGRESS,
                    "progress": 40,
                }
            )
            for k in range(4):
                check_ins.append(
                    {
                        "pairing_id": pairing_id,
                        "held_on": TODAY - dt.timedelta(days=30 * k + 3),
                        "who": CheckInWho.MENTEE,
                        "satisfaction": 4,
                        "concern": False,
                        "notes": "",
                    }
                )
        s.execute(insert(Meeting), meetings)
        s.execute(insert(Goal), goals)
        s.execute(insert(CheckIn), check_ins)


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="build into (or reuse) this database file")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one small round, for CI")
    args = parser.parse_args()
    global PARTICIPANTS, MENTORS, PAIRINGS
    if args.smoke:
        PARTICIPANTS, MENTORS, PAIRINGS, args.repeat = 500, 150, 200, 2
    clock.set_today(TODAY)
    os.environ.setdefault("MENTORDESK_DATA_DIR", tempfile.mkdtemp(prefix="mentordesk-bench-"))
    path = args.keep or Path(tempfile.mkdtemp(prefix="mentordesk-bench-")) / "scale.sqlite"
    fresh = not path.exists()
    db = Database.open(path)
    if fresh:
        start = time.perf_counter()
        build(db)
        print(f"built {path} in {time.perf_counter() - start:.0f} s", file=sys.stderr)

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from mentordesk.pairings.activity import MeetingInput
    from mentordesk.programme.programme_queries import list_pairings
    from mentordesk.ui.pairings.create_pairing_dialog import CreatePairingDialog
    from mentordesk.ui.pairings.pairing_commands import MEETINGS, add_record_command
    from mentordesk.ui.window.context import AppContext

    app = QApplication.instance() or QApplication(sys.argv[:1])
    context = AppContext(db, synchronous_tasks=True)
    from mentordesk.ui.pairings.pairings_page import PairingsPage

    def query() -> None:
        with db.reading() as s:
            assert len(list_pairings(s)) == PAIRINGS

    pages: list[PairingsPage] = []

    def open_screen() -> None:
        page = PairingsPage(context)
        page.resize(1400, 850)
        page.show()
        page.refresh_if_stale()
        app.processEvents()  # first paint
        pages.append(page)

    results = {
        "SQL of the pairings table (20,000 rows as plain rows)": median_ms(query, args.repeat)
    }
    results["Open the pairings screen (query, model, sort, first paint)"] = median_ms(
        open_screen, args.repeat
    )
    page = pages[-1]
    ids = [page.model.row_at(i).id for i in range(0, PAIRINGS, PAIRINGS // args.repeat)]
    iterator = iter(ids * 2)

    def open_detail() -> None:
        page.show_record(next(iterator))
        app.processEvents()

    results["Open one pairing's detail (select, summary, 3 lists)"] = median_ms(
        open_detail, args.repeat
    )
    shown = page.current_id()
    days = iter(range(1, 1000))

    def log_meeting() -> None:
        data = MeetingInput(TODAY - dt.timedelta(days=next(days) % 40), 45)
        command = add_record_command(context, MEETINGS, shown, data, "Add meeting")
        command.run_first()  # notifies: the screen refreshes this pairing's row only
        app.processEvents()

    results["Log a meeting: write, refresh its row and the detail"] = median_ms(
        log_meeting, args.repeat
    )
    columns = iter([1, 3, 4, 5, 0] * args.repeat)
    results["Sort 20,000 pairings by a column"] = median_ms(
        lambda: (
            page.table.sortByColumn(next(columns), Qt.SortOrder.AscendingOrder),
            app.processEvents(),
        ),
        args.repeat,
    )

    # The dialog reads the people on the worker thread, as in the application.
    background = AppContext(db)
    dialogs: list[CreatePairingDialog] = []

    def show_dialog() -> None:
        dialog = CreatePairingDialog(background, page)
        dialog.show()
        app.processEvents()
        dialogs.append(dialog)

    def fill_dialog() -> None:
        dialog = dialogs[-1]
        while not dialog.loaded:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        dialog.close()
        dialog.deleteLater()

    shown, filled = [], []
    for _ in range(args.repeat):
        shown.append(median_ms(show_dialog, 1))
        filled.append(median_ms(fill_dialog, 1))
    results["New-pairing dialog appears (people read on the worker thread)"] = statistics.median(
        shown
    )
    results["...its lists of 50,000 people filled"] = statistics.median(filled)
    background.tasks.wait()
    for page in pages:
        page.close()
    context.undo_stack.clear()
    db.close()

    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    print(
        f"Machine: {os.cpu_count()} cores, {cpu}; Python {platform.python_version()}; "
        f"{time.strftime('%Y-%m-%d')}"
    )
    print(
        f"Data: {PARTICIPANTS:,} participants, {PAIRINGS:,} pairings, "
        f"{PAIRINGS * 18 // 20 * MEETINGS_PER_PAIRING:,} meetings; median of {args.repeat} runs."
    )
    print()
    print("| What | Time |")
    print("|---|---:|")
    for what, ms in results.items():
        print(f"| {what} | {ms:,.0f} ms |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
