"""A read-only table model over plain rows (dataclasses), and the sort/filter proxy
every table uses. Rows are replaced through a use-case, never edited in place.

The proxy sorts and filters in Python over the plain rows (one pass, precomputed search
text), not row by row through Qt: a table of 50,000 people stays quick to sort and search.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
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


_EMPTY = (0, "")


def _sort_key(value: Any) -> Any:
    """A key that orders any mix of values: empty first, then numbers, dates, text."""
    if type(value) is str:  # the common case first: it runs once per row
        return (3, value.casefold()) if value else _EMPTY
    if value is None or value == ():
        return _EMPTY
    if isinstance(value, bool | int | float):
        return (1, value)
    if isinstance(value, dt.date):
        return (2, value.isoformat())
    if isinstance(value, list | tuple):
        return (3, ", ".join(str(v) for v in value).casefold())
    return (3, str(value).casefold())


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
            return _sort_key(column.value(row))[1]
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

    # --- rows -------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def sort_keys(self, column: int) -> list[Any]:
        """One sort key per row for a column, computed in one pass (no Qt calls)."""
        value = self.columns[column].value
        return [_sort_key(value(r)) for r in self._rows]

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._positions = {self._key(r): i for i, r in enumerate(self._rows)}
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
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self.columns) - 1))

    def update_rows(self, rows: Iterable[Row]) -> None:
        """Replace several rows (adding the new ones) with one change signal for them."""
        changed: list[int] = []
        for row in rows:
            position = self._positions.get(self._key(row))
            if position is None:
                self.insert_row(row)
            else:
                self._rows[position] = row
                changed.append(position)
        if changed:
            last_column = len(self.columns) - 1
            self.dataChanged.emit(
                self.index(min(changed), 0), self.index(max(changed), last_column)
            )

    def insert_row(self, row: Row) -> None:
        position = len(self._rows)
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.append(row)
        self._positions[self._key(row)] = position
        self.endInsertRows()

    def remove_key(self, key: Any) -> None:
        position = self._positions.get(key)
        if position is None:
            return
        self.beginRemoveRows(QModelIndex(), position, position)
        del self._rows[position]
        self._positions = {self._key(r): i for i, r in enumerate(self._rows)}
        self.endRemoveRows()


class RowFilterProxy(QAbstractProxyModel):
    """Sorts by native values and filters by a search text plus named predicates.

    The source must be a `RowTableModel`. `_order` lists the visible source rows in display
    order. A filter change resets the view (callers re-select by key); a sort keeps the
    selection; a changed, added or removed row moves, appears or disappears in place.
    """

    # Beyond this many separate row ranges, a reset is cheaper than row-by-row signals.
    MAX_RANGES = 32

    def __init__(self, search_text: Callable[[Any], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._search_text = search_text
        self._needle = ""
        self._predicates: dict[str, Callable[[Any], bool]] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._texts: list[str] = []  # casefolded search text per source row
        self._keys: list[Any] | None = None  # sort key per source row, for _sort_column
        self._sorted_all: list[int] = []  # every source row, in sort order
        self._base: list[int] = []  # the sorted rows that pass the predicates
        self._order: list[int] = []  # visible source rows, in display order
        self._position: dict[int, int] = {}  # source row -> proxy row

    # --- source ------------------------------------------------------------------------
    def source(self) -> RowTableModel[Any]:
        return self.sourceModel()  # type: ignore[return-value]

    def setSourceModel(self, model: Any) -> None:
        old = self.sourceModel()
        if old is not None:
            for signal, slot in self._connections(old):
                signal.disconnect(slot)
        self.beginResetModel()
        super().setSourceModel(model)
        if model is not None:
            for signal, slot in self._connections(model):
                signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _connections(self, model: Any) -> list[tuple[Any, Any]]:
        return [
            (model.modelAboutToBeReset, self.beginResetModel),
            (model.modelReset, self._on_source_reset),
            (model.layoutChanged, self._on_source_layout),
            (model.dataChanged, self._on_source_data),
            (model.rowsInserted, self._on_source_inserted),
            (model.rowsAboutToBeRemoved, self._on_source_about_to_remove),
            (model.rowsRemoved, self._on_source_removed),
            (model.headerDataChanged, self.headerDataChanged),
        ]

    def _on_source_reset(self) -> None:
        self._rebuild()
        self.endResetModel()

    def _on_source_layout(self, *_: object) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()

    def _on_source_data(self, top_left: QModelIndex, bottom_right: QModelIndex, *_: object) -> None:
        source = self.source()
        changed = range(top_left.row(), bottom_right.row() + 1)
        sort_value = (
            self.source().columns[self._sort_column].value if self._sort_column >= 0 else None
        )
        for source_row in changed:
            row = source.row_at(source_row)
            self._texts[source_row] = self._search_text(row)
            if self._keys is not None and sort_value is not None:
                self._keys[source_row] = _sort_key(sort_value(row))
        self._resort()
        self._apply_order(self._searched(self._base))
        shown = [self._position[r] for r in changed if r in self._position]
        if shown:
            last_column = max(self.columnCount() - 1, 0)
            self.dataChanged.emit(self.index(min(shown), 0), self.index(max(shown), last_column))

    def _on_source_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        source = self.source()
        new_rows = [source.row_at(r) for r in range(first, last + 1)]
        self._texts[first:first] = [self._search_text(r) for r in new_rows]
        if self._keys is not None:
            value = source.columns[self._sort_column].value
            self._keys[first:first] = [_sort_key(value(r)) for r in new_rows]
        self._order = [r + count if r >= first else r for r in self._order]
        self._position = {r: i for i, r in enumerate(self._order)}
        self._resort()
        self._apply_order(self._searched(self._base))

    def _on_source_about_to_remove(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Take the rows out of the view while the source still holds them.
        gone = set(range(first, last + 1))
        self._apply_order([r for r in self._order if r not in gone])

    def _on_source_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        del self._texts[first : last + 1]
        if self._keys is not None:
            del self._keys[first : last + 1]
        self._order = [r - count if r > last else r for r in self._order]
        self._position = {r: i for i, r in enumerate(self._order)}
        self._resort()

    # --- sorting and filtering ---------------------------------------------------------
    def _rebuild(self) -> None:
        source = self.source()
        rows = source.rows() if source is not None else []
        self._texts = [self._search_text(r) for r in rows]
        self._keys = None
        if source is not None and 0 <= self._sort_column < source.columnCount():
            self._keys = source.sort_keys(self._sort_column)
        self._resort()
        self._order = self._searched(self._base)
        self._position = {r: i for i, r in enumerate(self._order)}

    def _sort_all(self) -> list[int]:
        indices = range(len(self._texts))
        if self._keys is None:
            return list(indices)
        # Python's sort is stable, also reversed: equal keys keep the source order.
        descending = self._sort_order == Qt.SortOrder.DescendingOrder
        return sorted(indices, key=self._keys.__getitem__, reverse=descending)

    def _resort(self) -> None:
        """Sort every row, then keep those that pass the predicates (the search's base)."""
        self._sorted_all = self._sort_all()
        self._base = self._passing(self._sorted_all)

    def _passing(self, candidates: list[int]) -> list[int]:
        if self._predicates and self.sourceModel() is not None:
            rows = self.source().rows()
            # One pass a predicate over the survivors: cheaper than all() on every row.
            for predicate in self._predicates.values():
                candidates = [r for r in candidates if predicate(rows[r])]
        return candidates

    def _searched(self, candidates: list[int]) -> list[int]:
        needle, texts = self._needle, self._texts
        if not needle:
            return list(candidates)
        return [r for r in candidates if needle in texts[r]]

    def _apply_order(self, new_order: list[int]) -> None:
        """Show `new_order`, with the cheapest signals that keep views and selections right."""
        old_order = self._order
        if new_order == old_order:
            return
        new_set = set(new_order)
        removed = [i for i, r in enumerate(old_order) if r not in new_set]
        survivors = [r for r in old_order if r in new_set]
        added = len(new_order) - len(survivors)
        if _ranges(removed) + added > self.MAX_RANGES:
            self.beginResetModel()
            self._order = new_order
            self._position = {r: i for i, r in enumerate(new_order)}
            self.endResetModel()
            return
        # Remove from the bottom up, so earlier positions stay right.
        for start, end in reversed(_range_list(removed)):
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._order[start : end + 1]
            self.endRemoveRows()
        self._position = {r: i for i, r in enumerate(self._order)}
        kept_in_new = [r for r in new_order if r in self._position]
        if kept_in_new != self._order:
            self._relayout(kept_in_new)
        for index, source_row in enumerate(new_order):
            if index < len(self._order) and self._order[index] == source_row:
                continue
            self.beginInsertRows(QModelIndex(), index, index)
            self._order.insert(index, source_row)
            self.endInsertRows()
        self._position = {r: i for i, r in enumerate(self._order)}

    def _relayout(self, new_order: list[int]) -> None:
        """Reorder the same rows, moving persistent indexes (selection, current) along."""
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        anchors = [(self._order[i.row()], i.column()) for i in persistent]
        self._order = new_order
        self._position = {r: i for i, r in enumerate(new_order)}
        moved = [self.index(self._position[r], column) for r, column in anchors]
        self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()

    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        narrowing = bool(self._needle) and self._needle in needle
        self._needle = needle
        # A key typed searches the rows that pass the filters (kept from the last filter
        # change); typing more only narrows what is shown, so it searches those only.
        self._apply_order(self._searched(self._order if narrowing else self._base))

    def set_predicate(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        if predicate is None:
            if self._predicates.pop(name, None) is None:
                return
        else:
            self._predicates[name] = predicate
        self._base = self._passing(self._sorted_all)
        self._apply_order(self._searched(self._base))

    def invalidate(self) -> None:
        """Filter again (after a predicate's own inputs changed)."""
        self._base = self._passing(self._sorted_all)
        self._apply_order(self._searched(self._base))

    def search(self) -> str:
        return self._needle

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.source()
        if source is None:
            return
        if column != self._sort_column or self._keys is None:
            valid = 0 <= column < source.columnCount()
            self._keys = source.sort_keys(column) if valid else None
        self._sort_column = column
        self._sort_order = order
        self._resort()
        position = {r: i for i, r in enumerate(self._sorted_all)}
        self._relayout(sorted(self._order, key=position.__getitem__))

    def sortColumn(self) -> int:
        return self._sort_column

    def sortOrder(self) -> Qt.SortOrder:
        return self._sort_order

    # --- Qt interface -----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        source = self.sourceModel()
        return 0 if parent.isValid() or source is None else source.columnCount()

    def hasChildren(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._order) and self.columnCount() > 0

    def index(self, row: int, column: int, parent: AnyIndex = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not (0 <= row < len(self._order)):
            return QModelIndex()
        if not (0 <= column < self.columnCount()):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: AnyIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: AnyIndex) -> QModelIndex:
        return self.index(row, column)

    def mapToSource(self, proxy_index: AnyIndex) -> QModelIndex:
        if not proxy_index.isValid() or proxy_index.row() >= len(self._order):
            return QModelIndex()
        return self.source().index(self._order[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: AnyIndex) -> QModelIndex:
        if not source_index.isValid():
            return QModelIndex()
        position = self._position.get(source_index.row())
        if position is None:
            return QModelIndex()
        return self.index(position, source_index.column())

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._order):
            return None
        source = self.source()
        return source.data(source.index(self._order[index.row()], index.column()), role)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        source = self.sourceModel()
        if orientation == Qt.Orientation.Horizontal and source is not None:
            return source.headerData(section, orientation, role)
        if role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self._order):
            return section + 1
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- rows -------------------------------------------------------------------------
    def row_at(self, row: int) -> Any:
        return self.source().row_at(self._order[row])

    def visible_rows(self) -> list[Any]:
        """The rows in the order and filter the user sees: what an export writes."""
        source = self.source()
        return [source.row_at(r) for r in self._order]

    def position_of_key(self, key: Any) -> int | None:
        """The proxy row showing the source row with this key, if it is visible."""
        source_row = self.source().position_of(key)
        return None if source_row is None else self._position.get(source_row)


def _range_list(positions: list[int]) -> list[tuple[int, int]]:
    """Sorted positions as (first, last) runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for position in positions:
        if runs and runs[-1][1] == position - 1:
            runs[-1] = (runs[-1][0], position)
        else:
            runs.append((position, position))
    return runs


def _ranges(positions: list[int]) -> int:
    return len(_range_list(positions))
