"""Helpers for driving the pairings screen in tests: open it on a database (alone, or in
the main window, whose Edit menu owns New, Delete and Find), make its window active (so
shortcuts and focus work offscreen), and answer message boxes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from mentordesk.models import Participant
from mentordesk.store import Database
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow


@dataclass
class MessageBoxes:
    """Records every warning shown; answers questions with `answer`."""

    warnings: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    answer: QMessageBox.StandardButton = QMessageBox.StandardButton.Yes


def patch_message_boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    boxes = MessageBoxes()

    def warning(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        boxes.warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def question(_parent: Any, _title: str, text: str, *args: Any, **kwargs: Any) -> Any:
        boxes.questions.append(text)
        return boxes.answer

    def run(box: QMessageBox) -> int:
        # The window's error presenter builds its box and runs it: one Ok to press.
        boxes.warnings.append(box.text())
        return int(QMessageBox.StandardButton.Ok.value)

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QMessageBox, "exec", run)
    return boxes


def activate(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    handle = widget.windowHandle()
    assert handle is not None
    handle.requestActivate()
    qtbot.waitUntil(widget.isActiveWindow)


def forget_undo_history(context: AppContext) -> None:
    """Drop the commands now: each holds the context, and a stack destroyed only when the
    interpreter shuts down signals into half-collected Python objects."""
    context.undo_stack.clear()


def open_page(
    qtbot: QtBot, db: Database, request: pytest.FixtureRequest | None = None
) -> tuple[AppContext, PairingsPage]:
    context = AppContext(db, synchronous_tasks=True)
    if request is not None:
        request.addfinalizer(lambda: forget_undo_history(context))
    page = PairingsPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    activate(qtbot, page)
    page.refresh_if_stale()
    return context, page


def open_window(
    qtbot: QtBot, db: Database, request: pytest.FixtureRequest | None = None
) -> MainWindow:
    context = AppContext(db, synchronous_tasks=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    if request is not None:
        request.addfinalizer(lambda: forget_undo_history(context))
    activate(qtbot, window)
    return window


def show_pairings(window: MainWindow) -> PairingsPage:
    """Make the pairings screen the window's current one."""
    page = window.page_of(PairingsPage)
    assert isinstance(page, PairingsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    return page


def person_id(db: Database, first_name: str) -> int:
    with db.reading() as session:
        found = session.scalar(select(Participant.id).where(Participant.first_name == first_name))
    assert found is not None, first_name
    return found


def pairing_of(db: Database, first_name: str) -> int:
    """The id of the pairing whose mentee has this first name."""
    from mentordesk.models import Pairing

    mentee = person_id(db, first_name)
    with db.reading() as session:
        found = session.scalar(select(Pairing.id).where(Pairing.mentee_id == mentee))
    assert found is not None
    return found
