"""The pairings screen: the table, navigation to a pairing, status changes, new pairings,
rematching, deletion and commitments, each undone and redone through the undo stack."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from mentordesk.models import Initiator, PairingStatus, Participant
from mentordesk.pairings import activity
from mentordesk.pairings.pairing_records import pairing_detail
from mentordesk.programme.programme_queries import list_pairings
from mentordesk.store import Database
from mentordesk.ui.pairings.close_pairing_dialog import OTHER_REASON
from mentordesk.ui.pairings.pairing_detail import MEETINGS_TAB
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.widgets.date_fields import to_qdate
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.context import PARTICIPANTS, AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.pairing_ui import (
    MessageBoxes,
    open_page,
    open_window,
    pairing_of,
    patch_message_boxes,
    person_id,
    show_pairings,
)

TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    return patch_message_boxes(monkeypatch)


@pytest.fixture
def screen(
    qtbot: QtBot, demo_db: Database, boxes: MessageBoxes, request: pytest.FixtureRequest
) -> tuple[AppContext, PairingsPage]:
    return open_page(qtbot, demo_db, request)


@pytest.fixture
def window(
    qtbot: QtBot, demo_db: Database, boxes: MessageBoxes, request: pytest.FixtureRequest
) -> Iterator[MainWindow]:
    main = open_window(qtbot, demo_db, request)
    yield main
    main.close()


def _status(db: Database, pairing_id: int) -> PairingStatus:
    with db.reading() as s:
        return pairing_detail(s, pairing_id).status


def test_every_model_passes_the_model_tester(
    qtmodeltester, screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:  # type: ignore[no-untyped-def]
    _context, page = screen
    page.show_record(pairing_of(demo_db, "Zoë"))
    detail = page.detail
    assert detail.meetings.model.rowCount() > 0 and detail.goals.model.rowCount() > 0
    for model in (
        page.model,
        page.proxy,
        detail.meetings.model,
        detail.meetings.proxy,
        detail.check_ins.model,
        detail.check_ins.proxy,
        detail.goals.model,
        detail.goals.proxy,
    ):
        qtmodeltester.check(model)
    page.new_pairing()
    dialog = page.create_dialog
    assert dialog is not None and dialog.mentee_picker is not None
    for picker in (dialog.mentor_picker, dialog.mentee_picker):
        qtmodeltester.check(picker.model)
        qtmodeltester.check(picker.proxy)
    dialog.reject()


def test_table_shows_each_pairing_with_its_meeting_figures(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    _context, page = screen
    with demo_db.reading() as s:
        expected = {r.id: r for r in list_pairings(s)}
    assert page.model.rowCount() == len(expected) == 15
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == [
        "Mentor",
        "Mentee",
        "Status",
        "Start date",
        "Last meeting",
        "Met this month",
    ]
    zoe = pairing_of(demo_db, "Zoë")
    row = page.model.position_of(zoe)
    assert row is not None
    cells = [page.model.index(row, c).data() for c in range(6)]
    assert cells[1] == "Zoë Müller" and cells[2] == "Active"
    assert cells[5] == str(expected[zoe].meetings_this_month)
    assert cells[4] == f"{expected[zoe].last_meeting:%d %b %Y}"
    assert page.count_label.text() == "15 pairings"
    page.status_filter.select_value("closed")
    assert page.proxy.rowCount() == 2 and page.count_label.text() == "2 of 15"


def test_sorting_keeps_the_selected_pairing(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    _context, page = screen
    zoe = pairing_of(demo_db, "Zoë")
    page.show_record(zoe)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    names = [page.proxy.index(r, 1).data() for r in range(page.proxy.rowCount())]
    assert names == sorted(names, key=str.casefold, reverse=True)
    assert page.current_id() == zoe and page.detail.pairing_id == zoe
    page.table.sortByColumn(4, Qt.SortOrder.AscendingOrder)  # last meeting; empty last
    met = [r.last_meeting for r in page.proxy.visible_rows()]
    assert met[-2:] == [None, None] and met[:-2] == sorted(met[:-2])
    assert page.current_id() == zoe


def test_navigation_selects_and_opens_a_pairing(window: MainWindow, demo_db: Database) -> None:
    context = window.context
    page = window.page_of(PairingsPage)
    assert isinstance(page, PairingsPage) and page.shows == ("pairings",)
    aisha = pairing_of(demo_db, "Aisha")
    page.search.setText("nobody matches this")
    context.navigate.emit("pairings", aisha)
    assert window.stack.currentWidget() is page
    assert page.search.text() == ""  # cleared so the pairing can be seen
    assert page.current_id() == aisha and page.detail.pairing_id == aisha
    assert "Aisha Khan" in page.detail.heading.text()


def test_status_changes_and_their_undo(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    ella = pairing_of(demo_db, "Ella")  # proposed
    page.show_record(ella)
    summary = page.detail.summary
    assert summary.activate_button.isEnabled() and not summary.pause_button.isEnabled()
    summary.activate_button.click()
    assert _status(demo_db, ella) is PairingStatus.ACTIVE
    assert page.model.row_at(page.model.position_of(ella)).status == "active"
    summary.pause_button.click()
    assert _status(demo_db, ella) is PairingStatus.PAUSED
    assert summary.resume_button.isEnabled() and not summary.pause_button.isEnabled()
    summary.resume_button.click()
    assert _status(demo_db, ella) is PairingStatus.ACTIVE
    assert [context.undo_stack.text(i).split(" pairing")[0] for i in range(3)] == [
        "Activate",
        "Pause",
        "Resume",
    ]
    context.undo_stack.undo()
    assert _status(demo_db, ella) is PairingStatus.PAUSED
    context.undo_stack.undo()
    assert _status(demo_db, ella) is PairingStatus.ACTIVE
    context.undo_stack.undo()
    with demo_db.reading() as s:
        back = pairing_detail(s, ella)
    assert back.status is PairingStatus.PROPOSED and back.start_date is None
    assert page.detail.summary.activate_button.isEnabled()
    for expected in (PairingStatus.ACTIVE, PairingStatus.PAUSED, PairingStatus.ACTIVE):
        context.undo_stack.redo()
        assert _status(demo_db, ella) is expected


def test_close_with_a_reason_and_undo(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    liam = pairing_of(demo_db, "Liam")
    page.show_record(liam)
    page.detail.summary.close_button.click()
    dialog = page.detail.close_dialog
    assert dialog is not None and dialog.isVisible()
    assert not dialog.ok_button.isEnabled()  # no reason yet
    dialog.reason.setCurrentText("Mentor moved away")
    assert dialog.early.isChecked() and dialog.ok_button.isEnabled()
    dialog.reason.setCurrentText("Goals achieved")
    assert dialog.planned.isChecked()
    dialog.reason.setCurrentText(OTHER_REASON)
    assert not dialog.ok_button.isEnabled()  # the reason is not written yet
    dialog.other_reason.setText("Mentee starts college far away; both agreed")
    dialog.early.setChecked(True)
    dialog.initiator.select_value(Initiator.MENTEE)
    dialog.closing_date.setDate(to_qdate(TODAY - dt.timedelta(days=2)))
    dialog.meeting.set_value(TODAY - dt.timedelta(days=3))
    dialog.contact.setCurrentText("Contact only through the programme coordinator.")
    dialog.notes.setPlainText("Good ending; cards exchanged.")
    dialog.buttons.accepted.emit()
    with demo_db.reading() as s:
        closed = pairing_detail(s, liam)
    assert closed.status is PairingStatus.CLOSED
    assert closed.closure_reason == "Mentee starts college far away; both agreed"
    assert closed.closure_kind is not None and closed.closure_kind.value == "early"
    assert closed.closure_initiator is Initiator.MENTEE
    assert closed.end_date == TODAY - dt.timedelta(days=2)
    assert closed.closure_meeting_on == TODAY - dt.timedelta(days=3)
    assert closed.post_closure_contact == "Contact only through the programme coordinator."
    assert closed.closure_notes == "Good ending; cards exchanged."
    summary = page.detail.summary
    assert summary.closure_box.isVisibleTo(summary) and summary.rematch_button.isEnabled()
    assert summary.closure_fields["Reason"].text().startswith("Mentee starts college")
    assert summary.closure_fields["Initiated by"].text() == "Mentee"

    context.undo_stack.undo()
    with demo_db.reading() as s:
        reopened = pairing_detail(s, liam)
    assert reopened.status is PairingStatus.ACTIVE and reopened.end_date is None
    assert reopened.closure_reason == "" and reopened.closure_initiator is None
    context.undo_stack.redo()
    assert _status(demo_db, liam) is PairingStatus.CLOSED


def test_new_pairing_with_warnings_then_undo(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    context, page = window.context, show_pairings(window)
    mia = person_id(demo_db, "Mia")
    with demo_db.transaction() as s:  # a minor with no guardian contact: a warning
        s.execute(
            update(Participant)
            .where(Participant.id == mia)
            .values(
                guardian_name="",
                guardian_phone="",
                guardian_email=None,
                date_of_birth=dt.date(2012, 5, 1),
            )
        )
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = page.create_dialog
    assert dialog is not None and dialog.mentee_picker is not None
    assert not dialog.ok_button.isEnabled()

    # An unready mentor: blocked, in red, whatever is ticked.
    dialog.mentor_picker.only_available.setChecked(False)
    assert dialog.mentor_picker.select_id(person_id(demo_db, "Catherine"))
    assert dialog.mentee_picker.select_id(mia)
    assert dialog.blocked() and "Not allowed" in dialog.problem_label.text()
    assert not dialog.acknowledge.isVisibleTo(dialog) and not dialog.ok_button.isEnabled()

    rachel = person_id(demo_db, "Rachel")
    dialog.mentor_picker.search.setText("stein")
    assert dialog.mentor_picker.proxy.rowCount() == 1
    assert dialog.mentor_picker.select_id(rachel)
    # Mia is under 18: the day her parent's permission came back (test_guardian_permission).
    dialog.permission.set_value(TODAY)
    dialog.permission.changed.emit()
    assert not dialog.blocked() and "no parent or guardian contact" in dialog.problem_label.text()
    assert dialog.acknowledge.isVisibleTo(dialog) and not dialog.ok_button.isEnabled()
    dialog.acknowledge.setChecked(True)
    assert dialog.ok_button.isEnabled()
    dialog.buttons.accepted.emit()

    with demo_db.reading() as s:
        new = next(r for r in list_pairings(s) if r.mentee_id == mia)
    assert (new.mentor_id, new.status, new.start_date) == (rachel, "active", TODAY)
    assert page.current_id() == new.id and page.detail.pairing_id == new.id
    assert page.model.rowCount() == 16
    assert context.undo_stack.undoText() == "Pair Rachel Stein & Mia Johansson"

    context.undo_stack.undo()
    assert page.model.position_of(new.id) is None and page.model.rowCount() == 15
    assert page.detail.pairing_id != new.id
    context.undo_stack.redo()
    assert page.model.position_of(new.id) is not None  # back under the same id


def test_proposed_pairing_has_no_start_date(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    _context, page = screen
    page.new_pairing()
    dialog = page.create_dialog
    assert dialog is not None and dialog.mentee_picker is not None
    dialog.status.select_value(PairingStatus.PROPOSED)
    assert not dialog.start.isEnabled()
    dialog.mentor_picker.select_id(person_id(demo_db, "Rachel"))
    dialog.mentee_picker.select_id(person_id(demo_db, "Ethan"))
    dialog.buttons.accepted.emit()
    with demo_db.reading() as s:
        new = next(r for r in list_pairings(s) if r.mentee_id == person_id(demo_db, "Ethan"))
    assert new.status == "proposed" and new.start_date is None


def test_rematch_a_closed_mentee(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    sofia = pairing_of(demo_db, "Sofia")  # closed
    page.show_record(sofia)
    summary = page.detail.summary
    assert summary.rematch_button.isEnabled() and not summary.close_button.isEnabled()
    summary.rematch_button.click()
    dialog = page.detail.rematch_dialog
    assert dialog is not None and dialog.mentee_picker is None
    assert "Sofia Rossi" in dialog.windowTitle()
    rachel = person_id(demo_db, "Rachel")
    dialog.mentor_picker.select_id(rachel)
    dialog.permission.set_value(TODAY)  # Sofia is under 18
    dialog.permission.changed.emit()
    assert dialog.ok_button.isEnabled()
    dialog.buttons.accepted.emit()
    new_id = page.current_id()
    assert new_id is not None and new_id != sofia
    with demo_db.reading() as s:
        new = pairing_detail(s, new_id)
        old = pairing_detail(s, sofia)
    assert new.mentee_id == old.mentee_id and new.mentor_id == rachel
    assert new.terms.notes.startswith("Rematched after the pairing with")
    assert old.status is PairingStatus.CLOSED
    assert context.undo_stack.undoText() == "Rematch Sofia Rossi with a new mentor"
    context.undo_stack.undo()
    assert page.model.position_of(new_id) is None


def test_delete_pairing_asks_and_undo_brings_it_all_back(
    qtbot: QtBot, window: MainWindow, demo_db: Database, boxes: MessageBoxes
) -> None:
    context, page = window.context, show_pairings(window)
    zoe = pairing_of(demo_db, "Siobhán")
    page.show_record(zoe)
    with demo_db.reading() as s:
        meetings = activity.list_meetings(s, zoe)
        check_ins = activity.list_check_ins(s, zoe)
    boxes.answer = boxes.answer.No
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert f"its {len(meetings)} meetings" in boxes.questions[-1]
    assert page.model.position_of(zoe) is not None and context.undo_stack.count() == 0

    boxes.answer = boxes.answer.Yes
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert page.model.position_of(zoe) is None
    assert page.detail.pairing_id != zoe
    context.undo_stack.undo()
    assert page.model.position_of(zoe) is not None
    with demo_db.reading() as s:
        assert activity.list_meetings(s, zoe) == meetings
        assert activity.list_check_ins(s, zoe) == check_ins
    context.undo_stack.redo()
    assert page.model.position_of(zoe) is None


def test_commitments_and_agreement_dates(
    screen: tuple[AppContext, PairingsPage], demo_db: Database, boxes: MessageBoxes
) -> None:
    context, page = screen
    zoe = pairing_of(demo_db, "Zoë")
    page.show_record(zoe)
    summary = page.detail.summary
    assert summary.per_month.text() == "Programme default (4)"
    assert not summary.save_button.isEnabled()
    summary.per_month.setValue(2)
    summary.minutes.setValue(90)
    summary.notes.setPlainText("Meets at the library on Tuesdays")
    assert summary.save_button.isEnabled()
    summary.save_button.click()
    with demo_db.reading() as s:
        detail = pairing_detail(s, zoe)
    assert (detail.meetings_per_month, detail.meeting_minutes) == (2, 90)
    assert detail.terms.notes == "Meets at the library on Tuesdays"
    assert not summary.save_button.isEnabled()
    assert "of 2 meetings of 90 min" in summary.progress_label.text()
    # The meetings entry now proposes the pair's own length.
    assert page.detail.meetings.entry.minutes.value() == 90

    printed = detail.terms.agreement_printed_on
    assert printed is not None
    summary.signed.set_value(printed - dt.timedelta(days=1))
    summary.signed.changed.emit()
    summary.save_button.click()
    assert "before it was printed" in boxes.warnings[-1]
    assert summary.save_button.isEnabled()  # the typed value is still there to fix
    summary.revert_button.click()
    assert not summary.save_button.isEnabled()

    context.undo_stack.undo()
    with demo_db.reading() as s:
        back = pairing_detail(s, zoe)
    assert back.terms.meetings_per_month is None and back.terms.notes == ""
    assert summary.per_month.value() == summary.per_month.minimum()
    context.undo_stack.redo()
    with demo_db.reading() as s:
        assert pairing_detail(s, zoe).terms == detail.terms


def test_unsaved_summary_is_kept_when_another_pairing_is_chosen(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    zoe, liam = pairing_of(demo_db, "Zoë"), pairing_of(demo_db, "Liam")
    page.show_record(zoe)
    page.detail.summary.notes.setPlainText("Call the school first")
    page.show_record(liam)
    with demo_db.reading() as s:
        assert pairing_detail(s, zoe).terms.notes == "Call the school first"
    assert context.undo_stack.count() == 1


def test_enter_on_a_pairing_goes_to_its_meeting_entry(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    _context, page = screen
    page.show_record(pairing_of(demo_db, "Zoë"))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert page.detail.tabs.currentIndex() == MEETINGS_TAB
    assert QApplication.focusWidget() is page.detail.meetings.entry.held_on


def test_tab_order_of_the_top_bar(qtbot: QtBot, screen: tuple[AppContext, PairingsPage]) -> None:
    _context, page = screen
    page.search.setFocus()
    order = [page.search]
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        order.append(QApplication.focusWidget())
    assert order == [page.search, page.status_filter, page.new_button, page.table]


def _inside_a_compound(widget: QWidget) -> bool:
    """Parts of a spin box, combo box (its pop-up list) or calendar are named by it."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QCalendarWidget):
            return True
        if parent.isWindow() and parent.windowFlags() & Qt.WindowType.Popup:
            return True
        parent = parent.parentWidget()
    return False


