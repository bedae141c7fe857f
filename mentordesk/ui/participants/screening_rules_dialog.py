"""The programme's screening requirements: which items a mentor must complete, how many
references, how many training hours, how long a background check is valid."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from mentordesk.participants.participant_views import screening_rules
from mentordesk.participants.screening import ITEM_LABELS, TRAINING, ScreeningRequirements
from mentordesk.participants.screening_edit import STANDARD_KINDS
from mentordesk.ui.participants import participant_commands as commands
from mentordesk.ui.window.context import AppContext

STANDARD_ITEMS = (*(k.value for k in STANDARD_KINDS), TRAINING)


class ScreeningRulesDialog(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle("Screening requirements")
        self.rules = screening_rules(context.db)
        intro = QLabel(
            "A mentor is ready to match when every required item is complete and not "
            "expired. The participants table shows why a mentor is not ready.",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.items: dict[str, QCheckBox] = {}
        for key in STANDARD_ITEMS:
            box = QCheckBox(ITEM_LABELS[key].capitalize(), self)
            box.setChecked(key in self.rules.required)
            self.items[key] = box
            form.addRow("Required:" if len(self.items) == 1 else "", box)
        self.own_items = QPlainTextEdit(self)
        self.own_items.setAccessibleName("The programme's own required items, one a line")
        self.own_items.setPlaceholderText("e.g. Safeguarding course\nCode of conduct signed")
        self.own_items.setPlainText(
            "\n".join(k for k in self.rules.required if k not in STANDARD_ITEMS)
        )
        self.own_items.setTabChangesFocus(True)
        self.own_items.setFixedHeight(self.fontMetrics().height() * 5)
        form.addRow("The programme's own items\n(one a line):", self.own_items)
        self.references = QSpinBox(self)
        self.references.setRange(0, 10)
        self.references.setValue(self.rules.min_references)
        form.addRow("References needed:", self.references)
        self.hours = QDoubleSpinBox(self)
        self.hours.setRange(0, 100)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(self.rules.min_training_hours)
        form.addRow("Training hours needed:", self.hours)
        self.years = QSpinBox(self)
        self.years.setRange(1, 10)
        self.years.setSuffix(" years")
        self.years.setValue(self.rules.check_valid_years)
        form.addRow("A background check is valid for:", self.years)
        for widget, name in (
            (self.references, "References needed"),
            (self.hours, "Training hours needed"),
            (self.years, "Background check valid for, in years"),
        ):
            widget.setAccessibleName(name)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen_rules(self) -> ScreeningRequirements:
        own = []
        for line in self.own_items.toPlainText().splitlines():
            name = line.strip()
            if name and name not in own and name not in STANDARD_ITEMS:
                own.append(name)
        required = [k for k in STANDARD_ITEMS if self.items[k].isChecked()] + own
        return ScreeningRequirements(
            required=tuple(required),
            min_references=self.references.value(),
            min_training_hours=self.hours.value(),
            check_valid_years=self.years.value(),
        )

    def accept(self) -> None:
        rules = self.chosen_rules()
        if rules == self.rules or commands.set_screening_rules(self.context, rules, self):
            super().accept()
