"""The window's start: shown before the data layer loads, with the figures kept from last
time when the file is unchanged (and only then), the file then opened as always, fresh
figures replacing the kept ones, and every refusal still told in one sentence."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from mentordesk import clock
from mentordesk.cli import _window_arguments
from mentordesk.models import Pairing, Participant, Programme
from mentordesk.monitoring import figures_snapshot
from mentordesk.monitoring.figures_snapshot import last_figures, snapshot_path
from mentordesk.store import Database
from mentordesk.ui.app import close_file, start_window, when_home_ready, when_started
from mentordesk.ui.dashboard.dashboard_page import READING, DashboardPage
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window.main_window import MainWindow
from tests.conftest import TEST_PASSPHRASE
from tests.test_privacy_ui import type_passphrases
from tests.ui_helpers import patch_message_boxes


@pytest.fixture
def started(qtbot: QtBot) -> Iterator[list[MainWindow]]:
    """Windows started by a test, closed (with their files) at its end."""
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        close(window)


def begin(qtbot: QtBot, started: list[MainWindow], path: Path) -> MainWindow:
    """The window as a coordinator first sees it: shown, the file not yet open."""
    window = start_window(path)
    qtbot.addWidget(window)
    started.append(window)
    assert window.isVisible() and not window.context.loaded
    return window


def finish(qtbot: QtBot, window: MainWindow) -> DashboardPage:
    """The event loop's first turns: the file opens and the fresh figures come."""
    qtbot.waitUntil(lambda: window.context.loaded, timeout=10_000)
    page = window.page_of(DashboardPage)
    qtbot.waitUntil(lambda: page.has_settled, timeout=10_000)
    window.context.tasks.wait(10_000)
    return page


def close(window: MainWindow) -> None:
    """As the coordinator closes it (`run_app` closes the file after the window)."""
    if window.isVisible():
        window.close()
    window.context.tasks.wait(10_000)
    close_file(window)


def home(window: MainWindow) -> DashboardPage:
    page = window.current_page()
    assert isinstance(page, DashboardPage)
    return page


def shown(page: DashboardPage) -> tuple[object, ...]:
    """Every figure the home screen shows, as the coordinator reads it."""
    return (
        page.heading.text(),
        [tile.value.text() for tile in page.tiles.values()],
        [page.lists.tabText(n) for n in range(page.lists.count())],
        page.meetings_chart.bars(),
        page.status_chart.bars(),
        page.closure_summary.text(),
        [[label.text() for label in row[:3]] for row in page.checklist.rows],
    )


def first_start(qtbot: QtBot, started: list[MainWindow], path: Path) -> tuple[object, ...]:
    """A start with nothing kept: the figures come from the file, and are kept."""
    window = begin(qtbot, started, path)
    page = home(window)
    assert not page.has_current_figures and page.figures is None
    assert page.heading.text() == READING
    assert page.flag_table.empty_text == READING
    figures = shown(finish(qtbot, window))
    close(window)
    assert snapshot_path(path).is_file()
    return figures


def test_an_unchanged_file_shows_its_last_figures_before_the_data_layer_loads(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path
) -> None:
    fresh = first_start(qtbot, started, demo_db_path)
    window = begin(qtbot, started, demo_db_path)
    page = home(window)
    ready: list[bool] = []
    when_home_ready(window, lambda: ready.append(window.context.loaded))
    assert ready == [False]  # current figures on screen before the file is open
    assert page.has_current_figures and not page.has_settled
    assert shown(page) == fresh
    # Nothing that needs the file works yet: the menus are still empty, the lists wait.
    assert window.file_menu.actions() == [] and window.edit_menu.actions() == []
    assert not page.refresh_button.isEnabled() and page.flag_model.rowCount() == 0
    assert page.flag_table.empty_text == READING
    over: list[bool] = []
    when_started(window, lambda: over.append(page.dashboard is not None))
    finish(qtbot, window)
    assert over == [True]
    assert shown(page) == fresh and page.flag_model.rowCount() > 0
    assert window.file_menu.actions() and page.refresh_button.isEnabled()
    assert page.flag_table.empty_text != READING


