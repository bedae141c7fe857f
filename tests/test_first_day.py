"""The coordinator's first day, end to end, in the real main window: import mentees and
mentors from spreadsheets made here, re-import both unchanged, screen and train some
mentors, match, accept, print agreements and log a first meeting."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from mentordesk.models import Meeting, Pairing, PairingStatus, Participant, Role
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.documents.programme_settings_dialog import ProgrammeSettingsDialog
from mentordesk.ui.importing.import_wizard import ImportWizard
from mentordesk.ui.matching.matching_page import MatchingPage
from mentordesk.ui.pairings.pairing_detail import MEETINGS_TAB
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window.main_window import MainWindow
from mentordesk.ui.window.page import Page
from tests.conftest import FIXED_TODAY
from tests.pairing_ui import activate, open_window, person_id
from tests.pdf_check import flat, pages_text
from tests.roster_sheets import write_xlsx
from tests.ui_helpers import patch_message_boxes

MENTEES = [
    ["First name", "Last name", "Email", "Date of birth", "School", "Interests"],
    ["Ava", "Brown", "ava@school.example", "2012-03-04", "Hill School", "art; football"],
    ["Ben", "Clarke", "ben@school.example", "2011-07-21", "Hill School", "coding, music"],
    ["Cara", "Doyle", "cara@school.example", "2012-11-02", "Hill School", "law; debating"],
    ["Dev", "Evans", "dev@school.example", "2011-01-15", "Hill School", "science"],
]
MENTORS = [
    ["First name", "Last name", "Email", "Phone", "Employer", "Interests"],
    ["Maya", "Patel", "maya@work.example", "07700 900001", "Acme", "art; design"],
    ["Tom", "Hughes", "tom@work.example", "07700 900002", "Byte Ltd", "coding; music"],
    ["Lena", "Fischer", "lena@work.example", "07700 900003", "Law & Co", "law"],
]


def people(db: Database, role: Role) -> int:
    with db.reading() as s:
        return s.scalar(
            select(func.count()).select_from(Participant).where(Participant.role == role)
        )


def run_import(window: MainWindow, qtbot: QtBot, path: Path, role: Role) -> ImportWizard:
    window.import_roster(path)
    wizard = window.import_wizard
    page = wizard.file_page
    assert page.isComplete(), page.message.text()
    assert page.role_combo.select_value(role)
    wizard.next()  # header row
    wizard.next()  # mapping
    wizard.next()  # preview
    assert wizard.currentPage() is wizard.preview_page, wizard.mapping_page.message.text()
    return wizard


PageT = TypeVar("PageT", bound=Page)


def show(window: MainWindow, page_class: type[PageT]) -> PageT:
    page = window.page_of(page_class)
    window.nav.setCurrentRow(window.stack.indexOf(page))
    assert window.current_page() is page
    return page


def getting_started(window: MainWindow) -> dict[str, tuple[bool, str]]:
    """The dashboard's Getting started list as the coordinator reads it: each step's
    title, whether it is ticked, and what it says."""
    dashboard = show(window, DashboardPage)
    panel = dashboard.checklist
    return {
        title.text(): (tick.text() == "✓", detail.text())
        for tick, title, detail, _button in panel.rows
    }


def go_from_checklist(window: MainWindow, qtbot: QtBot, button_text: str) -> None:
    """Press a Getting started button (the first with this text)."""
    panel = show(window, DashboardPage).checklist
    button = next(b for *_labels, b in panel.rows if b.text() == button_text)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def fill_programme_settings(window: MainWindow, qtbot: QtBot) -> None:
    """The settings dialog is modal: fill it in and save once it is shown."""
    done: list[bool] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ProgrammeSettingsDialog)
        for field, text in (
            (dialog.name, "Hill School Mentoring"),
            (dialog.organisation, "Hill School"),
            (dialog.coordinator_name, "Sam Reed"),
            (dialog.coordinator_contact, "sam.reed@hill.example"),
            (dialog.safeguarding_lead, "Jo Lane"),
        ):
            field.clear()
            qtbot.keyClicks(field, text)
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        done.append(True)

    QTimer.singleShot(0, fill)
    go_from_checklist(window, qtbot, "Programme settings…")
    assert done


def screen_and_train(page: ParticipantsPage, qtbot: QtBot, mentor: int) -> None:
    """Tick off every required check with its evidence, and record two hours of training,
    on the mentor's Screening tab; save."""
    assert page.table.select_key(mentor)
    editor = page.editor
    assert editor.tabs.isTabEnabled(editor.screening_tab)
    editor.tabs.setCurrentIndex(editor.screening_tab)
    form = editor.screening
    assert form.readiness.text().startswith("Not ready to match")
    for row in form.item_rows:
        if not row.item.required:
            continue
        row.status.select_value("complete")
        assert row.completed.text() == "25 Nov 2026"
        qtbot.keyClicks(row.seen, "Seen: form on file")
        qtbot.keyClicks(row.seen_by, "Sam Reed")
        if row.references is not None:
            row.references.setValue(form.rules.min_references)
    qtbot.mouseClick(form.add_training_button, Qt.MouseButton.LeftButton)
    form.training_rows[-1].hours.setValue(2.5)
    assert editor.save_button.isEnabled(), editor.problems.text()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert form.readiness.text() == "Ready to match", form.readiness.text()
    assert page.model.row_for(mentor).ready


