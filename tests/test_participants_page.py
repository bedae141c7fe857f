"""The participants screen driven through its real widgets: search and filters, editing
with validation as you type, add, archive, delete, screening, and undo/redo of each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QWidget
from sqlalchemy import select

from mentordesk.models import Pairing, Participant, ParticipantStatus
from mentordesk.participants.screening_edit import read_screening
from mentordesk.store import Database
from mentordesk.ui.participants.participants_page import ParticipantsPage, column_number
from mentordesk.ui.widgets.form_fields import error_of
from mentordesk.ui.window.context import AppContext
from tests.db_dump import dump
from tests.ui_helpers import Boxes, patch_message_boxes

UNPAIRED_MENTEE = 30
PAIRED_MENTEE = 1
MENTOR_WITH_PAIRING = 46
ALMOST_SCREENED = 56  # background check in progress, no training


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Boxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def context(demo_db: Database) -> Iterator[AppContext]:
    yield AppContext(demo_db, synchronous_tasks=True)


@pytest.fixture
def page(qtbot, context: AppContext, boxes: Boxes) -> ParticipantsPage:  # type: ignore[no-untyped-def]
    widget = ParticipantsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.refresh()
    return widget


def line(page: ParticipantsPage, name: str) -> QLineEdit:
    widget = page.editor.form.widgets[name]
    assert isinstance(widget, QLineEdit)
    return widget


def retype(qtbot, widget: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    widget.setFocus()
    widget.selectAll()
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(widget, text)


def stored(db: Database, participant_id: int) -> SimpleNamespace | None:
    """The participant's columns as stored (plain values, read in one short session)."""
    with db.reading() as session:
        person = session.get(Participant, participant_id)
        if person is None:
            return None
        return SimpleNamespace(
            **{c.key: getattr(person, c.key) for c in Participant.__table__.columns}
        )


def shown_ids(page: ParticipantsPage) -> set[int]:
    return {r.id for r in page.proxy.visible_rows()}


def test_models_pass_qt_checks_while_the_screen_is_used(  # type: ignore[no-untyped-def]
    page: ParticipantsPage, qtmodeltester, qtbot
) -> None:
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.proxy)
    qtbot.keyClicks(page.search, "ri")
    page.table.select_key(UNPAIRED_MENTEE)
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    page.status_filter.select_value(None)
    page.table.select_key(UNPAIRED_MENTEE)
    page.archive_selected()
    page.context.undo_stack.undo()
    page.search.clear()
    assert page.proxy.rowCount() == 60


