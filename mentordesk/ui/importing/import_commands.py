"""Undo and redo of an import on the window's undo stack: the same use-cases the import
summary calls (`undo_import`, `redo_import`)."""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox

from mentordesk.errors import MentorDeskError
from mentordesk.roster.import_undo import redo_import, undo_import
from mentordesk.ui.window.context import ACTIVITY, PAIRINGS, PARTICIPANTS, AppContext


class ImportCommand(QUndoCommand):
    """Pushed after an import has run: the first redo() (from push) does nothing."""

    def __init__(self, context: AppContext, batch_id: int, text: str) -> None:
        super().__init__(text)
        self.context = context
        self.batch_id = batch_id
        self._applied = True

    @property
    def applied(self) -> bool:
        return self._applied

    def mark_undone(self) -> None:
        """The import was undone outside the stack: undo is now a no-op, redo re-applies."""
        self._applied = False

    def redo(self) -> None:
        if self._applied:
            return
        if self._run(redo_import, "Cannot redo the import"):
            self._applied = True

    def undo(self) -> None:
        if not self._applied:
            return
        if self._run(undo_import, "Cannot undo the import"):
            self._applied = False

    def _run(self, use_case: object, title: str) -> bool:
        try:
            use_case(self.context.db, self.batch_id)  # type: ignore[operator]
        except MentorDeskError as exc:
            QMessageBox.warning(None, title, str(exc))
            # The stack cannot step over this import any more; drop it rather than lie.
            self.setObsolete(True)
            return False
        self.context.notify(PARTICIPANTS, PAIRINGS, ACTIVITY)
        return True
