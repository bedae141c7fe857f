"""Screenshots of the main screens, offscreen, on the demo programme.

    QT_QPA_PLATFORM=offscreen python -m tools.screenshots --out docs/
    python -m tools.screenshots --out /tmp/shots --dark --scale 2

`--dark` applies a dark palette (as a dark desktop theme would) and `--scale 2` renders
at 200 %, to check that every screen stays readable. The date is fixed so the pictures
do not change from day to day.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

WINDOW_SIZE = (1200, 760)
FIXED_TODAY = dt.date(2026, 11, 25)
MENTEE = 30  # unpaired, so the unmatched filter and the form show something useful
NOT_READY_MENTOR = 56  # background check in progress: the screening tab explains why


def dark_palette():  # -> QPalette; Qt imported after the environment is set
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
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return palette


def render(out: Path, *, dark: bool, scale: float, db_path: Path | None) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if scale != 1:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    work = Path(tempfile.mkdtemp(prefix="mentordesk-shots-"))
    # Fresh settings: the default layout, not whatever was used last.
    os.environ["MENTORDESK_DATA_DIR"] = str(work)

    from mentordesk import clock

    clock.set_today(FIXED_TODAY)
    from mentordesk.store import Database
    from mentordesk.ui.app import create_application
    from mentordesk.ui.participants.participants_page import ParticipantsPage
    from mentordesk.ui.window.context import AppContext
    from mentordesk.ui.window.main_window import MainWindow

    if db_path is None:
        from mentordesk.programme.demo import load_demo

        db_path = work / "demo.sqlite"
        with Database.open(db_path) as db:
            load_demo(db)
    app = create_application([sys.argv[0]])
    app.setStyle("Fusion")
    if dark:
        app.setPalette(dark_palette())
    db = Database.open(db_path)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    page = window.page_of(ParticipantsPage)
    assert isinstance(page, ParticipantsPage)
    suffix = ("-dark" if dark else "") + (f"-{int(scale * 100)}" if scale != 1 else "")
    out.mkdir(parents=True, exist_ok=True)
    saved = []

    def shot(name: str) -> None:
        app.processEvents()
        path = out / f"{name}{suffix}.png"
        window.grab().save(str(path))
        saved.append(path)

    page.table.select_key(MENTEE)
    shot("participants")
    page.table.select_key(NOT_READY_MENTOR)
    page.editor.tabs.setCurrentIndex(page.editor.screening_tab)
    shot("participants-screening")
    page.editor.tabs.setCurrentIndex(0)
    page.role_filter.setCurrentIndex(page.role_filter.findData("mentee"))
    page.unmatched_filter.setChecked(True)
    page.new_record()
    shot("participants-new")
    window.close()
    db.close()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args(argv)
    for path in render(args.out, dark=args.dark, scale=args.scale, db_path=args.db):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
