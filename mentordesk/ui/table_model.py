"""A read-only table model over plain rows (dataclasses), and the sort/filter proxy
every table uses. Rows are replaced through a use-case, never edited in place.

Sorting happens in the source model with one Python `list.sort` by key: a proxy that
compares rows pair by pair through `lessThan` takes seconds on tens of thousands of rows.
The proxy only filters and keeps the source's order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

Row = TypeVar("Row")
AnyIndex = QModelIndex | QPersistentModelIndex

# Returns the native value (date, int) so sorting is by value, not by display text.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# Returns the row object itself.
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


def display_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d %b %Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if hasattr(value, "label"):
        return str(value.label)
    return str(value)


def _sort_key(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value).casefold()
    if isinstance(value, str):
        return value.casefold()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str
    value: Callable[[Row], Any]
    # Optional: the text shown, when it differs from display_text(value).
    text: Callable[[Row], str] | None = None
    align_right: bool = False
    tooltip: Callable[[Row], str | None] | None = None
    # Hidden until the user picks it in the column chooser.
    hidden_by_default: bool = False


class RowTableModel(QAbstractTableModel, Generic[Row]):
    def __init__(
        self, columns: Sequence[Column[Row]], key: Callable[[Row], Any], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._rows: list[Row] = []
        self._positions: dict[Any, int] = {}
        self._sort_by: tuple[int, Qt.SortOrder] | None = None
        # False once a row is added or replaced: it may be out of order until the next sort.
        self._in_order = True

    # --- Qt interface -----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row) if column.text else display_text(column.value(row))
        if role == SORT_ROLE:
            return _sort_key(column.value(row))
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        if self._sort_by == (column, order) and self._in_order:
            return  # a view asks twice (header indicator, then sortByColumn)
        self._sort_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [self._key(self._rows[i.row()]) for i in persistent]
        self._order_rows()
        self._index_positions()
        self.changePersistentIndexList(
            persistent,
            [
                self.index(self._positions[k], i.column())
                for k, i in zip(keys, persistent, strict=True)
            ],
        )
        self.layoutChanged.emit()

    def _order_rows(self) -> None:
        if self._sort_by is None:
            return
        column, order = self._sort_by
        value = self.columns[column].value

        def key(row: Row) -> tuple[int, Any]:
            raw = value(row)
            return (0, "") if raw is None else (1, _sort_key(raw))

        descending = order == Qt.SortOrder.DescendingOrder
        try:
            self._rows.sort(key=key, reverse=descending)
        except TypeError:  # values of mixed types: fall back to their text
            self._rows.sort(key=lambda r: str(key(r)), reverse=descending)
        self._in_order = True

    def _index_positions(self) -> None:
        self._positions = {self._key(r): i for i, r in enumerate(self._rows)}

    # --- rows -------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._order_rows()
        self._index_positions()
        self.endResetModel()

    def position_of(self, key: Any) -> int | None:
        return self._positions.get(key)

    def update_row(self, row: Row) -> None:
        """Replace one row in place (after a use-case changed it) and tell the views."""
        position = self._positions.get(self._key(row))
        if position is None:
            self.insert_row(row)
            return
        self._rows[position] = row
        self._in_order = False
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.columns) - 1))

    def insert_row(self, row: Row) -> None:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self._in_order = False
        self._positions[self._key(row)] = position
        self.endInsertRows()

    def remove_key(self, key: Any) -> None:
        position = self._positions.get(key)
        if position is None:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self._index_positions()
        self.endRemoveRows()


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts by native values and filters by a search text plus named predicates."""

    def __init__(self, search_text: Callable[[Any], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._search_text = search_text
        self._needle = ""
        self._predicates: dict[str, Callable[[Any], bool]] = {}
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source rows; this proxy keeps their order (its own sort column stays -1)."""
        source = self.sourceModel()
        if isinstance(source, RowTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle != self._needle:
            self._needle = needle
            self.invalidateRowsFilter()

    def set_predicate(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        if predicate is None:
            self._predicates.pop(name, None)
        else:
            self._predicates[name] = predicate
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self._needle and not self._predicates:
            return True  # the common case, called once per row: keep it cheap
        model = self.sourceModel()
        row = model.row_at(source_row)  # type: ignore[attr-defined]
        if self._needle and self._needle not in self._search_text(row):
            return False
        return all(predicate(row) for predicate in self._predicates.values())

    def visible_rows(self) -> list[Any]:
        """The rows in the order and filter the user sees: what an export writes."""
        return [self.data(self.index(r, 0), ROW_ROLE) for r in range(self.rowCount())]
