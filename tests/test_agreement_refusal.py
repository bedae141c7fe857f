"""An agreement says the mentor has completed screening and training: printing one for a
pair whose mentor has not is refused with the reason, on every route (the command line with
and without --pairing, --reprint, the window's save, print and preview). One sentence per
refused pair; the others still print; nothing is written or recorded for a refused pair."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from mentordesk.cli import main
from mentordesk.models import Pairing, PairingStatus, ScreeningCheck, ScreeningKind
from mentordesk.store import Database
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.documents.print_preview import PrintPreview
from mentordesk.ui.window.main_window import MainWindow
from tests.conftest import FIXED_TODAY
from tests.pairing_ui import open_window
from tests.pdf_check import flat, pages_text
from tests.ui_helpers import Boxes, patch_message_boxes

LAST_WEEK = FIXED_TODAY - dt.timedelta(days=7)


def expire_a_proposed_mentor(db: Database) -> tuple[int, str, set[int]]:
    """Let the background check of a proposed pairing's mentor run out last week; that
    pairing, the mentor's name and every new (unprinted) pairing."""
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
        new = set(
            session.scalars(
                select(Pairing.id).where(
                    Pairing.status.in_([PairingStatus.PROPOSED, PairingStatus.ACTIVE]),
                    Pairing.agreement_printed_on.is_(None),
                )
            )
        )
        mentor = f"{pairing.mentor.first_name} {pairing.mentor.last_name}"
        # The demo's mentor has no other pairing waiting for an agreement.
        others = session.scalars(
            select(Pairing.id).where(Pairing.mentor_id == pairing.mentor_id, Pairing.id.in_(new))
        )
        assert set(others) == {pairing.id}
        return pairing.id, mentor, new


def printed(db: Database, pairing_id: int) -> dt.date | None:
    with db.reading() as session:
        return session.scalar(select(Pairing.agreement_printed_on).where(Pairing.id == pairing_id))


def refusal_text(mentor: str) -> str:
    return (
        "it says the mentor has completed screening and training, but "
        f"{mentor} has not (background check expired on {LAST_WEEK:%d %b %Y})."
    )


# --- command line ------------------------------------------------------------------


