"""Screenshots of every screen, offscreen, on the demo programme.

    QT_QPA_PLATFORM=offscreen python -m tools.screenshots --out docs/
    python -m tools.screenshots --out /tmp/shots --dark --scale 2
    python -m tools.screenshots --check --scale 2 --dark [--out /tmp/shots]

The window is 1280 × 720, a small laptop screen. `--dark` applies a dark palette (as a
dark desktop theme would) and `--scale 2` renders at 200 % (a 2560 × 1440 screen), to check
that every screen stays readable. `--check` opens every screen and dialog and prints what
is clipped (tools.fit), exiting 1 when anything is. The date is fixed so the pictures do
not change from day to day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

WINDOW_SIZE = (1280, 720)
FIXED_TODAY = dt.date(2026, 11, 25)
MENTEE = 30  # unpaired, so the unmatched filter and the form show something useful
NOT_READY_MENTOR = 56  # background check in progress: the screening tab explains why


def dark_palette() -> Any:  # QPalette; Qt imported after the environment is set
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    roles = QPalette.ColorRole
    colours = {
        roles.Window: "#2b2b2b",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1e1e1e",
        roles.AlternateBase: "#262626",
        roles.ToolTipBase: "#3a3a3a",
        roles.ToolTipText: "#e6e6e6",
        roles.PlaceholderText: "#8a8a8a",
        roles.Text: "#e6e6e6",
        roles.Button: "#333333",
        roles.ButtonText: "#e6e6e6",
        roles.BrightText: "#ff6b6b",
        roles.Highlight: "#2f65ca",
        roles.HighlightedText: "#ffffff",
        roles.Link: "#7fb0ff",
        roles.Light: "#505050",
        roles.Midlight: "#404040",
        roles.Mid: "#303030",
        roles.Dark: "#181818",
        roles.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def prepare_environment(scale: float) -> Path:
    """Offscreen, scaled, with fresh settings (the default layout, not the last one used)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale != 1:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    work = Path(tempfile.mkdtemp(prefix="mentordesk-shots-"))
    os.environ["MENTORDESK_DATA_DIR"] = str(work)
    os.environ["XDG_CONFIG_HOME"] = str(work / "config")
    from mentordesk import clock

    clock.set_today(FIXED_TODAY)
    return work


def demo_file(folder: Path) -> Path:
    from mentordesk.programme.demo import load_demo
    from mentordesk.store import Database

    path = folder / "demo.sqlite"
    with Database.open(path) as db:
        load_demo(db)
    return path


def open_window(db_path: Path, *, dark: bool, size: tuple[int, int] = WINDOW_SIZE) -> Any:
    """The real main window on `db_path`, shown at `size`, work done synchronously."""
    from PySide6.QtWidgets import QApplication

    from mentordesk.store import Database
    from mentordesk.ui.window.context import AppContext
    from mentordesk.ui.window.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    window = MainWindow(AppContext(Database.open(db_path), synchronous_tasks=True))
    window.resize(*size)
    window.show()
    app.processEvents()
    return window


def screens(window: Any) -> Iterator[tuple[str, Callable[[], None]]]:
    """(name, show it) for every screen of the window, each in a useful state."""
    from mentordesk.ui.dashboard.dashboard_page import DashboardPage
    from mentordesk.ui.documents.documents_page import DocumentsPage
    from mentordesk.ui.matching.matching_page import MatchingPage
    from mentordesk.ui.pairings.pairing_detail import MEETINGS_TAB, SUMMARY
    from mentordesk.ui.pairings.pairings_page import PairingsPage
    from mentordesk.ui.participants.participants_page import ParticipantsPage

    def go(page_class: type) -> Any:
        page = window.page_of(page_class)
        window.nav.setCurrentRow(window.pages.index(page))
        return page

    def dashboard() -> None:
        page = go(DashboardPage)
        page.flag_table.selectRow(0)

    def participants() -> None:
        page = go(ParticipantsPage)
        page.editor.tabs.setCurrentIndex(0)
        page.table.select_key(MENTEE)

    def screening() -> None:
        page = go(ParticipantsPage)
        page.table.select_key(NOT_READY_MENTOR)
        page.editor.tabs.setCurrentIndex(page.editor.screening_tab)

    def pairing(tab: int) -> Callable[[], None]:
        def show() -> None:
            page = go(PairingsPage)
            if page.table.current_row() is None:
                page.table.selectRow(0)
            page.detail.show_tab(tab)

        return show

    def matching() -> None:
        page = go(MatchingPage)
        if page.result is None:
            page.run_matcher()
        page.table.selectRow(0)

    def documents() -> None:
        page = go(DocumentsPage)
        page.table.selectRow(0)
        page.agreements.preview_agreement()

    yield "dashboard", dashboard
    yield "participants", participants
    yield "participants-screening", screening
    yield "pairings", pairing(SUMMARY)
    yield "pairings-meetings", pairing(MEETINGS_TAB)
    yield "matching", matching
    yield "documents", documents


def render(window: Any, out: Path, suffix: str) -> list[Path]:
    """Every screen of `window` as a PNG in `out`, named after the screen + suffix."""
    from PySide6.QtWidgets import QApplication

    out.mkdir(parents=True, exist_ok=True)
    saved = []
    for name, show in screens(window):
        show()
        QApplication.processEvents()
        path = out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)
    return saved


def run(
    out: Path | None, *, check: bool, dark: bool, scale: float, db_path: Path | None
) -> tuple[list[Path], list[str]]:
    """Screenshots into `out` (if given), then what is clipped (if `check`)."""
    work = prepare_environment(scale)
    from mentordesk.ui.app import create_application
    from tools.fit import check_window

    create_application([sys.argv[0]])
    window = open_window(db_path or demo_file(work), dark=dark)
    suffix = ("-dark" if dark else "") + (f"-{int(scale * 100)}" if scale != 1 else "")
    try:
        saved = render(window, out, suffix) if out is not None else []
        return saved, check_window(window) if check else []
    finally:
        window.close()
        window.context.db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--check", action="store_true", help="report what is clipped")
    args = parser.parse_args(argv)
    if args.out is None and not args.check:
        parser.error("give --out, --check or both")
    saved, problems = run(
        args.out, check=args.check, dark=args.dark, scale=args.scale, db_path=args.db
    )
    for path in saved:
        print(path)
    for problem in problems:
        print(f"clipped: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
