"""A guided first run: the dashboard's getting-started list on a new programme, ticked from
what the file holds; empty screens that say what to do; printing with empty settings."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from mentordesk.models import Meeting, Pairing, Participant, Programme, Role
from mentordesk.programme.first_run import first_run_checklist, missing_settings
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.history import d
from tests.ui_helpers import patch_message_boxes

TODAY = d("2026-11-25")


def test_checklist_on_a_new_file_then_ticked_as_the_file_fills(db: Database) -> None:
    steps = first_run_checklist(db, TODAY).steps
    assert [s.title for s in steps] == [
        "Fill in the programme settings",
        "Import your mentees",
        "Import your mentors",
        "Record screening and training",
        "Match mentors and mentees",
        "Print the agreements",
        "Log the first meetings",
    ]
    assert not any(s.done for s in steps)
    assert "the programme's name" in steps[0].detail and "File → Import roster" in steps[1].detail
    with db.transaction() as session:
        programme = session.query(Programme).one()
        programme.name, programme.organisation = "Hillside Mentors", "Hillside School"
        programme.coordinator_name, programme.coordinator_contact = "Sam", "sam@example.org"
        programme.safeguarding_lead = "Jo"
        session.add(
            Participant(
                programme_id=programme.id, role=Role.MENTEE, first_name="Ann", last_name="Lee"
            )
        )
    steps = first_run_checklist(db, TODAY).steps
    assert [s.done for s in steps] == [True, True, False, False, False, False, False]
    assert steps[1].detail == "1 mentee in the programme."
    assert first_run_checklist(db, TODAY).next_step == steps[2]


def test_the_demo_programme_has_done_every_step(demo_db: Database) -> None:
    checklist = first_run_checklist(demo_db, TODAY)
    assert checklist.complete and checklist.next_step is None
    assert missing_settings(demo_db) == []
    with demo_db.reading() as session:
        assert session.query(Meeting).count() > 0 and session.query(Pairing).count() > 0


@pytest.fixture
def window(db: Database, qtbot: Any) -> MainWindow:
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_dashboard_of_a_new_file_leads_with_the_steps(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.page_of(DashboardPage)
    panel = page.checklist
    assert panel.isVisibleTo(window) and not page.tiles_box.isVisibleTo(window)
    ticks = [tick.text() for tick, _title, _detail, _button in panel.rows]
    assert ticks == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    buttons = {title.text(): button for _tick, title, _detail, button in panel.rows}
    assert buttons["Fill in the programme settings"].isDefault()  # the next step

    buttons["Match mentors and mentees"].click()
    assert window.current_page() is not None and window.current_page().title == "Matching"
    opened: list[str] = []

    def record(dialog: QDialog) -> int:
        opened.append(type(dialog).__name__)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QDialog, "exec", record)
    buttons["Fill in the programme settings"].click()
    assert opened == ["ProgrammeSettingsDialog"]
    window.nav.setCurrentRow(0)
    buttons["Import your mentees"].click()
    assert window.import_wizard.isVisible()
    window.import_wizard.reject()


def test_the_steps_tick_themselves_and_then_give_way_to_the_figures(
    db: Database, qtbot: Any
) -> None:
    from mentordesk.programme.demo import load_demo

    load_demo(db)
    window = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    page = window.page_of(DashboardPage)
    assert not page.checklist.isVisibleTo(window) and page.tiles_box.isVisibleTo(window)


def test_empty_screens_say_what_to_do_next(window: MainWindow) -> None:
    from mentordesk.ui.documents.documents_page import DocumentsPage
    from mentordesk.ui.matching.matching_page import MatchingPage
    from mentordesk.ui.pairings.pairings_page import PairingsPage
    from mentordesk.ui.participants.participants_page import ParticipantsPage

    expected = {
        ParticipantsPage: "File → Import roster",
        PairingsPage: "Propose pairs on Matching",
        MatchingPage: "Run matcher (F5)",
        DocumentsPage: "No pairings to print for yet",
    }
    for page_class, words in expected.items():
        page = window.page_of(page_class)
        window.nav.setCurrentRow([type(p) for p in window.pages].index(page_class))
        assert words in page.table.shown_empty_text(), page_class
        assert not page.table.grab().isNull()  # painted with the message
    participants = window.page_of(ParticipantsPage)
    participants.model.set_rows([])
    assert "Import roster" in participants.table.shown_empty_text()


def test_printing_with_empty_settings_names_them_first(
    demo_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from mentordesk.ui.documents.documents_page import DocumentsPage

    with demo_db.transaction() as session:
        programme = session.query(Programme).one()
        programme.coordinator_name = ""
        programme.safeguarding_lead = " "
    window = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(window)
    page = window.page_of(DocumentsPage)
    window.nav.setCurrentRow([type(p) for p in window.pages].index(DocumentsPage))
    page.table.selectRow(0)
    asked: list[str] = []
    from mentordesk.ui.documents import before_printing

    monkeypatch.setattr(before_printing, "ask_target", lambda *a: asked.append("file") or None)
    boxes = patch_message_boxes(monkeypatch)
    boxes.answer("Cancel")
    page.agreements.save_agreements()
    assert "the coordinator's name, the safeguarding lead" in boxes.texts()
    assert asked == []  # nothing printed
    boxes.answer("Print anyway")
    page.agreements.save_agreements()
    assert asked == ["file"]
