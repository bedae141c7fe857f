"""Documents: print agreements for chosen pairings, record when they come back signed, and
print progress reports, with a preview of the first page.

The screen is three panels: `agreements_panel` (the pairings and their agreements),
`reports_panel` (progress reports) and `first_page_panel` (the preview and the last file
saved); `before_printing` holds what both kinds of document ask before printing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

from mentordesk.ui.documents.agreements_panel import AgreementsPanel
from mentordesk.ui.documents.first_page_panel import FirstPagePanel
from mentordesk.ui.documents.reports_panel import ReportsPanel
from mentordesk.ui.window import window_state as ui_settings
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.shortcuts import add_shortcut


class DocumentsPage(Page):
    title = "Documents"
    topics = frozenset({PAIRINGS, PARTICIPANTS, ACTIVITY, PROGRAMME})
    shows = ("documents",)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.first_page = FirstPagePanel(self)
        self.agreements = AgreementsPanel(context, self.first_page, self)
        self.reports = ReportsPanel(
            context, self.first_page, self.agreements.table.selected_rows, self
        )
        self.agreements.table.selectionModel().selectionChanged.connect(self.reports.update_buttons)
        # The parts tests and tools reach, by the names they had before the split.
        self.table, self.model, self.proxy = (
            self.agreements.table,
            self.agreements.model,
            self.agreements.proxy,
        )
        self.show_filter, self.separate = self.agreements.show_filter, self.agreements.separate
        self.include_notes, self.internal = self.reports.include_notes, self.reports.internal
        self.programme_report_button = self.reports.programme_report_button
        self.saved_label, self.open_button = (
            self.first_page.saved_label,
            self.first_page.open_button,
        )

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.agreements, 1)
        left_layout.addWidget(self.reports)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.first_page)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        state = ui_settings.load_state("documents/splitter")
        if state is not None:
            self.splitter.restoreState(state)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        add_shortcut(
            self,
            "Ctrl+P",
            self.print_document,
            "Print, with a preview: the selected pairings' agreements, or the report when "
            "in Progress reports",
        )

    @property
    def last_preview_png(self) -> bytes | None:
        return self.first_page.last_preview_png

    def print_document(self) -> None:
        """Ctrl+P: the report when the focus is among the report's choices, otherwise the
        selected pairings' agreements."""
        focus = QApplication.focusWidget()
        if focus is not None and (focus is self.reports or self.reports.isAncestorOf(focus)):
            self.reports.print_report()
        else:
            self.agreements.print_agreements()

    # --- the agreements list, which the reports read too ---------------------------------
    def reload(self) -> None:
        self.agreements.reload()
        self.reports.update_buttons()

    def select_ids(self, ids: set[int]) -> None:
        self.agreements.select_ids(ids)

    def selected_ids(self) -> list[int]:
        return self.agreements.selected_ids()

    def select_new_pairings(self) -> None:
        self.agreements.select_new_pairings()

    def show_record(self, record_id: int) -> None:
        self.select_ids({record_id})

    def save_state(self) -> None:
        self.table.save_header()
        ui_settings.save_state("documents/splitter", self.splitter.saveState())
