"""Dialogs of the Matching screen: the weights and rules editor, choosing a mentor by hand,
and rejecting a proposed pair."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from mentordesk.matching.matcher import MentorOption
from mentordesk.matching.matching_settings import (
    CRITERIA,
    MAX_AGE_GAP_RULE,
    MAX_WEIGHT,
    MatchSettings,
)
from mentordesk.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel
from mentordesk.ui.widgets.table_view import RowTableView


def percent(score: float) -> str:
    return f"{round(score * 100)}%"


def pair_html(
    title: str,
    score: float,
    reasons: Sequence[str],
    warnings: Sequence[str],
    blocking: Sequence[str] = (),
) -> str:
    """The explanation of one pair, for a text pane."""
    parts = [f"<p><b>{html.escape(title)}</b> — score {percent(score)}</p>"]
    if blocking:
        items = "".join(f"<li>{html.escape(b)}</li>" for b in blocking)
        parts.append(f"<p><b>Not allowed:</b></p><ul>{items}</ul>")
    if reasons:
        items = "".join(f"<li>{html.escape(r)}</li>" for r in reasons)
        parts.append(f"<p>Why this pair:</p><ul>{items}</ul>")
    else:
        parts.append("<p>Nothing in common was found for this pair.</p>")
    if warnings:
        items = "".join(f"<li>{html.escape(w)}</li>" for w in warnings)
        parts.append(f"<p><b>Worth a second look:</b></p><ul>{items}</ul>")
    return "".join(parts)


class MatchSettingsDialog(QDialog):
    """How much each criterion counts, and the programme's minimum age gap."""

    def __init__(self, settings: MatchSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Matching weights and rules")
        self._objective = settings.objective
        intro = QLabel(
            "How much each criterion counts in a pair's score (0 = not at all, "
            f"{MAX_WEIGHT:g} = the most). The hard rules — screening, places, never-pair lists, "
            "safeguarding — always apply, whatever the weights.",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.weights: dict[str, QDoubleSpinBox] = {}
        for criterion in CRITERIA:
            spin = QDoubleSpinBox(self)
            spin.setRange(0.0, MAX_WEIGHT)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setValue(settings.weight(criterion.key))
            spin.setToolTip(criterion.help)
            spin.setAccessibleName(f"Weight of {criterion.label}")
            form.addRow(f"{criterion.label}:", spin)
            self.weights[criterion.key] = spin
        self.min_age_gap = QSpinBox(self)
        self.min_age_gap.setRange(0, MAX_AGE_GAP_RULE)
        self.min_age_gap.setSuffix(" years")
        self.min_age_gap.setSpecialValueText("No minimum")
        self.min_age_gap.setValue(settings.min_age_gap)
        self.min_age_gap.setAccessibleName("Minimum age gap")
        self.min_age_gap.setToolTip("A rule: the mentor is at least this many years older.")
        form.addRow("Minimum age gap (rule):", self.min_age_gap)
        self.gender_wish_is_rule = QCheckBox(
            "A mentee's wish for the mentor's gender is a rule (not a weight)", self
        )
        self.gender_wish_is_rule.setChecked(settings.gender_wish_is_rule)
        self.gender_wish_is_rule.setToolTip(
            "On: no mentor of another gender (or of unrecorded gender) is proposed to a mentee "
            "who asked. Off: the wish only adds to the score."
        )
        self.same_gender = QCheckBox("Same-gender pairs only", self)
        self.same_gender.setChecked(settings.same_gender)
        form.addRow(self.gender_wish_is_rule)
        form.addRow(self.same_gender)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        restore = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        restore.clicked.connect(self.restore_defaults)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def restore_defaults(self) -> None:
        for criterion in CRITERIA:
            self.weights[criterion.key].setValue(criterion.default_weight)
        self.min_age_gap.setValue(0)
        self.gender_wish_is_rule.setChecked(True)
        self.same_gender.setChecked(False)

    def settings(self) -> MatchSettings:
        return MatchSettings(
            weights={key: spin.value() for key, spin in self.weights.items()},
            objective=self._objective,
            min_age_gap=self.min_age_gap.value(),
            gender_wish_is_rule=self.gender_wish_is_rule.isChecked(),
            same_gender=self.same_gender.isChecked(),
        )


OPTION_COLUMNS: list[Column[MentorOption]] = [
    Column("Mentor", lambda o: o.mentor_name),
    # Sorted by this column (descending), allowed mentors come first, best first.
    Column(
        "Allowed",
        lambda o: (1.0 if o.allowed else 0.0) + o.score,
        text=lambda o: "Yes" if o.allowed else "No: " + "; ".join(o.blocking),
        tooltip=lambda o: None if o.allowed else "\n".join(o.blocking),
    ),
    Column("Score", lambda o: o.score, text=lambda o: percent(o.score), align_right=True),
    Column("Places left", lambda o: o.places_left, align_right=True),
    Column("Why", lambda o: "; ".join(o.reasons)),
    Column("Worth a second look", lambda o: "; ".join(o.warnings)),
]


class MentorChoiceDialog(QDialog):
    """Every mentor for one mentee with score, places and warnings; only an allowed mentor
    can be chosen."""

    def __init__(
        self,
        mentee_name: str,
        options: Sequence[MentorOption],
        current_mentor: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Choose a mentor for {mentee_name}")
        self.resize(900, 520)
        self.model = RowTableModel(OPTION_COLUMNS, key=lambda o: o.mentor_id, parent=self)
        self.proxy = RowFilterProxy(lambda o: o.mentor_name.casefold(), self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText("Search mentors")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = RowTableView(self.model, self.proxy, "mentor-choice", self)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Mentors")
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName("About this mentor")
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setSizes([340, 140])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose this mentor")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self.model.set_rows(options)
        self.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.table.selectionModel().currentRowChanged.connect(self._on_current)
        self._mentee_name = mentee_name
        self.select_mentor(current_mentor)

    def select_mentor(self, mentor_id: int | None) -> None:
        """Select this mentor (or the first row when None or not listed)."""
        rows = self.proxy.visible_rows()
        ids = [option.mentor_id for option in rows]
        row = ids.index(mentor_id) if mentor_id in ids else 0
        if rows:
            self.table.setCurrentIndex(self.proxy.index(row, 0))
            self.table.selectRow(row)
        self._on_current()

    def chosen(self) -> MentorOption | None:
        return self.table.current_row()

    def _on_current(self, *_: object) -> None:
        option = self.chosen()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(option is not None and option.allowed)
        if option is None:
            self.detail.clear()
            return
        self.detail.setHtml(
            pair_html(
                f"{option.mentor_name} – {self._mentee_name}",
                option.score,
                option.reasons,
                option.warnings,
                option.blocking,
            )
        )


class RejectDialog(QDialog):
    """Reject a proposed pair for this run only, or never pair the two again."""

    def __init__(self, pair_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reject this pair")
        label = QLabel(f"Reject {html.escape(pair_text)}:", self)
        self.this_run = QRadioButton("For this run only", self)
        self.for_good = QRadioButton("Never pair these two (kept on the never-pair list)", self)
        self.this_run.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.this_run)
        group.addButton(self.for_good)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText("Reason, e.g. relatives, a conflict")
        self.reason.setAccessibleName("Reason")
        self.reason.setEnabled(False)
        self.for_good.toggled.connect(self.reason.setEnabled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Reject")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.this_run, self.for_good, self.reason, buttons):
            layout.addWidget(widget)

    def choice(self) -> tuple[bool, str]:
        """(for good, reason)."""
        return self.for_good.isChecked(), self.reason.text().strip()