def test_search_as_you_type_and_filters(page: ParticipantsPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    assert page.count_label.text() == "60 people"
    qtbot.keyClicks(page.search, "volunteers.example")
    assert page.proxy.rowCount() == 20  # every mentor's email
    page.search.clear()
    qtbot.keyClicks(page.search, "riverside secondary")
    assert page.proxy.rowCount() > 0
    assert all(r.organisation == "Riverside Secondary" for r in page.proxy.visible_rows())
    page.search.clear()
    page.role_filter.select_value("mentor")
    assert page.proxy.rowCount() == 20
    page.screening_filter.setChecked(True)
    assert shown_ids(page) == {55, 56, 57, 58, 59}
    assert all(r.readiness.startswith("Not ready") for r in page.proxy.visible_rows())
    assert page.count_label.text() == "5 of 60"
    page.screening_filter.setChecked(False)
    page.role_filter.select_value("mentee")
    page.unmatched_filter.setChecked(True)
    assert PAIRED_MENTEE not in shown_ids(page)
    assert UNPAIRED_MENTEE in shown_ids(page)
    assert 14 in shown_ids(page)  # their pairing was closed


def test_editing_validates_as_you_type_saves_and_undoes(  # type: ignore[no-untyped-def]
    page: ParticipantsPage, qtbot, context: AppContext
) -> None:
    assert page.table.select_key(UNPAIRED_MENTEE)
    editor = page.editor
    assert editor.participant_id == UNPAIRED_MENTEE
    old_email = stored(context.db, UNPAIRED_MENTEE).email  # type: ignore[union-attr]
    assert not editor.save_button.isEnabled()

    retype(qtbot, line(page, "email"), "lily@school")
    assert "not an email" in error_of(line(page, "email"))
    assert not editor.save_button.isEnabled()
    retype(qtbot, line(page, "guardian_name"), "")
    assert "Under 18" in error_of(line(page, "guardian_name"))
    assert "Under 18" in editor.problems.text()

    retype(qtbot, line(page, "email"), "lily@school.example.org")
    retype(qtbot, line(page, "guardian_name"), "Grace Chen")
    assert error_of(line(page, "email")) == ""
    assert editor.save_button.isEnabled()
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert stored(context.db, UNPAIRED_MENTEE).email == "lily@school.example.org"  # type: ignore[union-attr]
    row = page.model.row_for(UNPAIRED_MENTEE)
    assert row.email == "lily@school.example.org"
    assert context.undo_stack.undoText().startswith("Edit ")

    context.undo_stack.undo()
    assert stored(context.db, UNPAIRED_MENTEE).email == old_email  # type: ignore[union-attr]
    assert line(page, "email").text() == (old_email or "")
    context.undo_stack.redo()
    assert stored(context.db, UNPAIRED_MENTEE).email == "lily@school.example.org"  # type: ignore[union-attr]


def test_a_bad_date_is_marked_and_blocks_saving(page: ParticipantsPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    page.table.select_key(UNPAIRED_MENTEE)
    dob = line(page, "date_of_birth")
    retype(qtbot, dob, "31/02/2013")
    assert "not a date" in error_of(dob)
    assert not page.editor.save_button.isEnabled()
    retype(qtbot, dob, "28/02/2013")
    assert error_of(dob) == ""
    assert page.editor.save_button.isEnabled()


def test_an_edit_refreshes_only_the_touched_row(page: ParticipantsPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    resets: list[int] = []
    page.model.modelReset.connect(lambda: resets.append(1))
    page.table.select_key(UNPAIRED_MENTEE)
    retype(qtbot, line(page, "phone"), "0111")
    assert page.editor.save()
    page.context.undo_stack.undo()
    assert resets == []
    assert page.table.current_row().id == UNPAIRED_MENTEE


def test_add_a_participant_then_undo_and_redo(  # type: ignore[no-untyped-def]
    page: ParticipantsPage, qtbot, context: AppContext
) -> None:
    page.role_filter.select_value("mentor")
    page.new_record()
    editor = page.editor
    assert editor.is_new and editor.form.role.value() == "mentor"
    assert not editor.save_button.isEnabled()
    qtbot.keyClicks(line(page, "first_name"), "Late")
    qtbot.keyClicks(line(page, "last_name"), "Volunteer")
    assert "email or a phone" in editor.problems.text()
    qtbot.keyClicks(line(page, "email"), "late@volunteers.example.net")
    assert editor.save_button.isEnabled()
    assert editor.save()
    new_id = editor.participant_id
    assert new_id is not None
    assert stored(context.db, new_id).capacity == 1  # type: ignore[union-attr]
    assert page.table.current_row().id == new_id
    assert page.count_label.text() == "21 of 61"
    assert context.undo_stack.undoText() == "Add Late Volunteer"

    context.undo_stack.undo()
    assert stored(context.db, new_id) is None
    assert page.model.row_for(new_id) is None
    assert editor.participant_id != new_id  # the neighbouring row is shown instead
    context.undo_stack.redo()
    assert stored(context.db, new_id).last_name == "Volunteer"  # type: ignore[union-attr]
    assert page.model.row_for(new_id) is not None


def test_archive_hides_keeps_and_undoes(page: ParticipantsPage, context: AppContext) -> None:
    page.table.select_key(UNPAIRED_MENTEE)
    page.archive_selected()
    assert stored(context.db, UNPAIRED_MENTEE).status is ParticipantStatus.ARCHIVED  # type: ignore[union-attr]
    assert UNPAIRED_MENTEE not in shown_ids(page)
    page.status_filter.select_value(frozenset({"archived"}))
    assert shown_ids(page) == {UNPAIRED_MENTEE}
    page.table.select_key(UNPAIRED_MENTEE)
    assert page.unarchive_action.isEnabled() and not page.archive_action.isEnabled()
    context.undo_stack.undo()
    assert stored(context.db, UNPAIRED_MENTEE).status is ParticipantStatus.ACTIVE  # type: ignore[union-attr]
    assert shown_ids(page) == set()
    context.undo_stack.redo()
    assert shown_ids(page) == {UNPAIRED_MENTEE}
    page.table.select_key(UNPAIRED_MENTEE)
    page.unarchive_selected()
    assert stored(context.db, UNPAIRED_MENTEE).status is ParticipantStatus.ACTIVE  # type: ignore[union-attr]


def test_archiving_someone_in_a_pairing_is_refused(
    page: ParticipantsPage, boxes: Boxes, context: AppContext
) -> None:
    page.table.select_key(PAIRED_MENTEE)
    page.archive_selected()
    assert "close it before archiving" in boxes.texts()
    assert stored(context.db, PAIRED_MENTEE).status is ParticipantStatus.ACTIVE  # type: ignore[union-attr]
    assert context.undo_stack.count() == 0


def test_delete_asks_saying_what_goes_erases_all_and_undo_restores_exactly(
    page: ParticipantsPage, boxes: Boxes, context: AppContext
) -> None:
    before = dump(context.db)
    page.table.select_key(MENTOR_WITH_PAIRING)
    boxes.answer("Cancel")
    page.delete_selected()
    assert "1 pairing" in boxes.texts() and "meetings" in boxes.texts()
    assert "never-pair rule" in boxes.texts()
    assert dump(context.db) == before

    boxes.answer("Delete")
    page.delete_selected()
    assert stored(context.db, MENTOR_WITH_PAIRING) is None
    with context.db.reading() as session:
        assert (
            session.scalars(select(Pairing).where(Pairing.mentor_id == MENTOR_WITH_PAIRING)).first()
            is None
        )
    assert page.model.row_for(MENTOR_WITH_PAIRING) is None
    partner = page.model.row_for(6)
    assert partner.matches == 0  # their mentee's row was refreshed too

    context.undo_stack.undo()
    assert dump(context.db) == before
    assert page.model.row_for(MENTOR_WITH_PAIRING) is not None
    context.undo_stack.redo()
    assert stored(context.db, MENTOR_WITH_PAIRING) is None


def test_ticking_off_the_background_check_and_training_makes_a_mentor_ready(  # type: ignore[no-untyped-def]
    page: ParticipantsPage, qtbot, context: AppContext
) -> None:
    page.table.select_key(ALMOST_SCREENED)
    form = page.editor.screening
    assert page.editor.tabs.isTabEnabled(page.editor.screening_tab)
    assert "background check in progress" in form.readiness.text()
    check = next(r for r in form.item_rows if r.item.key == "background_check")
    check.status.select_value("complete")
    # Today is filled in, and the expiry from the programme's three-year validity.
    assert check.completed.text() == "25 Nov 2026"
    assert check.expires.text() == "25 Nov 2029"
    qtbot.mouseClick(form.add_training_button, Qt.MouseButton.LeftButton)
    form.training_rows[-1].hours.setValue(6)
    # A tick is not evidence: without what was seen and by whom, nothing can be saved.
    assert not page.editor.save_button.isEnabled()
    assert not page.editor.save()
    assert "certificate or reference number" in check.seen.toolTip()
    with context.db.reading() as session:
        stored = read_screening(session, ALMOST_SCREENED).check("background_check")
        assert stored is not None and stored.status == "in_progress"
    qtbot.keyClicks(check.seen, "DBS 001234567890")
    qtbot.keyClicks(check.seen_by, "A. Coordinator")
    assert page.editor.save_button.isEnabled()
    assert page.editor.save()
    assert form.readiness.text() == "Ready to match"
    row = page.model.row_for(ALMOST_SCREENED)
    assert row.ready
    assert context.undo_stack.undoText().startswith("Edit screening of ")

    context.undo_stack.undo()
    row = page.model.row_for(ALMOST_SCREENED)
    assert not row.ready
    assert "background check in progress" in form.readiness.text()
    with context.db.reading() as session:
        assert read_screening(session, ALMOST_SCREENED).trainings == ()
    context.undo_stack.redo()
    row = page.model.row_for(ALMOST_SCREENED)
    assert row.ready


def test_screening_requirements_change_and_undo(
    page: ParticipantsPage, monkeypatch: pytest.MonkeyPatch, context: AppContext
) -> None:
    from mentordesk.ui.participants.screening_rules_dialog import ScreeningRulesDialog

    def fill(dialog: ScreeningRulesDialog) -> int:
        dialog.own_items.setPlainText("Safeguarding course")
        dialog.items["interview"].setChecked(False)
        dialog.accept()
        return 1

    monkeypatch.setattr(ScreeningRulesDialog, "exec", fill)
    page.edit_rules()
    row = page.model.row_for(41)
    assert row.readiness == "Not ready: Safeguarding course not done"
    context.undo_stack.undo()
    row = page.model.row_for(41)
    assert row.readiness == "Ready to match"


def test_leaving_unsaved_changes_asks_first(  # type: ignore[no-untyped-def]
    page: ParticipantsPage, boxes: Boxes, qtbot
) -> None:
    page.table.select_key(UNPAIRED_MENTEE)
    retype(qtbot, line(page, "phone"), "0999")
    boxes.answer(QMessageBox.StandardButton.Cancel)
    page.table.select_key(PAIRED_MENTEE)
    assert page.editor.participant_id == UNPAIRED_MENTEE
    assert page.table.current_row().id == UNPAIRED_MENTEE
    assert line(page, "phone").text() == "0999"
    boxes.answer(QMessageBox.StandardButton.Discard)
    page.table.select_key(PAIRED_MENTEE)
    assert page.editor.participant_id == PAIRED_MENTEE
    assert "not saved yet" in boxes.texts()


def test_export_writes_the_table_as_shown(page: ParticipantsPage, tmp_path: Path) -> None:
    from mentordesk.ui.widgets.table_export import export_view

    page.role_filter.select_value("mentor")
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    page.table.horizontalHeader().setSectionHidden(column_number("Email"), True)
    page.table.horizontalHeader().setSectionHidden(column_number("Date of birth"), False)
    path = tmp_path / "mentors.xlsx"
    export_view(page.table, path)
    sheet = openpyxl.load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = [c.header for c in page.table.visible_columns()]
    assert list(rows[0]) == headers and "Email" not in headers
    shown = page.proxy.visible_rows()
    assert [r[0] for r in rows[1:]] == [r.last_name for r in shown]
    assert len(rows) == 21
    born = headers.index("Date of birth")
    assert all(c.is_date for c in sheet[openpyxl.utils.get_column_letter(born + 1)][1:])


def test_every_control_has_an_accessible_name(page: ParticipantsPage) -> None:
    from PySide6.QtWidgets import (
        QAbstractSpinBox,
        QComboBox,
        QPlainTextEdit,
        QTableView,
        QTabWidget,
    )

    page.table.select_key(41)  # a mentor: the screening form is built too
    kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTableView, QTabWidget)
    unnamed = [
        f"{type(w).__name__} {w.objectName()}"
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds)
        and not isinstance(w.parentWidget(), QAbstractSpinBox | QComboBox)
        and not w.accessibleName()
    ]
    assert unnamed == []


def test_tab_moves_through_the_filters_to_the_table_and_the_editor(  # type: ignore[no-untyped-def]
    page: ParticipantsPage, qtbot
) -> None:
    page.activateWindow()
    page.search.setFocus()
    order = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [
        page.role_filter,
        page.status_filter,
        page.screening_filter,
        page.unmatched_filter,
        page.table,
        page.editor.tabs.tabBar(),  # Details | Screening, then the fields
    ]


@pytest.mark.parametrize("status", ["on_hold", "withdrawn", "archived", "active"])
def test_each_status_set_in_the_form_saves_and_undoes(
    page: ParticipantsPage, context: AppContext, status: str
) -> None:
    page.table.select_key(UNPAIRED_MENTEE)
    if status == "active":  # from on hold back to active
        combo = page.editor.form.status
        combo.select_value("on_hold")
        assert page.editor.save()
    combo = page.editor.form.status
    before = stored(context.db, UNPAIRED_MENTEE).status  # type: ignore[union-attr]
    combo.select_value(status)
    assert page.editor.save()
    assert stored(context.db, UNPAIRED_MENTEE).status.value == status  # type: ignore[union-attr]
    assert (UNPAIRED_MENTEE in shown_ids(page)) == (status != "archived")
    context.undo_stack.undo()
    assert stored(context.db, UNPAIRED_MENTEE).status == before  # type: ignore[union-attr]


def test_archiving_in_the_form_is_refused_while_paired(
    page: ParticipantsPage, boxes: Boxes, context: AppContext
) -> None:
    page.table.select_key(PAIRED_MENTEE)
    combo = page.editor.form.status
    combo.select_value("archived")
    assert not page.editor.save()
    assert "close it before archiving" in boxes.texts()
    assert stored(context.db, PAIRED_MENTEE).status is ParticipantStatus.ACTIVE  # type: ignore[union-attr]


def test_a_copy_of_the_file_made_while_the_window_is_open_holds_the_change(  # type: ignore[no-untyped-def]
    page: ParticipantsPage, qtbot, context: AppContext, tmp_path: Path
) -> None:
    """A coordinator copies the programme file to a stick with the window still open: the
    copy (the file alone, without its `-wal`) already holds what was just saved."""
    import shutil
    import sqlite3

    page.new_record()
    qtbot.keyClicks(line(page, "first_name"), "Late")
    qtbot.keyClicks(line(page, "last_name"), "Volunteer")
    qtbot.keyClicks(line(page, "email"), "late@volunteers.example.net")
    assert page.editor.save()
    copy = tmp_path / "on the stick.sqlite"
    shutil.copyfile(context.db.path, copy)
    with sqlite3.connect(copy) as conn:
        names = conn.execute("SELECT last_name FROM participant").fetchall()
    assert ("Volunteer",) in names
