"""An agreement says the mentor has completed screening and training: printing one for a
pair whose mentor has not is refused with the reason, on the command line and in the
window, and nothing is written or recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from mentordesk.cli import main
from mentordesk.models import Pairing, PairingStatus, ScreeningCheck, ScreeningKind
from mentordesk.store import Database
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.window.main_window import MainWindow
from tests.conftest import FIXED_TODAY
from tests.pairing_ui import MessageBoxes, open_window, patch_message_boxes

LAST_WEEK = FIXED_TODAY - dt.timedelta(days=7)


def expire_a_proposed_mentor(db: Database) -> tuple[int, str]:
    """Let the background check of a proposed pairing's mentor run out last week."""
    with db.transaction() as session:
        pairing = session.scalars(
            select(Pairing).where(Pairing.status == PairingStatus.PROPOSED).limit(1)
        ).one()
        session.execute(
            update(ScreeningCheck)
            .where(
                ScreeningCheck.participant_id == pairing.mentor_id,
                ScreeningCheck.kind == ScreeningKind.BACKGROUND_CHECK,
            )
            .values(expires_on=LAST_WEEK)
        )
        return pairing.id, pairing.mentor.display_name


def printed(db: Database, pairing_id: int) -> dt.date | None:
    with db.reading() as session:
        return session.scalar(select(Pairing.agreement_printed_on).where(Pairing.id == pairing_id))


def test_the_command_refuses_an_agreement_for_an_unscreened_mentor(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(demo_db_path) as db:
        pairing_id, mentor = expire_a_proposed_mentor(db)
    out = tmp_path / "a.pdf"
    args = ["--db", str(demo_db_path), "agreements", "--pairing", str(pairing_id)]
    assert main([*args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "was not printed" in err
    assert f"{mentor}'s background check expired on {LAST_WEEK:%d %b %Y}" in err
    assert not out.exists()
    with Database.open(demo_db_path, write=False) as db:
        assert printed(db, pairing_id) is None


@pytest.fixture
def window(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[tuple[MainWindow, MessageBoxes]]:
    boxes = patch_message_boxes(monkeypatch)
    main_window = open_window(qtbot, demo_db, request)
    yield main_window, boxes
    main_window.close()


def test_the_window_refuses_an_agreement_for_an_unscreened_mentor(
    window: tuple[MainWindow, MessageBoxes],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main_window, boxes = window
    pairing_id, mentor = expire_a_proposed_mentor(demo_db)
    page = main_window.page_of(DocumentsPage)
    main_window.nav.setCurrentRow(main_window.pages.index(page))
    page.refresh()
    page.select_new_pairings()
    assert pairing_id in page.selected_ids()
    target = tmp_path / "new.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.save_agreements()
    assert boxes.warnings and "was not printed" in boxes.warnings[-1]
    assert f"{mentor}'s background check expired on" in boxes.warnings[-1]
    assert not target.exists()
    assert printed(demo_db, pairing_id) is None
