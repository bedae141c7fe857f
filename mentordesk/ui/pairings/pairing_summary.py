"""The Summary tab of a pairing: status and its actions, commitments, agreement dates,
notes, the match's reasons and, once closed, how it closed."""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.models import PairingStatus
from mentordesk.monitoring.flag_board import FlagBoard
from mentordesk.pairings.concerns import ConcernRow
from mentordesk.pairings.pairing_records import (
    MAX_MEETING_MINUTES,
    MAX_MEETINGS_PER_MONTH,
    PairingDetail,
    PairingTerms,
)
from mentordesk.programme.text_input import format_date
from mentordesk.ui.pairings.close_pairing_dialog import INITIATOR_LABELS
from mentordesk.ui.widgets.date_fields import OptionalDateEdit
from mentordesk.ui.window.palette import show_message, warning_color

CLOSURE_FIELDS = (
    "Reason",
    "Kind",
    "Initiated by",
    "Closing date",
    "Closure meeting",
    "Contact afterwards",
    "Notes",
)
# The spin boxes' lowest value stands for "use the programme's default".
DEFAULT_PER_MONTH = -1
DEFAULT_MINUTES = 0


def _date(day: dt.date | None) -> str:
    return format_date(day, missing="—")


def status_sentence(detail: PairingDetail) -> str:
    if detail.status == PairingStatus.PROPOSED:
        since = f" on {_date(detail.proposed_on)}" if detail.proposed_on else ""
        return f"Proposed{since}; not started yet."
    if detail.status == PairingStatus.ACTIVE:
        return f"Active since {_date(detail.start_date)}."
    if detail.status == PairingStatus.PAUSED:
        return f"Paused on {_date(detail.paused_on)} (started {_date(detail.start_date)})."
    kind = f"{detail.closure_kind.label.lower()} " if detail.closure_kind else ""
    return (
        f"Closed ({kind}closure) on {_date(detail.end_date)}, after starting "
        f"{_date(detail.start_date)}."
    )


def concern_text(concern: ConcernRow) -> str:
    """One line of the register, e.g. 'Open · Serious · 26 Nov 2026, raised by Mentee: …'."""
    raised = f"{format_date(concern.raised_on)}, raised by {concern.raised_by}"
    if concern.is_open:
        return f"Open · {concern.severity_label} · {raised}: {concern.description}"
    return (
        f"Resolved {format_date(concern.resolved_on)} by {concern.resolved_by} "
        f"({concern.resolution}) · {concern.severity_label} · {raised}: {concern.description}"
    )


