"""The screens of the window's navigation, in order. Each capability adds its screen here.

A screen's module is imported and the screen built only when it is first shown: start-up
pays for the home screen alone, not for matching's optimizer or the PDF library.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from mentordesk.ui.window.page import Page


@dataclass(frozen=True)
class PageSpec:
    title: str
    module: str
    class_name: str
    # Topics whose records this screen brings into view (context.navigate).
    shows: tuple[str, ...] = ()

    def load(self) -> type[Page]:
        page_class: object = getattr(import_module(self.module), self.class_name)
        assert isinstance(page_class, type) and issubclass(page_class, Page)
        return page_class


PAGES: tuple[PageSpec, ...] = (
    PageSpec("Dashboard", "mentordesk.ui.dashboard.dashboard_page", "DashboardPage"),
    PageSpec(
        "Participants",
        "mentordesk.ui.participants.participants_page",
        "ParticipantsPage",
        ("participants",),
    ),
    PageSpec("Pairings", "mentordesk.ui.pairings.pairings_page", "PairingsPage", ("pairings",)),
    PageSpec("Matching", "mentordesk.ui.matching.matching_page", "MatchingPage"),
    PageSpec(
        "Documents", "mentordesk.ui.documents.documents_page", "DocumentsPage", ("documents",)
    ),
    PageSpec("Imports", "mentordesk.ui.importing.import_history_page", "ImportsPage"),
)
