"""The screens of the window's navigation, in order. Each capability adds its screen here."""

from __future__ import annotations

from mentordesk.ui.dashboard.dashboard_page import DashboardPage
from mentordesk.ui.documents.documents_page import DocumentsPage
from mentordesk.ui.matching.matching_page import MatchingPage
from mentordesk.ui.pairings.pairings_page import PairingsPage
from mentordesk.ui.participants.participants_page import ParticipantsPage
from mentordesk.ui.window.page import Page

PAGE_CLASSES: list[type[Page]] = [
    DashboardPage,  # the home screen
    ParticipantsPage,
    PairingsPage,
    MatchingPage,
    DocumentsPage,
]
