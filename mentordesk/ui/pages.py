"""The screens of the window's navigation, in order. Each capability adds its screen here."""

from __future__ import annotations

from mentordesk.ui.dashboard_page import DashboardPage
from mentordesk.ui.documents_page import DocumentsPage
from mentordesk.ui.matching_page import MatchingPage
from mentordesk.ui.page import Page
from mentordesk.ui.pairings_page import PairingsPage
from mentordesk.ui.participants_page import ParticipantsPage

PAGE_CLASSES: list[type[Page]] = [
    DashboardPage,  # the home screen
    ParticipantsPage,
    PairingsPage,
    MatchingPage,
    DocumentsPage,
]