def test_the_command_refuses_the_one_pairing_it_was_asked_for(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Database.open(demo_db_path) as db:
        pairing_id, mentor, _new = expire_a_proposed_mentor(db)
    out = tmp_path / "a.pdf"
    args = ["--db", str(demo_db_path), "agreements", "--pairing", str(pairing_id)]
    assert main([*args, "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "was not printed" in err
    assert refusal_text(mentor) in err
    assert not out.exists()
    assert main([*args, "--out", str(out), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert refusal_text(mentor) in result["error"]
    assert [r["pairing"] for r in result["refused"]] == [pairing_id]
    assert not out.exists()
    with Database.open(demo_db_path, write=False) as db:
        assert printed(db, pairing_id) is None


@pytest.mark.parametrize("reprint", [False, True], ids=["new pairings", "reprint"])
def test_the_command_prints_the_others_and_lists_the_refused(
    demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], reprint: bool
) -> None:
    with Database.open(demo_db_path) as db:
        pairing_id, mentor, new = expire_a_proposed_mentor(db)
    out = tmp_path / "a.pdf"
    args = ["--db", str(demo_db_path), "agreements", "--out", str(out), "--json"]
    assert main([*args, *(["--reprint"] if reprint else [])]) == 0
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert [r["pairing"] for r in result["refused"]] == [pairing_id]
    assert refusal_text(mentor) in result["refused"][0]["reason"]
    assert mentor in result["refused"][0]["pair"]
    assert captured.err.count("\n") == 1 and refusal_text(mentor) in captured.err
    printed_ids = set(result["files"][0]["pairings"])
    assert pairing_id not in printed_ids
    assert new - {pairing_id} <= printed_ids
    assert mentor not in flat(" ".join(pages_text(out)))
    with Database.open(demo_db_path, write=False) as db:
        assert printed(db, pairing_id) is None
        assert all(printed(db, i) == FIXED_TODAY for i in new - {pairing_id})


# --- the window ----------------------------------------------------------------------


@pytest.fixture
def window(
    qtbot: QtBot, demo_db: Database, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[tuple[DocumentsPage, Boxes]]:
    # Every message box is answered (a real modal box would wait for a click for ever).
    boxes = patch_message_boxes(monkeypatch)
    main_window: MainWindow = open_window(qtbot, demo_db, request)
    page = main_window.page_of(DocumentsPage)
    main_window.nav.setCurrentRow(main_window.pages.index(page))
    page.refresh()
    yield page, boxes
    main_window.close()


def test_the_window_saves_the_others_and_names_the_refused_pair(
    window: tuple[DocumentsPage, Boxes],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page, boxes = window
    pairing_id, mentor, new = expire_a_proposed_mentor(demo_db)
    page.refresh()
    page.select_new_pairings()
    assert set(page.selected_ids()) == new
    target = tmp_path / "new.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.agreements.save_agreements()
    assert refusal_text(mentor) in boxes.texts()
    assert target.is_file() and mentor not in flat(" ".join(pages_text(target)))
    assert printed(demo_db, pairing_id) is None
    assert all(printed(demo_db, i) == FIXED_TODAY for i in new - {pairing_id})
    count = len(new) - 1
    assert f"Saved {count} agreement{'s' if count != 1 else ''}" in page.saved_label.text()


def test_the_window_refuses_saving_previewing_and_printing_only_refused_pairs(
    window: tuple[DocumentsPage, Boxes],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page, boxes = window
    pairing_id, mentor, _new = expire_a_proposed_mentor(demo_db)
    page.refresh()
    page.select_ids({pairing_id})
    target = tmp_path / "one.pdf"
    asked: list[str] = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: asked.append("save") or (str(target), "")
    )
    monkeypatch.setattr(PrintPreview, "exec", lambda preview: asked.append("print") or 0)

    page.agreements.save_agreements()
    assert refusal_text(mentor) in boxes.texts()
    assert not asked and not target.exists()

    boxes.shown.clear()
    page.agreements.print_agreements()
    assert refusal_text(mentor) in boxes.texts()
    assert not asked

    boxes.shown.clear()
    page.agreements.preview_agreement()
    assert refusal_text(mentor) in boxes.texts()
    assert page.last_preview_png is None
    assert printed(demo_db, pairing_id) is None


def test_the_window_prints_the_others_and_records_their_print_date(
    window: tuple[DocumentsPage, Boxes],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page, boxes = window
    pairing_id, mentor, new = expire_a_proposed_mentor(demo_db)
    page.refresh()
    page.select_new_pairings()
    paper = tmp_path / "printed.pdf"

    def to_pdf(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(paper))
        return QDialog.DialogCode.Accepted.value

    def press_print(preview: PrintPreview) -> int:
        preview.show()
        preview.print_action.trigger()
        return preview.result()

    monkeypatch.setattr(QPrintDialog, "exec", to_pdf)
    monkeypatch.setattr(PrintPreview, "exec", press_print)
    page.agreements.print_agreements()
    assert refusal_text(mentor) in boxes.texts()
    assert paper.is_file() and len(pages_text(paper)) >= len(new) - 1
    assert printed(demo_db, pairing_id) is None
    assert all(printed(demo_db, i) == FIXED_TODAY for i in new - {pairing_id})


def test_a_pairing_with_a_screened_mentor_prints_with_no_refusal(
    window: tuple[DocumentsPage, Boxes], demo_db: Database
) -> None:
    page, boxes = window
    page.select_new_pairings()
    page.agreements.preview_agreement()
    assert page.last_preview_png is not None
    assert "was not printed" not in boxes.texts()


def test_documents_menu_agreements_for_new_pairings_leaves_the_refused_pair_out(
    window: tuple[DocumentsPage, Boxes],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page, boxes = window
    main_window = page.window()
    assert isinstance(main_window, MainWindow)
    pairing_id, mentor, new = expire_a_proposed_mentor(demo_db)
    target = tmp_path / "batch.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action = next(
        a for a in main_window.documents_menu.actions() if "new pairings" in a.text().lower()
    )
    action.trigger()
    assert refusal_text(mentor) in boxes.texts()
    assert target.is_file()
    assert printed(demo_db, pairing_id) is None
    assert all(printed(demo_db, i) == FIXED_TODAY for i in new - {pairing_id})
