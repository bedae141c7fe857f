"""The shared table model and its sort/filter proxy: Qt's model checks, and every kind of
change (filter, sort, edit, insert, remove) keeps rows, order and selection right."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt

from mentordesk.ui.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    born: dt.date | None
    score: int | None


COLUMNS = [
    Column("Name", lambda r: r.name),
    Column("Born", lambda r: r.born),
    Column("Score", lambda r: r.score, align_right=True),
]

PEOPLE = [
    Person(1, "Zoë", dt.date(2010, 5, 1), 3),
    Person(2, "adam", None, None),
    Person(3, "Bea", dt.date(2009, 1, 2), 10),
    Person(4, "Ann", dt.date(2011, 7, 3), 3),
    Person(5, "carl", dt.date(2008, 2, 4), 7),
]


def make(qtmodeltester=None):  # type: ignore[no-untyped-def]
    model: RowTableModel[Person] = RowTableModel(COLUMNS, key=lambda r: r.id)
    proxy = RowFilterProxy(lambda r: r.name.casefold())
    proxy.setSourceModel(model)
    if qtmodeltester is not None:
        qtmodeltester.check(model)
        qtmodeltester.check(proxy)
    model.set_rows(PEOPLE)
    return model, proxy


def names(proxy: RowFilterProxy) -> list[str]:
    return [r.name for r in proxy.visible_rows()]


def test_models_pass_qt_checks_through_every_change(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model, proxy = make(qtmodeltester)
    proxy.sort(0)
    proxy.set_search("a")
    proxy.set_predicate("scored", lambda r: r.score is not None)
    model.update_row(Person(2, "adam", None, 1))
    model.insert_row(Person(6, "Dana", None, 2))
    model.remove_key(4)
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    proxy.set_search("")
    proxy.set_predicate("scored", None)
    model.set_rows(PEOPLE[:2])
    assert names(proxy) == ["Zoë", "adam"]


def test_sort_by_text_ignores_case_and_sorts_dates_and_empties_first() -> None:
    _model, proxy = make()
    proxy.sort(0)
    assert names(proxy) == ["adam", "Ann", "Bea", "carl", "Zoë"]
    proxy.sort(1)
    assert names(proxy) == ["adam", "carl", "Bea", "Zoë", "Ann"]
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    # Equal scores keep their source order, also when reversed.
    assert names(proxy) == ["Bea", "carl", "Zoë", "Ann", "adam"]


def test_search_narrows_and_widens_again() -> None:
    _model, proxy = make()
    proxy.sort(0)
    proxy.set_search("a")
    assert names(proxy) == ["adam", "Ann", "Bea", "carl"]
    proxy.set_search("an")
    assert names(proxy) == ["Ann"]
    proxy.set_search("a")
    assert names(proxy) == ["adam", "Ann", "Bea", "carl"]
    proxy.set_predicate("high", lambda r: (r.score or 0) >= 7)
    assert names(proxy) == ["Bea", "carl"]


def test_edit_moves_the_row_and_keeps_it_selected(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, proxy = make()
    proxy.sort(0)
    selection = QItemSelectionModel(proxy)
    ann = proxy.index(names(proxy).index("Ann"), 0)
    selection.setCurrentIndex(ann, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model.update_row(Person(4, "Zara", dt.date(2011, 7, 3), 3))
    assert names(proxy) == ["adam", "Bea", "carl", "Zara", "Zoë"]
    current = selection.currentIndex()
    assert proxy.data(current, ROW_ROLE).id == 4
    assert proxy.data(current, Qt.ItemDataRole.DisplayRole) == "Zara"


def test_edit_that_no_longer_matches_the_search_hides_the_row() -> None:
    model, proxy = make()
    proxy.set_search("bea")
    assert names(proxy) == ["Bea"]
    model.update_row(Person(3, "Beatrix", None, 1))
    assert names(proxy) == ["Beatrix"]
    model.update_row(Person(3, "Trixie", None, 1))
    assert names(proxy) == []
    model.update_row(Person(3, "Bea", None, 1))
    assert names(proxy) == ["Bea"]


def test_insert_lands_at_its_sorted_place_and_remove_leaves_the_rest() -> None:
    model, proxy = make()
    proxy.sort(0)
    model.insert_row(Person(7, "Bob", None, 1))
    assert names(proxy) == ["adam", "Ann", "Bea", "Bob", "carl", "Zoë"]
    model.remove_key(3)
    assert names(proxy) == ["adam", "Ann", "Bob", "carl", "Zoë"]
    assert proxy.position_of_key(7) == 2
    assert proxy.position_of_key(3) is None


@pytest.mark.parametrize("count", [200])
def test_large_filter_change_resets_instead_of_row_signals(qtbot, count: int) -> None:  # type: ignore[no-untyped-def]
    model: RowTableModel[Person] = RowTableModel(COLUMNS, key=lambda r: r.id)
    proxy = RowFilterProxy(lambda r: r.name)
    proxy.setSourceModel(model)
    model.set_rows([Person(i, f"p{i % 2}", None, i) for i in range(count)])
    with qtbot.waitSignal(proxy.modelReset):
        proxy.set_search("p1")
    assert proxy.rowCount() == count // 2
    assert all(r.name == "p1" for r in proxy.visible_rows())
