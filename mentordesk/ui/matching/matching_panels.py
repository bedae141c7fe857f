"""The parts of the matching screen: the bar that runs the matcher, the proposed pairs
(with search and filter), the mentees left without a mentor, and the bar of decisions.
The page (`matching_page`) wires them to what they do."""

from __future__ import annotations

from collections.abc import Callable
from types import FunctionType

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mentordesk.matching.matcher import Proposal, Unmatched
from mentordesk.matching.matching_settings import OBJECTIVE_LABELS, Objective
from mentordesk.models import PairingStatus
from mentordesk.ui.matching.matching_dialogs import percent
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo

PROPOSAL_COLUMNS: list[Column[Proposal]] = [
    Column("Locked", lambda p: p.locked, text=lambda p: "🔒 Locked" if p.locked else ""),
    Column("Mentee", lambda p: p.mentee_name),
    Column("Mentor", lambda p: p.mentor_name),
    Column("Score", lambda p: p.score, text=lambda p: percent(p.score), align_right=True),
    Column(
        "Why",
        lambda p: "; ".join(p.reasons),
        tooltip=lambda p: "\n".join(p.reasons),
        stretch=True,  # the reasons get the room, not the warnings
    ),
    Column(
        "Worth a second look",
        lambda p: "; ".join(p.warnings),
        tooltip=lambda p: "\n".join(p.warnings) or None,
    ),
]
UNMATCHED_COLUMNS: list[Column[Unmatched]] = [
    Column("Mentee", lambda u: u.mentee_name),
    Column("Why no mentor", lambda u: u.reason, tooltip=lambda u: u.reason),
]
SHOW_FILTERS: dict[str, Callable[[Proposal], bool] | None] = {
    "All pairs": None,
    "Locked": lambda p: p.locked,
    "Not locked": lambda p: not p.locked,
    "With something to check": lambda p: bool(p.warnings),
}


def proposal_search_text(row: Proposal) -> str:
    return " ".join([row.mentee_name, row.mentor_name, *row.reasons, *row.warnings]).casefold()


def _row(parent: QWidget) -> QHBoxLayout:
    layout = QHBoxLayout(parent)
    layout.setContentsMargins(0, 0, 0, 0)
    return layout


class RunBar(QWidget):
    """The matching aim, Run matcher, and the weights and rules."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.objective: ValueCombo[Objective] = ValueCombo(
            self, value_type=Objective, name="Matching aim", items=OBJECTIVE_LABELS
        )
        self.run_button = QPushButton("&Run matcher", self)
        self.run_button.setToolTip("Propose a mentor for every mentee waiting for one (F5)")
        self.weights_button = QPushButton("&Weights and rules…", self)
        layout = _row(self)
        aim = QLabel("A&im:", self)
        aim.setBuddy(self.objective)
        layout.addWidget(aim)
        layout.addWidget(self.objective)
        layout.addWidget(self.run_button)
        layout.addWidget(self.weights_button)
        layout.addStretch(1)


class ProposalsPanel(QObject):
    """The proposed pairs: the table, and (`filters`, laid out above it) search and Show.
    Two widgets, as the page puts the table in a splitter and the filters above it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.model = RowTableModel(PROPOSAL_COLUMNS, key=lambda p: p.mentee_id, parent=self)
        self.proxy = RowFilterProxy(proposal_search_text, self)
        self.filters = QWidget(parent)
        self.search = QLineEdit(self.filters)
        self.search.setPlaceholderText("Search names, reasons and warnings")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search proposals")
        self.search.textChanged.connect(self.proxy.set_search)
        self.show_filter: ValueCombo[Callable[[Proposal], bool] | None] = ValueCombo(
            self.filters,
            value_type=FunctionType,
            optional=True,
            name="Show",
            items=[(test, label) for label, test in SHOW_FILTERS.items()],
        )
        self.show_filter.currentIndexChanged.connect(
            lambda _index: self.proxy.set_predicate("show", self.show_filter.value())
        )
        filters = _row(self.filters)
        filters.addWidget(self.search, 1)
        show = QLabel("Sh&ow:", self.filters)
        show.setBuddy(self.show_filter)
        filters.addWidget(show)
        filters.addWidget(self.show_filter)
        self.table = RowTableView(self.model, self.proxy, "matching-proposals", parent)
        self.table.setAccessibleName("Proposed pairs")
        self.table.set_empty_text(
            "Press Run matcher (F5) to propose a mentor for every mentee waiting. Mentors "
            "are matched once their screening and training are complete (Participants → "
            "Screening)."
        )
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)


class WaitingPanel(QWidget):
    """The mentees this run leaves without a mentor, and why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowTableModel(UNMATCHED_COLUMNS, key=lambda u: u.mentee_id, parent=self)
        self.proxy = RowFilterProxy(lambda u: u.mentee_name.casefold(), self)
        self.table = RowTableView(self.model, self.proxy, "matching-unmatched", self)
        self.table.setAccessibleName("Mentees without a mentor")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Mentees without a mentor:", self))
        layout.addWidget(self.table)


class DecisionBar(QWidget):
    """Lock, reject, choose by hand, and accept (as proposed or active pairings)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lock_button = QPushButton("&Lock", self)
        self.lock_button.setToolTip("Keep the selected pairs when the matcher runs again (Ctrl+L)")
        self.reject_button = QPushButton("Re&ject…", self)
        self.reject_button.setToolTip("Reject the selected pairs (Delete)")
        self.choose_button = QPushButton("&Choose mentor…", self)
        self.choose_button.setToolTip(
            "Pick a mentor by hand, with score and warnings (Ctrl+Shift+N)"
        )
        self.accept_status: ValueCombo[PairingStatus] = ValueCombo(
            self,
            value_type=PairingStatus,
            name="Accept as",
            items={
                PairingStatus.PROPOSED: "as proposed pairings",
                PairingStatus.ACTIVE: "as active pairings, starting today",
            },
        )
        # Two buttons, both always shown: selecting a pair never changes what "all" means.
        self.accept_selected_button = QPushButton("Accept &selected", self)
        self.accept_selected_button.setToolTip("Save the selected pairs (Ctrl+Return)")
        self.accept_all_button = QPushButton("&Accept all", self)
        self.accept_all_button.setToolTip(
            "Save every proposed pair, those a search or filter hides too"
        )
        layout = _row(self)
        for button in (self.lock_button, self.reject_button, self.choose_button):
            layout.addWidget(button)
        layout.addStretch(1)
        layout.addWidget(self.accept_selected_button)
        layout.addWidget(self.accept_all_button)
        layout.addWidget(self.accept_status)
