"""The dashboard screen, driven with pytest-qt on the demo programme."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from mentordesk.models import ClosureKind, Initiator, Pairing, PairingStatus
from mentordesk.monitoring.closures import ClosureContext
from mentordesk.monitoring.flags import Flag, FlagKind, Severity, compute_flags
from mentordesk.pairings.concerns import get_concern, resolve_concern
from mentordesk.store import Database
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.dashboard.monitoring_settings_dialog import MonitoringSettingsDialog
from mentordesk.ui.pairings.close_pairing_dialog import OTHER_REASON, ClosePairingDialog
from mentordesk.ui.pairings.pair_support_dialogs import CommitmentDialog, ResolveConcernDialog
from mentordesk.ui.widgets.chart_view import BarChart
from mentordesk.ui.window.context import ACTIVITY, AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.history import d

TODAY = d("2026-11-25")


@pytest.fixture
def context(demo_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> AppContext:
    def no_box(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for name in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, name, no_box)
    return AppContext(demo_db, synchronous_tasks=True)


@pytest.fixture
def page(context: AppContext, qtbot: Any) -> Iterator[DashboardPage]:
    widget = DashboardPage(context)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    widget.refresh()
    yield widget


def select_flag(page: DashboardPage, match: Any) -> Flag:
    """Select the row (one pair) holding a flag that matches; that flag."""
    for row in range(page.flag_proxy.rowCount()):
        index = page.flag_proxy.index(row, 0)
        pair = page.flag_proxy.data(index, Qt.ItemDataRole.UserRole + 2)
        for flag in pair.flags:
            if match(flag):
                page.flag_table.setCurrentIndex(index)
                return flag
    raise AssertionError("no such flag on the dashboard")


def shown_flags(page: DashboardPage) -> list[Flag]:
    """Every flag in the rows the dashboard lists (snoozed ones are filtered out)."""
    return [
        flag
        for row in range(page.flag_proxy.rowCount())
        for flag in page.flag_proxy.data(
            page.flag_proxy.index(row, 0), Qt.ItemDataRole.UserRole + 2
        ).flags
    ]


def pairing_of(db: Database, pairing_id: int) -> Pairing:
    with db.reading() as session:
        pairing = session.get(Pairing, pairing_id)
        assert pairing is not None
        session.expunge(pairing)
        return pairing


def test_counts_flags_and_models(
    page: DashboardPage, demo_db: Database, qtmodeltester: Any
) -> None:
    with demo_db.reading() as session:
        expected = compute_flags(session, TODAY)
    assert "Wednesday 25 November 2026" in page.heading.text()
    assert page.tiles["active"].value.text() == "9"
    assert page.tiles["paused"].value.text() == "2"
    assert page.tiles["closed"].value.text() == "2"
    assert page.tiles["waiting"].value.text() == str(page.dashboard.mentees_waiting)
    # One row per pair (or waiting mentee), with all its reasons, most serious first.
    pairs = {(f.pairing_id, f.record_id if f.pairing_id is None else None) for f in expected}
    assert page.flag_model.rowCount() == len(pairs) < len(expected)
    assert sorted(shown_flags(page), key=lambda f: f.sort_key) == expected
    first = page.flag_proxy.index(0, 0)
    assert page.flag_proxy.data(first) == "High"
    reasons = page.flag_proxy.data(page.flag_proxy.index(0, 3))
    assert reasons.startswith(expected[0].message.removesuffix("."))
    assert expected[0].kind is FlagKind.SAFETY_CONCERN
    assert page.flag_proxy.data(first, Qt.ItemDataRole.DecorationRole) is not None
    waiting = sum(1 for f in expected if f.kind is FlagKind.MENTEE_WAITING)
    assert page.lists.tabText(0).startswith(
        f"Flags: {len(pairs) - waiting} pairs, {waiting} waiting, "
    )
    assert f"({len(expected)} flags)" in page.lists.tabText(0)
    severities = [
        page.flag_proxy.data(page.flag_proxy.index(r, 0), Qt.ItemDataRole.UserRole + 2).severity
        for r in range(page.flag_proxy.rowCount())
    ]
    assert [s.rank for s in severities] == sorted(s.rank for s in severities)  # grouped
    for row in range(page.flag_proxy.rowCount()):
        pair = page.flag_proxy.data(page.flag_proxy.index(row, 0), Qt.ItemDataRole.UserRole + 2)
        ranks = [(f.severity.rank, f.kind.rank) for f in pair.flags]
        assert ranks == sorted(ranks)  # the most serious reason first
    assert page.check_in_model.rowCount() > 0
    assert page.meetings_chart.bars()[-1][0] == "Nov"
    assert [label for label, _ in page.status_chart.bars()] == [
        "Proposed",
        "Active",
        "Paused",
        "Closed",
    ]
    assert page.reason_model.rowCount() == 2
    assert "2 of 2 closed pairs ended early" in page.closure_summary.text()
    for model in (page.flag_model, page.check_in_model, page.reason_model, page.duration_model):
        qtmodeltester.check(model)


def test_click_through_to_the_pairing_and_the_waiting_mentee(
    page: DashboardPage, context: AppContext, qtbot: Any
) -> None:
    flag = select_flag(page, lambda f: f.kind is FlagKind.NO_RECENT_MEETING)
    rect = page.flag_table.visualRect(page.flag_table.currentIndex())
    # A real double-click: press and release, then the double-click event.
    qtbot.mouseClick(page.flag_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(context.navigate) as signal:
        qtbot.mouseDClick(page.flag_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["pairings", flag.pairing_id]
    waiting = select_flag(page, lambda f: f.kind is FlagKind.MENTEE_WAITING)
    page.flag_table.setFocus()
    with qtbot.waitSignal(context.navigate) as signal:
        qtbot.keyClick(page.flag_table, Qt.Key.Key_Return)
    assert signal.args == ["participants", waiting.record_id]
    assert not page.close_button.isEnabled()  # no pairing to close
    first = page.check_in_proxy.index(0, 0)
    page.check_in_table.setCurrentIndex(first)
    with qtbot.waitSignal(context.navigate) as signal:
        page.open_check_in()
    assert signal.args[0] == "pairings"


def test_severity_filter_and_search(page: DashboardPage) -> None:
    total = page.flag_proxy.rowCount()
    page.severity_filter.setCurrentIndex(2)  # high only
    shown = [
        page.flag_proxy.data(page.flag_proxy.index(r, 0), Qt.ItemDataRole.UserRole + 2)
        for r in range(page.flag_proxy.rowCount())
    ]
    assert shown and all(p.severity is Severity.HIGH for p in shown)
    page.severity_filter.setCurrentIndex(0)
    assert page.flag_proxy.rowCount() == total
    page.flag_search.setText("Safety concern")
    assert page.flag_proxy.rowCount() == 1


def test_close_pair_from_a_flag_with_undo(
    page: DashboardPage, context: AppContext, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    flag = select_flag(page, lambda f: f.kind is FlagKind.NO_RECENT_MEETING)
    assert page.close_button.isEnabled()
    seen: list[ClosureContext] = []

    def fill(dialog: ClosePairingDialog) -> int:
        seen.append(dialog.pair)
        dialog.reason.setCurrentText("Mentee lost interest")
        dialog.initiator.select_value(Initiator.MENTEE)
        dialog.meeting.check.setChecked(True)
        dialog.notes.setPlainText("Closure meeting at school.")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ClosePairingDialog, "exec", fill)
    page.close_button.click()
    assert seen[0].suggested_kind is ClosureKind.EARLY
    pairing = pairing_of(demo_db, flag.pairing_id)
    assert pairing.status is PairingStatus.CLOSED
    assert pairing.closure_reason == "Mentee lost interest"
    assert pairing.closure_kind is ClosureKind.EARLY
    assert pairing.closure_initiator is Initiator.MENTEE
    assert pairing.closure_meeting_on == TODAY
    assert pairing.closure_notes == "Closure meeting at school."
    # The dashboard refreshed itself: the pair no longer drifts, it is closed.
    assert not [
        f
        for f in shown_flags(page)
        if f.pairing_id == flag.pairing_id and f.kind is FlagKind.NO_RECENT_MEETING
    ]
    assert page.tiles["closed"].value.text() == "3"
    context.undo_stack.undo()
    restored = pairing_of(demo_db, flag.pairing_id)
    assert (restored.status, restored.end_date, restored.closure_reason) == (
        PairingStatus.ACTIVE,
        None,
        "",
    )
    assert page.tiles["closed"].value.text() == "2"
    context.undo_stack.redo()
    assert pairing_of(demo_db, flag.pairing_id).status is PairingStatus.CLOSED


def test_resolve_a_concern_with_undo(
    page: DashboardPage, context: AppContext, demo_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    flag = select_flag(page, lambda f: f.kind is FlagKind.SAFETY_CONCERN)
    assert page.resolve_button.isEnabled()

    def fill(dialog: ResolveConcernDialog) -> int:
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        assert not ok.isEnabled()  # not without saying what was done and who decided
        dialog.action.setPlainText("Spoke to the safeguarding lead and the guardian.")
        assert not ok.isEnabled()
        dialog.decided_by.setText("Priya Shah, safeguarding lead")
        assert ok.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ResolveConcernDialog, "exec", fill)
    page.resolve_button.click()
    assert not [f for f in shown_flags(page) if f.kind is FlagKind.SAFETY_CONCERN]
    with demo_db.reading() as session:
        concern = get_concern(session, flag.record_id)
    assert (concern.resolved_on, concern.resolved_by) == (TODAY, "Priya Shah, safeguarding lead")
    assert "safeguarding lead" in concern.resolution
    context.undo_stack.undo()
    assert shown_flags(page)[0].kind is FlagKind.SAFETY_CONCERN


def test_change_a_pairs_commitment(
    page: DashboardPage, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    flag = select_flag(page, lambda f: f.kind is FlagKind.FEWER_MEETINGS)

    def fill(dialog: CommitmentDialog) -> int:
        dialog.own_per_month.setChecked(True)
        dialog.per_month.setValue(1)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CommitmentDialog, "exec", fill)
    page.commitment_button.click()

    def fewer() -> list[Flag]:
        return [
            f
            for f in shown_flags(page)
            if f.kind is FlagKind.FEWER_MEETINGS and f.pairing_id == flag.pairing_id
        ]

    assert fewer() == []
    context.undo_stack.undo()
    assert len(fewer()) == 1


def test_monitoring_settings_change_the_flags(
    page: DashboardPage, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    def waiting() -> int:
        return sum(1 for f in shown_flags(page) if f.kind is FlagKind.MENTEE_WAITING)

    before = waiting()
    assert before > 0

    def fill(dialog: MonitoringSettingsDialog) -> int:
        dialog.spins["waiting_days"].setValue(730)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(MonitoringSettingsDialog, "exec", fill)
    page.settings_button.click()
    assert waiting() == 0
    context.undo_stack.undo()
    assert waiting() == before


def test_page_refreshes_when_activity_changes(
    page: DashboardPage, context: AppContext, demo_db: Database
) -> None:
    concern = next(f for f in shown_flags(page) if f.kind is FlagKind.SAFETY_CONCERN)
    with demo_db.transaction() as session:
        resolve_concern(
            session, concern.record_id, resolved_on=TODAY, action="Met", decided_by="Lead"
        )
    context.notify(ACTIVITY)
    assert all(f.kind is not FlagKind.SAFETY_CONCERN for f in shown_flags(page))


def test_close_dialog_asks_for_a_reason(qtbot: Any) -> None:
    pair = ClosureContext(
        7,
        "Helen Carter & Liam Walsh",
        PairingStatus.ACTIVE,
        d("2026-06-01"),
        ClosureKind.PLANNED,
        mentee_is_minor=True,
    )
    dialog = ClosePairingDialog(pair, TODAY)
    qtbot.addWidget(dialog)
    assert dialog.planned.isChecked()
    assert dialog.contact.currentText() == "No contact outside the programme."
    assert not dialog.ok_button.isEnabled()  # no reason chosen yet
    dialog.reason.setCurrentText("Mentor moved away")
    assert dialog.planned.isChecked()  # the pair has run its committed months
    assert dialog.ok_button.isEnabled()
    dialog.reason.setCurrentText(OTHER_REASON)
    assert not dialog.ok_button.isEnabled()
    dialog.other_reason.setText("Mentor changed role")
    assert dialog.ok_button.isEnabled()
    dialog.early.setChecked(True)
    dialog.contact.setEditText("Letters through the school only.")
    request = dialog.request()
    assert request.reason == "Mentor changed role"
    assert request.kind is ClosureKind.EARLY
    assert request.initiator is None
    assert request.on_date == TODAY and request.closure_meeting_on is None
    assert request.post_closure_contact == "Letters through the school only."
    # The closing date lies between the start and today.
    assert dialog.closing_date.minimumDate().toPython() == d("2026-06-01")
    assert dialog.closing_date.maximumDate().toPython() == TODAY


def test_bar_chart_draws_and_describes_itself(qtbot: Any) -> None:
    chart = BarChart("Meetings per month")
    qtbot.addWidget(chart)
    chart.resize(320, 200)
    chart.set_bars([("Oct", 12), ("Nov", 30)])
    image = chart.grab().toImage()
    assert not image.isNull()
    assert chart.accessibleDescription() == "Meetings per month. Oct: 12, Nov: 30"
    chart.set_bars([])
    assert not chart.grab().toImage().isNull()


def test_dashboard_is_the_home_screen(context: AppContext, qtbot: Any) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert isinstance(window.pages[0], DashboardPage)
    assert window.stack.currentWidget() is window.pages[0]
    assert window.nav.item(0).text() == "Dashboard"


def test_figures_are_computed_off_the_gui_thread(demo_db: Database, qtbot: Any) -> None:
    context = AppContext(demo_db)  # a real worker thread, as in the application
    page = DashboardPage(context)
    qtbot.addWidget(page)
    page.refresh()
    page.refresh()  # a second reload while the first runs: only the latest is shown
    # Results arrive through the event loop, never in the middle of the caller's code.
    assert page.dashboard is None
    assert page.heading.text() == "Computing the dashboard…"
    qtbot.waitUntil(lambda: page.dashboard is not None, timeout=10_000)
    context.tasks.wait(10_000)
    assert page.flag_model.rowCount() == len(page.dashboard.board.pairs) > 0
    assert page.tiles["active"].value.text() == "9"


def test_snooze_a_flag_until_a_date_with_undo(
    page: DashboardPage, context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentordesk.ui.dashboard.snooze_dialog import SnoozeDialog

    flag = select_flag(page, lambda f: f.kind is FlagKind.CHECK_IN_OVERDUE)
    assert page.current_flag() is not None and page.snooze_button.isEnabled()
    before = page.flag_proxy.rowCount()

    def fill(dialog: SnoozeDialog) -> int:
        assert FlagKind.SAFETY_CONCERN not in dialog.kind.values()
        dialog.kind.select_value(FlagKind.CHECK_IN_OVERDUE)
        assert not dialog.ok_button.isEnabled()  # not without a reason
        dialog.reason.setText("Guardian away until the new year")
        dialog.until.setDate(dialog.until.date().addDays(30))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(SnoozeDialog, "exec", fill)
    page.snooze_button.click()
    assert not [
        f
        for f in shown_flags(page)
        if f.pairing_id == flag.pairing_id and f.kind is FlagKind.CHECK_IN_OVERDUE
    ]
    assert page.lists.tabText(0).endswith("; 1 snoozed")
    # The "Snoozed" filter lists it, saying until when and why; Wake up brings it back.
    page.severity_filter.setCurrentIndex(page.severity_filter.findText("Snoozed"))
    assert page.flag_proxy.rowCount() == 1
    page.flag_table.selectRow(0)
    assert "Guardian away" in page.flag_detail.text() and page.wake_button.isEnabled()
    context.undo_stack.undo()
    assert page.flag_proxy.rowCount() == 0
    page.severity_filter.setCurrentIndex(0)
    assert page.flag_proxy.rowCount() == before
    context.undo_stack.redo()
    page.severity_filter.setCurrentIndex(page.severity_filter.findText("Snoozed"))
    page.flag_table.selectRow(0)
    page.wake_button.click()
    page.severity_filter.setCurrentIndex(0)
    assert any(
        f.kind is FlagKind.CHECK_IN_OVERDUE and f.pairing_id == flag.pairing_id
        for f in shown_flags(page)
    )


def test_a_safety_concern_is_never_offered_for_snoozing(page: DashboardPage) -> None:
    select_flag(page, lambda f: f.kind is FlagKind.SAFETY_CONCERN)
    pair = page.current_flag()
    assert pair is not None and FlagKind.SAFETY_CONCERN not in pair.snoozable()
    assert page.snooze_button.isEnabled() == bool(pair.snoozable())


def test_start_up_waits_for_the_home_screens_figures(demo_db: Database, qtbot: Any) -> None:
    """`--quit-after` and the collector's return count from the figures shown, not from the
    window's first paint: the home screen says when it has settled."""
    from mentordesk.ui.app import when_home_ready

    window = MainWindow(AppContext(demo_db))  # a real worker thread, as at start-up
    qtbot.addWidget(window)
    window.show()
    page = window.current_page()
    assert isinstance(page, DashboardPage)
    seen: list[str] = []
    when_home_ready(window, lambda: seen.append(page.tiles["active"].value.text()))
    assert seen == []  # the figures are still being computed
    qtbot.waitUntil(lambda: bool(seen), timeout=10_000)
    assert seen == ["9"] and page.has_settled
    # Once settled, a caller is called back at once, and only once.
    when_home_ready(window, lambda: seen.append("again"))
    page.refresh()
    qtbot.waitUntil(lambda: page.dashboard is not None, timeout=10_000)
    window.context.tasks.wait(10_000)
    assert seen == ["9", "again"]


def test_the_home_screen_settles_when_the_figures_fail(
    demo_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mentordesk.monitoring import figures

    def broken(*_args: object) -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(figures, "home_screen", broken)
    page = DashboardPage(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.settled, timeout=10_000):
        page.refresh()
    assert page.dashboard is None and "could not" in page.heading.text().casefold()
