"""Undoable user actions. Each command runs a use-case in its own transaction both ways.

`perform()` runs the action once, shows a clear message if it is refused, and only then
puts it on the undo stack, so a refused action never leaves a command behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from mentordesk.errors import MentorDeskError
from mentordesk.store import Database
from mentordesk.ui.window.context import AppContext

Step = Callable[[Database], Any]


class UseCaseCommand(QUndoCommand):
    """`do` and `undo` each receive the open Database and run one transaction."""

    def __init__(
        self, context: AppContext, text: str, do: Step, undo: Step, topics: tuple[str, ...]
    ) -> None:
        super().__init__(text)
        self.context = context
        self._do = do
        self._undo = undo
        self.topics = topics
        self._first = True
        self.result: Any = None

    def run_first(self) -> Any:
        self.result = self._do(self.context.db)
        self._notify()
        return self.result

    def _notify(self) -> None:
        """Tell the screens what changed; a subclass may name the records it touched."""
        self.context.notify(*self.topics)

    def redo(self) -> None:
        if self._first:  # already done by perform()
            self._first = False
            return
        self._step(self._do, "redo")

    def undo(self) -> None:
        self._step(self._undo, "undo")

    def _step(self, step: Step, verb: str) -> None:
        try:
            step(self.context.db)
        except MentorDeskError as exc:
            # The world changed since (e.g. the mentee was paired again): drop this command.
            self.setObsolete(True)
            self.context.status_message.emit(f"Could not {verb} “{self.text()}”: {exc}")
            return
        finally:
            self._notify()
        self.context.status_message.emit(f"{verb.capitalize()}: {self.text()}")


def perform(context: AppContext, command: UseCaseCommand, parent: QWidget | None = None) -> bool:
    """Run a command now; on success push it on the undo stack. False if refused."""
    try:
        command.run_first()
    except MentorDeskError as exc:
        QMessageBox.warning(parent, command.text(), str(exc))
        return False
    context.undo_stack.push(command)
    context.status_message.emit(command.text())
    return True
