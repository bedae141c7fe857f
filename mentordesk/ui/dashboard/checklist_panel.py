"""The dashboard's "Getting started" list for a new programme: each step of the first
year, ticked when the file shows it done, with a button to where it happens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from mentordesk.programme.first_run import Checklist

# The button of each place a step happens.
BUTTONS = {
    "settings": "Programme settings…",
    "import": "Import roster…",
    "participants": "Go to Participants",
    "matching": "Go to Matching",
    "documents": "Go to Documents",
    "pairings": "Go to Pairings",
}


class ChecklistPanel(QGroupBox):
    # A place in the window to go to: one of BUTTONS' keys.
    go = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Getting started", parent)
        self.setAccessibleName("Getting started")
        self.grid = QGridLayout(self)
        self.grid.setColumnStretch(2, 1)
        self.rows: list[tuple[QLabel, QLabel, QLabel, QPushButton]] = []

    def set_checklist(self, checklist: Checklist) -> None:
        while len(self.rows) < len(checklist.steps):
            number = len(self.rows)
            tick, title, detail = QLabel(self), QLabel(self), QLabel(self)
            for label in (title, detail):
                label.setTextFormat(Qt.TextFormat.PlainText)
            detail.setWordWrap(True)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            button = QPushButton(self)
            button.clicked.connect(lambda _=False, n=number: self._clicked(n))
            for column, widget in enumerate((tick, title, detail, button)):
                self.grid.addWidget(widget, number, column)
            self.rows.append((tick, title, detail, button))
        self.checklist = checklist
        upcoming = checklist.next_step
        for (tick, title, detail, button), step in zip(self.rows, checklist.steps, strict=False):
            number = checklist.steps.index(step) + 1
            tick.setText("✓" if step.done else f"{number}.")
            tick.setAccessibleName("Done" if step.done else "To do")
            title.setText(step.title)
            detail.setText(step.detail)
            button.setText(BUTTONS[step.key])
            button.setAccessibleName(f"{step.title}: {BUTTONS[step.key]}")
            button.setDefault(step is upcoming)

    def _clicked(self, number: int) -> None:
        self.go.emit(self.checklist.steps[number].key)
