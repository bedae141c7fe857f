"""A table view with the habits every MentorDesk table shares: sorting, remembered header
state, a column chooser on the header's context menu, selection by row, a context menu
with the page's actions and "Export table to Excel…", and the visible table as plain
values for an export."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from mentordesk.ui.widgets.table_model import (
    ROW_ROLE,
    Column,
    RowFilterProxy,
    RowTableModel,
    display_text,
)
from mentordesk.ui.window import window_state as settings

EXPORT_TEXT = "&Export table to Excel…"


class RowTableView(QTableView):
    def __init__(
        self,
        model: RowTableModel[Any],
        proxy: RowFilterProxy,
        state_key: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source_model = model
        self.proxy = proxy
        self.state_key = state_key
        self.empty_text = ""
        # Actions of the page shown first in the context menu (e.g. Edit, Archive, Delete).
        self.context_actions: list[QAction | None] = []
        proxy.setSourceModel(model)
        self.setModel(proxy)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab leaves the table, to the next control
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Compact rows that still follow the font (and so the display scaling).
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        state = settings.load_state(f"header/{state_key}")
        self._fit_pending = state is None or not header.restoreState(state)
        # Widths (title, content) measured on first use; fitted to the table's width on
        # every resize until the user sizes a column.
        self._wanted: dict[int, tuple[int, int]] = {}
        self._fitting = False
        self._user_sized = False
        if any(column.stretch for column in model.columns):
            header.setStretchLastSection(False)
        # False on first use: the owner may then arrange the columns' default order.
        self.restored_state = not self._fit_pending
        if self._fit_pending:
            for number, column in enumerate(model.columns):
                header.setSectionHidden(number, column.hidden_by_default)
            model.modelReset.connect(self._fit_columns_once)
        header.sectionMoved.connect(self.save_header)
        header.sectionResized.connect(self._on_section_resized)
        header.sortIndicatorChanged.connect(self.save_header)

    def set_empty_text(self, text: str) -> None:
        """What the table says when it has no rows: the next thing to do."""
        self.empty_text = text
        self.viewport().update()

    def shown_empty_text(self) -> str:
        """The empty table's message now: what to do, or that the filter hides every row."""
        if self.proxy.rowCount() > 0:
            return ""
        if self.source_model.rowCount() > 0:
            return "Nothing matches the search or the filter."
        return self.empty_text

    def paintEvent(self, event: Any) -> None:
        super().paintEvent(event)
        text = self.shown_empty_text()
        if not text:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        margin = 2 * self.fontMetrics().height()
        area = self.viewport().rect().adjusted(margin, margin, -margin, -margin)
        painter.drawText(
            area,
            int(
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            ),
            text,
        )
        painter.end()

    def _fit_columns_once(self) -> None:
        """Size columns to their content the first time, until the user sizes them.

        Measures the text of the first rows only, with the font's metrics: Qt's own
        resizeColumnsToContents asks the model for every role of every cell it samples.
        """
        model = self.source_model
        if not self._fit_pending or model.rowCount() == 0:
            return
        self._fit_pending = False
        metrics = self.fontMetrics()
        header_metrics = self.horizontalHeader().fontMetrics()
        sample = range(min(model.rowCount(), 60))
        padding = 3 * metrics.averageCharWidth()
        self._wanted = {}
        for number in range(model.columnCount()):
            title = header_metrics.horizontalAdvance(model.columns[number].header) + 24
            widths = [title]
            # A column with icons (a severity dot) needs their room too.
            icon = model.data(model.index(0, number), Qt.ItemDataRole.DecorationRole)
            padding_here = padding + (metrics.height() + 6 if icon is not None else 0)
            for row in sample:
                text = model.data(model.index(row, number))
                widths.append(metrics.horizontalAdvance(text or "") + padding_here)
            self._wanted[number] = (title, min(max(widths), 40 * metrics.averageCharWidth()))
        self._fit_to_width()

    def _fit_to_width(self) -> None:
        """Give the columns the widths they want, narrowing the widest ones (never below
        their title) when together they are wider than the table, so nothing scrolls
        sideways on a small screen. The stretch column, if any, takes what is left."""
        if not self._wanted:
            return
        header = self.horizontalHeader()
        shown = [n for n in self._wanted if not header.isSectionHidden(n)]
        stretch = next((n for n in shown if self.source_model.columns[n].stretch), None)
        wanted = {n: self._wanted[n] for n in shown}
        # Room for a vertical scroll bar whether or not it shows yet: rows arriving
        # later must not push the last column out of view.
        available = (
            self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        )
        if stretch is not None:
            # The stretch column wants at least its title and a third of the room.
            title, width = wanted[stretch]
            wanted[stretch] = (title, max(title, min(width, available // 3)))
        cap = max((w for _t, w in wanted.values()), default=0)
        while cap > 0 and sum(max(t, min(w, cap)) for t, w in wanted.values()) > available:
            cap -= 8
        self._fitting = True
        try:
            for number, (title, width) in wanted.items():
                header.resizeSection(number, max(title, min(width, cap)))
            if stretch is not None:
                rest = available - sum(header.sectionSize(n) for n in shown if n != stretch)
                header.resizeSection(stretch, max(header.sectionSize(stretch), rest))
        finally:
            self._fitting = False

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        if self._wanted and not self._user_sized:
            self._fit_to_width()

    def _on_section_resized(self, *_: object) -> None:
        if not self._fitting and self._wanted:
            self._user_sized = True  # the user's widths win from now on
        self.save_header()

    def save_header(self, *_: object) -> None:
        settings.save_state(f"header/{self.state_key}", self.horizontalHeader().saveState())

    def _show_column(self, number: int, shown: bool) -> None:
        self.horizontalHeader().setSectionHidden(number, not shown)
        self.save_header()

    def _fill_column_menu(self, menu: QMenu) -> None:
        header = self.horizontalHeader()
        for number, column in enumerate(self.source_model.columns):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(lambda shown, n=number: self._show_column(n, shown))

    def _column_menu(self, position: Any) -> None:
        header = self.horizontalHeader()
        menu = QMenu(self)
        menu.setTitle("Columns")
        self._fill_column_menu(menu)
        menu.exec(header.mapToGlobal(position))

    def build_context_menu(self) -> QMenu:
        menu = QMenu(self)
        for action in self.context_actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)
        if self.context_actions:
            menu.addSeparator()
        export = menu.addAction(EXPORT_TEXT)
        export.triggered.connect(self.export)
        self._fill_column_menu(menu.addMenu("&Columns"))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.build_context_menu().exec(event.globalPos())

    def export(self) -> None:
        from mentordesk.ui.widgets.table_export import export_view

        export_view(self)

    # --- rows -------------------------------------------------------------------------
    def selected_rows(self) -> list[Any]:
        rows = {index.row(): index for index in self.selectionModel().selectedRows()}
        return [self.proxy.data(rows[r], ROW_ROLE) for r in sorted(rows)]

    def current_row(self) -> Any | None:
        index = self.currentIndex()
        return self.proxy.data(index, ROW_ROLE) if index.isValid() else None

    def select_key(self, key: Any) -> bool:
        """Make the row with this key current and selected; False if it is not shown."""
        position = self.source_model.position_of(key)
        if position is None:
            return False
        index = self.proxy.mapFromSource(self.source_model.index(position, 0))
        # One change of current row and selection: listeners hear about it once.
        self.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.scrollTo(index)
        return True

    def visible_columns(self) -> list[Column[Any]]:
        """Columns as the user sees them: shown ones, in their on-screen order."""
        header = self.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [self.source_model.columns[n] for n in logical if not header.isSectionHidden(n)]

    def visible_table(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and rows as shown (filtered, sorted, shown columns), values kept native
        where a spreadsheet has a type for them (dates, numbers), else the shown text."""
        columns = self.visible_columns()
        rows = self.proxy.visible_rows()
        return [c.header for c in columns], [[export_value(c, r) for c in columns] for r in rows]


def export_value(column: Column[Any], row: Any) -> Any:
    """What a cell holds in an export: the text shown when the column words its values
    (e.g. "1 of 2"), else the value itself when a spreadsheet has a type for it (a date, a
    number), else the text shown."""
    if column.text is not None:
        return column.text(row)
    value = column.value(row)
    if value is None or isinstance(value, bool):
        return display_text(value) if isinstance(value, bool) else None
    if isinstance(value, int | float) or hasattr(value, "isoformat"):
        return value
    return display_text(value)
