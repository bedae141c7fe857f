"""Which programme file the window opens and says is open: the file open last time; the
demo programme in a file of its own on a first start (never mixed into a real file); a
file that can't be written, opened read-only and said so. Settings and files live in the
test's own data folder (conftest), never the user's."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from mentordesk.programme.programme_queries import participant_count
from mentordesk.store import Database
from mentordesk.store.paths import default_db_path, demo_db_path
from mentordesk.ui.app import open_window
from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window import window_state as settings
from mentordesk.ui.window.file_notice import DEMO_TEXT
from mentordesk.ui.window.main_window import MainWindow
from tests.read_only_files import (
    as_coordinator,
    make_read_only,
    make_writable_again,
    needs_permissions,
    snapshot,
)
from tests.ui_helpers import patch_message_boxes


@pytest.fixture
def opened(qtbot: QtBot) -> Iterator[list[MainWindow]]:
    """Windows opened by a test, closed (with their files) at its end."""
    windows: list[MainWindow] = []
    yield windows
    for window in windows:
        close(window)


def close(window: MainWindow) -> None:
    if window.isVisible():
        window.close()
    window.context.tasks.wait()
    window.context.db.close()


def start(qtbot: QtBot, opened: list[MainWindow], db: Path | None = None) -> MainWindow:
    window = open_window(db)
    assert window is not None
    qtbot.addWidget(window)
    opened.append(window)
    return window


def recent_entries(window: MainWindow) -> list[tuple[str, str]]:
    window.recent_menu.aboutToShow.emit()
    return [(a.text(), a.toolTip()) for a in window.recent_menu.actions()]


def test_a_first_start_opens_the_demo_in_a_file_of_its_own(
    qtbot: QtBot, opened: list[MainWindow]
) -> None:
    window = start(qtbot, opened)
    assert window.windowTitle() == "Demo programme — MentorDesk"
    assert window.context.db.path == demo_db_path()
    assert participant_count(window.context.db) == 60
    assert not default_db_path().exists()  # the usual file stays free for a real programme
    assert window.file_notice.text() == DEMO_TEXT
    assert window.file_notice.start_button.isVisible()
    dashboard = window.page_of(DashboardPage)
    assert dashboard.file_label.text() == "Programme file: Demo programme"
    assert dashboard.file_label.toolTip() == str(demo_db_path())


def test_the_window_reopens_the_file_open_last(
    qtbot: QtBot, opened: list[MainWindow], tmp_path: Path
) -> None:
    first = start(qtbot, opened)
    spring = tmp_path / "Spring 2027.sqlite"
    assert first.switch_database(spring)
    assert first.windowTitle() == "Spring 2027 — MentorDesk"
    assert not first.file_notice.isVisibleTo(first)
    assert participant_count(first.context.db) == 0  # no demo people in a real file
    close(first)

    again = start(qtbot, opened)
    assert again.context.db.path == spring
    assert again.windowTitle() == "Spring 2027 — MentorDesk"
    assert again.page_of(DashboardPage).file_label.text() == "Programme file: Spring 2027"
    assert recent_entries(again) == [
        ("Spring 2027", str(spring.resolve())),
        ("Demo programme", str(demo_db_path().resolve())),
    ]
    # File → Open demo programme, and back through File → Open recent.
    again.open_demo()
    assert again.windowTitle() == "Demo programme — MentorDesk"
    assert again.file_notice.text() == DEMO_TEXT
    again.recent_menu.aboutToShow.emit()
    next(a for a in again.recent_menu.actions() if a.text() == "Spring 2027").trigger()
    assert again.context.db.path == spring and participant_count(again.context.db) == 0
    close(again)
    with Database.open(spring, write=False) as db:
        assert participant_count(db) == 0


def test_a_file_open_last_that_is_gone_is_said_in_one_sentence(
    qtbot: QtBot, opened: list[MainWindow], tmp_path: Path, template_db: Path
) -> None:
    gone = tmp_path / "Autumn.sqlite"
    settings.remember_database(gone)
    window = start(qtbot, opened)
    assert window.context.db.path == demo_db_path()
    assert window.file_notice.text() == (
        f"The programme file open last time, Autumn, is no longer in {tmp_path}; Demo "
        "programme is open instead (File → Open… finds a file that was moved). " + DEMO_TEXT
    )
    window.file_notice.dismiss_button.click()
    assert not window.file_notice.isVisibleTo(window)
    close(window)
    # With a programme in the usual file, that one opens instead.
    shutil.copyfile(template_db, default_db_path())
    settings.remember_database(gone)
    window = start(qtbot, opened)
    assert window.context.db.path == default_db_path()
    assert window.windowTitle() == "mentordesk — MentorDesk"
    assert window.file_notice.text().startswith("The programme file open last time, Autumn,")


def test_two_recent_files_of_one_name_show_their_folders(
    qtbot: QtBot, opened: list[MainWindow], tmp_path: Path
) -> None:
    window = start(qtbot, opened)
    for folder in ("school", "club"):
        (tmp_path / folder).mkdir()
        assert window.switch_database(tmp_path / folder / "Mentoring.sqlite")
    assert [text for text, _ in recent_entries(window)] == [
        "Mentoring (club)",
        "Mentoring (school)",
        "Demo programme",
    ]


@pytest.fixture
def read_only_copy(demo_db_path: Path, tmp_path: Path) -> Iterator[Path]:
    home = tmp_path / "shared"
    home.mkdir()
    copy = home / "programme.sqlite"
    shutil.copyfile(demo_db_path, copy)
    yield copy
    make_writable_again(tmp_path)


@needs_permissions
@pytest.mark.parametrize("how", ["file", "folder"])
def test_a_file_that_cant_be_written_opens_read_only_and_says_so(
    how: str,
    qtbot: QtBot,
    opened: list[MainWindow],
    read_only_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_read_only(read_only_copy, how)
    before = snapshot(read_only_copy.parent)
    boxes = patch_message_boxes(monkeypatch)
    with as_coordinator():
        window = start(qtbot, opened, read_only_copy)
        assert window.windowTitle() == "programme (read-only) — MentorDesk"
        reason = (
            "the file programme.sqlite is read-only"
            if how == "file"
            else f"its folder {read_only_copy.parent} cannot be written to"
        )
        assert window.file_notice.text() == (
            f"Read-only: programme can't be changed because {reason}. To make changes, copy "
            "it to a folder you can write to and open the copy."
        )
        assert not window.file_notice.dismiss_button.isVisible()
        assert window.page_of(DashboardPage).file_label.text() == (
            "Programme file: programme (read-only)"
        )
        for action in (
            window.import_action,
            window.import_log_action,
            window.settings_action,
            window.restore_action,
        ):
            assert not action.isEnabled()
        page = window.page_of(ParticipantsPage)
        window.nav.setCurrentRow(window.pages.index(page))
        window.context.tasks.wait()  # the rows are read on a worker; then delivered
        qtbot.waitUntil(lambda: page.model.rowCount() == 60, timeout=60_000)  # all reads
        assert not window.new_record_action.isEnabled()
        assert not window.delete_action.isEnabled()
        # A change asked for anyway is refused in one sentence.
        page.table.select_key(30)
        phone = page.editor.form.widgets["phone"]
        phone.setFocus()
        qtbot.keyClicks(phone, "9")
        assert not page.editor.save()
        assert boxes.shown[-1][1].startswith(
            f"programme.sqlite is open read-only because {reason}, so nothing can be changed in it."
        )
        assert window.context.undo_stack.count() == 0
        page.editor.revert()
        # A roster dropped on the window, or the first steps' Import button: the same.
        window.go_to("import")
        title, text = boxes.shown[-1]
        assert title == "Cannot import into this file"
        assert text.startswith(f"programme.sqlite is open read-only because {reason}")
        assert getattr(window, "import_wizard", None) is None
        if how == "folder":
            window.back_up()
            backups = read_only_copy.parent / "programme-backups"
            assert (
                f"The backup could not be written into {backups}: the folder "
                f"{read_only_copy.parent} cannot be written to." in boxes.texts()
            )
        window.close()
    assert snapshot(read_only_copy.parent) == before


@needs_permissions
def test_back_up_to_a_folder_that_cant_be_written_names_it(
    qtbot: QtBot,
    opened: list[MainWindow],
    read_only_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    locked = read_only_copy.parent / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    target = locked / "copy.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    boxes = patch_message_boxes(monkeypatch)
    window = start(qtbot, opened, read_only_copy)
    with as_coordinator():
        window.back_up_to()
    assert boxes.shown == [
        (
            "Backup failed",
            f"The backup could not be written into {locked}: the folder {locked} cannot be "
            "written to. Choose a folder you can write to (backup --out FILE, or File → Back "
            "up to…); nothing was changed. ",
        )
    ]
    assert not target.exists()


@needs_permissions
def test_a_new_file_in_a_folder_that_cant_be_written_says_which(
    qtbot: QtBot,
    opened: list[MainWindow],
    read_only_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from mentordesk.ui.privacy.passphrase_dialogs import NewPassphraseDialog

    window = start(qtbot, opened)
    locked = read_only_copy.parent / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    target = locked / "Spring.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))

    def without_passphrase(dialog: NewPassphraseDialog) -> int:
        assert dialog.plain_button is not None
        dialog.plain_button.click()
        return dialog.result()

    monkeypatch.setattr(NewPassphraseDialog, "exec", without_passphrase)
    boxes = patch_message_boxes(monkeypatch)
    boxes.answer(QMessageBox.StandardButton.Yes)  # yes, without a passphrase
    with as_coordinator():
        window.new_database()
    assert boxes.shown[-1] == (
        "Cannot open this file",
        f"Cannot create {target}: the folder {locked} cannot be written to. Choose a folder "
        "you can write to. ",
    )
    assert not target.exists()
    assert window.windowTitle() == "Demo programme — MentorDesk"  # still open


@needs_permissions
def test_an_encrypted_file_that_cant_be_written_opens_read_only(
    qtbot: QtBot,
    opened: list[MainWindow],
    read_only_copy: Path,
    encrypted_demo_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mentordesk.ui.privacy.passphrase_dialogs import PassphraseDialog
    from tests.conftest import TEST_PASSPHRASE

    def type_passphrase(dialog: PassphraseDialog) -> int:
        dialog.passphrase.setText(TEST_PASSPHRASE)
        return PassphraseDialog.DialogCode.Accepted

    monkeypatch.setattr(PassphraseDialog, "exec", type_passphrase)
    shutil.copyfile(encrypted_demo_path, read_only_copy)
    make_read_only(read_only_copy, "folder")
    before = snapshot(read_only_copy.parent)
    with as_coordinator():
        window = start(qtbot, opened, read_only_copy)
        assert window.windowTitle() == "programme (read-only) — MentorDesk"
        assert window.context.db.encrypted and not window.context.db.writable
        assert participant_count(window.context.db) == 60
        window.close()
    assert snapshot(read_only_copy.parent) == before
