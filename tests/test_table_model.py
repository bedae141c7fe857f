"""The shared table model and its proxy: Qt's model checks through every kind of change
(sort, search, filters, edits, inserts, removals), and selections that survive them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QItemSelectionModel, Qt

from mentordesk.ui.widgets.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel


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
    proxy = RowFilterProxy(lambda r: r.name)
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
    proxy.set_search("an")
    proxy.set_search("")
    proxy.set_predicate("scored", lambda r: r.score is not None)
    model.update_rows([Person(2, "adam", None, 1), Person(4, "Ann", None, None)])
    model.insert_row(Person(6, "Dana", None, 2))
    model.remove_key(3)
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    proxy.set_predicate("scored", None)
    model.set_rows(PEOPLE[:2])
    assert sorted(names(proxy)) == ["Zoë", "adam"]


def test_sort_ignores_case_sorts_dates_as_dates_and_is_stable() -> None:
    _model, proxy = make()
    proxy.sort(0)
    assert names(proxy) == ["adam", "Ann", "Bea", "carl", "Zoë"]
    proxy.sort(1)
    assert names(proxy) == ["carl", "Bea", "Zoë", "Ann", "adam"]  # no date: last
    proxy.sort(2, Qt.SortOrder.DescendingOrder)
    assert names(proxy)[:2] == ["Bea", "carl"]
    # Equal scores keep their order from the sort before.
    assert names(proxy).index("Zoë") < names(proxy).index("Ann")


def test_search_narrows_and_widens_again_within_the_filters() -> None:
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
    proxy.set_search("")
    assert names(proxy) == ["Bea", "carl"]


def test_an_edit_keeps_the_selection(qtbot) -> None:  # type: ignore[no-untyped-def]
    model, proxy = make()
    proxy.sort(0)
    proxy.set_predicate("scored", lambda r: r.score is not None)
    selection = QItemSelectionModel(proxy)
    bea = proxy.index(names(proxy).index("Bea"), 0)
    selection.setCurrentIndex(bea, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    model.update_row(Person(3, "Beatrix", None, 10))
    assert proxy.data(selection.currentIndex(), ROW_ROLE).name == "Beatrix"
    # Another row leaving the filter is removed alone: the selection stays on Beatrix.
    model.update_row(Person(1, "Zoë", None, None))
    assert "Zoë" not in names(proxy)
    assert proxy.data(selection.currentIndex(), ROW_ROLE).id == 3
    model.update_row(Person(1, "Zoë", None, 4))
    assert names(proxy) == ["Ann", "Beatrix", "carl", "Zoë"]
    assert proxy.data(selection.currentIndex(), ROW_ROLE).id == 3


def test_an_edit_that_no_longer_matches_the_search_hides_the_row() -> None:
    model, proxy = make()
    proxy.set_search("bea")
    assert names(proxy) == ["Bea"]
    model.update_row(Person(3, "Trixie", None, 1))
    assert names(proxy) == []
    assert model.row_for(3) == Person(3, "Trixie", None, 1)
    assert model.position_of(3) is None
    model.update_row(Person(3, "Bea", None, 1))
    assert names(proxy) == ["Bea"]


def test_insert_and_remove() -> None:
    model, proxy = make()
    proxy.sort(0)
    model.insert_row(Person(7, "Bob", None, 1))
    assert names(proxy)[-1] == "Bob"  # at the end until the next sort
    assert model.position_of(7) == 5
    model.remove_key(3)
    assert names(proxy) == ["adam", "Ann", "carl", "Zoë", "Bob"]
    assert model.position_of(3) is None and model.row_for(3) is None
    assert model.total_rows() == 5


def test_search_texts_are_made_only_when_a_search_needs_them() -> None:
    """A screen shows its rows without making every row's search text (thousands at
    start-up); the first search makes them, and edits keep them right from then on."""
    made: list[int] = []

    def text(row: Person) -> str:
        made.append(row.id)
        return row.name

    model: RowTableModel[Person] = RowTableModel(COLUMNS, key=lambda r: r.id)
    proxy = RowFilterProxy(text)
    proxy.setSourceModel(model)
    model.set_rows(PEOPLE)
    proxy.sort(0)
    model.insert_row(Person(6, "Dana", None, 2))
    model.update_row(Person(2, "Adele", None, None))
    model.remove_key(5)
    assert made == []
    proxy.set_search("a")
    assert sorted(made) == [1, 2, 3, 4, 6]
    assert names(proxy) == ["Adele", "Ann", "Bea", "Dana"]
    model.update_row(Person(3, "Trixie", None, 10))
    model.insert_row(Person(7, "Carla", None, 1))
    assert names(proxy) == ["Adele", "Ann", "Dana", "Carla"]
    model.remove_key(4)
    proxy.set_search("an")
    assert names(proxy) == ["Dana"]
