"""Does every screen and dialog of the real main window fit a laptop screen?

`check_window(window)` shows each screen and opens each dialog through the window's own
routes (menus, buttons), and returns one line per thing that is cut off:

- a visible button or label that lies outside its parent (and so outside its window),
  except that content scrolled vertically out of a scroll area is fine;
- a scroll area that needs a horizontal scrollbar (its content is wider than the space);
- a label or button narrower than its text (a label that word-wraps may be narrower, but
  must then be tall enough for its lines);
- a window or dialog larger than the screen it is meant for (1280 × 720 logical pixels,
  which is also 2560 × 1440 at 200 %).

Used by tests (in the test's own QApplication, or in a process with QT_SCALE_FACTOR=2)
and by `python -m tools.screenshots --check`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QCheckBox,
    QDialog,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QTableView,
    QWidget,
)

SCREEN = (1280, 720)
# Rounding at fractional scales: a pixel either way is not a cut.
SLACK = 1


def _name(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QLabel | QAbstractButton):
        text = widget.text().replace("&", "")
    text = text or widget.accessibleName() or widget.objectName()
    return f"{type(widget).__name__} {text[:60]!r}"


def _is_scroll_viewport(widget: QWidget) -> bool:
    area = widget.parentWidget()
    return isinstance(area, QScrollArea) and widget is area.viewport()


def _cut_by_parent(widget: QWidget, top: QWidget) -> QWidget | None:
    """The first ancestor (up to `top`) that a part of `widget` lies outside of."""
    rect = widget.rect()
    child = widget
    while child is not top and child.parentWidget() is not None:
        ancestor = child.parentWidget()
        rect = rect.translated(child.pos())
        inner = ancestor.rect().adjusted(-SLACK, -SLACK, SLACK, SLACK)
        if _is_scroll_viewport(ancestor):
            # Scrolling down is fine; only the width has to fit. Above the scroll area,
            # only the part in view counts.
            if rect.left() < inner.left() or rect.right() > inner.right():
                return ancestor
            rect = rect.intersected(ancestor.rect())
            if rect.isEmpty():
                return None  # scrolled out of view
        elif not inner.contains(rect):
            return ancestor
        child = ancestor
    return None


def _hidden_width(area: QAbstractScrollArea) -> int:
    """How much of the content is out of view sideways, in pixels (a table scrolls by
    column, so its scroll bar's range counts columns)."""
    if isinstance(area, QTableView):
        return area.horizontalHeader().length() - area.viewport().width()
    return area.horizontalScrollBar().maximum()


def _too_narrow(widget: QWidget) -> str:
    if isinstance(widget, QLabel):
        if not widget.text() or (widget.pixmap() is not None and not widget.pixmap().isNull()):
            return ""
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + SLACK:
                return f"is {widget.height()} px high for {needed} px of text"
            return ""
        hint = widget.sizeHint()
        if hint.width() > widget.width() + SLACK:
            return f"is {widget.width()} px wide for {hint.width()} px of text"
        return ""
    if isinstance(widget, QPushButton | QCheckBox | QRadioButton) and widget.text():
        hint = widget.sizeHint()
        if hint.width() > widget.width() + SLACK:
            return f"is {widget.width()} px wide for {hint.width()} px of text"
    return ""


def widget_problems(top: QWidget, where: str) -> list[str]:
    """What is cut off in one top-level window or dialog, as shown now."""
    problems = []
    width, height = SCREEN
    if top.width() > width + SLACK or top.height() > height + SLACK:
        problems.append(
            f"{where}: {top.width()} × {top.height()} is larger than {width} × {height}"
        )
    for widget in top.findChildren(QWidget):
        if not widget.isVisibleTo(top) or widget.window() is not top:
            continue
        if isinstance(widget, QAbstractScrollArea):
            hidden = _hidden_width(widget)
            if widget.horizontalScrollBar().isVisibleTo(top) and hidden > SLACK:
                problems.append(f"{where}: {_name(widget)} scrolls sideways ({hidden} px)")
            continue
        if not isinstance(widget, QLabel | QAbstractButton):
            continue
        if widget.parentWidget() is not None and isinstance(
            widget.parentWidget(), QAbstractItemView
        ):
            continue  # an editor or index widget in a table is the table's business
        cut_by = _cut_by_parent(widget, top)
        if cut_by is not None:
            problems.append(f"{where}: {_name(widget)} is cut off by {_name(cut_by)}")
            continue
        narrow = _too_narrow(widget)
        if narrow:
            problems.append(f"{where}: {_name(widget)} {narrow}")
    return problems


@contextmanager
def capturing_dialogs(on_dialog: Callable[[QDialog], None]) -> Iterator[list[str]]:
    """While active, a dialog that is exec'd or opened is shown, handed to `on_dialog`,
    and then cancelled, so the code that opened it carries on as after a Cancel (an
    opened one once the code that opened it has returned, as with a real `open()`)."""
    seen: list[str] = []
    opened: list[QDialog] = []
    original_exec, original_open = QDialog.exec, QDialog.open

    def check_and_cancel(dialog: QDialog) -> None:
        QApplication.processEvents()
        seen.append(type(dialog).__name__)
        try:
            on_dialog(dialog)
        finally:
            dialog.reject()
            QApplication.processEvents()

    def run(dialog: QDialog, *_args: Any) -> int:
        dialog.show()
        check_and_cancel(dialog)
        return int(QDialog.DialogCode.Rejected)

    def open_(dialog: QDialog, *_args: Any) -> None:
        dialog.show()
        opened.append(dialog)

    QDialog.exec = run  # type: ignore[method-assign]
    QDialog.open = open_  # type: ignore[method-assign]
    try:
        yield seen
        while opened:
            check_and_cancel(opened.pop(0))
    finally:
        QDialog.exec = original_exec  # type: ignore[method-assign]
        QDialog.open = original_open  # type: ignore[method-assign]


def dialog_routes(window: Any) -> Iterator[tuple[str, Callable[[], None]]]:
    """(what, open it) for every dialog, through the window's own commands."""
    from mentordesk.monitoring.flags import FlagKind
    from mentordesk.ui.dashboard.dashboard_page import DashboardPage
    from mentordesk.ui.documents.documents_page import DocumentsPage
    from mentordesk.ui.matching.matching_page import MatchingPage
    from mentordesk.ui.pairings.pairing_detail import MEETINGS_TAB
    from mentordesk.ui.pairings.pairings_page import PairingsPage
    from mentordesk.ui.participants.participants_page import ParticipantsPage

    def go(page_class: type) -> Any:
        page = window.page_of(page_class)
        window.nav.setCurrentRow(window.pages.index(page))
        QApplication.processEvents()
        return page

    def dashboard_flag(kind: FlagKind | None) -> Any:
        page = go(DashboardPage)
        for row in range(page.flag_proxy.rowCount()):
            page.flag_table.selectRow(row)
            flag = page.current_flag()
            kinds = flag.kinds if flag is not None else ()
            if flag is not None and flag.pairing_id is not None and kind in (None, *kinds):
                return page
        return page

    def pairing(status: str) -> Any:
        page = go(PairingsPage)
        for row in range(page.proxy.rowCount()):
            page.table.selectRow(row)
            current = page.table.current_row()
            if current is not None and current.status == status:
                break
        return page

    def matching() -> Any:
        page = go(MatchingPage)
        if page.result is None:
            page.run_matcher()
        page.table.selectRow(0)
        return page

    def documents() -> Any:
        page = go(DocumentsPage)
        page.table.selectRow(0)
        return page

    def meeting_editor() -> None:
        page = pairing("active")
        page.detail.show_tab(MEETINGS_TAB)
        page.detail.meetings.table.selectRow(0)
        page.detail.meetings.edit_current()

    yield "programme settings", window.programme_settings
    yield "import wizard", lambda: window.import_roster()
    yield "restore from backup", window.restore_backup
    yield "keyboard shortcuts", window.show_shortcuts
    yield "monitoring settings", lambda: go(DashboardPage).edit_settings()
    yield "close pair (dashboard)", lambda: dashboard_flag(None).close_flag_pair()
    yield "commitment", lambda: dashboard_flag(None).edit_flag_commitment()
    yield (
        "resolve concern",
        lambda: dashboard_flag(FlagKind.SAFETY_CONCERN).resolve_flag_concern(),
    )
    yield "snooze", lambda: dashboard_flag(FlagKind.CHECK_IN_OVERDUE).snooze_flag()
    yield "screening rules", lambda: go(ParticipantsPage).edit_rules()
    yield "new pairing", lambda: go(PairingsPage).new_pairing()
    yield "close pairing", lambda: pairing("active").detail.close_pairing()
    yield "rematch", lambda: pairing("closed").detail.rematch()
    yield "edit meeting", meeting_editor
    yield "matching weights", lambda: matching().edit_settings()
    yield "choose mentor", lambda: matching().choose_mentor()
    yield "reject", lambda: matching().reject_selected()
    yield "returned signed", lambda: documents().agreements.mark_signed()


def check_window(window: Any) -> list[str]:
    """Everything cut off on every screen and in every dialog of `window`."""
    from tools.screenshots import screens

    problems: list[str] = []
    for name, show in screens(window):
        show()
        QApplication.processEvents()
        problems += widget_problems(window, f"{name} screen")
    opened: list[str] = []
    for what, open_dialog in dialog_routes(window):
        before = len(opened)
        with capturing_dialogs(
            lambda dialog, what=what: problems.extend(widget_problems(dialog, what))
        ) as seen:
            open_dialog()
        opened += seen
        if len(opened) == before:
            problems.append(f"{what}: no dialog opened")
    return problems
