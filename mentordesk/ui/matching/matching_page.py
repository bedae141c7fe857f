"""Matching: run the matcher, read why each pair was proposed, lock, reject, choose a mentor
by hand, run again around the locked pairs, and accept — in one undoable step."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.matching.decisions import (
    accept_proposals,
    add_exclusion,
    remove_exclusion,
    withdraw_pairings,
)
from mentordesk.matching.matcher import (
    MatchResult,
    MentorOption,
    Proposal,
    Unmatched,
    mentor_options,
    run_match,
)
from mentordesk.matching.matching_settings import (
    OBJECTIVE_LABELS,
    MatchSettings,
    Objective,
    load_match_settings,
    save_match_settings,
)
from mentordesk.models import PairingStatus
from mentordesk.progress import Progress
from mentordesk.store import Database
from mentordesk.ui.matching.matching_dialogs import (
    MatchSettingsDialog,
    MentorChoiceDialog,
    RejectDialog,
    pair_html,
    percent,
)
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.widgets.typed_combo import ValueCombo
from mentordesk.ui.window.context import PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.shortcuts import add_shortcut
from mentordesk.ui.window.undo_commands import Step, UseCaseCommand, perform

REJECTED = "rejected"

PROPOSAL_COLUMNS: list[Column[Proposal]] = [
    Column("Locked", lambda p: p.locked, text=lambda p: "🔒 Locked" if p.locked else ""),
    Column("Mentee", lambda p: p.mentee_name),
    Column("Mentor", lambda p: p.mentor_name),
    Column("Score", lambda p: p.score, text=lambda p: percent(p.score), align_right=True),
    Column("Why", lambda p: "; ".join(p.reasons), tooltip=lambda p: "\n".join(p.reasons)),
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
SHOW_FILTERS = {
    "All pairs": None,
    "Locked": lambda p: p.locked,
    "Not locked": lambda p: not p.locked,
    "With something to check": lambda p: bool(p.warnings),
}


def proposal_search_text(row: Proposal) -> str:
    return " ".join([row.mentee_name, row.mentor_name, *row.reasons, *row.warnings]).casefold()


class MatchingPage(Page):
    title = "Matching"
    topics = frozenset({PARTICIPANTS, PAIRINGS, PROGRAMME})
    # Edit → New pairs the selected mentee by hand; Edit → Delete rejects the selected pairs.
    new_record_text = "&Choose mentor by hand…"
    delete_text = "Reject the selected pairs…"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.result: MatchResult | None = None
        self.settings = MatchSettings()
        self.rejected: set[tuple[int, int]] = set()
        self._running: Progress | None = None
        self._quiet = False  # our own change: the run on screen is still current

        self.model = RowTableModel(PROPOSAL_COLUMNS, key=lambda p: p.mentee_id, parent=self)
        self.proxy = RowFilterProxy(proposal_search_text, self)
        self.unmatched_model = RowTableModel(
            UNMATCHED_COLUMNS, key=lambda u: u.mentee_id, parent=self
        )
        self.unmatched_proxy = RowFilterProxy(lambda u: u.mentee_name.casefold(), self)

        self.objective: ValueCombo[Objective] = ValueCombo(
            self, value_type=Objective, name="Matching aim", items=OBJECTIVE_LABELS
        )
        self.objective.currentIndexChanged.connect(self._on_objective)
        self.run_button = QPushButton("&Run matcher", self)
        self.run_button.setToolTip("Propose a mentor for every mentee waiting for one (F5)")
        self.run_button.clicked.connect(self.run_matcher)
        self.weights_button = QPushButton("&Weights and rules…", self)
        self.weights_button.clicked.connect(self.edit_settings)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel { background: #fff4ce; padding: 4px; }")
        self.notice.hide()

        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search names, reasons and warnings")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search proposals")
        self.search.textChanged.connect(self.proxy.set_search)
        self.show_filter: ValueCombo[Callable[[Proposal], bool] | None] = ValueCombo(
            self,
            value_type=Callable,
            optional=True,
            name="Show",
            items=[(test, label) for label, test in SHOW_FILTERS.items()],
        )
        self.show_filter.currentIndexChanged.connect(
            lambda _index: self.proxy.set_predicate("show", self.show_filter.value())
        )

        self.table = RowTableView(self.model, self.proxy, "matching-proposals", self)
        self.table.setAccessibleName("Proposed pairs")
        self.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._update_actions)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        for signal in (
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.modelReset,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._update_actions)
        self.table.doubleClicked.connect(lambda _index: self.choose_mentor())
        self.unmatched_table = RowTableView(
            self.unmatched_model, self.unmatched_proxy, "matching-unmatched", self
        )
        self.unmatched_table.setAccessibleName("Mentees without a mentor")
        self.unmatched_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.unmatched_table.doubleClicked.connect(lambda _index: self.choose_mentor())
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("Why this pair")

        self.lock_button = QPushButton("&Lock", self)
        self.lock_button.setToolTip("Keep the selected pairs when the matcher runs again (Ctrl+L)")
        self.lock_button.clicked.connect(self.toggle_lock)
        self.reject_button = QPushButton("Re&ject…", self)
        self.reject_button.setToolTip("Reject the selected pairs (Delete)")
        self.reject_button.clicked.connect(self.reject_selected)
        self.choose_button = QPushButton("&Choose mentor…", self)
        self.choose_button.setToolTip(
            "Pick a mentor by hand, with score and warnings (Ctrl+Shift+N)"
        )
        self.choose_button.clicked.connect(self.choose_mentor)
        self.accept_status: ValueCombo[PairingStatus] = ValueCombo(
            self,
            value_type=PairingStatus,
            name="Accept as",
            items={
                PairingStatus.PROPOSED: "as proposed pairings",
                PairingStatus.ACTIVE: "as active pairings, starting today",
            },
        )
        self.accept_button = QPushButton("&Accept", self)
        self.accept_button.setToolTip("Save the pairs (the selected ones, or all) (Ctrl+Return)")
        self.accept_button.clicked.connect(self.accept_pairs)

        self._layout()
        add_shortcut(self, "F5", self.run_matcher, "Run the matcher")
        add_shortcut(self, "Ctrl+L", self.toggle_lock, "Lock or unlock the selected pairs")
        add_shortcut(
            self, "Ctrl+Return", self.accept_pairs, "Accept the selected pairs (or all shown)"
        )
        self._show_result(None)

    def _layout(self) -> None:
        top = QHBoxLayout()
        aim = QLabel("A&im:", self)
        aim.setBuddy(self.objective)
        top.addWidget(aim)
        top.addWidget(self.objective)
        top.addWidget(self.run_button)
        top.addWidget(self.weights_button)
        top.addStretch(1)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        show = QLabel("Sh&ow:", self)
        show.setBuddy(self.show_filter)
        filters.addWidget(show)
        filters.addWidget(self.show_filter)
        actions = QHBoxLayout()
        for button in (self.lock_button, self.reject_button, self.choose_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.accept_button)
        actions.addWidget(self.accept_status)
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.detail)
        unmatched_box = QWidget(self)
        unmatched_layout = QVBoxLayout(unmatched_box)
        unmatched_layout.setContentsMargins(0, 0, 0, 0)
        unmatched_layout.addWidget(QLabel("Mentees without a mentor:", unmatched_box))
        unmatched_layout.addWidget(self.unmatched_table)
        lower.addWidget(unmatched_box)
        lower.setSizes([420, 520])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([380, 220])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(actions)

    # --- reading ----------------------------------------------------------------------
    def reload(self) -> None:
        with self.context.db.reading() as session:
            self.settings = load_match_settings(session)
        self.objective.blockSignals(True)
        self.objective.select_value(self.settings.objective)
        self.objective.blockSignals(False)
        if self.result is not None and not self._quiet:
            self._set_notice(
                "The programme has changed since this run (people, pairings or weights). "
                "Run the matcher again to take the changes in; accepting still checks every "
                "rule."
            )

    def _set_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # --- running ----------------------------------------------------------------------
    def chosen_objective(self) -> Objective:
        return self.objective.value()

    def run_matcher(self) -> None:
        """Run in the background, keeping locked pairs and this run's rejections."""
        if self._running is not None:
            return
        locks = [(p.mentor_id, p.mentee_id) for p in self.model.rows() if p.locked]
        rejected = set(self.rejected)
        objective = self.chosen_objective()
        db = self.context.db

        def work(progress: Progress) -> MatchResult:
            with db.reading() as session:
                return run_match(
                    session,
                    on_date=clock.today(),
                    objective=objective,
                    locks=locks,
                    rejected=rejected,
                    progress=progress,
                )

        self.run_button.setEnabled(False)
        self._running = self.context.tasks.run(
            work,
            on_done=self._on_done,
            on_error=self._on_error,
            on_cancelled=self._on_cancelled,
            title="Matching the cohort…",
            parent=self,
        )

    def _finish_run(self) -> None:
        self._running = None
        self.run_button.setEnabled(True)

    def _on_done(self, result: MatchResult) -> None:
        self._finish_run()
        self._show_result(result)
        self.context.status_message.emit(
            f"Matcher proposed {len(result.proposals)} pairs; "
            f"{len(result.unmatched)} mentees without a mentor."
        )

    def _on_error(self, exc: BaseException) -> None:
        self._finish_run()
        present_error(self, "Matching failed", exc, what="The matcher could not run.")

    def _on_cancelled(self) -> None:
        self._finish_run()
        self.context.status_message.emit("Matching cancelled; the proposals shown are unchanged.")

    def _show_result(self, result: MatchResult | None) -> None:
        self.result = result
        self.model.set_rows(result.proposals if result else [])
        self.unmatched_model.set_rows(result.unmatched if result else [])
        self._set_notice("\n".join(result.dropped_locks) if result and result.dropped_locks else "")
        self._update_summary()
        self._update_actions()
        self._show_detail()

    def _update_summary(self) -> None:
        if self.result is None:
            self.summary.setText(
                "Run the matcher (F5) to propose a mentor for every mentee waiting for one. "
                "Nothing is saved until you accept."
            )
            return
        rows = self.model.rows()
        average = sum(p.score for p in rows) / len(rows) if rows else 0.0
        locked = sum(p.locked for p in rows)
        self.summary.setText(
            f"{len(rows)} pairs proposed ({locked} locked), average score {percent(average)}; "
            f"{self.unmatched_model.total_rows()} mentees without a mentor. "
            f"Aim: {self.result.objective.label.lower()}."
        )

    def _show_detail(self, *_: object) -> None:
        proposal = self.table.current_row()
        if proposal is None:
            self.detail.setHtml(
                "<p>Select a pair to see why it was proposed.</p>" if self.result else ""
            )
            return
        self.detail.setHtml(
            pair_html(
                f"{proposal.mentee_name} with {proposal.mentor_name}"
                + (" (locked)" if proposal.locked else ""),
                proposal.score,
                proposal.reasons,
                proposal.warnings,
            )
        )

    def _update_actions(self, *_: object) -> None:
        selected = self.table.selected_rows()
        rows = self.model.rows()
        self.lock_button.setEnabled(bool(selected))
        self.lock_button.setText(
            "Un&lock" if selected and all(p.locked for p in selected) else "&Lock"
        )
        self.reject_button.setEnabled(bool(selected))
        self.choose_button.setEnabled(
            len(selected) == 1 or bool(self.unmatched_table.selected_rows())
        )
        shown = self.proxy.rowCount()
        self.accept_button.setEnabled(bool(selected) or shown > 0)
        if selected:
            self.accept_button.setText(f"&Accept selected ({len(selected)})")
        elif shown < len(rows):
            self.accept_button.setText(f"&Accept all shown ({shown})")
        else:
            self.accept_button.setText(f"&Accept all ({shown})")

    # --- editing the run --------------------------------------------------------------
    def toggle_lock(self) -> None:
        selected = self.table.selected_rows()
        if not selected:
            return
        lock = not all(p.locked for p in selected)
        for proposal in selected:
            self.model.update_row(replace(proposal, locked=lock))
        self._update_summary()
        self._update_actions()
        self._show_detail()

    def _ask_reject(self, proposals: list[Proposal]) -> tuple[bool, str] | None:
        text = (
            f"{proposals[0].mentee_name} with {proposals[0].mentor_name}"
            if len(proposals) == 1
            else f"{len(proposals)} pairs"
        )
        dialog = RejectDialog(text, self)
        return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def delete_selected(self) -> None:
        self.reject_selected()

    def reject_selected(self) -> None:
        selected = self.table.selected_rows()
        if not selected:
            self.context.status_message.emit("Select the proposed pairs to reject first.")
            return
        answer = self._ask_reject(selected)
        if answer is None:
            return
        for_good, reason = answer
        if for_good and not self._exclude_for_good(selected, reason):
            return
        for proposal in selected:
            self.rejected.add((proposal.mentor_id, proposal.mentee_id))
            self.model.remove_key(proposal.mentee_id)
            self.unmatched_model.update_row(
                Unmatched(
                    proposal.mentee_id,
                    proposal.mentee_name,
                    REJECTED,
                    f"proposal with {proposal.mentor_name} rejected"
                    + (" for good" if for_good else "")
                    + "; run the matcher again or choose a mentor",
                )
            )
        self._update_summary()
        self._update_actions()

    def _exclude_for_good(self, proposals: list[Proposal], reason: str) -> bool:
        pairs = [(p.mentor_id, p.mentee_id) for p in proposals]
        created: list[int] = []
        today = clock.today()

        def do(db: Database) -> None:
            created.clear()
            with db.transaction() as session:
                for mentor_id, mentee_id in pairs:
                    new = add_exclusion(session, mentor_id, mentee_id, reason, today)
                    if new is not None:
                        created.append(new)

        def undo(db: Database) -> None:
            with db.transaction() as session:
                for exclusion_id in created:
                    remove_exclusion(session, exclusion_id)

        text = (
            f"Never pair {proposals[0].mentor_name} and {proposals[0].mentee_name}"
            if len(proposals) == 1
            else f"Never pair {len(proposals)} pairs"
        )
        return self._perform_quietly(UseCaseCommand(self.context, text, do, undo, (PARTICIPANTS,)))

    def _perform_quietly(self, command: UseCaseCommand) -> bool:
        self._quiet = True
        try:
            return perform(self.context, command, self)
        finally:
            self._quiet = False

    def _ask_mentor(
        self, mentee_name: str, options: list[MentorOption], current: int | None
    ) -> int | None:
        dialog = MentorChoiceDialog(mentee_name, options, current, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen = dialog.chosen()
        return chosen.mentor_id if chosen is not None else None

    def new_record(self) -> None:
        self.choose_mentor()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def choose_mentor(self) -> None:
        """Pick a mentor by hand for the selected pair's mentee, or a mentee left over."""
        proposals = self.table.selected_rows()
        if len(proposals) == 1:
            mentee_id, mentee_name = proposals[0].mentee_id, proposals[0].mentee_name
            current: int | None = proposals[0].mentor_id
        else:
            waiting = self.unmatched_table.selected_rows()
            if len(waiting) != 1:
                self.context.status_message.emit(
                    "Select one proposed pair, or one mentee without a mentor, "
                    "to choose a mentor by hand."
                )
                return
            mentee_id, mentee_name, current = waiting[0].mentee_id, waiting[0].mentee_name, None
        try:
            options = self._options_for(mentee_id)
        except MentorDeskError as exc:
            QMessageBox.warning(self, "Choose a mentor", str(exc))
            return
        mentor_id = self._ask_mentor(mentee_name, options, current)
        if mentor_id is not None:
            self.set_mentor(mentee_id, mentor_id, options)

    def _options_for(self, mentee_id: int) -> list[MentorOption]:
        used = Counter(p.mentor_id for p in self.model.rows() if p.mentee_id != mentee_id)
        with self.context.db.reading() as session:
            return mentor_options(
                session,
                mentee_id,
                on_date=clock.today(),
                settings=self.settings,
                places_used=used,
                rejected=self.rejected,
            )

    def set_mentor(
        self, mentee_id: int, mentor_id: int, options: list[MentorOption] | None = None
    ) -> bool:
        """Put a hand-picked mentor in the run (locked). Refused if a rule forbids it."""
        try:
            options = options if options is not None else self._options_for(mentee_id)
        except MentorDeskError as exc:
            QMessageBox.warning(self, "Choose a mentor", str(exc))
            return False
        option = next((o for o in options if o.mentor_id == mentor_id), None)
        if option is None or not option.allowed:
            why = "; ".join(option.blocking) if option else "this mentor is not active"
            QMessageBox.warning(self, "This pair is not allowed", f"Not allowed: {why}.")
            return False
        # Look rows up among all of them: a filter may hide the one we change.
        current = next((p for p in self.model.rows() if p.mentee_id == mentee_id), None)
        left = next((u for u in self.unmatched_model.rows() if u.mentee_id == mentee_id), None)
        if current is not None:
            mentee_name = current.mentee_name
        elif left is not None:
            mentee_name = left.mentee_name
        else:
            return False  # not in this run
        self.unmatched_model.remove_key(mentee_id)
        self.model.update_row(
            Proposal(
                mentor_id=mentor_id,
                mentee_id=mentee_id,
                mentor_name=option.mentor_name,
                mentee_name=mentee_name,
                score=option.score,
                reasons=option.reasons,
                warnings=option.warnings,
                locked=True,
            )
        )
        self._update_summary()
        self._update_actions()
        self._show_detail()
        return True

    # --- deciding ---------------------------------------------------------------------
    def accept_pairs(self) -> bool:
        """Save the selected proposals (or all) as pairings, in one undoable step."""
        chosen = self.table.selected_rows() or self.proxy.visible_rows()
        if not chosen:
            return False
        status = self.accept_status.value()
        created: list[int] = []
        today = clock.today()

        def do(db: Database) -> None:
            with db.transaction() as session:
                ids = accept_proposals(session, chosen, status=status, on_date=today)
            created[:] = ids

        def undo(db: Database) -> None:
            with db.transaction() as session:
                withdraw_pairings(session, created)

        word = "proposed" if status == PairingStatus.PROPOSED else "active"
        text = f"Accept {len(chosen)} pairs as {word} pairings"
        if not self._perform_quietly(UseCaseCommand(self.context, text, do, undo, (PAIRINGS,))):
            return False
        for proposal in chosen:
            self.model.remove_key(proposal.mentee_id)
        self._update_summary()
        self._update_actions()
        self._show_detail()
        self.context.status_message.emit(f"{text}. Undo with Ctrl+Z.")
        return True

    # --- settings ---------------------------------------------------------------------
    def _on_objective(self) -> None:
        self.save_settings(replace(self.settings, objective=self.chosen_objective()))

    def edit_settings(self) -> None:
        dialog = MatchSettingsDialog(self.settings, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.save_settings(dialog.settings())

    def save_settings(self, new: MatchSettings) -> bool:
        old = self.settings
        if new == old:
            return True

        def put(settings: MatchSettings) -> Step:
            def step(db: Database) -> None:
                with db.transaction() as session:
                    save_match_settings(session, settings)

            return step

        command = UseCaseCommand(
            self.context, "Change matching settings", put(new), put(old), (PROGRAMME,)
        )
        return perform(self.context, command, self)

    def save_state(self) -> None:
        self.table.save_header()
        self.unmatched_table.save_header()
