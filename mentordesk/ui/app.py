"""Start the window: open the programme file it had open last (the demo programme, in a
file of its own, on a first start), refusing a bad file with a clear message, and run
the event loop.

The window is shown first, before the data layer (SQLAlchemy, the models) loads: with the
figures kept from last time on the home screen when the file is unchanged since (see
`monitoring.figures_snapshot`), else saying it is reading the file. Then, on the first
turn of the event loop, the file is opened as always (lock, passphrase, checks, backup,
migrations), the fresh figures replace the kept ones and the rest of the window works.
Only the standard library, PySide6 and a few small modules load before the first paint.
"""

from __future__ import annotations

import gc
import sys
import threading
from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from mentordesk import APP_NAME, __version__, clock
from mentordesk.monitoring.figures_snapshot import (
    HomeFigures,
    change_stamp,
    forget_figures,
    keep_figures_of_days,
    last_figures,
)
from mentordesk.store.file_stamp import is_plain_sqlite
from mentordesk.store.paths import default_db_path, demo_db_path, friendly_name, is_demo
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.app_icon import DESKTOP_ID, app_icon
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow, open_for_window

if TYPE_CHECKING:
    from mentordesk.store.inspect import Inspection
    from mentordesk.ui.dashboard.dashboard_page import DashboardPage


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(app_icon())
    return app