def test_every_input_has_an_accessible_name_or_label(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    _context, page = screen
    page.show_record(pairing_of(demo_db, "Zoë"))
    inputs = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QPlainTextEdit, QCheckBox)
    labelled = {label.buddy() for label in page.findChildren(QLabel) if label.buddy()}
    unnamed = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, inputs) or _inside_a_compound(widget):
            continue
        if widget.objectName().startswith("qt_"):
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if not (widget.accessibleName() or text or widget in labelled):
            unnamed.append(widget)
    assert [(type(w).__name__, w.parentWidget()) for w in unnamed] == []


def test_splitter_and_header_state_are_remembered(
    qtbot: QtBot, screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    page.splitter.setSizes([900, 400])
    page.table.horizontalHeader().resizeSection(0, 333)
    page.save_state()
    assert settings.load_state("pairings/splitter") is not None
    again = PairingsPage(context)
    qtbot.addWidget(again)
    again.resize(page.size())
    again.show()
    qtbot.waitExposed(again)
    assert again.splitter.sizes() == page.splitter.sizes()
    assert again.table.horizontalHeader().sectionSize(0) == 333


def test_edit_menu_names_the_action_and_ctrl_z_undoes(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    context = window.context
    zoe = pairing_of(demo_db, "Zoë")
    context.navigate.emit("pairings", zoe)
    page = window.page_of(PairingsPage)
    assert isinstance(page, PairingsPage)
    page.detail.summary.pause_button.click()
    undo_action = window.edit_menu.actions()[0]
    assert undo_action.text().startswith("&Undo Pause pairing")
    assert _status(demo_db, zoe) is PairingStatus.PAUSED
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _status(demo_db, zoe) is PairingStatus.ACTIVE
    assert window.edit_menu.actions()[1].text().startswith("&Redo Pause pairing")
    qtbot.keyClick(
        page.table,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert _status(demo_db, zoe) is PairingStatus.PAUSED
    assert window.statusBar().currentMessage().startswith("Redo: Pause pairing")


def test_a_change_that_hides_the_pairing_keeps_its_detail(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    _context, page = screen
    zoe = pairing_of(demo_db, "Zoë")
    page.status_filter.select_value("active")
    page.show_record(zoe)
    page.detail.summary.pause_button.click()
    assert page.model.position_of(zoe) is None  # no longer active: filtered out
    assert page.detail.pairing_id == zoe
    assert page.detail.summary.resume_button.isEnabled()  # can be resumed from here


def test_a_full_reread_keeps_the_pairing_and_what_was_typed(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    zoe = pairing_of(demo_db, "Zoë")
    page.show_record(zoe)
    page.detail.summary.notes.setPlainText("Half-typed note")
    context.notify(PARTICIPANTS)  # e.g. a name changed on another screen
    assert page.current_id() == zoe and page.detail.pairing_id == zoe
    assert page.detail.summary.notes.toPlainText() == "Half-typed note"
    assert context.undo_stack.count() == 0  # nothing saved behind the coordinator's back


def test_undo_while_the_screen_is_hidden_shows_fresh_data_later(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    context, page = screen
    zoe = pairing_of(demo_db, "Zoë")
    page.show_record(zoe)
    page.detail.summary.pause_button.click()
    page.hide()
    context.undo_stack.undo()
    assert _status(demo_db, zoe) is PairingStatus.ACTIVE
    page.show()
    page.refresh_if_stale()
    assert page.detail.pairing_id == zoe
    assert page.detail.summary.pause_button.isEnabled()
    assert page.model.row_at(page.model.position_of(zoe)).status == "active"


def test_close_dialog_dates_are_bounded(
    screen: tuple[AppContext, PairingsPage], demo_db: Database
) -> None:
    _context, page = screen
    zoe = pairing_of(demo_db, "Zoë")
    page.show_record(zoe)
    start = page.detail.detail.start_date  # type: ignore[union-attr]
    page.detail.close_pairing()
    dialog = page.detail.close_dialog
    assert dialog is not None
    assert dialog.closing_date.minimumDate() == to_qdate(start)
    assert dialog.closing_date.maximumDate() == to_qdate(TODAY)
    dialog.reject()
    assert _status(demo_db, zoe) is PairingStatus.ACTIVE


def test_deleting_a_pairing_with_unsaved_edits_saves_nothing(
    screen: tuple[AppContext, PairingsPage], demo_db: Database, boxes: MessageBoxes
) -> None:
    context, page = screen
    zoe = pairing_of(demo_db, "Siobhán")
    page.show_record(zoe)
    page.detail.summary.notes.setPlainText("Typed, then deleted")
    page.detail.summary.delete_button.click()
    assert page.model.position_of(zoe) is None and page.detail.pairing_id is None
    assert boxes.warnings == []
    assert [context.undo_stack.text(i) for i in range(context.undo_stack.count())] == [
        "Delete pairing Helen Carter & Siobhán Ó Súilleabháin"
    ]


def test_agreement_dates_show_month_names_as_the_rest_of_the_window(
    qtbot: QtBot, window: MainWindow, demo_db: Database
) -> None:
    from mentordesk.programme.text_input import format_date

    page = show_pairings(window)
    zoe = pairing_of(demo_db, "Zoë")
    page.show_record(zoe)
    summary = page.detail.summary
    with demo_db.reading() as s:
        terms = pairing_detail(s, zoe).terms
    assert terms.agreement_printed_on is not None
    assert summary.printed.edit.text() == format_date(terms.agreement_printed_on)  # "09 Nov 2026"
    # Typed as it shows: day, month name, year. 4 March: "03/04" reads as 3 April to many.
    edit = summary.signed.edit
    edit.setFocus()
    edit.setSelectedSection(edit.Section.DaySection)
    qtbot.keyClicks(edit, "04mar2026")
    assert summary.signed.value() == dt.date(2026, 3, 4)
    assert edit.text() == "04 Mar 2026" == format_date(dt.date(2026, 3, 4))
    assert summary.permission.edit.text() == format_date(summary.permission.edit.date().toPython())
    # A programme that types month first shows the same: a month name can't be misread.
    for field in (summary.printed, summary.signed, summary.permission):
        field.set_date_order("month_first")
    assert summary.signed.edit.text() == "04 Mar 2026"
    summary.revert_button.click()
