"""Print (Ctrl+P) on the Documents screen: the agreements through the system's print
preview, rendered from the same PDF as a saved file, refreshed when settings change."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from mentordesk.store import Database
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.documents.print_preview import PrintPreview
from mentordesk.ui.window.context import PROGRAMME, AppContext
from mentordesk.ui.window.main_window import MainWindow
from mentordesk.ui.window.pages import PAGES


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
    page.print_agreements()
    assert seen["title"] == "Print agreement"
    assert seen["pages"] >= 1 and seen["widget_pages"] == seen["pages"]
    assert seen["refreshed"]
