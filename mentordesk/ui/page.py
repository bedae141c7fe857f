"""The base of every screen in the window's navigation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from mentordesk.ui.context import AppContext


class Page(QWidget):
    """A screen. Subclasses set `title` and `topics`, and implement `reload()`.

    `reload()` reads fresh rows through a short session. A page that is not visible
    reloads only when shown, so one change does not refresh every screen at once.
    """

    title = "Page"
    topics: frozenset[str] = frozenset()

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

    def refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def reload(self) -> None:
        raise NotImplementedError

    def save_state(self) -> None:
        """Called when the window closes: remember splitters and headers."""

    def show_record(self, record_id: int) -> None:
        """Bring one record into view (navigation from another screen)."""
