"""A table view with the habits every MentorDesk table shares: sorting, remembered header
state, a column chooser on the header's context menu, and selection by row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTableView, QWidget

from mentordesk.ui import settings
from mentordesk.ui.table_model import ROW_ROLE, RowFilterProxy, RowTableModel


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
        proxy.setSourceModel(model)
        self.setModel(proxy)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        # Compact rows that still follow the font (and so the display scaling).
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        state = settings.load_state(f"header/{state_key}")
        self._fit_pending = state is None or not header.restoreState(state)
        if self._fit_pending:
            for number, column in enumerate(model.columns):
                header.setSectionHidden(number, column.hidden_by_default)
            model.modelReset.connect(self._fit_columns_once)
        header.sectionMoved.connect(self.save_header)
        header.sectionResized.connect(self.save_header)
        header.sortIndicatorChanged.connect(self.save_header)

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
        header = self.horizontalHeader()
        header_metrics = header.fontMetrics()
        sample = range(min(model.rowCount(), 60))
        padding = 3 * metrics.averageCharWidth()
        for number in range(model.columnCount()):
            widths = [header_metrics.horizontalAdvance(model.columns[number].header) + 24]
            for row in sample:
                text = model.data(model.index(row, number))
                widths.append(metrics.horizontalAdvance(text or "") + padding)
            header.resizeSection(number, min(max(widths), 40 * metrics.averageCharWidth()))

    def save_header(self, *_: object) -> None:
        settings.save_state(f"header/{self.state_key}", self.horizontalHeader().saveState())

    def _column_menu(self, position: Any) -> None:
        header = self.horizontalHeader()
        menu = QMenu(self)
        menu.setTitle("Columns")
        for number, column in enumerate(self.source_model.columns):
            action = menu.addAction(column.header)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(
                lambda shown, n=number: (header.setSectionHidden(n, not shown), self.save_header())
            )
        menu.exec(header.mapToGlobal(position))

    def selected_rows(self) -> list[Any]:
        rows = {index.row(): index for index in self.selectionModel().selectedRows()}
        return [self.proxy.data(rows[r], ROW_ROLE) for r in sorted(rows)]

    def current_row(self) -> Any | None:
        index = self.currentIndex()
        return self.proxy.data(index, ROW_ROLE) if index.isValid() else None
