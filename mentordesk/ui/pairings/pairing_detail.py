"""One pairing in detail: Summary (status actions, commitments, agreement), Goals,
Meetings and Check-ins. Every action here is one undoable command."""

from __future__ import annotations

import datetime as dt
from functools import partial
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.models import ConcernSource
from mentordesk.monitoring.flag_board import pairing_flags
from mentordesk.pairings.activity import CheckInRow, MeetingRow
from mentordesk.pairings.pairing_actions import ACTIVATE, PAUSE, RESUME
from mentordesk.pairings.pairing_records import (
    PairingDetail,
    PairingTerms,
    terms_change_words,
)
from mentordesk.pairings.pairing_views import deletion_counts, pairing_panel
from mentordesk.ui.pairings.activity_tabs import ActivityTab, CheckInsTab, GoalsTab, MeetingsTab
from mentordesk.ui.pairings.close_pairing_dialog import (
    ClosePairingDialog,
    close_as_asked,
    closing_dialog,
)
from mentordesk.ui.pairings.create_pairing_dialog import CreatePairingDialog
from mentordesk.ui.pairings.pair_support_dialogs import (
    raise_concern_interactively,
    resolve_concern_interactively,
)
from mentordesk.ui.pairings.pairing_commands import (
    create_pairing_command,
    delete_pairing_command,
    status_command,
    terms_command,
)
from mentordesk.ui.pairings.pairing_summary import SummaryTab
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.shortcuts import add_shortcut
from mentordesk.ui.window.undo_commands import perform
from mentordesk.wording import plural

SUMMARY, GOALS_TAB, MEETINGS_TAB, CHECK_INS_TAB = range(4)