class SummaryTab(QWidget):
    # The coordinator asked to save the edited commitments, agreement dates and notes.
    save_requested = Signal(object)
    # Raise a concern about this pair; resolve one (its id and the day it was raised).
    raise_concern_requested = Signal()
    resolve_concern_requested = Signal(int, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail: PairingDetail | None = None
        self._loading = False

        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.status_label.setAccessibleName("Status")
        self.activate_button = QPushButton("&Activate", self)
        self.activate_button.setToolTip("Start this proposed pairing today")
        self.pause_button = QPushButton("Pa&use", self)
        self.pause_button.setToolTip("Pause the pairing today (holidays, illness…)")
        self.resume_button = QPushButton("Resu&me", self)
        self.resume_button.setToolTip("Resume the paused pairing")
        self.close_button = QPushButton("&Close…", self)
        self.close_button.setToolTip("Close the pairing with a reason")
        self.rematch_button = QPushButton("&Rematch mentee…", self)
        self.rematch_button.setToolTip("Pair this pairing's mentee with a new mentor")
        self.delete_button = QPushButton("Delete pairing…", self)
        self.delete_button.setToolTip(
            "Delete a pairing made by mistake, with its records (Edit → Undo brings it back)"
        )
        actions = QHBoxLayout()
        for button in (
            self.activate_button,
            self.pause_button,
            self.resume_button,
            self.close_button,
            self.rematch_button,
        ):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.delete_button)

        # This pair's own flags (as on the dashboard), most serious first.
        self.flags_label = QLabel(self)
        self.flags_label.setTextFormat(Qt.TextFormat.PlainText)  # names are not markup
        self.flags_label.setWordWrap(True)
        self.flags_label.setAccessibleName("Flags of this pair")
        self.flags_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.flags_label.hide()

        self.progress_label = QLabel(self)
        self.progress_label.setWordWrap(True)
        self.progress_label.setAccessibleName("Meetings against commitment")
        self.per_month = QSpinBox(self)
        self.per_month.setRange(DEFAULT_PER_MONTH, MAX_MEETINGS_PER_MONTH)
        self.per_month.setAccessibleName("Meetings per month")
        self.minutes = QSpinBox(self)
        self.minutes.setRange(DEFAULT_MINUTES, MAX_MEETING_MINUTES)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("Length of a meeting")
        commitments = QGroupBox("Commitments", self)
        commitments_form = QFormLayout(commitments)
        commitments_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        commitments_form.addRow("Meetings &per month:", self.per_month)
        commitments_form.addRow("Meeting &length:", self.minutes)
        commitments_form.addRow(self.progress_label)

        # Month names, as every other date in the window shows them.
        self.printed = OptionalDateEdit("Agreement printed on", self, month_names=True)
        self.signed = OptionalDateEdit("Agreement signed on", self, month_names=True)
        # A minor's pairing: the day a parent's or guardian's permission came back.
        self.permission = OptionalDateEdit("Permission received on", self, month_names=True)
        self.from_agreement = QPushButton("Signed by a guardian", self)
        self.from_agreement.setToolTip(
            "The agreement came back signed by a parent or guardian: that counts as "
            "permission, from the day it was signed"
        )
        self.from_agreement.clicked.connect(self._permission_from_agreement)
        permission_row = QWidget(self)
        permission_row.setFocusProxy(self.permission)
        permission_line = QHBoxLayout(permission_row)
        permission_line.setContentsMargins(0, 0, 0, 0)
        permission_line.addWidget(self.permission)
        permission_line.addWidget(self.from_agreement)
        self.permission_label = QLabel(self)
        self.permission_label.setWordWrap(True)
        self.permission_label.setAccessibleName("Parent's or guardian's permission")
        agreement = QGroupBox("Agreement", self)
        self.agreement_form = agreement_form = QFormLayout(agreement)
        agreement_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        agreement_form.addRow("Pri&nted on:", self.printed)
        agreement_form.addRow("S&igned and returned on:", self.signed)
        agreement_form.addRow("Permission received on:", permission_row)

        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName("Pairing notes")
        self.notes.setPlaceholderText("Anything the coordinator should remember about this pair")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(60)
        self.save_button = QPushButton("&Save changes", self)
        self.revert_button = QPushButton("Re&vert", self)
        self.save_button.clicked.connect(self._save)
        self.revert_button.clicked.connect(self._revert)
        save_line = QHBoxLayout()
        save_line.addStretch(1)
        save_line.addWidget(self.revert_button)
        save_line.addWidget(self.save_button)

        self.match_label = QLabel(self)
        self.match_label.setWordWrap(True)
        self.match_label.setTextFormat(Qt.TextFormat.RichText)
        self.match_label.setAccessibleName("Why they were matched")
        self.closure_box = QGroupBox("Closure", self)
        closure_form = QFormLayout(self.closure_box)
        self.closure_fields: dict[str, QLabel] = {}
        for name in CLOSURE_FIELDS:
            value = QLabel(self.closure_box)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(name)
            closure_form.addRow(f"{name}:", value)
            self.closure_fields[name] = value

        self._build_concerns()
        content = QWidget(self)
        layout = QVBoxLayout(content)
        # Safety first: the pair's concerns come before anything else.
        layout.addWidget(self.concerns_box)
        layout.addWidget(self.status_label)
        layout.addWidget(self.permission_label)
        layout.addWidget(self.flags_label)
        layout.addLayout(actions)
        layout.addWidget(self.closure_box)
        layout.addWidget(commitments)
        layout.addWidget(agreement)
        notes_label = QLabel("N&otes:", content)
        notes_label.setBuddy(self.notes)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes)
        layout.addLayout(save_line)
        layout.addWidget(self.match_label)
        layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        for signal in (self.per_month.valueChanged, self.minutes.valueChanged):
            signal.connect(self._update_dirty)
        for optional in (self.printed, self.signed, self.permission):
            optional.changed.connect(self._update_dirty)
        self.notes.textChanged.connect(self._update_dirty)
        self._update_dirty()

    def _build_concerns(self) -> None:
        self.concerns_box = QGroupBox("Safety concerns", self)
        self.concern_list = QListWidget(self.concerns_box)
        self.concern_list.setAccessibleName("Safety concerns")
        self.concern_list.setWordWrap(True)
        # Long concerns wrap within the tab instead of widening it.
        self.concern_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.concern_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.concern_list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.concern_list.setMaximumHeight(110)
        self.no_concerns = QLabel("No concern has been raised about this pair.", self)
        self.raise_concern_button = QPushButton("Raise concern…", self.concerns_box)
        self.raise_concern_button.setToolTip(
            "Write down a safety concern about this pair; it stays in the register until "
            "it is resolved"
        )
        self.resolve_concern_button = QPushButton("Resolve concern…", self.concerns_box)
        self.resolve_concern_button.setToolTip(
            "Close the selected open concern: what was done, who decided"
        )
        self.raise_concern_button.clicked.connect(self.raise_concern_requested)
        self.resolve_concern_button.clicked.connect(self._resolve_selected)
        self.concern_list.currentRowChanged.connect(self._update_concern_buttons)
        self.concern_list.itemActivated.connect(lambda _item: self._resolve_selected())
        self.no_concerns.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.raise_concern_button)
        buttons.addWidget(self.resolve_concern_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self.concerns_box)
        layout.addWidget(self.concern_list)
        # On a line of its own: beside the buttons it would widen a narrow panel.
        layout.addWidget(self.no_concerns)
        layout.addLayout(buttons)

    def _show_concerns(self, concerns: tuple[ConcernRow, ...]) -> None:
        self.concern_list.clear()
        for concern in concerns:
            item = QListWidgetItem(concern_text(concern), self.concern_list)
            item.setData(Qt.ItemDataRole.UserRole, concern)
            if concern.is_open:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
        open_count = sum(1 for c in concerns if c.is_open)
        title = "Safety concerns"
        if concerns:
            title += f" ({open_count} open)" if open_count else " (all resolved)"
        self.concerns_box.setTitle(title)
        self.concern_list.setVisible(bool(concerns))
        self.no_concerns.setVisible(not concerns)
        if open_count:
            self.concern_list.setCurrentRow(0)
        self._update_concern_buttons()

    def selected_concern(self) -> ConcernRow | None:
        item = self.concern_list.currentItem()
        if item is None:
            return None
        concern = item.data(Qt.ItemDataRole.UserRole)
        return concern if isinstance(concern, ConcernRow) else None

    def _update_concern_buttons(self, *_: object) -> None:
        concern = self.selected_concern()
        self.resolve_concern_button.setEnabled(concern is not None and concern.is_open)

    def _resolve_selected(self) -> None:
        concern = self.selected_concern()
        if concern is not None and concern.is_open:
            self.resolve_concern_requested.emit(concern.id, concern.raised_on)

    # --- showing ----------------------------------------------------------------------
    def set_flags(self, board: FlagBoard | None) -> None:
        """Show this pair's flags (and the snoozed ones, saying until when)."""
        lines = []
        if board is not None:
            for row in (*board.pairs, *board.snoozed):
                lines += [f"• {line}" for line in row.lines()]
        show_message(
            self.flags_label,
            "Flags:\n" + "\n".join(lines) if lines else "",
            warning_color(self) if lines else None,
        )

    def set_pairing(self, detail: PairingDetail, date_order: str) -> None:
        keep_edits = self.detail is not None and detail.id == self.detail.id and self.is_dirty()
        self.detail = detail
        status = detail.status
        self.status_label.setText(status_sentence(detail))
        self._show_concerns(detail.concerns)
        self.activate_button.setEnabled(status == PairingStatus.PROPOSED)
        self.pause_button.setEnabled(status == PairingStatus.ACTIVE)
        self.resume_button.setEnabled(status == PairingStatus.PAUSED)
        self.close_button.setEnabled(status != PairingStatus.CLOSED)
        self.rematch_button.setEnabled(status == PairingStatus.CLOSED)
        # Only what this status allows is shown: the row then fits a narrow panel.
        for button in (
            self.activate_button,
            self.pause_button,
            self.resume_button,
            self.close_button,
            self.rematch_button,
        ):
            button.setVisible(button.isEnabled())
        self.per_month.setSpecialValueText(
            f"Programme default ({detail.default_meetings_per_month})"
        )
        self.minutes.setSpecialValueText(
            f"Programme default ({detail.default_meeting_minutes} min)"
        )
        for spin in (self.per_month, self.minutes):
            spin.updateGeometry()  # the special text changes the width it needs
        for optional in (self.printed, self.signed, self.permission):
            optional.set_date_order(date_order)
        self._show_permission(detail)
        self.progress_label.setText(self._progress_text(detail))
        self.match_label.setText(self._match_html(detail))
        self.closure_box.setVisible(status == PairingStatus.CLOSED)
        if status == PairingStatus.CLOSED:
            self._show_closure(detail)
        if keep_edits:
            self._update_dirty()  # the typed values may now be what is saved
        else:
            self._show_terms(detail.terms)

    def _show_terms(self, terms: PairingTerms) -> None:
        self._loading = True
        per_month = terms.meetings_per_month
        self.per_month.setValue(DEFAULT_PER_MONTH if per_month is None else per_month)
        self.minutes.setValue(terms.meeting_minutes or DEFAULT_MINUTES)
        self.printed.set_value(terms.agreement_printed_on)
        self.signed.set_value(terms.agreement_signed_on)
        self.permission.set_value(terms.guardian_permission_on)
        self.notes.setPlainText(terms.notes)
        self._loading = False
        self._update_dirty()

    @staticmethod
    def _progress_text(detail: PairingDetail) -> str:
        last = f"last on {_date(detail.last_meeting)}" if detail.last_meeting else "none yet"
        text = (
            f"This month: {detail.meetings_this_month} of {detail.meetings_per_month} "
            f"meetings of {detail.meeting_minutes} min · {detail.meeting_count} in all, {last}."
        )
        if detail.open_concerns:
            plural = "s" if detail.open_concerns != 1 else ""
            text += f" {detail.open_concerns} open concern{plural} (see Safety concerns)."
        return text

    @staticmethod
    def _match_html(detail: PairingDetail) -> str:
        if detail.score is None and not detail.explanation:
            return ""
        score = f"Match score {detail.score:.0%}. " if detail.score is not None else ""
        reasons = "; ".join(escape(r) for r in detail.explanation)
        return f"<i>{score}{'Why: ' + reasons if reasons else ''}</i>"

    def _show_closure(self, detail: PairingDetail) -> None:
        kind = detail.closure_kind.label if detail.closure_kind else "Not recorded"
        values = (
            detail.closure_reason,
            kind,
            INITIATOR_LABELS.get(detail.closure_initiator, "Not recorded"),
            _date(detail.end_date),
            _date(detail.closure_meeting_on),
            detail.post_closure_contact or "—",
            detail.closure_notes or "—",
        )
        for name, value in zip(CLOSURE_FIELDS, values, strict=True):
            self.closure_fields[name].setText(value)

    # --- editing ----------------------------------------------------------------------
    def terms(self) -> PairingTerms:
        per_month = self.per_month.value()
        minutes = self.minutes.value()
        return PairingTerms(
            meetings_per_month=None if per_month == DEFAULT_PER_MONTH else per_month,
            meeting_minutes=None if minutes == DEFAULT_MINUTES else minutes,
            agreement_printed_on=self.printed.value(),
            agreement_signed_on=self.signed.value(),
            notes=self.notes.toPlainText(),
            guardian_permission_on=self.permission.value(),
        )

    def is_dirty(self) -> bool:
        return self.detail is not None and self.terms() != self.detail.terms

    def _show_permission(self, detail: PairingDetail) -> None:
        """For a minor, what is on record of a parent's or guardian's permission."""
        on_record = detail.terms.guardian_permission_on
        shown = detail.needs_permission or on_record is not None
        self.agreement_form.setRowVisible(2, shown)
        if on_record is not None:
            text = f"Permission received on {_date(on_record)} (from a parent or guardian)."
        elif not shown:
            text = ""
        elif detail.status == PairingStatus.PROPOSED:
            text = (
                "No parent's or guardian's permission on record: enter the day it came back "
                "(Permission received on, below) before activating the pairing."
            )
        else:
            text = (
                "No parent's or guardian's permission on record: enter the day it came back "
                "(Permission received on, below)."
            )
        self.permission_label.setText(text)
        self.permission_label.setVisible(bool(text))

    def _permission_from_agreement(self) -> None:
        signed = self.signed.value()
        if signed is not None:
            self.permission.set_value(signed)
            self._update_dirty()

    def _update_dirty(self, *_: object) -> None:
        self.from_agreement.setEnabled(self.signed.value() is not None)
        if self._loading:
            return
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty)
        self.revert_button.setEnabled(dirty)

    def _save(self) -> None:
        if self.is_dirty():
            self.save_requested.emit(self.terms())

    def _revert(self) -> None:
        if self.detail is not None:
            self._show_terms(self.detail.terms)
