"""What every screen of the window shares: the open database, the undo stack, the task
runner and a signal that says what changed.

At start-up the window is drawn before the file is open (and before the data layer loads):
the context then has no database yet (`loaded` is False) until `file_opened`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from mentordesk.store.areas import ACTIVITY, ALL_AREAS, PAIRINGS, PARTICIPANTS, PROGRAMME
from mentordesk.ui.widgets.tasks import TaskRunner

if TYPE_CHECKING:
    from mentordesk.store import Database

# Topics for `AppContext.changed`: a screen refreshes when a topic it shows has changed.
# They are the areas an action's outcome names.
ALL_TOPICS = ALL_AREAS

__all__ = ["ACTIVITY", "ALL_TOPICS", "PAIRINGS", "PARTICIPANTS", "PROGRAMME", "AppContext"]


class AppContext(QObject):
    # A set of topics; ALL_TOPICS when another database was opened.
    changed = Signal(object)
    # A short message for the status bar.
    status_message = Signal(str)
    # A request to show a record: (topic, id), e.g. ("pairings", 12).
    navigate = Signal(str, int)
    # Go to a place in the window: "settings", "import", or a screen ("matching"...).
    go_to = Signal(str)
    # Sent just before `changed` when the change touched known records: (topic, frozenset
    # of ids). A screen may then refresh those rows only instead of reloading everything.
    records_changed = Signal(str, object)

    def __init__(
        self,
        db: Database | None,
        *,
        synchronous_tasks: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._db: Database | None = None
        self.undo_stack = QUndoStack(self)
        self.tasks = TaskRunner(self, synchronous=synchronous_tasks)
        if db is not None:
            self.file_opened(db)

    @property
    def loaded(self) -> bool:
        """The file is open (at start-up the window is shown before it is)."""
        return self._db is not None

    @property
    def db(self) -> Database:
        if self._db is None:
            raise RuntimeError("The programme file is not open yet.")
        return self._db

    def file_opened(self, db: Database) -> None:
        """The first file is open (start-up)."""
        from mentordesk.store.audit_trail import set_route

        set_route("window")
        self._db = db

    def notify(self, *topics: str) -> None:
        self.changed.emit(frozenset(topics))

    def notify_records(self, topic: str, ids: Iterable[int], *also: str) -> None:
        """A change to these records of `topic` (and to the `also` topics)."""
        self.records_changed.emit(topic, frozenset(ids))
        self.notify(topic, *also)

    def replace_database(self, db: Database) -> None:
        old = self.db
        self._db = db
        self.undo_stack.clear()
        old.close()
        self.changed.emit(ALL_TOPICS)
