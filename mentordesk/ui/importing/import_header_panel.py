"""The wizard's header panel: the sheet's first rows, the header row highlighted. The row
changes only when the coordinator says so (the spin box, or "Use selected row"), never on
a stray click in the grid."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWizardPage,
)

from mentordesk.errors import MentorDeskError
from mentordesk.roster.source import source_with_header_row
from mentordesk.roster.table import column_letter
from mentordesk.ui.importing.import_cells import cell, shown
from mentordesk.ui.window.error_presenter import present_error
from mentordesk.ui.window.palette import tint

if TYPE_CHECKING:
    from mentordesk.ui.importing.import_wizard import ImportWizard

PREVIEW_GRID_ROWS = 40
PREVIEW_GRID_COLUMNS = 40


class HeaderPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self.setTitle("Confirm the header row")
        self.setSubTitle(
            "The highlighted row names the columns. If it is wrong, select the right row and "
            "press “Use selected row”, or type its number."
        )
        self.owner = wizard
        self.grid = QTableWidget(self)
        self.grid.setAccessibleName("Sheet preview")
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.itemSelectionChanged.connect(self._update_button)
        self.row_spin = QSpinBox(self)
        self.grid.cellDoubleClicked.connect(lambda row, _column: self.row_spin.setValue(row + 1))
        self.row_spin.setAccessibleName("Header row")
        self.row_spin.setMinimum(1)
        self.row_spin.valueChanged.connect(self._row_changed)
        self.use_button = QPushButton("&Use selected row", self)
        self.use_button.setToolTip("Make the row selected in the grid the header row")
        self.use_button.clicked.connect(self.use_selected_row)
        label = QLabel("&Header row:", self)
        label.setBuddy(self.row_spin)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.row_spin)
        row.addWidget(self.use_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.grid, 1)

    def initializePage(self) -> None:
        source = self.owner.source
        assert source is not None
        rows = source.grid.rows[:PREVIEW_GRID_ROWS]
        width = min(max((len(r) for r in rows), default=0), PREVIEW_GRID_COLUMNS)
        self.grid.clear()
        self.grid.setRowCount(len(rows))
        self.grid.setColumnCount(width)
        self.grid.setHorizontalHeaderLabels([column_letter(c + 1) for c in range(width)])
        for r, values in enumerate(rows):
            for c, value in enumerate(values[:width]):
                if value is not None:
                    self.grid.setItem(r, c, cell(shown(value)))
        self.row_spin.blockSignals(True)
        self.row_spin.setMaximum(max(1, len(source.grid.rows)))
        self.row_spin.setValue(source.table.header_row)
        self.row_spin.blockSignals(False)
        self._highlight(source.table.header_row)

    def selected_row(self) -> int | None:
        rows = {index.row() for index in self.grid.selectionModel().selectedRows()}
        return min(rows) + 1 if rows else None

    def use_selected_row(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.row_spin.setValue(row)

    def _update_button(self) -> None:
        row = self.selected_row()
        self.use_button.setEnabled(row is not None and row != self.row_spin.value())

    def _highlight(self, header_row: int) -> None:
        header = QBrush(tint(self.grid, "header"))
        for r in range(self.grid.rowCount()):
            for c in range(self.grid.columnCount()):
                item = self.grid.item(r, c)
                if item is not None:
                    item.setBackground(header if r + 1 == header_row else QBrush())
        if 0 < header_row <= self.grid.rowCount():
            self.grid.scrollToItem(self.grid.item(header_row - 1, 0) or cell(""))
        self._update_button()

    def _row_changed(self, header_row: int) -> None:
        source = self.owner.source
        if source is None or header_row == source.table.header_row:
            return
        try:
            self.owner.set_source(source_with_header_row(self.owner.context.db, source, header_row))
        except MentorDeskError as exc:
            present_error(self, "Header row", exc)
            return
        self._highlight(header_row)
