"""Privacy in the window, driven on the real main window with real SQLCipher files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import TEST_PASSPHRASE
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from mentordesk.store import Database
from mentordesk.store.cipher import is_encrypted
from mentordesk.store.file_stamp import SQLITE_HEADER
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.privacy import passphrase_dialogs, person_actions
from mentordesk.ui.privacy.history_dialog import PERSON, HistoryDialog
from mentordesk.ui.privacy.idle_lock import DEFAULT_IDLE_MINUTES
from mentordesk.ui.privacy.passphrase_dialogs import NewPassphraseDialog, PassphraseDialog
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow

STRONG = "violet kettle harbour seventeen"


def make_window(qtbot: QtBot, db: Database) -> MainWindow:
    main = MainWindow(AppContext(db, synchronous_tasks=True))
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


@pytest.fixture
def window(qtbot: QtBot, demo_db: Database) -> Iterator[MainWindow]:
    main = make_window(qtbot, demo_db)
    yield main
    main.close()


@pytest.fixture
def secret_window(qtbot: QtBot, encrypted_demo_path: Path) -> Iterator[MainWindow]:
    db = Database.open(encrypted_demo_path, passphrase=TEST_PASSPHRASE)
    main = make_window(qtbot, db)
    yield main
    main.close()
    main.context.db.close()


def people_shown(window: MainWindow) -> int:
    page = window.page_of(ParticipantsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    assert isinstance(page, ParticipantsPage)
    page.refresh_if_stale()
    return page.model.rowCount()


def type_passphrases(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Each passphrase prompt gets the next answer; the messages shown are collected."""
    shown: list[str] = []

    def exec_(dialog: PassphraseDialog) -> int:
        shown.append(dialog.message.text())
        if not answers:
            return QDialog.DialogCode.Rejected
        dialog.passphrase.setText(answers.pop(0))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PassphraseDialog, "exec", exec_)
    return shown


def choose_new_passphrase(monkeypatch: pytest.MonkeyPatch, passphrase: str) -> list[bool]:
    """Types the passphrase twice in the real dialog and presses its protect button;
    records whether a weak one was refused first."""
    weak_refused: list[bool] = []

    def exec_(dialog: NewPassphraseDialog) -> int:
        dialog.first.setText("password1")
        dialog.second.setText("password1")
        weak_refused.append(not dialog.protect_button.isEnabled())
        dialog.first.setText(passphrase)
        dialog.second.setText(passphrase)
        dialog.protect_button.click()
        return dialog.result()

    monkeypatch.setattr(NewPassphraseDialog, "exec", exec_)
    return weak_refused