class PairingDetailPanel(QWidget):
    # Ask the screen to show another pairing (one just created by a rematch).
    open_pairing = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.detail: PairingDetail | None = None
        self.pairing_id: int | None = None
        self.date_order = "day_first"
        self.close_dialog: ClosePairingDialog | None = None
        self.rematch_dialog: CreatePairingDialog | None = None

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.heading.setAccessibleName("Pairing")
        self.summary = SummaryTab(self)
        self.goals = GoalsTab(context, self)
        self.meetings = MeetingsTab(context, self)
        self.check_ins = CheckInsTab(context, self)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Pairing detail")
        for number, (page, name) in enumerate(
            (
                (self.summary, "Summary"),
                (self.goals, "Goals"),
                (self.meetings, "Meetings"),
                (self.check_ins, "Check-ins"),
            )
        ):
            self.tabs.addTab(page, name)
            self.tabs.setTabToolTip(number, f"{name} (Alt+{number + 1})")
            add_shortcut(
                self, f"Alt+{number + 1}", partial(self.show_tab, number), f"Show the {name} tab"
            )

        self.placeholder = QLabel(
            "Select a pairing to see its goals, meetings and check-ins, or press "
            "Ctrl+Shift+N to pair a mentor and a mentee.",
            self,
        )
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        content = QWidget(self)
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addWidget(self.heading)
        content_layout.addWidget(self.tabs, 1)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        summary = self.summary
        summary.activate_button.clicked.connect(self.activate)
        summary.pause_button.clicked.connect(self.pause)
        summary.resume_button.clicked.connect(self.resume)
        summary.close_button.clicked.connect(self.close_pairing)
        summary.rematch_button.clicked.connect(self.rematch)
        summary.delete_button.clicked.connect(self.delete_pairing)
        summary.save_requested.connect(self.save_terms)
        summary.raise_concern_requested.connect(self.raise_concern)
        summary.resolve_concern_requested.connect(self.resolve_concern)
        self.check_ins.raise_concern_requested.connect(self.raise_concern_from_check_in)
        self.meetings.raise_concern_requested.connect(self.raise_concern_from_meeting)

    # --- showing ----------------------------------------------------------------------
    def show_pairing(self, pairing_id: int | None) -> None:
        """Show one pairing (None: nothing). Reads everything in one query."""
        if pairing_id is not None and pairing_id != self.pairing_id and self.summary.is_dirty():
            # Moving to another pairing keeps what was typed in this one's summary (as an
            # undoable edit). Showing none means this pairing is gone: nothing to keep.
            self.save_terms(self.summary.terms())
        self.pairing_id = pairing_id
        panel = pairing_panel(self.context.db, pairing_id)
        self.date_order = panel.date_order
        detail, rows = panel.detail, panel.records
        self.detail = detail
        if detail is None:
            self.pairing_id = None
            self.stack.setCurrentIndex(0)
            for tab in (self.goals, self.meetings, self.check_ins):
                tab.set_pairing(None, [], self.date_order)
            return
        self.heading.setText(
            f"<h3>{escape(detail.mentor_name)} &amp; {escape(detail.mentee_name)}</h3>"
            + self._heading_line(detail)
        )
        self.summary.set_pairing(detail, self.date_order)
        self.summary.set_flags(pairing_flags(self.context.db, detail.id))
        self.goals.set_pairing(detail, rows["goals"], self.date_order)
        self.meetings.set_pairing(detail, rows["meetings"], self.date_order)
        self.check_ins.set_pairing(detail, rows["check_ins"], self.date_order)
        self._update_tab_titles(rows)
        self.stack.setCurrentIndex(1)

    def reload(self) -> None:
        self.show_pairing(self.pairing_id)

    @staticmethod
    def _heading_line(detail: PairingDetail) -> str:
        parts = [f"<b>{detail.status.label}</b>", f"mentor {escape(detail.mentor_name)}"]
        age = f", aged {detail.mentee_age}" if detail.mentee_age is not None else ""
        parts.append(f"mentee {escape(detail.mentee_name)}{age}")
        return " · ".join(parts)

    def _update_tab_titles(self, rows: dict[str, list[Any]]) -> None:
        for index, name, key in (
            (GOALS_TAB, "Goals", "goals"),
            (MEETINGS_TAB, "Meetings", "meetings"),
            (CHECK_INS_TAB, "Check-ins", "check_ins"),
        ):
            self.tabs.setTabText(index, f"{name} ({len(rows[key])})")

    def show_tab(self, number: int) -> None:
        self.tabs.setCurrentIndex(number)
        tab = self.tabs.currentWidget()
        if hasattr(tab, "focus_entry"):
            tab.focus_entry()

    def focused_activity_tab(self) -> ActivityTab | None:
        """The goals, meetings or check-ins tab holding the keyboard focus, if one does."""
        focus = QApplication.focusWidget()
        tabs: tuple[ActivityTab, ...] = (self.goals, self.meetings, self.check_ins)
        return next((t for t in tabs if focus is not None and t.isAncestorOf(focus)), None)

    # --- status -----------------------------------------------------------------------
    def _status(self, verb: str, change: str) -> bool:
        if self.detail is None:
            return False
        command = status_command(
            self.context, self.detail.id, f"{verb} pairing {self.detail.title}", change
        )
        return perform(self.context, command, self)

    def activate(self) -> None:
        self._status("Activate", ACTIVATE)

    def pause(self) -> None:
        self._status("Pause", PAUSE)

    def resume(self) -> None:
        self._status("Resume", RESUME)

    def close_pairing(self) -> None:
        if self.detail is None:
            return
        dialog = closing_dialog(self.context, self.detail.id, self)
        if dialog is None:
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: close_as_asked(self.context, dialog, self))
        dialog.finished.connect(lambda _r: setattr(self, "close_dialog", None))
        self.close_dialog = dialog
        dialog.open()

    def rematch(self) -> None:
        if self.detail is None:
            return
        dialog = CreatePairingDialog(
            self.context, self, rematch_of=self.detail, date_order=self.date_order
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        mentee = self.detail.mentee_name

        def chosen() -> None:
            command = create_pairing_command(
                self.context, dialog.value(), f"Rematch {mentee} with a new mentor"
            )
            if perform(self.context, command, self):
                self.open_pairing.emit(command.result[0])

        dialog.accepted.connect(chosen)
        dialog.finished.connect(lambda _r: setattr(self, "rematch_dialog", None))
        self.rematch_dialog = dialog
        dialog.open()

    def delete_pairing(self) -> None:
        if self.detail is None:
            return
        try:
            counts = deletion_counts(self.context.db, self.detail.id)
        except MentorDeskError as exc:  # an open concern: refused before asking
            present_error(self, "Delete pairing", exc)
            return
        records = (
            f"{plural(counts['meetings'], 'meeting')}, {plural(counts['goals'], 'goal')} and "
            f"{plural(counts['check_ins'], 'check-in')}"
        )
        answer = QMessageBox.question(
            self,
            "Delete this pairing?",
            f"Delete the pairing of {self.detail.title} with its {records}?\n\n"
            "Only delete a pairing made by mistake; close a pairing that has ended. "
            "Edit → Undo brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        command = delete_pairing_command(
            self.context, self.detail.id, f"Delete pairing {self.detail.title}"
        )
        perform(self.context, command, self)

    # --- safety concerns ------------------------------------------------------------------
    def raise_concern(self) -> None:
        if self.detail is not None:
            raise_concern_interactively(self.context, self.detail.id, self.detail.title, self)

    def raise_concern_from_check_in(self, row: CheckInRow) -> None:
        if self.detail is None:
            return
        raise_concern_interactively(
            self.context,
            self.detail.id,
            self.detail.title,
            self,
            source=ConcernSource.CHECK_IN,
            check_in_id=row.id,
            text=row.notes,
            raised_by=row.who.label,
            raised_on=row.held_on,
        )

    def raise_concern_from_meeting(self, row: MeetingRow) -> None:
        if self.detail is None:
            return
        raise_concern_interactively(
            self.context,
            self.detail.id,
            self.detail.title,
            self,
            source=ConcernSource.MEETING,
            meeting_id=row.id,
            text=row.notes,
            raised_on=row.held_on,
        )

    def resolve_concern(self, concern_id: int, raised_on: dt.date) -> None:
        if self.detail is not None:
            resolve_concern_interactively(
                self.context, concern_id, raised_on, self.detail.title, self
            )

    def save_terms(self, terms: PairingTerms) -> None:
        if self.detail is None:
            return
        words = terms_change_words(self.detail.terms, terms)
        command = terms_command(self.context, self.detail.id, terms, f"{words} {self.detail.title}")
        perform(self.context, command, self)
