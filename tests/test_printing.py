"""Print (Ctrl+P) on the Documents screen: agreements and reports through the system's
print preview and print dialog, rendered from the same PDF as a saved file, refreshed when
settings change. Printing agreements records the print date as saving does, and never
moves one already recorded. A PDF file stands in for the printer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog
from sqlalchemy import select

from mentordesk.models import Pairing
from mentordesk.store import Database
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.documents.print_preview import PrintPreview
from mentordesk.ui.widgets.table_model import ROW_ROLE
from mentordesk.ui.window.context import PROGRAMME, AppContext
from mentordesk.ui.window.main_window import MainWindow
from mentordesk.ui.window.pages import PAGES
from tests.conftest import FIXED_TODAY
from tests.pdf_check import pages_text


def test_ctrl_p_previews_every_page_and_refreshes_on_new_settings(
    demo_db: Database, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    context = AppContext(demo_db, synchronous_tasks=True)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    window.nav.setCurrentRow([s.title for s in PAGES].index("Documents"))
    page = window.page_of(DocumentsPage)
    page.table.selectRow(0)
    seen: dict[str, Any] = {}

    def run(preview: PrintPreview) -> int:
        calls = []
        original = preview.make_pdfs
        preview.make_pdfs = lambda: calls.append(1) or original()  # type: ignore[method-assign]
        preview.show()
        preview.preview_widget().updatePreview()
        QApplication.processEvents()
        seen["pages"] = preview.pages
        seen["widget_pages"] = preview.preview_widget().pageCount()
        before = len(calls)
        context.changed.emit(frozenset({PROGRAMME}))  # e.g. the agreement text was edited
        QApplication.processEvents()
        seen["refreshed"] = len(calls) > before
        seen["title"] = preview.windowTitle()
        preview.reject()
        return 0

    monkeypatch.setattr(PrintPreview, "exec", run)
    page.table.setFocus()
    page.agreements.print_agreements()
    assert seen["title"] == "Print agreement"
    assert seen["pages"] >= 1 and seen["widget_pages"] == seen["pages"]
    assert seen["refreshed"]


def _print_to(paper: Path, monkeypatch: pytest.MonkeyPatch, *, accept: bool = True) -> list[str]:
    """The system's print dialog answered with a PDF file for a printer (no real printer);
    the preview's own Print button pressed. Returns the titles of the previews shown."""
    titles: list[str] = []

    def to_pdf(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(paper))
        return (QDialog.DialogCode.Accepted if accept else QDialog.DialogCode.Rejected).value

    def press_print(preview: PrintPreview) -> int:
        titles.append(preview.windowTitle())
        preview.show()
        preview.print_action.trigger()
        result = preview.result()
        preview.close()
        return result

    monkeypatch.setattr(QPrintDialog, "exec", to_pdf)
    monkeypatch.setattr(PrintPreview, "exec", press_print)
    return titles


@pytest.fixture
def documents(demo_db: Database, qtbot: Any) -> tuple[MainWindow, DocumentsPage]:
    window = MainWindow(AppContext(demo_db, synchronous_tasks=True))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.nav.setCurrentRow([s.title for s in PAGES].index("Documents"))
    page = window.page_of(DocumentsPage)
    page.refresh()
    return window, page


def printed_on(db: Database) -> dict[int, dt.date | None]:
    with db.reading() as session:
        rows = session.execute(select(Pairing.id, Pairing.agreement_printed_on))
        return {pairing_id: day for pairing_id, day in rows}


def test_printing_agreements_records_the_print_date_as_saving_does(
    documents: tuple[MainWindow, DocumentsPage],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _window, page = documents
    page.select_new_pairings()
    new = set(page.selected_ids())
    before = printed_on(demo_db)
    assert new and all(before[i] is None for i in new)
    paper = tmp_path / "paper.pdf"

    # Cancelled in the print dialog: nothing printed, nothing recorded.
    _print_to(paper, monkeypatch, accept=False)
    page.agreements.print_agreements()
    assert not paper.exists() and printed_on(demo_db) == before

    _print_to(paper, monkeypatch)
    page.agreements.print_agreements()
    assert len(pages_text(paper)) >= 2 * len(new)  # every agreement, every page
    after = printed_on(demo_db)
    assert all(after[i] == FIXED_TODAY for i in new)
    assert {i: d for i, d in after.items() if i not in new} == {
        i: d for i, d in before.items() if i not in new
    }
    assert "print date" in page.saved_label.text()
    # The list follows: the printed pairs are no longer new.
    page.show_filter.setCurrentIndex(0)
    assert not new & {
        page.proxy.data(page.proxy.index(r, 0), ROW_ROLE).id for r in range(page.proxy.rowCount())
    }


def test_reprinting_never_moves_a_print_date(
    documents: tuple[MainWindow, DocumentsPage],
    demo_db: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _window, page = documents
    first = {i: d for i, d in printed_on(demo_db).items() if d is not None}
    assert first
    page.show_filter.setCurrentIndex(1)  # active and proposed
    page.select_ids(set(first))
    chosen = set(page.selected_ids())
    assert chosen
    _print_to(tmp_path / "again.pdf", monkeypatch)
    page.agreements.print_agreements()
    assert (tmp_path / "again.pdf").is_file()
    after = printed_on(demo_db)
    assert all(after[i] == first[i] for i in chosen)
    assert all(first[i] != FIXED_TODAY for i in chosen)


@pytest.mark.parametrize("pairing", [False, True], ids=["programme", "one pairing"])
def test_ctrl_p_in_progress_reports_prints_the_report(
    documents: tuple[MainWindow, DocumentsPage],
    demo_db: Database,
    qtbot: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pairing: bool,
) -> None:
    _window, page = documents
    if pairing:
        page.show_filter.setCurrentIndex(2)
        page.select_ids({1})
    before = printed_on(demo_db)
    paper = tmp_path / "report.pdf"
    titles = _print_to(paper, monkeypatch)
    page.reports.period_choice.setFocus()
    qtbot.keyClick(page.reports.period_choice, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    what = "pairing report" if pairing else "programme report"
    assert titles == [f"Print the {what}"]
    assert paper.is_file() and len(pages_text(paper)) >= 1
    assert f"Printed the {what}." in page.saved_label.text()
    assert printed_on(demo_db) == before  # a report records nothing
    # Elsewhere on the screen, Ctrl+P prints the selected pairings' agreements.
    page.table.setFocus()
    page.show_filter.setCurrentIndex(2)
    page.select_ids({1})
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert titles[-1] == "Print agreement"