def test_figures_read_after_the_last_change_are_kept_when_the_file_closes(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path
) -> None:
    """A session that changed the file: the figures the home screen read after the last
    change are the next start's, although closing rewrites the file."""
    first_start(qtbot, started, demo_db_path)
    window = begin(qtbot, started, demo_db_path)
    page = finish(qtbot, window)
    before = shown(page)
    window.page_of(ParticipantsPage)  # another screen, built: its pages are closed too
    with qtbot.waitSignal(page.settled, timeout=10_000):
        set_programme_name(window, "Riverside mentoring")
    window.context.tasks.wait(10_000)
    after = shown(page)
    assert after != before and last_figures(demo_db_path) is not None  # the log holds the change
    close(window)
    window = begin(qtbot, started, demo_db_path)
    assert home(window).has_current_figures and shown(home(window)) == after
    finish(qtbot, window)
    assert shown(home(window)) == after


def test_figures_read_before_the_last_change_are_read_again_when_the_file_closes(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path
) -> None:
    window = begin(qtbot, started, demo_db_path)
    page = finish(qtbot, window)
    window.nav.setCurrentRow(1)  # the home screen is hidden: it reads again when shown
    set_programme_name(window, "Riverside mentoring")
    window.context.tasks.wait(10_000)
    assert page.read_from is not None and "Riverside" not in page.read_from[1].programme_name
    close(window)
    kept = last_figures(demo_db_path)
    assert kept is not None and kept.programme_name == "Riverside mentoring"
    window = begin(qtbot, started, demo_db_path)
    assert home(window).has_current_figures
    kept_shown = shown(home(window))
    finish(qtbot, window)
    assert shown(home(window)) == kept_shown


def set_programme_name(window: MainWindow, name: str) -> None:
    """A change made in the window, as every change is: an action, undoable."""
    from dataclasses import replace

    from mentordesk.programme.programme_settings import SaveProgrammeSettings, read_settings
    from mentordesk.ui.window.undo_commands import perform_action

    settings = replace(read_settings(window.context.db), name=name)
    assert perform_action(window.context, "Rename", SaveProgrammeSettings(settings), window)


def test_a_changed_file_never_shows_the_figures_kept_before(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path
) -> None:
    first_start(qtbot, started, demo_db_path)
    with Database.open(demo_db_path) as db, db.transaction() as session:
        session.execute(update(Programme).values(name="Riverside mentoring"))
    assert last_figures(demo_db_path) is None
    window = begin(qtbot, started, demo_db_path)
    page = home(window)
    assert not page.has_current_figures and page.heading.text() == READING
    finish(qtbot, window)
    assert page.heading.text().startswith("Riverside mentoring — ")


