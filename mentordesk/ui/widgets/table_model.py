"""A read-only table model over plain rows (dataclasses), and the proxy every table uses.

Sorting and filtering happen inside the model, in Python over plain lists: a key per row
for sorting and one pass over precomputed search strings for filtering. Per-row callbacks
from Qt (QSortFilterProxyModel's lessThan / filterAcceptsRow) cost far more at 50,000 rows.
The rows that pass the predicates are kept, so a key typed in a search box only matches
text; typing more only searches the rows already shown. A row that an edit brings into or
out of the filter is inserted or removed on its own, so selections elsewhere stay.
Rows are replaced through a use-case, never edited in place.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
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

from mentordesk.programme.text_input import format_date

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
        return format_date(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.2f}"
    if hasattr(value, "label"):
        return str(value.label)
    return str(value)


def sort_key(value: Any) -> tuple[int, Any]:
    """Orders values of one column; empty values sort last whatever their type."""
    if value is None or value == "" or value == ():
        return (1, "")
    if isinstance(value, list | tuple):
        return (0, ", ".join(str(v) for v in value).casefold())
    if isinstance(value, str):
        return (0, value.casefold())
    if isinstance(value, dt.date):
        return (0, value.toordinal())
    return (0, value)


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
    # Takes the width the other columns leave (instead of the last column).
    stretch: bool = False


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """All rows in the current sort order; the rows the filter lets through are shown."""

    def __init__(
        self,
        columns: Sequence[Column[Row]],
        key: Callable[[Row], Any],
        parent: Any = None,
        search_text: Callable[[Row], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self._key = key
        self._search_text = search_text
        self._all: list[Row] = []
        # Each row's search text, made when a search first needs them (None until then):
        # a screen shows its rows without paying for texts no one may search.
        self._haystacks: list[str] | None = None
        self._visible: list[int] = []  # indexes into _all, ascending
        self._base: list[int] = []  # indexes into _all that pass the predicates, ascending
        self._positions: dict[Any, int] = {}  # key -> index into _all
        self._needle = ""
        self._predicates: dict[str, Callable[[Any], bool]] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        # (column, order) the rows are in now; None once a change may have unsorted them.
        self._sorted_as: tuple[int, Qt.SortOrder] | None = None

    # --- Qt interface -----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._visible):
            return None
        row = self._all[self._visible[index.row()]]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row) if column.text else display_text(column.value(row))
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return sort_key(column.value(row))[1]
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(self.columns)
        ):
            return self.columns[section].header
        return super().headerData(section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # QTableView.sortByColumn sorts twice (directly, and from the header's indicator):
        # a second identical sort of unchanged rows does nothing.
        if (column, order) == self._sorted_as:
            return
        self._sort_column, self._sort_order = column, order
        if not self._all:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        keys = [self._key(self._all[self._visible[i.row()]]) for i in before]
        self._apply_sort()
        self._apply_filter()
        positions = [self.position_of(k) for k in keys]
        after = [
            QModelIndex() if p is None else self.index(p, i.column())
            for p, i in zip(positions, before, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # --- rows -------------------------------------------------------------------------
    def rows(self) -> list[Row]:
        """Every row, shown or filtered out."""
        return list(self._all)

    def total_rows(self) -> int:
        return len(self._all)

    def row_at(self, row: int) -> Row:
        """The row shown at position `row`."""
        return self._all[self._visible[row]]

    def visible_rows(self) -> list[Row]:
        return [self._all[i] for i in self._visible]

    def set_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._haystacks = None  # new rows: their search texts are made again when needed
        self._apply_sort()
        self._apply_filter()
        self.endResetModel()

    def position_of(self, key: Any) -> int | None:
        """Where the row with this key is shown, or None if it is filtered out or absent."""
        index = self._positions.get(key)
        if index is None:
            return None
        position = bisect_left(self._visible, index)
        if position < len(self._visible) and self._visible[position] == index:
            return position
        return None

    def row_for(self, key: Any) -> Row | None:
        """The row with this key, shown or filtered out; None if there is none."""
        index = self._positions.get(key)
        return None if index is None else self._all[index]

    def update_row(self, row: Row) -> None:
        """Replace one row (after a use-case changed it) and tell the views."""
        self.update_rows([row])

    def update_rows(self, rows: Iterable[Row]) -> None:
        """Replace rows in place (adding new ones at the end). A row that now enters or
        leaves the filter is inserted or removed alone; the others signal one change."""
        changed: list[int] = []
        for row in rows:
            index = self._positions.get(self._key(row))
            if index is None:
                self.insert_row(row)
                continue
            self._all[index] = row
            self._sorted_as = None
            if self._haystacks is not None:
                self._haystacks[index] = self._haystack(row)
            passes = all(p(row) for p in self._predicates.values())
            at = bisect_left(self._base, index)
            in_base = at < len(self._base) and self._base[at] == index
            if passes and not in_base:
                self._base.insert(at, index)
            elif in_base and not passes:
                del self._base[at]
            position = bisect_left(self._visible, index)
            shown = position < len(self._visible) and self._visible[position] == index
            show = passes and (not self._needle or self._needle in self._made_haystacks()[index])
            if shown and not show:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._visible[position]
                self.endRemoveRows()
            elif show and not shown:
                self.beginInsertRows(QModelIndex(), position, position)
                self._visible.insert(position, index)
                self.endInsertRows()
            elif shown:
                changed.append(position)
        if changed:
            last = len(self.columns) - 1
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), last))

    def insert_row(self, row: Row) -> None:
        index = len(self._all)
        self._all.append(row)
        self._sorted_as = None
        self._positions[self._key(row)] = index
        if self._haystacks is not None:
            self._haystacks.append(self._haystack(row))
        if all(p(row) for p in self._predicates.values()):
            self._base.append(index)
        if self._accepts(index):
            position = len(self._visible)
            self.beginInsertRows(QModelIndex(), position, position)
            self._visible.append(index)
            self.endInsertRows()

    def remove_key(self, key: Any) -> None:
        index = self._positions.get(key)
        if index is None:
            return
        position = self.position_of(key)
        if position is not None:
            self.beginRemoveRows(QModelIndex(), position, position)
        del self._all[index]
        if self._haystacks is not None:
            del self._haystacks[index]
        self._positions = {self._key(r): i for i, r in enumerate(self._all)}
        self._visible = [i - (i > index) for i in self._visible if i != index]
        self._base = [i - (i > index) for i in self._base if i != index]
        if position is not None:
            self.endRemoveRows()

    # --- filtering --------------------------------------------------------------------
    def set_search(self, text: str) -> None:
        needle = text.strip().casefold()
        if needle == self._needle:
            return
        narrowing = bool(self._needle) and self._needle in needle
        self._needle = needle
        self.beginResetModel()
        # Typing more only narrows: search the rows shown, not every row that passes.
        self._visible = self._searched(self._visible if narrowing else self._base)
        self.endResetModel()

    def set_predicate(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        if predicate is None:
            if self._predicates.pop(name, None) is None:
                return
        else:
            self._predicates[name] = predicate
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._base = self._passing(range(len(self._all)))
        self._apply_filter()
        self.endResetModel()

    def _accepts(self, index: int) -> bool:
        if self._needle and self._needle not in self._made_haystacks()[index]:
            return False
        row = self._all[index]
        return all(predicate(row) for predicate in self._predicates.values())

    def _apply_sort(self) -> None:
        """Sort the rows (and their search texts along with them, if made)."""
        if 0 <= self._sort_column < len(self.columns):
            value = self.columns[self._sort_column].value
            keys = [sort_key(value(r)) for r in self._all]
            # Empty values last in both directions; the sort is stable, also reversed.
            filled = [i for i, k in enumerate(keys) if k[0] == 0]
            empty = [i for i, k in enumerate(keys) if k[0] != 0]
            order = sorted(
                filled,
                key=keys.__getitem__,
                reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
            )
            order += empty
            self._all = [self._all[i] for i in order]
            if self._haystacks is not None:
                self._haystacks = [self._haystacks[i] for i in order]
        self._positions = {self._key(r): i for i, r in enumerate(self._all)}
        self._base = self._passing(range(len(self._all)))
        self._sorted_as = (self._sort_column, self._sort_order)

    def _passing(self, candidates: Iterable[int]) -> list[int]:
        """The candidates that every predicate accepts, one pass a predicate."""
        found = list(candidates)
        rows = self._all
        for predicate in self._predicates.values():
            found = [i for i in found if predicate(rows[i])]
        return found

    def _searched(self, candidates: list[int]) -> list[int]:
        if not self._needle:
            return list(candidates)
        needle, haystacks = self._needle, self._made_haystacks()
        return [i for i in candidates if needle in haystacks[i]]

    def _haystack(self, row: Row) -> str:
        return self._search_text(row).casefold() if self._search_text is not None else ""

    def _made_haystacks(self) -> list[str]:
        if self._haystacks is None:
            self._haystacks = [self._haystack(r) for r in self._all]
        return self._haystacks

    def _apply_filter(self) -> None:
        self._visible = self._searched(self._base)


class RowFilterProxy(QSortFilterProxyModel):
    """The view's model. Sorting and filtering are delegated to the RowTableModel below,
    which does them over plain lists; this proxy keeps one place for views to talk to."""

    def __init__(self, search_text: Callable[[Any], str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._pending_search_text = search_text
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: Any) -> None:
        if self._pending_search_text is not None and isinstance(model, RowTableModel):
            model._search_text = self._pending_search_text
            model.set_rows(model.rows())
        super().setSourceModel(model)

    def _source(self) -> RowTableModel[Any]:
        model = self.sourceModel()
        assert isinstance(model, RowTableModel)
        return model

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source().sort(column, order)

    def set_search(self, text: str) -> None:
        self._source().set_search(text)

    def set_predicate(self, name: str, predicate: Callable[[Any], bool] | None) -> None:
        self._source().set_predicate(name, predicate)

    def visible_rows(self) -> list[Any]:
        """The rows in the order and filter the user sees: what an export writes."""
        return self._source().visible_rows()
