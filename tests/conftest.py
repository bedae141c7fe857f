"""Shared fixtures: a fresh database per test (copied from one migrated template), a fixed
date, and Qt offscreen."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from mentordesk import clock
from mentordesk.store import Database

# Property tests check what is true, never how fast: a loaded machine (CI, parallel runs)
# must not turn a slow example into a failure. Speed lives in benchmarks/.
settings.register_profile("mentordesk", deadline=None)
settings.load_profile("mentordesk")

# Every test runs on this date unless it sets its own: results never depend on the wall clock.
FIXED_TODAY = dt.date(2026, 11, 25)
REPO_ROOT = Path(__file__).resolve().parents[1]


def _git_common_root(repo: Path) -> Path | None:
    """The main checkout of a git worktree (its `.git` file points into the common dir)."""
    marker = repo / ".git"
    if not marker.is_file():
        return None
    text = marker.read_text(encoding="utf-8", errors="replace").strip()
    if not text.startswith("gitdir:"):
        return None
    gitdir = (repo / text.partition(":")[2].strip()).resolve()
    commondir = gitdir / "commondir"
    common = (gitdir / commondir.read_text().strip()).resolve() if commondir.is_file() else gitdir
    return common.parent


def find_corpus() -> Path | None:
    """The shared spreadsheet corpus: $MENTORDESK_XLSX_CORPUS, else ../shared/xlsx-corpus
    beside this checkout (CI), else beside the main checkout of a git worktree."""
    candidates = []
    if os.environ.get("MENTORDESK_XLSX_CORPUS"):
        candidates.append(Path(os.environ["MENTORDESK_XLSX_CORPUS"]))
    candidates.append(REPO_ROOT.parent / "shared" / "xlsx-corpus")
    common = _git_common_root(REPO_ROOT)
    if common is not None:
        candidates.append(common.parent / "shared" / "xlsx-corpus")
    return next((c for c in candidates if c.is_dir()), None)


SHARED_CORPUS = find_corpus()


@pytest.fixture(autouse=True)
def fixed_today() -> Iterator[dt.date]:
    clock.set_today(FIXED_TODAY)
    yield FIXED_TODAY
    clock.set_today(None)


@pytest.fixture(autouse=True)
def _no_unanswered_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """Offscreen, a message box nobody answers waits for ever: a test that shows one
    without answering it (patching QMessageBox.exec, see tests/ui_helpers.py) fails
    at once, naming the box."""
    from PySide6.QtWidgets import QMessageBox

    def unanswered(box: QMessageBox) -> int:
        raise AssertionError(f"unanswered message box: {box.windowTitle()}: {box.text()}")

    monkeypatch.setattr(QMessageBox, "exec", unanswered)


@pytest.fixture(autouse=True)
def _no_key_held_down() -> Iterator[None]:
    """A shortcut typed with qtbot that opens a modal dialog loses its modifier's release
    (the widget it goes to is blocked by then), and Qt keeps Shift held for every later
    test in the process: their selectRow() then extends a selection instead of making
    one. Each test ends with every modifier released."""
    yield
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QWidget

    if QGuiApplication.instance() is None:
        return
    if QGuiApplication.keyboardModifiers() != Qt.KeyboardModifier.NoModifier:
        widget = QWidget()
        for key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            QTest.keyRelease(widget, key)
        widget.deleteLater()


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing a test does touches the real user data folder or settings."""
    data = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("MENTORDESK_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    Database.open(path).close()
    return path


@pytest.fixture(scope="session")
def demo_template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mentordesk.programme.demo import load_demo

    clock.set_today(FIXED_TODAY)
    path = tmp_path_factory.mktemp("demo-template") / "demo.sqlite"
    with Database.open(path) as db:
        load_demo(db)
    clock.set_today(None)
    return path


# The passphrase of the encrypted test files (a real SQLCipher file, not a stand-in).
TEST_PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="session")
def encrypted_demo_template(
    demo_template_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    from mentordesk.store.cipher import export_file, new_key

    path = tmp_path_factory.mktemp("encrypted-demo") / "demo.sqlite"
    export_file(demo_template_db, None, path, new_key(TEST_PASSPHRASE))
    return path


@pytest.fixture
def encrypted_demo_path(tmp_path: Path, encrypted_demo_template: Path) -> Path:
    """The demo programme in a file encrypted with TEST_PASSPHRASE (not open)."""
    return _copy_db(encrypted_demo_template, tmp_path / "secret.sqlite")


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(TEST_PASSPHRASE + "\n", encoding="utf-8")
    return path


def _copy_db(template: Path, target: Path) -> Path:
    # The template is closed, so its WAL has been checkpointed into the main file.
    shutil.copyfile(template, target)
    return target


@pytest.fixture
def db_path(tmp_path: Path, template_db: Path) -> Path:
    """A migrated, empty database file (not open)."""
    return _copy_db(template_db, tmp_path / "programme.sqlite")


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """An open, empty, migrated database."""
    database = Database.open(db_path)
    yield database
    database.close()


@pytest.fixture
def demo_db_path(tmp_path: Path, demo_template_db: Path) -> Path:
    """A database file holding the demo programme (not open)."""
    return _copy_db(demo_template_db, tmp_path / "demo.sqlite")


@pytest.fixture
def demo_db(demo_db_path: Path) -> Iterator[Database]:
    database = Database.open(demo_db_path)
    yield database
    database.close()


@pytest.fixture
def corpus() -> Path:
    """The shared spreadsheet corpus; tests using it skip when it is absent."""
    if SHARED_CORPUS is None:
        pytest.skip("../shared/xlsx-corpus is not here (or set MENTORDESK_XLSX_CORPUS)")
    return SHARED_CORPUS
