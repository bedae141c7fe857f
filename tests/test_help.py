"""Help → User guide: offline, bundled, with the current screenshots; F1 opens the part
about the screen shown."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import Qt

from mentordesk.resources import resource_path
from mentordesk.store import Database
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from mentordesk.ui.window.pages import PAGES
from tests.conftest import REPO_ROOT


def guide_text() -> str:
    return resource_path("help", "guide.html").read_text(encoding="utf-8")


def test_the_guide_has_a_part_for_every_screen_and_its_pictures_exist() -> None:
    text = guide_text()
    for spec in PAGES:
        assert f'name="{spec.title.casefold()}"' in text, spec.title
    pictures = re.findall(r'<img src="([^"]+)"', text)
    assert pictures
    for picture in pictures:
        assert (resource_path("help", "guide.html").parent / picture).is_file(), picture
        # The same pictures as docs/screens: made by one tool from this version.
        shipped = resource_path("help", "guide.html").parent / picture
        docs = REPO_ROOT / "docs" / "screens" / picture.removeprefix("images/")
        assert shipped.read_bytes() == docs.read_bytes(), picture
    assert "http" not in text  # offline: nothing is fetched


@pytest.fixture
def window(demo_db: Database, qtbot: Any) -> MainWindow:
    window = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    return window


def test_f1_opens_the_guide_at_the_screen_shown(window: MainWindow, qtbot: Any) -> None:
    window.nav.setCurrentRow([s.title for s in PAGES].index("Matching"))
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    dialog = window.help_dialog
    assert dialog.isVisible() and not dialog.isModal()
    browser = dialog.browser
    assert browser.source().fragment() == "matching"
    assert "Run matcher" in browser.toPlainText()
    # The part about matching is what is in view, not the top of the guide.
    assert browser.verticalScrollBar().value() > 0
    images = browser.document().allFormats()
    assert images  # laid out with its pictures
    window.nav.setCurrentRow(0)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert dialog.browser.source().fragment() == "dashboard"


def test_shift_f1_lists_the_shortcuts(window: MainWindow, monkeypatch: Any, qtbot: Any) -> None:
    from mentordesk.ui.window.shortcuts_dialog import ShortcutsDialog

    shown: list[str] = []
    monkeypatch.setattr(ShortcutsDialog, "exec", lambda self: shown.append("shortcuts") or 0)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert shown == ["shortcuts"]