def test_first_day(
    qtbot: QtBot,
    db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    boxes = patch_message_boxes(monkeypatch)
    window = open_window(qtbot, db, request)
    mentees = write_xlsx(tmp_path / "mentees.xlsx", MENTEES)
    mentors = write_xlsx(tmp_path / "mentors.xlsx", MENTORS)

    # 0. A new file: the dashboard leads with the first steps, none ticked.
    steps = getting_started(window)
    assert [done for done, _detail in steps.values()] == [False] * 7, steps
    fill_programme_settings(window, qtbot)
    assert getting_started(window)["Fill in the programme settings"] == (True, "Done.")

    # 1. Mentees: no role column, so the wizard asks; everyone is a mentee.
    wizard = run_import(window, qtbot, mentees, Role.MENTEE)
    assert "<b>4</b> new" in wizard.preview_page.counts.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    assert "<b>4</b> people added" in wizard.summary_page.summary.text()
    wizard.accept()
    assert people(db, Role.MENTEE) == 4

    # 2. Mentors: "Everyone in the file is a mentor".
    wizard = run_import(window, qtbot, mentors, Role.MENTOR)
    assert "<b>3</b> new" in wizard.preview_page.counts.text(), wizard.preview_page.counts.text()
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page)
    wizard.accept()
    assert people(db, Role.MENTOR) == 3

    # 3. Both again, unchanged: nothing new, nothing rejected.
    for path, role in ((mentees, Role.MENTEE), (mentors, Role.MENTOR)):
        wizard = run_import(window, qtbot, path, role)
        counts = wizard.preview_page.counts.text()
        assert "<b>0</b> new" in counts and "<b>0</b> rows not imported" in counts, counts
        wizard.reject()
    assert people(db, Role.MENTEE) == 4 and people(db, Role.MENTOR) == 3
    steps = getting_started(window)
    assert steps["Import your mentees"] == (True, "4 mentees in the programme.")
    assert steps["Import your mentors"] == (True, "3 mentors in the programme.")
    assert steps["Record screening and training"][0] is False

    # 4. Screening and training for two of the three mentors, on their Screening tab.
    go_from_checklist(window, qtbot, "Go to Participants")
    participants = window.current_page()
    assert isinstance(participants, ParticipantsPage)
    maya, tom, lena = (person_id(db, name) for name in ("Maya", "Tom", "Lena"))
    for mentor in (maya, tom):
        screen_and_train(participants, qtbot, mentor)
    assert not participants.model.row_for(lena).ready
    assert getting_started(window)["Record screening and training"] == (
        True,
        "2 mentors ready to match.",
    )

    # 5. Match: two pairs proposed (Lena is not screened), each with its reasons; two
    # mentees wait, and say why.
    go_from_checklist(window, qtbot, "Go to Matching")
    matching = window.current_page()
    assert isinstance(matching, MatchingPage)
    qtbot.mouseClick(matching.run_button, Qt.MouseButton.LeftButton)
    proposals = {(p.mentee_name, p.mentor_name): p for p in matching.model.rows()}
    assert set(proposals) == {("Ava Brown", "Maya Patel"), ("Ben Clarke", "Tom Hughes")}, proposals
    assert all(p.reasons for p in proposals.values())
    assert matching.unmatched_model.total_rows() == 2
    assert "2 pairs proposed" in matching.summary.text()
    assert matching.accept_all_button.text() == "&Accept all (2)"

    # 6. Accept both, as proposed pairings (they start once the agreement is signed).
    assert matching.accept_status.value() == PairingStatus.PROPOSED
    qtbot.mouseClick(matching.accept_all_button, Qt.MouseButton.LeftButton)
    assert matching.model.total_rows() == 0
    with db.reading() as s:
        pairs = {(p.mentor_id, p.mentee_id): p.status for p in s.scalars(select(Pairing))}
    assert pairs == {
        (maya, person_id(db, "Ava")): PairingStatus.PROPOSED,
        (tom, person_id(db, "Ben")): PairingStatus.PROPOSED,
    }
    assert getting_started(window)["Match mentors and mentees"] == (True, "2 pairings made.")

    # 7. Print the agreements: the new pairings, one PDF each, into a folder.
    folder = tmp_path / "agreements"
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    go_from_checklist(window, qtbot, "Go to Documents")
    documents = window.current_page()
    assert isinstance(documents, DocumentsPage)
    qtbot.mouseClick(documents.agreements.select_new_button, Qt.MouseButton.LeftButton)
    assert len(documents.selected_ids()) == 2
    documents.separate.setChecked(True)
    qtbot.mouseClick(documents.agreements.save_button, Qt.MouseButton.LeftButton)
    files = sorted(folder.glob("*.pdf"))
    assert len(files) == 2, boxes.texts()
    assert "Saved 2 agreements" in documents.saved_label.text()
    texts = {path.name: flat(" ".join(pages_text(path))) for path in files}
    ava = next(text for text in texts.values() if "Ava Brown" in text)
    assert "Maya Patel" in ava and "Hill School Mentoring" in ava and "Jo Lane" in ava
    with db.reading() as s:
        printed = set(s.scalars(select(Pairing.agreement_printed_on)))
    assert printed == {FIXED_TODAY}
    assert getting_started(window)["Print the agreements"] == (True, "2 agreements printed.")

    # 8. The first meeting: Ava and Maya start, and meet today.
    go_from_checklist(window, qtbot, "Go to Pairings")
    pairings = window.current_page()
    assert isinstance(pairings, PairingsPage)
    with db.reading() as s:
        first = s.scalar(select(Pairing.id).where(Pairing.mentor_id == maya))
    activate(qtbot, window)  # offscreen, the closed dialogs do not hand activation back
    pairings.show_record(first)
    detail = pairings.detail
    assert "Agreement" not in boxes.texts()
    # Ava is under 18: her agreement came back signed by her parent, which is permission.
    detail.summary.signed.set_value(FIXED_TODAY)
    detail.summary.signed.changed.emit()
    qtbot.mouseClick(detail.summary.from_agreement, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.summary.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(detail.summary.activate_button, Qt.MouseButton.LeftButton)
    assert detail.summary.status_label.text() == "Active since 25 Nov 2026."
    detail.show_tab(MEETINGS_TAB)
    entry = detail.meetings.entry
    assert QApplication.focusWidget() is entry.held_on  # the tab opens on the date
    assert entry.held_on.date().toPython() == FIXED_TODAY
    entry.notes.setFocus()
    qtbot.keyClicks(entry.notes, "First meeting: agreed goals")
    qtbot.keyClick(entry.notes, Qt.Key.Key_Return)
    assert detail.meetings.error.isHidden(), detail.meetings.error.text()
    with db.reading() as s:
        meetings = [(m.pairing_id, m.held_on, m.notes) for m in s.scalars(select(Meeting))]
    assert meetings == [(first, FIXED_TODAY, "First meeting: agreed goals")]
    assert detail.tabs.tabText(MEETINGS_TAB) == "Meetings (1)"
    assert QApplication.focusWidget() is entry.held_on

    # Ctrl+Z at once (the date field has the focus) takes the meeting back; redo keeps it.
    qtbot.keyClick(entry.held_on, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 0
    assert detail.tabs.tabText(MEETINGS_TAB) == "Meetings (0)"
    window.redo_action.trigger()
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Meeting)) == 1

    # Every first step done: the dashboard shows the programme's figures instead.
    dashboard = show(window, DashboardPage)
    assert dashboard.checklist.isHidden() and not dashboard.tiles_box.isHidden()
    assert not boxes.shown, boxes.texts()