def _holds_data(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0


def start_file(requested: Path | None = None) -> tuple[Path, str]:
    """The file the window opens, and a sentence when it is not the one open last time.

    `--db` wins; then the file open last time; when there is none (a first start), the
    usual file if it already holds a programme, else the demo programme's own file.
    """
    if requested is not None:
        return Path(requested), ""
    recent = settings.recent_databases()
    last = recent[0] if recent else None
    if last is not None and (last.exists() or is_demo(last)):
        return last, ""
    default = default_db_path()
    fallback = default if _holds_data(default) else demo_db_path()
    if last is None:
        return fallback, ""
    return fallback, (
        f"The programme file open last time, {friendly_name(last)}, is no longer in "
        f"{last.parent}; {friendly_name(fallback)} is open instead (File → Open… finds a "
        "file that was moved)."
    )


def open_window(db_path: Path | None = None, passphrase: str | None = None) -> MainWindow | None:
    """The window on the file to start with, shown; None if it could not be opened (the
    coordinator was told why)."""
    create_application()
    path, notice = start_file(db_path)
    db = open_for_window(path, None, passphrase)
    if db is None:
        return None
    settings.remember_database(path)
    if db.writable:
        from mentordesk.privacy.retention import routine_clean_up

        routine_clean_up(db)
    window = MainWindow(AppContext(db))
    window.file_notice.show_for(db, notice)
    window.show()
    return window


def run_app(
    db_path: Path | None = None,
    *,
    quit_after_ms: int | None = None,
    passphrase: str | None = None,
) -> int:
    """Open the window on `db_path` (default: the file open last time) and run until it
    closes.

    `quit_after_ms` closes the window that long after start-up is over, the file open and
    the home screen showing fresh figures (for checks of a build, and the start-up
    benchmark); a question asked before that still waits for an answer.
    """
    try:
        return _run_window(db_path, quit_after_ms, passphrase)
    finally:
        resume_collector()


def resume_collector() -> None:
    """Start-up is over: the cyclic garbage collector runs again (the command line pauses
    it while the program loads), and leaves the objects made so far out of its rounds: the
    modules, mappers and widgets live as long as the program."""
    gc.enable()
    gc.freeze()


def _home(window: MainWindow) -> DashboardPage | None:
    from mentordesk.ui.dashboard.dashboard_page import DashboardPage

    page = window.current_page()
    return page if isinstance(page, DashboardPage) else None


def when_home_ready(window: MainWindow, callback: Callable[[], None]) -> None:
    """Call back once the home screen shows the file's figures as they are now (the ones
    kept from last time when the file is unchanged, or fresh ones), or why it could not;
    or now."""
    page = _home(window)
    if page is not None and not page.has_current_figures:
        page.figures_current.connect(callback, Qt.ConnectionType.SingleShotConnection)
    else:
        callback()


def when_started(window: MainWindow, callback: Callable[[], None]) -> None:
    """Call back once start-up is over: the file is open and the home screen shows fresh
    figures (or why it could not); or now."""
    page = _home(window)
    if page is not None and not page.has_settled:
        page.settled.connect(callback, Qt.ConnectionType.SingleShotConnection)
    else:
        callback()


def start_window(
    db_path: Path | None = None,
    passphrase: str | None = None,
    on_refused: Callable[[], None] | None = None,
) -> MainWindow:
    """The window, shown at once for the file to start with (with the figures kept from
    last time if it is unchanged); the file is opened on the event loop's first turn. If
    it cannot be (the coordinator is told why), `on_refused` is called and the window
    closes."""
    create_application()
    path, notice = start_file(db_path)
    window = MainWindow(AppContext(None), path=path)
    page = _home(window)
    figures = last_figures(path)
    if page is not None and figures is not None:
        try:
            page.show_last_figures(path, figures)
        except Exception:  # kept figures of an odd shape: the file is read as usual
            forget_figures(path)
    window.show()
    QApplication.processEvents()  # the first paint, before the data layer loads
    QTimer.singleShot(0, lambda: _open_file(window, path, notice, passphrase, on_refused))
    return window


def _inspect_ahead(path: Path) -> Callable[[], Inspection | None] | None:
    """Check a plain file (SQLite's integrity check, the slowest part of opening it) on a
    thread of its own while the data layer loads: SQLite works without the interpreter
    lock, so the two overlap. The file is opened with this check only if it is unchanged
    since (`Database.open` looks under the writer lock). What to call for its result."""
    if is_demo(path) or not is_plain_sqlite(path):
        return None
    from mentordesk.store.inspect import inspect_ahead

    found: list[Inspection | None] = []

    def inspect() -> None:
        try:
            found.append(inspect_ahead(path))
        except Exception:  # the open inspects the file itself, and says what is wrong
            found.append(None)

    thread = threading.Thread(target=inspect, name="inspect", daemon=True)
    thread.start()

    def result() -> Inspection | None:
        thread.join()
        return found[0] if found else None

    return result


def _open_file(
    window: MainWindow,
    path: Path,
    notice: str,
    passphrase: str | None,
    on_refused: Callable[[], None] | None,
) -> None:
    """Open the file the window was shown for, as `open_window` does."""
    db = None
    try:
        ahead = _inspect_ahead(path) if passphrase is None else None
        import_module("mentordesk.store.database")  # the data layer, while the file is checked

        inspected = ahead() if ahead is not None else None
        db = open_for_window(path, window, passphrase, inspected)
        if db is not None:
            settings.remember_database(path)
            if db.writable:
                from mentordesk.privacy.retention import routine_clean_up

                routine_clean_up(db)
    except Exception as exc:  # told in one sentence, never shown raw
        from mentordesk.ui.window.error_presenter import present_error

        if db is not None:
            db.close()
        db = None
        present_error(window, "Cannot open this file", exc)
    if db is None:
        if on_refused is not None:
            on_refused()  # before closing: the last window's close would end with 0
        window.close()
        return
    window.file_opened(db, notice)


def _run_window(db_path: Path | None, quit_after_ms: int | None, passphrase: str | None) -> int:
    app = create_application()
    window = start_window(db_path, passphrase, on_refused=lambda: app.exit(1))
    when_started(window, resume_collector)
    if quit_after_ms is not None:
        delay = max(0, quit_after_ms)
        when_started(window, lambda: QTimer.singleShot(delay, window.close))
    try:
        return app.exec()
    finally:
        close_file(window)


def close_file(window: MainWindow) -> None:
    """Close the window's file, keeping the home screen's figures for the next start.

    Closing folds the write-ahead log into the file, which changes its stamp, so the
    figures are kept again under the new one: today's (read again if the home screen last
    read them before the latest change) and, since figures depend on the day, those of the
    next start's days, worked out now from the file as it is (a few tenths of a second
    for a large programme, after the window has gone)."""
    if not window.context.loaded:
        return
    db = window.context.db
    days: list[HomeFigures] = []
    if not db.encrypted:
        days = _figures_for_next_starts(window)
    db.close()
    if days:
        keep_figures_of_days(db.path, days, db.encrypted)
    elif db.encrypted:
        forget_figures(db.path)


def _figures_for_next_starts(window: MainWindow) -> list[HomeFigures]:
    from mentordesk.monitoring.figures import figures_of_days, next_start_days
    from mentordesk.ui.dashboard.dashboard_page import DashboardPage

    db = window.context.db
    today = clock.today()
    pages = [page for page in window.built_pages() if isinstance(page, DashboardPage)]
    read = pages[0].read_from if pages else None
    current = (
        read is not None and read[1].on_date == today and change_stamp(db.path, today) == read[0]
    )
    known = [read[1]] if read is not None and current else []
    wanted = next_start_days(today) if known else [today, *next_start_days(today)]
    try:
        return known + figures_of_days(db, wanted)
    except Exception:  # closing never fails for figures: the next start reads the file
        import logging

        logging.getLogger(__name__).warning("The figures for the next start were not kept.")
        return []