def test_opening_a_protected_file_asks_until_the_passphrase_is_right(
    window: MainWindow, encrypted_demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = encrypted_demo_path.read_bytes()
    shown = type_passphrases(monkeypatch, ["one", "two", "three", TEST_PASSPHRASE])
    assert window.switch_database(encrypted_demo_path)
    assert len(shown) == 4  # three wrong tries lock nothing
    assert "does not open" in shown[1] and "nothing was changed" in shown[3]
    assert window.context.db.encrypted and people_shown(window) == 60
    window.context.db.close()
    assert encrypted_demo_path.read_bytes()[:16] == before[:16]  # same salt, same key


def test_cancelling_the_passphrase_keeps_the_current_file(
    window: MainWindow, encrypted_demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    type_passphrases(monkeypatch, ["wrong"])
    assert not window.switch_database(encrypted_demo_path)
    assert window.context.db.path.name == "demo.sqlite"


def test_new_file_with_a_passphrase_and_its_recovery_sheet(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "real.sqlite"
    sheet = tmp_path / "sheet.pdf"
    saves = iter([(str(target), ""), (str(sheet), "")])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(saves))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    weak_refused = choose_new_passphrase(monkeypatch, STRONG)
    window.new_database()
    assert weak_refused == [True]
    assert window.context.db.path == target and window.context.db.encrypted
    assert is_encrypted(target)
    assert sheet.read_bytes().startswith(b"%PDF")
    window.context.db.close()
    with Database.open(target, passphrase=STRONG):
        pass


def test_new_file_without_a_passphrase_warns_first(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    target = tmp_path / "plain.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    warnings: list[str] = []

    def warn(*args: object, **_: object) -> QMessageBox.StandardButton:
        warnings.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warn)

    def exec_(dialog: NewPassphraseDialog) -> int:
        assert dialog.plain_button is not None
        dialog.plain_button.click()
        return dialog.result()

    monkeypatch.setattr(NewPassphraseDialog, "exec", exec_)
    window.new_database()
    assert "anyone who gets hold of this laptop" in warnings[0]
    assert target.read_bytes().startswith(SQLITE_HEADER)
    window.context.db.close()


def test_protect_change_and_remove_from_the_menu(
    window: MainWindow, demo_db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    choose_new_passphrase(monkeypatch, STRONG)
    window.privacy.protect()
    assert window.context.db.encrypted and is_encrypted(demo_db_path)
    assert b"Carter" not in demo_db_path.read_bytes()
    assert people_shown(window) == 60

    # Remove it again: the current passphrase is asked first.
    type_passphrases(monkeypatch, ["not it", STRONG])
    monkeypatch.setattr(QMessageBox, "exec", lambda box: _click(box, "Remove passphrase…"))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.privacy.protect()
    assert not window.context.db.encrypted
    assert demo_db_path.read_bytes().startswith(SQLITE_HEADER)
    assert people_shown(window) == 60


def _click(box: QMessageBox, text: str) -> int:
    button = next(b for b in box.buttons() if b.text() == text)
    button.click()
    return 0


def test_idle_lock_hides_the_data_until_the_passphrase(secret_window: MainWindow) -> None:
    lock = secret_window.privacy.idle_lock
    assert lock.timer.interval() == DEFAULT_IDLE_MINUTES * 60_000
    lock.timer.timeout.emit()  # as if fifteen minutes had passed without input
    assert lock.locked and not secret_window.centralWidget().isVisible()
    assert not secret_window.delete_action.isEnabled()
    assert lock.screen is not None
    lock.screen.passphrase.setText("wrong")
    lock.screen.try_unlock()
    assert lock.locked and "not the passphrase" in lock.screen.note.text()
    lock.screen.passphrase.setText(TEST_PASSPHRASE)
    lock.screen.try_unlock()
    assert not lock.locked and secret_window.centralWidget().isVisible()
    assert people_shown(secret_window) == 60


def test_a_plain_file_is_never_locked(window: MainWindow) -> None:
    window.privacy.idle_lock.lock_now()
    assert not window.privacy.idle_lock.locked


def test_history_dialog_shows_a_person_and_filters(window: MainWindow, qtbot: QtBot) -> None:
    dialog = HistoryDialog(window.context, window, person_id=42)
    qtbot.addWidget(dialog)
    assert dialog.scope.currentData() == PERSON
    rows = dialog.model.rows()
    assert rows and all(
        r.record
        in (
            "person",
            "pairing",
            "meeting",
            "goal",
            "check-in",
            "screening item",
            "training",
            "never-pair rule",
        )
        for r in rows
    )
    qtbot.keyClicks(dialog.search, "training")
    assert 0 < dialog.model.rowCount() < len(rows)
    dialog.verify()
    assert "intact" in dialog.status.text()


def test_an_imported_persons_history_shows_the_import_in_words(
    qtbot: QtBot, db: Database, tmp_path: Path
) -> None:
    from mentordesk.models import Participant, Role
    from mentordesk.roster.importer import import_roster
    from mentordesk.roster.source import read_source
    from tests.roster_sheets import messy_roster

    with db.reading() as session:
        source = read_source(messy_roster(tmp_path / "roster.xlsx"), session=session)
    result = import_roster(db, source, role=Role.MENTEE)
    with db.reading() as session:
        person = session.query(Participant.id).filter_by(last_name="Smith").scalar()
    main = make_window(qtbot, db)
    dialog = HistoryDialog(main.context, main, person_id=person)
    qtbot.addWidget(dialog)
    shown = [
        [dialog.model.index(r, c).data() for c in range(dialog.model.columnCount())]
        for r in range(dialog.model.rowCount())
    ]
    assert [row[4:] for row in shown] == [
        ["added together", "person", f"added: {result.created}; source: import of roster.xlsx"]
    ]
    main.close()


def test_erasing_from_the_window_lists_what_goes_and_what_is_kept(
    window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def warn(*args: object, **_: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "warning", warn)
    assert person_actions.erase_person_asking(window.context, window, 42)
    assert "meetings: 6" in asked[0] and "Kept:" in asked[0] and "erasure record" in asked[0]
    assert people_shown(window) == 59
    assert window.context.undo_stack.count() == 0


def test_saving_a_persons_own_data_from_the_window(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "helen.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert person_actions.export_person_asking(window.context, window, 42) == target
    assert (tmp_path / "helen.json").exists()


def test_strength_feedback_names_the_problem() -> None:
    dialog = NewPassphraseDialog(None)
    dialog.first.setText("password")
    assert "Very weak" in dialog.verdict.text()
    dialog.first.setText(STRONG)
    dialog.second.setText(STRONG + "x")
    assert "differ" in dialog.verdict.text() and not dialog.protect_button.isEnabled()
    dialog.deleteLater()
    assert passphrase_dialogs.LOST_MEANS_LOST in dialog.findChildren(type(dialog.verdict))[0].text()
