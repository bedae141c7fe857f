"""Start the window: open the database (refusing a bad file with a clear message), offer
the demo programme on an empty database, and run the event loop."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from mentordesk import APP_NAME, __version__
from mentordesk.errors import MentorDeskError
from mentordesk.programme.programme_queries import participant_count
from mentordesk.store import Database
from mentordesk.store.cipher import is_encrypted
from mentordesk.store.paths import default_db_path
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.app_icon import DESKTOP_ID, app_icon
from mentordesk.ui.window.context import ALL_TOPICS, AppContext
from mentordesk.ui.window.main_window import MainWindow


def offer_demo(window: MainWindow) -> bool:
    """On an empty database, offer the sample programme. Returns True if it was loaded."""
    context = window.context
    if participant_count(context.db) > 0:
        return False
    answer = QMessageBox.question(
        window,
        "Load the demo programme?",
        "This programme file is empty.\n\nLoad a sample programme (40 mentees, 20 mentors, "
        "pairings, meetings) to explore MentorDesk? You can start a new, empty file for your "
        "real programme at any time with File → New.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return False
    from mentordesk.programme.demo import load_demo

    load_demo(context.db)
    context.changed.emit(ALL_TOPICS)
    context.status_message.emit("Loaded the demo programme.")
    return True


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


def run_app(
    db_path: Path | None = None,
    *,
    quit_after_ms: int | None = None,
    passphrase: str | None = None,
) -> int:
    """Open the window on `db_path` (default: the usual file) and run until it closes.

    `quit_after_ms` closes the window that long after the home screen shows its figures (for
    checks of a build, and the start-up benchmark); a question asked before that, such as
    the demo offer, still waits for an answer.
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


def when_home_ready(window: MainWindow, callback: Callable[[], None]) -> None:
    """Call back once the home screen shows its figures (or why it could not), or now."""
    from mentordesk.ui.dashboard.dashboard_page import DashboardPage

    page = window.current_page()
    if isinstance(page, DashboardPage) and not page.has_settled:
        page.settled.connect(callback, Qt.ConnectionType.SingleShotConnection)
    else:
        callback()


def _run_window(db_path: Path | None, quit_after_ms: int | None, passphrase: str | None) -> int:
    app = create_application()
    path = Path(db_path) if db_path is not None else default_db_path()
    try:
        if passphrase is None and is_encrypted(path):
            from mentordesk.ui.privacy.passphrase_dialogs import open_database_asking

            opened = open_database_asking(path)
            if opened is None:
                return 1
            db = opened
        else:
            db = Database.open(path, passphrase=passphrase)
    except MentorDeskError as exc:
        QMessageBox.critical(None, f"{APP_NAME} cannot open the database", str(exc))
        return 1
    settings.remember_database(path)
    from mentordesk.privacy.retention import routine_clean_up

    routine_clean_up(db)
    context = AppContext(db)
    window = MainWindow(context)
    window.show()
    when_home_ready(window, resume_collector)
    offer_demo(window)
    if quit_after_ms is not None:
        delay = max(0, quit_after_ms)
        when_home_ready(window, lambda: QTimer.singleShot(delay, window.close))
    try:
        return app.exec()
    finally:
        context.db.close()
