"""Typed values across the Qt boundary: the one way the window puts enum members, dates and
ids into combo boxes, list and table items, and gets them back as they went in.

Qt converts what it can: a `StrEnum` member stored as item data comes back as a plain `str`,
and a `date` may come back as a `QDate`. A use-case that then tests `role == Role.MENTOR`, or
calls `.value` on it, fails far from the cause. Wrapped in `_Held` (a type Qt cannot convert),
the value is stored as the Python object itself and comes back identical.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Generic, TypeVar, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidgetItem, QTableWidgetItem, QWidget

T = TypeVar("T")

VALUE_ROLE = Qt.ItemDataRole.UserRole


class _Held:
    """A box Qt stores as an opaque Python object (it has no Qt equivalent)."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value


def _unwrap(data: object) -> Any:
    return data.value if isinstance(data, _Held) else data


def set_item_value(item: QListWidgetItem | QTableWidgetItem, value: object) -> None:
    """Attach a typed value to a list or table item (read it back with `item_value`)."""
    item.setData(VALUE_ROLE, _Held(value))


def item_value(item: QListWidgetItem | QTableWidgetItem | None) -> Any:
    """The value `set_item_value` attached, exactly as it went in (None without one)."""
    return None if item is None else _unwrap(item.data(VALUE_ROLE))


class ValueCombo(QComboBox, Generic[T]):
    """A combo box whose items each carry a value of `value_type` (None allowed when
    `optional`). `value()` returns the chosen item's value unchanged — an enum member stays
    a member — so callers never call `currentData()`.

    An editable combo (free text with suggestions) returns the text typed: pass
    `value_type=str` and `editable=True`.
    """

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        value_type: type | tuple[type, ...],
        optional: bool = False,
        name: str = "",
        items: Mapping[T, str] | Iterable[tuple[T, str]] | None = None,
        editable: bool = False,
    ) -> None:
        super().__init__(parent)
        self.value_type = value_type
        self.optional = optional
        if name:
            self.setAccessibleName(name)
        if editable:
            self.setEditable(True)
        if items is not None:
            self.set_items(items)

    def add_value(self, label: str, value: T) -> None:
        if not self._fits(value):
            raise TypeError(
                f"{self.accessibleName() or 'combo box'}: {value!r} is not a {self.value_type}"
            )
        self.addItem(label, _Held(value))

    def set_items(self, items: Mapping[T, str] | Iterable[tuple[T, str]]) -> None:
        """Replace the items by (value, label) pairs, keeping the chosen value if still there."""
        chosen = self.value() if self.count() else None
        pairs = list(items.items()) if isinstance(items, Mapping) else list(items)
        self.blockSignals(True)
        try:
            self.clear()
            for value, label in pairs:
                self.add_value(label, value)
            if chosen is not None:
                self.select_value(chosen)
        finally:
            self.blockSignals(False)

    def value_at(self, index: int) -> T:
        value: T = _unwrap(self.itemData(index))  # what add_value stored: a T, checked there
        return value

    def value(self) -> T:
        """The chosen value (the text for an editable combo whose text matches no item)."""
        index = self.currentIndex()
        if self.isEditable() and (index < 0 or self.itemText(index) != self.currentText()):
            # Only a combo of str is editable (see the class docstring).
            return cast(T, self.currentText())
        if index < 0:
            return cast(T, None)  # nothing chosen yet: None, as for an optional combo
        return self.value_at(index)

    def values(self) -> list[T]:
        return [self.value_at(i) for i in range(self.count())]

    def index_of(self, value: object) -> int:
        """The first item whose value equals `value` (by equality: a plain 'mentor' finds
        Role.MENTOR), or -1."""
        return next((i for i in range(self.count()) if self.value_at(i) == value), -1)

    def select_value(self, value: object) -> bool:
        """Choose the item holding `value`; False (and nothing changes) when none does."""
        index = self.index_of(value)
        if index >= 0:
            self.setCurrentIndex(index)
        return index >= 0

    def _fits(self, value: object) -> bool:
        return (value is None and self.optional) or isinstance(value, self.value_type)
