from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from mentordesk.models import Pairing, PairingStatus
from mentordesk.programme.programme_settings import load_settings
from mentordesk.store import Database
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.documents.programme_settings_dialog import ProgrammeSettingsDialog
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.main_window import MainWindow
from tests.pdf_check import flat, pages_text


@pytest.fixture
def context(demo_db: Database, qtbot: Any) -> Iterator[AppContext]:
    yield AppContext(demo_db, synchronous_tasks=True)


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(
            QMessageBox, name, lambda _parent, _title, text, *a, **k: shown.append(text)
        )
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    return shown


@pytest.fixture
def page(context: AppContext, qtbot: Any) -> DocumentsPage:
    widget = DocumentsPage(context)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    return widget


def test_model_passes_the_model_tester(page: DocumentsPage, qtmodeltester: Any) -> None:
    qtmodeltester.check(page.model)


def test_select_new_pairings_and_save_them_records_the_print_date(
    page: DocumentsPage, context: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.select_new_pairings()
    with context.db.reading() as session:
        proposed = sorted(
            session.scalars(select(Pairing.id).where(Pairing.status == PairingStatus.PROPOSED))
        )
    assert sorted(page.selected_ids()) == proposed
    target = tmp_path / "new.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.agreements.save_agreements()
    assert target.is_file()
    assert len(pages_text(target)) >= 2 * len(proposed)
    # The list refreshes: the printed pairs are no longer "new".
    page.refresh()
    assert page.proxy.rowCount() == 0
    assert page.open_button.isEnabled()
    assert "Saved 2 agreements" in page.saved_label.text()


def test_separate_files_into_a_folder(
    page: DocumentsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.show_filter.setCurrentIndex(2)
    page.select_ids({1, 2})
    page.separate.setChecked(True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path / "f"))
    page.agreements.save_agreements()
    assert len(list((tmp_path / "f").glob("Agreement - *.pdf"))) == 2


def test_preview_shows_the_first_page(page: DocumentsPage) -> None:
    page.show_filter.setCurrentIndex(2)
    page.select_ids({1})
    page.agreements.preview_agreement()
    assert page.last_preview_png is not None
    with Image.open(io.BytesIO(page.last_preview_png)) as image:
        width, height = image.size
        # A4 proportions, and ink on the page (not a blank image).
        assert abs(height / width - 297 / 210) < 0.02
        assert image.convert("L").getextrema()[0] < 100
    preview = page.first_page.preview
    assert preview.pixmap() is not None and not preview.pixmap().isNull()
    page.reports.preview_report()  # one pairing chosen: its progress report
    assert page.last_preview_png is not None


def test_signed_date_with_undo(page: DocumentsPage, context: AppContext) -> None:
    page.show_filter.setCurrentIndex(2)
    day = dt.date(2026, 11, 24)
    assert page.agreements.record_signed({4: (None, day)})
    with context.db.reading() as session:
        assert session.get(Pairing, 4).agreement_signed_on == day
    context.undo_stack.undo()
    with context.db.reading() as session:
        assert session.get(Pairing, 4).agreement_signed_on is None
    context.undo_stack.redo()
    with context.db.reading() as session:
        assert session.get(Pairing, 4).agreement_signed_on == day


def test_future_signed_date_is_refused(
    page: DocumentsPage, context: AppContext, warnings: list[str]
) -> None:
    assert not page.agreements.record_signed({4: (None, dt.date(2027, 1, 1))})
    assert "future" in warnings[0]
    assert context.undo_stack.count() == 0


def test_pairing_report_from_the_screen(
    page: DocumentsPage, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page.show_filter.setCurrentIndex(2)
    page.select_ids({2})
    page.include_notes.setChecked(True)
    target = tmp_path / "pair.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    page.reports.save_report(pairing=True)
    text = flat("\n".join(pages_text(target)))
    assert "Siobhán Ó Súilleabháin" in text and "Confidential notes" in text


def test_settings_dialog_refuses_an_unknown_placeholder(
    context: AppContext, qtbot: Any, warnings: list[str]
) -> None:
    dialog = ProgrammeSettingsDialog(context)
    qtbot.addWidget(dialog)
    dialog.text.setPlainText("# Agreement\nWelcome {mentee_nam}!")
    dialog.save()
    assert "{mentee_nam} is not a placeholder" in warnings[0]
    assert dialog.tabs.currentIndex() == 1
    assert dialog.result() == 0
    with context.db.reading() as session:
        assert load_settings(session).uses_default_text


def test_settings_dialog_saves_logo_and_text_with_undo(
    context: AppContext, qtbot: Any, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 160), (20, 80, 140)).save(logo)
    dialog = ProgrammeSettingsDialog(context)
    qtbot.addWidget(dialog)
    assert dialog.load_logo(logo)
    dialog.organisation.setText("Riverside Trust")
    dialog.text.setPlainText(dialog.text.toPlainText() + "\n# Extra\nThanks, {mentor_name}.\n")
    dialog.save()
    with context.db.reading() as session:
        saved = load_settings(session)
    assert saved.organisation == "Riverside Trust"
    assert saved.logo is not None and saved.agreement_version == 2
    context.undo_stack.undo()
    with context.db.reading() as session:
        back = load_settings(session)
    assert back.logo is None and back.agreement_version == 1 and back.uses_default_text


def test_main_window_has_the_documents_screen_and_settings_action(
    context: AppContext, qtbot: Any
) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    assert any(isinstance(p, DocumentsPage) for p in window.pages)
    texts = [a.text() for a in window.file_menu.actions()]
    assert "Programme &settings…" in texts
    assert [a.text() for a in window.documents_menu.actions()] == [
        "&Agreements for new pairings…",
        "&Programme report…",
    ]


def test_programme_report_from_the_window_names_no_one_unless_asked(
    context: AppContext, qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    page = window.page_of(DocumentsPage)
    assert isinstance(page, DocumentsPage)
    window.nav.setCurrentRow(window.pages.index(page))
    page.refresh()
    targets = iter([tmp_path / "board.pdf", tmp_path / "mine.pdf"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(next(targets)), ""))
    page.programme_report_button.click()
    page.internal.setChecked(True)
    page.programme_report_button.click()
    board = pages_text(tmp_path / "board.pdf")
    mine = pages_text(tmp_path / "mine.pdf")
    assert "Zoë" not in flat("\n".join(board)) and "internal" not in flat("\n".join(board))
    assert all("internal — contains names" in flat(p) for p in mine)
    assert "David Okonkwo & Zoë Müller" in flat("\n".join(mine))
