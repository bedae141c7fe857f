"""One person's never-pair list: see the rules, add one in advance with a reason, remove
one. Each change is one undoable action (pairings/never_pair.py)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mentordesk.errors import MentorDeskError
from mentordesk.pairings.never_pair import (
    AddNeverPair,
    NeverPairRow,
    RemoveNeverPair,
    never_pair_candidates,
    never_pairs_query,
)
from mentordesk.programme.text_input import format_date
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.undo_commands import perform_action


class NeverPairDialog(QDialog):
    def __init__(
        self, context: AppContext, person_id: int, name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.person_id = person_id
        self.name = name
        self.setWindowTitle(f"Never pair – {name}")
        intro = QLabel(
            f"People <b>{html.escape(name)}</b> must never be paired with, and why. The "
            "matcher never proposes them, and pairing them by hand is refused.",
            self,
        )
        intro.setWordWrap(True)
        self.rules = QListWidget(self)
        self.rules.setAccessibleName("Never-pair rules")
        self.rules.currentRowChanged.connect(self._update_buttons)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setToolTip("Remove the selected rule (Edit → Undo puts it back)")
        self.remove_button.clicked.connect(self.remove_selected)

        self.other = QComboBox(self)
        self.other.setAccessibleName("Never pair with")
        self.other.setEditable(True)
        self.other.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName("Reason")
        self.reason.setPlaceholderText("e.g. Relatives; a known conflict")
        self.reason.textChanged.connect(self._update_buttons)
        self.add_button = QPushButton("&Add", self)
        self.add_button.clicked.connect(self.add_rule)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Problem with the rule")
        add_box = QGroupBox("Add a rule", self)
        form = QFormLayout(add_box)
        form.addRow("&Never pair with:", self.other)
        form.addRow("Rea&son:", self.reason)
        form.addRow(self.add_button)
        form.addRow(self.error)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.rules, 1)
        layout.addLayout(row)
        layout.addWidget(add_box)
        layout.addWidget(buttons)
        self.resize(520, 420)
        self._load_candidates()
        self.refresh()
        context.changed.connect(self._changed)

    def _load_candidates(self) -> None:
        self.other.clear()
        for candidate in never_pair_candidates(self.context.db, self.person_id):
            self.other.addItem(f"{candidate.name} ({candidate.id})", candidate.id)
        self.other.setCurrentIndex(-1)

    def _changed(self, _topics: object) -> None:
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        self.rules.clear()
        for rule in never_pairs_query(self.context.db, self.person_id):
            other_id, other_name = rule.other(self.person_id)
            added = f", added {format_date(rule.created_on)}" if rule.created_on else ""
            item = QListWidgetItem(f"{other_name} ({other_id}) — {rule.reason}{added}")
            item.setData(Qt.ItemDataRole.UserRole, rule)
            self.rules.addItem(item)
        if not self.rules.count():
            placeholder = QListWidgetItem("No never-pair rules.")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.rules.addItem(placeholder)
        self._update_buttons()

    def selected_rule(self) -> NeverPairRow | None:
        item = self.rules.currentItem()
        rule = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return rule if isinstance(rule, NeverPairRow) else None

    def _update_buttons(self, *_: object) -> None:
        self.remove_button.setEnabled(self.selected_rule() is not None)
        self.add_button.setEnabled(bool(self.reason.text().strip()))

    def add_rule(self) -> None:
        other = self.other.currentData()
        if not isinstance(other, int):
            self.error.setText("Choose the person they must never be paired with.")
            return
        action = AddNeverPair(self.person_id, other, self.reason.text())
        title = f"Never pair {self.name} and {self.other.currentText()}"
        try:
            done = perform_action(self.context, title, action, self)
        except MentorDeskError as exc:  # the list of candidates changed meanwhile
            self.error.setText(str(exc))
            return
        if done is not None:
            self.error.clear()
            self.reason.clear()
            self.other.setCurrentIndex(-1)
            self.refresh()

    def remove_selected(self) -> None:
        rule = self.selected_rule()
        if rule is None:
            return
        other_id, other_name = rule.other(self.person_id)
        title = f"Remove the never-pair rule of {self.name} and {other_name}"
        if perform_action(self.context, title, RemoveNeverPair(self.person_id, other_id), self):
            self.refresh()
