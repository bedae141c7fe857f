"""Help → Keyboard shortcuts: every menu command with a key, then what the keys do on each
screen, all read from the window itself (the menus, each screen's capabilities and the
shortcuts it made), so the list is always true."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mentordesk.ui.window.page import Page
from mentordesk.ui.window.shortcuts import described_shortcuts, key_text

Row = tuple[str, str, str]


def general_keys() -> list[Row]:
    """Keys that work in places the window's screens do not describe themselves (read
    when asked: key names need the running application)."""
    save = key_text(QKeySequence(QKeySequence.StandardKey.Save))
    return [
        ("Programme settings", "Save the settings", save),
        ("Any table", "Open the table's menu (export, columns…)", "Menu or Shift+F10"),
        ("Any form", "Next / previous field", "Tab / Shift+Tab"),
    ]


def _keys(action: QAction) -> str:
    # The first two are enough to remember (Redo has four on some desktops).
    keys = [key_text(k) for k in action.shortcuts() if not k.isEmpty()]
    return " or ".join(keys[:2])


def menu_shortcuts(bar: QMenuBar, skip: frozenset[QAction] = frozenset()) -> list[Row]:
    found: list[Row] = []

    def walk(menu_title: str, actions: list[QAction]) -> None:
        for action in actions:
            # QAction.menu() is typed as a QObject in PySide6's stubs: a QMenu in practice.
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                walk(menu_title, submenu.actions())
                continue
            keys = _keys(action)
            if keys and not action.isSeparator() and action not in skip:
                found.append((menu_title, action.text().replace("&", ""), keys))

    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            walk(action.text().replace("&", ""), menu.actions())
    return found


def page_shortcuts(page: Page, new: QAction, delete: QAction, find: QAction) -> list[Row]:
    """What the window's Edit commands do on this screen, then the screen's own keys."""
    where = page.title
    rows: list[Row] = []
    if page.new_record_text:
        rows.append((where, page.new_record_text.replace("&", ""), _keys(new)))
    if page.can_delete():
        rows.append((where, page.delete_text, _keys(delete)))
    if page.can_search():
        rows.append((where, "Go to the search box", _keys(find)))
    rows += [(where, text, keys) for text, keys in described_shortcuts(page)]
    rows += [(where, text, keys) for text, keys in page.other_keys]
    return rows


def shortcut_rows(bar: QMenuBar, window: QWidget | None) -> list[Row]:
    from mentordesk.ui.window.main_window import MainWindow

    if not isinstance(window, MainWindow):
        return menu_shortcuts(bar) + general_keys()
    # New, Delete and Find act on the screen shown: listed with each screen instead.
    edit = (window.new_record_action, window.delete_action, window.find_action)
    rows = menu_shortcuts(bar, frozenset(edit))
    for page in window.pages:
        rows += page_shortcuts(page, *edit)
    return rows + general_keys()


class ShortcutsDialog(QDialog):
    def __init__(self, bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(bar, parent)
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
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        wide = self.fontMetrics().horizontalAdvance("x") * 110
        screen = self.screen().availableGeometry()
        self.resize(min(wide, screen.width() - 40), min(560, screen.height() - 40))

    def rows(self) -> list[Row]:
        def text(r: int, c: int) -> str:
            item = self.table.item(r, c)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]
