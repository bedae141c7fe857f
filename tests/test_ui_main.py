"""The main window on real data, driven with pytest-qt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from mentordesk.store import Database
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.widgets.table_model import ROW_ROLE
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.ui_helpers import patch_message_boxes


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> Iterator[MainWindow]:
    context = AppContext(demo_db, synchronous_tasks=True)
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()


def participants(window: MainWindow) -> ParticipantsPage:
    page = window.page_of(ParticipantsPage)
    assert isinstance(page, ParticipantsPage)
    # The window opens on the dashboard; go to the participants as a coordinator would.
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def test_window_opens_on_the_demo_programme(window: MainWindow) -> None:
    page = participants(window)
    assert page.model.rowCount() == 60
    assert window.windowTitle() == "demo — MentorDesk"
    assert page.count_label.text() == "60 people"


def test_typing_a_search_narrows_the_table(window: MainWindow, qtbot: QtBot) -> None:
    page = participants(window)
    qtbot.keyClicks(page.search, "siob")
    rows = page.proxy.visible_rows()
    assert [(r.first_name, r.last_name) for r in rows] == [("Siobhán", "Ó Súilleabháin")]
    assert page.count_label.text() == "1 of 60"
    page.search.clear()
    qtbot.keyClicks(page.search, "VOLUNTEERS.example")  # emails, any case
    assert page.proxy.rowCount() == 20


def test_role_filter_and_sorting(window: MainWindow) -> None:
    page = participants(window)
    page.role_filter.select_value("mentor")
    assert page.proxy.rowCount() == 20
    assert all(r.role == "mentor" for r in page.proxy.visible_rows())
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    names = [r.last_name.casefold() for r in page.proxy.visible_rows()]
    assert names == sorted(names, reverse=True)


def test_date_column_sorts_by_date_not_text(window: MainWindow) -> None:
    page = participants(window)
    page.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    born = [r.date_of_birth for r in page.proxy.visible_rows()]
    assert born == sorted(born)


def test_participant_model_passes_the_model_tester(window: MainWindow, qtmodeltester) -> None:
    page = participants(window)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)


def test_pairings_screen(window: MainWindow, qtmodeltester) -> None:
    window.nav.setCurrentRow(window.pages.index(window.page_of(PairingsPage)))
    page = window.page_of(PairingsPage)
    assert isinstance(page, PairingsPage)
    assert page.model.rowCount() == 15
    page.status_filter.select_value("paused")
    assert page.proxy.rowCount() == 2
    qtmodeltester.check(page.model)


def test_header_state_is_remembered(qtbot: QtBot, demo_db: Database) -> None:
    context = AppContext(demo_db, synchronous_tasks=True)
    first = MainWindow(context)
    qtbot.addWidget(first)
    header = participants(first).table.horizontalHeader()
    header.setSectionHidden(3, True)
    first.close()
    second = MainWindow(context)
    qtbot.addWidget(second)
    assert participants(second).table.horizontalHeader().isSectionHidden(3)
    second.close()


def test_opening_a_bad_file_shows_why_and_keeps_the_current_one(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes = patch_message_boxes(monkeypatch)
    bad = tmp_path / "letter.sqlite"
    bad.write_text("Dear parents,")
    assert not window.switch_database(bad)
    assert boxes.shown[0][0] == "Cannot open this file"
    assert "not a MentorDesk database" in boxes.shown[0][1]
    assert participants(window).model.rowCount() == 60


def test_switching_to_another_database(window: MainWindow, tmp_path: Path) -> None:
    other = tmp_path / "spring.sqlite"
    assert window.switch_database(other)
    page = participants(window)
    page.refresh_if_stale()
    assert page.model.rowCount() == 0
    assert window.windowTitle() == "spring — MentorDesk"


def test_selected_row_is_a_plain_row(window: MainWindow) -> None:
    page = participants(window)
    page.table.selectRow(0)
    row = page.proxy.data(page.proxy.index(0, 0), ROW_ROLE)
    assert page.table.selected_rows() == [row]
    assert not hasattr(row, "_sa_instance_state")


def test_the_view_shows_what_the_model_sorted_and_filtered(window: MainWindow) -> None:
    page = participants(window)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    page.proxy.set_search("a")
    page.role_filter.select_value("mentee")
    shown = [
        page.proxy.data(page.proxy.index(r, 0), ROW_ROLE) for r in range(page.proxy.rowCount())
    ]
    assert shown == page.proxy.visible_rows()
    firsts = [r.first_name.casefold() for r in shown]
    assert firsts == sorted(firsts, reverse=True)
    assert all(
        "a"
        in (
            r.first_name + r.last_name + (r.email or "") + r.organisation + " ".join(r.interests)
        ).casefold()
        for r in shown
    )


def test_selection_follows_its_row_when_the_table_is_resorted(window: MainWindow) -> None:
    page = participants(window)
    page.table.selectRow(3)
    chosen = page.table.selected_rows()
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    assert page.table.selected_rows() == chosen


def test_screens_are_built_when_first_shown(qtbot: QtBot, db: Database) -> None:
    from mentordesk.ui.window.pages import PAGES

    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    assert list(window._built) == [0]  # only the home screen
    assert window.nav.count() == len(PAGES)
    # Each screen's class carries the same title and navigation topics as its entry.
    for number, spec in enumerate(PAGES):
        window.nav.setCurrentRow(number)
        page = window.current_page()
        assert page is not None and type(page) is spec.load()
        assert page.title == spec.title
        assert tuple(getattr(page, "shows", ())) == spec.shows
        assert window.stack.indexOf(page) == number
    assert len(window.built_pages()) == len(PAGES)


def test_the_home_screen_starts_without_the_heavy_libraries(db_path: Path) -> None:
    """SciPy's optimizer, reportlab and openpyxl load when first needed, not at start."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from mentordesk.store import Database\n"
        "from mentordesk.ui.app import create_application\n"
        "from mentordesk.ui.window.context import AppContext\n"
        "from mentordesk.ui.window.main_window import MainWindow\n"
        "app = create_application([])\n"
        "window = MainWindow(AppContext(Database.open(Path(sys.argv[1]))))\n"
        "window.show(); app.processEvents()\n"
        "heavy = ('scipy', 'reportlab', 'openpyxl', 'numpy', 'alembic')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "window.context.tasks.wait(); window.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(db_path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