def test_figures_are_kept_for_the_next_starts_days_and_one_version(
    demo_db_path: Path, qtbot: QtBot, started: list[MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Figures depend on the day: closing works out the next start's (tomorrow's; a
    Friday's on to the Monday), which that day's start shows and then reads the same."""
    wednesday = clock.today()
    assert wednesday.weekday() == 2
    first_start(qtbot, started, demo_db_path)
    assert last_figures(demo_db_path) is not None
    clock.set_today(wednesday + dt.timedelta(days=1))
    window = begin(qtbot, started, demo_db_path)
    assert home(window).has_current_figures
    kept = shown(home(window))
    finish(qtbot, window)
    assert shown(home(window)) == kept  # Thursday's figures, worked out on Wednesday
    close(window)
    assert last_figures(demo_db_path, wednesday + dt.timedelta(days=2)) is not None  # Friday
    clock.set_today(wednesday + dt.timedelta(days=2))
    window = begin(qtbot, started, demo_db_path)  # opened on Friday, closed unchanged
    finish(qtbot, window)
    close(window)
    for day in (3, 4, 5):  # Saturday, Sunday and Monday are kept; Tuesday is not
        assert last_figures(demo_db_path, wednesday + dt.timedelta(days=day)) is not None
    assert last_figures(demo_db_path, wednesday + dt.timedelta(days=6)) is None
    monkeypatch.setattr(figures_snapshot, "__version__", "99.0")
    assert last_figures(demo_db_path) is None


def todays(kept: dict[str, Any]) -> dict[str, Any]:
    """Today's figures in a file of kept figures (which holds the next start's too)."""
    [entry] = [e for e in kept["kept"] if e["stamp"]["date"] == clock.today().isoformat()]
    assert kept["kept"][0] is entry  # kept first, as the damaged-entry case assumes
    figures: dict[str, Any] = entry["figures"]
    return figures


def test_kept_figures_that_turn_out_stale_are_replaced_by_fresh_ones(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path
) -> None:
    """Should a change ever slip past the stamp, the file is still read and wins."""
    fresh = first_start(qtbot, started, demo_db_path)
    kept = json.loads(snapshot_path(demo_db_path).read_text(encoding="utf-8"))
    todays(kept)["mentees_waiting"] += 5
    snapshot_path(demo_db_path).write_text(json.dumps(kept), encoding="utf-8")
    window = begin(qtbot, started, demo_db_path)
    page = home(window)
    waiting = int(page.tiles["waiting"].value.text())
    assert page.has_current_figures and shown(page) != fresh
    finish(qtbot, window)
    assert shown(page) == fresh and int(page.tiles["waiting"].value.text()) == waiting - 5


@pytest.mark.parametrize(
    "damage",
    [
        lambda kept: todays(kept).update(milestones=[[6, 1]]),
        lambda kept: todays(kept).update(mentees_waiting="many"),
        lambda kept: todays(kept).pop("closed"),
        lambda kept: kept["kept"][0].update(figures=[]),
    ],
)
def test_damaged_kept_figures_are_never_shown(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path, damage: object
) -> None:
    first_start(qtbot, started, demo_db_path)
    kept = json.loads(snapshot_path(demo_db_path).read_text(encoding="utf-8"))
    damage(kept)  # type: ignore[operator]
    snapshot_path(demo_db_path).write_text(json.dumps(kept), encoding="utf-8")
    assert last_figures(demo_db_path) is None
    window = begin(qtbot, started, demo_db_path)
    assert not home(window).has_current_figures
    finish(qtbot, window)


def test_kept_figures_of_an_odd_shape_are_dropped(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path
) -> None:
    fresh = first_start(qtbot, started, demo_db_path)
    kept = json.loads(snapshot_path(demo_db_path).read_text(encoding="utf-8"))
    todays(kept)["milestones"].append([18, 1, 1])  # well formed, but not what is shown
    snapshot_path(demo_db_path).write_text(json.dumps(kept), encoding="utf-8")
    window = begin(qtbot, started, demo_db_path)
    assert not home(window).has_current_figures
    assert shown(finish(qtbot, window)) == fresh


def test_a_screen_asked_for_while_the_file_opens_comes_once_it_is_open(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path
) -> None:
    window = begin(qtbot, started, demo_db_path)
    window.nav.setCurrentRow(1)
    assert isinstance(window.current_page(), DashboardPage)
    qtbot.waitUntil(lambda: window.context.loaded, timeout=10_000)
    page = window.current_page()
    assert isinstance(page, ParticipantsPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=10_000)
    window.context.tasks.wait(10_000)


def test_a_first_step_pressed_while_the_file_opens_is_taken_once_it_is_open(
    qtbot: QtBot, started: list[MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "Spring.sqlite"
    first_start(qtbot, started, path)
    window = begin(qtbot, started, path)
    page = home(window)
    assert page.has_current_figures and page.checklist.isVisibleTo(page)  # a new programme
    button = next(b for *_labels, b in page.checklist.rows if b.text() == "Go to Matching")
    button.click()
    assert isinstance(window.current_page(), DashboardPage)
    qtbot.waitUntil(lambda: window.context.loaded, timeout=10_000)
    assert window.current_page() is not None and window.current_page().title == "Matching"
    window.context.tasks.wait(10_000)


def test_a_new_file_starts_without_kept_figures(
    qtbot: QtBot, started: list[MainWindow], tmp_path: Path
) -> None:
    path = tmp_path / "Spring.sqlite"
    window = begin(qtbot, started, path)
    page = home(window)
    assert not page.has_current_figures and page.heading.text() == READING
    finish(qtbot, window)
    assert page.checklist.isVisibleTo(page) and not page.tiles_box.isVisibleTo(page)
    assert window.windowTitle() == "Spring — MentorDesk"


def test_a_file_open_elsewhere_still_gets_its_message(
    qtbot: QtBot, started: list[MainWindow], demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = patch_message_boxes(monkeypatch)
    with Database.open(demo_db_path):  # another MentorDesk has it open
        window = begin(qtbot, started, demo_db_path)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not window.context.loaded
    assert [title for title, _text in boxes.shown] == ["Cannot open this file"]
    assert "open" in boxes.texts() and "Traceback" not in boxes.texts()


def test_a_damaged_file_still_gets_its_message(
    qtbot: QtBot, started: list[MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = patch_message_boxes(monkeypatch)
    path = tmp_path / "damaged.sqlite"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    window = begin(qtbot, started, path)
    assert not home(window).has_current_figures
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not window.context.loaded
    assert len(boxes.shown) == 1 and "damaged" in boxes.texts()


def test_a_protected_file_asks_for_its_passphrase_and_keeps_no_figures(
    qtbot: QtBot,
    started: list[MainWindow],
    encrypted_demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Figures kept for the path before the file was protected: never shown, then removed.
    stale = {"stamp": figures_snapshot.change_stamp(encrypted_demo_path), "figures": {}}
    snapshot_path(encrypted_demo_path).parent.mkdir(parents=True, exist_ok=True)
    snapshot_path(encrypted_demo_path).write_text(json.dumps(stale), encoding="utf-8")
    prompts = type_passphrases(monkeypatch, [TEST_PASSPHRASE])
    window = begin(qtbot, started, encrypted_demo_path)
    assert not home(window).has_current_figures
    page = finish(qtbot, window)
    assert len(prompts) == 1 and window.context.db.encrypted
    assert page.tiles["active"].value.text() == "9"
    assert not snapshot_path(encrypted_demo_path).exists()


def test_only_numbers_are_kept(qtbot: QtBot, started: list[MainWindow], demo_db_path: Path) -> None:
    """No name, flag reason or closure reason is written outside the file."""
    with Database.open(demo_db_path) as db, db.transaction() as session:
        closed = session.scalars(select(Pairing).limit(1)).one()
        closed.status, closed.closure_kind = "closed", "early"
        closed.start_date = closed.start_date or clock.today() - dt.timedelta(days=40)
        closed.end_date = clock.today()
        closed.closure_reason = "Moved away with the Okafor family"
    first_start(qtbot, started, demo_db_path)
    kept = snapshot_path(demo_db_path).read_text(encoding="utf-8")
    with Database.open(demo_db_path, write=False) as db, db.reading() as session:
        people = session.execute(select(Participant.first_name, Participant.last_name)).all()
    assert len(people) == 60
    for first, last in people:
        assert f"{first} {last}" not in kept and last not in kept
    assert "Okafor" not in kept and "Moved away" not in kept
    assert snapshot_path(demo_db_path).parent.name == "last-figures"
    assert demo_db_path.name not in snapshot_path(demo_db_path).name


def test_the_window_is_drawn_before_the_data_layer_loads(
    demo_db_path: Path, tmp_path: Path
) -> None:
    """Up to the first paint, the start imports the standard library, PySide6 and a few
    small modules: no SQLAlchemy, models, Alembic, SciPy, reportlab or openpyxl."""
    script = (
        "import sys\n"
        "from mentordesk.cli import _window_arguments\n"
        "args = _window_arguments(['--db', sys.argv[1]])\n"
        "from mentordesk.ui.app import start_window\n"
        "window = start_window(args.db)\n"
        "assert window.isVisible() and not window.context.loaded\n"
        "heavy = ('sqlalchemy', 'alembic', 'scipy', 'reportlab', 'openpyxl', 'numpy',\n"
        "         'mentordesk.store.database', 'mentordesk.models.pairing')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    env = {"QT_QPA_PLATFORM": "offscreen", "MENTORDESK_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(demo_db_path)],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, **env},
        check=True,
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


@pytest.mark.parametrize(
    ("arguments", "window"),
    [
        ([], True),
        (["--db", "x.sqlite"], True),
        (["--db=x.sqlite", "--quit-after", "0"], True),
        (["--db", "x.sqlite", "list"], False),
        (["--help"], False),
        (["--version"], False),
        (["--db"], False),
        (["--quit-after", "soon"], False),
        (["--bogus"], False),
    ],
)
def test_only_a_plain_start_skips_the_commands(arguments: list[str], window: bool) -> None:
    """Opening the window reads its options without importing the commands; anything
    else (a command, help, a mistake) goes to the full parser, which says what is wrong."""
    assert (_window_arguments(arguments) is not None) == window


def test_a_file_checked_ahead_is_opened_without_checking_it_twice(
    demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentordesk.store import database
    from mentordesk.store.inspect import inspect_ahead

    inspected = inspect_ahead(demo_db_path)
    assert inspected is not None and inspected.state.revision is not None
    checks: list[Path] = []
    real = database.inspect_file
    monkeypatch.setattr(database, "inspect_file", lambda *a: checks.append(a[0]) or real(*a))
    with Database.open(demo_db_path, inspected=inspected):
        pass
    assert checks == []


def test_a_file_changed_after_its_check_ahead_is_checked_again(tmp_path: Path) -> None:
    """The check ahead counts only for the file as it was: one damaged since is refused."""
    from mentordesk.errors import DatabaseError
    from mentordesk.store.inspect import inspect_ahead

    path = tmp_path / "Spring.sqlite"
    Database.open(path).close()
    inspected = inspect_ahead(path)
    assert inspected is not None
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 8000)
    with pytest.raises(DatabaseError, match="damaged"):
        Database.open(path, inspected=inspected)
