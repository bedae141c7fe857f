"""Help → Keyboard shortcuts: every menu command with a key, read from the menus
themselves (so the list is always true), and the keys that work inside screens."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

# Keys handled inside a screen rather than by a menu command.
SCREEN_KEYS = (
    ("Participants", "Save the edited participant", "Ctrl+S"),
    ("Participants", "Go from the search box to the first match", "Enter"),
    ("Any table", "Open the table's menu (export, columns…)", "Menu or Shift+F10"),
    ("Any form", "Next / previous field", "Tab / Shift+Tab"),
)


def menu_shortcuts(bar: QMenuBar) -> list[tuple[str, str, str]]:
    found: list[tuple[str, str, str]] = []

    def walk(menu_title: str, actions: list[QAction]) -> None:
        for action in actions:
            submenu = action.menu()
            if submenu is not None:
                walk(menu_title, submenu.actions())
                continue
            keys = [
                k.toString(QKeySequence.SequenceFormat.NativeText)
                for k in action.shortcuts()
                if not k.isEmpty()
            ]
            if keys and not action.isSeparator():
                # The first two are enough to remember (Redo has four on some desktops).
                found.append((menu_title, action.text().replace("&", ""), " or ".join(keys[:2])))

    for action in bar.actions():
        if action.menu() is not None:
            walk(action.text().replace("&", ""), action.menu().actions())
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = menu_shortcuts(bar) + list(SCREEN_KEYS)
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Where", "Command", "Keys"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for number, values in enumerate(rows):
            for column, text in enumerate(values):
                self.table.setItem(number, column, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("x") * 80, 440)

    def rows(self) -> list[tuple[str, str, str]]:
        return [
            tuple(self.table.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.table.rowCount())
        ]
