"""The base of every screen in the window's navigation."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from mentordesk.ui.widgets.table_view import RowTableView
from mentordesk.ui.window.context import AppContext


class Page(QWidget):
    """A screen. Subclasses set `title` and `topics`, and implement `reload()`.

    `reload()` reads fresh rows through queries. A page that is not visible
    reloads only when shown, so one change does not refresh every screen at once.

    The window's menus act on the current page through optional capabilities: a page
    that can create a record sets `new_record_text` and implements `new_record()`; one
    that can delete implements `delete_selected()`; one with a search box implements
    `focus_search()`. File → Export acts on `exportable_view()`: by convention the
    page's `table` attribute, or the table that has the keyboard focus.

    Those commands own their keys (Ctrl+Shift+N, Delete, Ctrl+F, Ctrl+E): a page never
    binds them again, or Qt finds two bindings and runs neither. Keys of the page's own
    are added with `ui.shortcuts.add_shortcut`; `delete_text` and `other_keys` complete
    what Help → Keyboard shortcuts says about the page.
    """

    title = "Page"
    topics: frozenset[str] = frozenset()
    # e.g. "New participant"; empty when the page creates nothing.
    new_record_text = ""
    # What Delete does here, e.g. "Delete the selected participants…".
    delete_text = "Delete the selection…"
    # Keys handled by the page's widgets rather than by shortcuts: (what it does, keys).
    other_keys: tuple[tuple[str, str], ...] = ()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._stale = True
        context.changed.connect(self._on_changed)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & self.topics:
            self._stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self.reload()

    def file_ready(self) -> None:
        """The window was built before its file was open (start-up), and now it is."""
        if self.isVisible():
            self.refresh_if_stale()

    def refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def reload(self) -> None:
        raise NotImplementedError

    def save_state(self) -> None:
        """Called when the window closes: remember splitters and headers."""

    def show_record(self, record_id: int) -> None:
        """Bring one record into view (navigation from another screen)."""

    def can_leave(self) -> bool:
        """Before the window closes or another file opens: False keeps things as they are
        (e.g. the user cancelled saving an edit in progress)."""
        return True

    def new_record(self) -> None:
        """Start a new record (only when `new_record_text` is set)."""

    def delete_selected(self) -> None:
        """Delete the selected records, after asking."""
        self.context.status_message.emit(f"Nothing can be deleted on {self.title}.")

    def focus_search(self) -> None:
        """Put the keyboard in the page's search box."""

    def can_delete(self) -> bool:
        return type(self).delete_selected is not Page.delete_selected

    def can_search(self) -> bool:
        return type(self).focus_search is not Page.focus_search

    def exportable_view(self) -> RowTableView | None:
        """The table File → Export writes: the focused table of this page, else `table`."""
        focus = QApplication.focusWidget()
        if focus is not None and not self.isAncestorOf(focus):
            focus = None
        while focus is not None and focus is not self:
            if isinstance(focus, RowTableView):
                return focus
            focus = focus.parentWidget()
        table = getattr(self, "table", None)
        return table if isinstance(table, RowTableView) else None
