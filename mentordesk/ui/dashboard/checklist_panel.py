"""The dashboard's "Getting started" list for a new programme: each step of the first
year, ticked when the file shows it done, with a button to where it happens."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

# A step: (where it happens: one of BUTTONS' keys, title, done, what it says). Plain
# values, so the last figures kept for a file fill the list before the data layer loads.
Step = tuple[str, str, bool, str]

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
        self.steps: tuple[Step, ...] = ()

    def set_steps(self, steps: Sequence[Step]) -> None:
        while len(self.rows) < len(steps):
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
        self.steps = tuple(steps)
        upcoming = next(
            (n for n, (_key, _title, done, _detail) in enumerate(steps) if not done), None
        )
        for number, ((tick, title, detail, button), step) in enumerate(
            zip(self.rows, self.steps, strict=False)
        ):
            key, step_title, done, step_detail = step
            tick.setText("✓" if done else f"{number + 1}.")
            tick.setAccessibleName("Done" if done else "To do")
            title.setText(step_title)
            detail.setText(step_detail)
            button.setText(BUTTONS[key])
            button.setAccessibleName(f"{step_title}: {BUTTONS[key]}")
            button.setDefault(number == upcoming)

    def _clicked(self, number: int) -> None:
        self.go.emit(self.steps[number][0])
