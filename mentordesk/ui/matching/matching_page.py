"""Matching: run the matcher, read why each pair was proposed, lock, reject, choose a mentor
by hand, run again around the locked pairs, and accept — in one undoable step."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mentordesk import clock
from mentordesk.errors import MentorDeskError
from mentordesk.matching.matcher import MatchResult, MentorOption, Proposal, Unmatched
from mentordesk.matching.matching_actions import (
    AcceptProposals,
    NeverPair,
    SaveMatchSettings,
    match_cohort,
    match_settings,
    options_for_mentee,
)
from mentordesk.matching.matching_settings import MatchSettings, Objective
from mentordesk.models import PairingStatus
from mentordesk.progress import Progress
from mentordesk.ui.matching.matching_dialogs import (
    MatchSettingsDialog,
    MentorChoiceDialog,
    RejectDialog,
    pair_html,
    percent,
)
from mentordesk.ui.matching.matching_panels import (
    DecisionBar,
    ProposalsPanel,
    RunBar,
    WaitingPanel,
)
from mentordesk.ui.window.context import PAIRINGS, PARTICIPANTS, PROGRAMME, AppContext
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.page import Page
from mentordesk.ui.window.palette import make_notice
from mentordesk.ui.window.shortcuts import add_shortcut
from mentordesk.ui.window.undo_commands import ActionCommand, perform
from mentordesk.wording import plural

REJECTED = "rejected"


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

        self.run_bar = RunBar(self)
        self.proposals = ProposalsPanel(self)
        self.waiting = WaitingPanel(self)
        self.decisions = DecisionBar(self)
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("Why this pair")
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.notice = QLabel(self)
        self.notice.setWordWrap(True)
        make_notice(self.notice)
        self.notice.hide()
        # The parts the page works with, by their old names (tests and shortcuts use them).
        self.objective = self.run_bar.objective
        self.run_button = self.run_bar.run_button
        self.weights_button = self.run_bar.weights_button
        self.model, self.proxy = self.proposals.model, self.proposals.proxy
        self.search, self.show_filter = self.proposals.search, self.proposals.show_filter
        self.table = self.proposals.table
        self.unmatched_model = self.waiting.model
        self.unmatched_proxy = self.waiting.proxy
        self.unmatched_table = self.waiting.table
        self.lock_button = self.decisions.lock_button
        self.reject_button = self.decisions.reject_button
        self.choose_button = self.decisions.choose_button
        self.accept_selected_button = self.decisions.accept_selected_button
        self.accept_all_button = self.decisions.accept_all_button
        self.accept_status = self.decisions.accept_status

        self.objective.currentIndexChanged.connect(self._on_objective)
        self.run_button.clicked.connect(self.run_matcher)
        self.weights_button.clicked.connect(self.edit_settings)
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
        self.unmatched_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.unmatched_table.doubleClicked.connect(lambda _index: self.choose_mentor())
        self.lock_button.clicked.connect(self.toggle_lock)
        self.reject_button.clicked.connect(self.reject_selected)
        self.choose_button.clicked.connect(self.choose_mentor)
        self.accept_selected_button.clicked.connect(self.accept_selected)
        self.accept_all_button.clicked.connect(self.accept_all)

        self._layout()
        add_shortcut(self, "F5", self.run_matcher, "Run the matcher")
        add_shortcut(self, "Ctrl+L", self.toggle_lock, "Lock or unlock the selected pairs")
        add_shortcut(self, "Ctrl+Return", self.accept_selected, "Accept the selected pairs")
        self._show_result(None)

    def _layout(self) -> None:
        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.detail)
        lower.addWidget(self.waiting)
        lower.setSizes([420, 520])
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(lower)
        self.splitter.setSizes([380, 220])
        layout = QVBoxLayout(self)
        layout.addWidget(self.run_bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.notice)
        layout.addWidget(self.proposals.filters)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.decisions)

    # --- reading ----------------------------------------------------------------------
    def reload(self) -> None:
        self.settings = match_settings(self.context.db)
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
            return match_cohort(
                db,
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
            f"Matcher proposed {plural(len(result.proposals), 'pair')}; "
            f"{plural(len(result.unmatched), 'mentee')} without a mentor."
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
            f"{plural(len(rows), 'pair')} proposed ({locked} locked), average score "
            f"{percent(average)}; {plural(self.unmatched_model.total_rows(), 'mentee')} "
            "without a mentor. "
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
        self.accept_selected_button.setEnabled(bool(selected))
        self.accept_selected_button.setText(
            f"Accept &selected ({len(selected)})" if selected else "Accept &selected"
        )
        self.accept_all_button.setEnabled(bool(rows))
        self.accept_all_button.setText(f"&Accept all ({len(rows)})" if rows else "&Accept all")
        hidden = len(rows) - self.proxy.rowCount()
        self.accept_all_button.setToolTip(
            "Save every proposed pair"
            + (f", the {plural(hidden, 'pair')} the search or filter hides too" if hidden else "")
        )

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
        pairs = tuple((p.mentor_id, p.mentee_id) for p in proposals)
        action = NeverPair(pairs, reason, clock.today())
        text = (
            f"Never pair {proposals[0].mentor_name} and {proposals[0].mentee_name}"
            if len(proposals) == 1
            else f"Never pair {len(proposals)} pairs"
        )
        return self._perform_quietly(ActionCommand(self.context, text, action))

    def _perform_quietly(self, command: ActionCommand) -> bool:
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
        return options_for_mentee(
            self.context.db,
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
    def accept_selected(self) -> bool:
        """Save the selected proposals as pairings, in one undoable step."""
        chosen = self.table.selected_rows()
        if not chosen:
            self.context.status_message.emit(
                "Select the pairs to accept first, or press Accept all."
            )
            return False
        return self.accept_pairs(chosen)

    def accept_all(self) -> bool:
        """Save every proposal of the run, whatever the search or filter shows."""
        return self.accept_pairs(self.model.rows())

    def accept_pairs(self, chosen: list[Proposal]) -> bool:
        if not chosen:
            return False
        status = self.accept_status.value()
        action = AcceptProposals(tuple(chosen), status, clock.today())
        word = "proposed" if status == PairingStatus.PROPOSED else "active"
        many = "pairings" if len(chosen) != 1 else "pairing"
        text = f"Accept {plural(len(chosen), 'pair')} as {word} {many}"
        if not self._perform_quietly(ActionCommand(self.context, text, action)):
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
        if new == self.settings:
            return True

        command = ActionCommand(self.context, "Change matching settings", SaveMatchSettings(new))
        return perform(self.context, command, self)

    def save_state(self) -> None:
        self.table.save_header()
        self.unmatched_table.save_header()
