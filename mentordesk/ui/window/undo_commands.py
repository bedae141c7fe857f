"""The window's one undo command: it wraps an action (see `mentordesk.store.actions`).

`perform()` runs the action once, explains a refusal, and only then puts the command on the
undo stack, so a refused action never leaves a command behind. Undo runs the inverse the
action returned; redo runs the inverse of that, so a record made again keeps its id.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QWidget

from mentordesk.store.actions import PAIRINGS, PARTICIPANTS, Action, Outcome, run
from mentordesk.ui.window.context import AppContext
from mentordesk.ui.window.error_presenter import present_error, status_text

ROW_PREFIX = "pairing-row:"


def row_topic(pairing_id: int) -> str:
    """The topic naming one pairing, so the pairings screen refreshes only that row."""
    return f"{ROW_PREFIX}{pairing_id}"


class ActionCommand(QUndoCommand):
    """One action on the undo stack.

    `warn` shows a message box when an undo or redo is refused (for steps as big as an
    import); otherwise the status bar says so.
    """

    def __init__(
        self, context: AppContext, text: str, action: Action, *, warn: bool = False
    ) -> None:
        super().__init__(text)
        self.context = context
        self._forward: Action = action
        self._back: Action | None = None
        self._warn = warn
        self.outcome: Outcome | None = None
        self.applied = False

    @property
    def result(self) -> Any:
        return self.outcome.result if self.outcome is not None else None

    @classmethod
    def already_done(
        cls, context: AppContext, text: str, redo: Action, undo: Action, *, warn: bool = False
    ) -> ActionCommand:
        """A command for work that ran outside the stack (an import run by a background
        task): pushing it does nothing; undo runs `undo`, redo runs `redo`."""
        command = cls(context, text, redo, warn=warn)
        command._back = undo
        command.applied = True
        return command

    def run_first(self) -> Any:
        outcome = run(self.context.db, self._forward)
        self._back = outcome.inverse
        self.outcome = outcome
        self.applied = True
        self._notify(outcome)
        return outcome.result

    def redo(self) -> None:
        if self.applied:  # already done (by perform(), or before the command was pushed)
            return
        self._step(self._forward, "redo")

    def undo(self) -> None:
        if self.applied and self._back is not None:
            self._step(self._back, "undo")

    def undo_outside_stack(self, parent: QWidget | None = None) -> bool:
        """Undo now though other commands lie above this one (an import summary's Undo
        button); the stack's own undo then does nothing, and its redo applies it again."""
        if not self.applied or self._back is None:
            return False
        try:
            outcome = run(self.context.db, self._back)
        except Exception as exc:  # a refusal, or a fault: both shown in plain words
            present_error(parent, f"Cannot undo “{self.text()}”", exc)
            return False
        self._forward = outcome.inverse
        self.applied = False
        self._notify(outcome)
        return True

    def _step(self, action: Action, verb: str) -> None:
        try:
            outcome = run(self.context.db, action)
        except Exception as exc:
            # The world changed since (e.g. the mentee was paired again): drop this command.
            # A fault (not a refusal) is explained the same way, never shown raw.
            self.setObsolete(True)
            title = f"Cannot {verb} “{self.text()}”"
            if self._warn:
                present_error(None, title, exc)
            self.context.status_message.emit(status_text(exc, f"Could not {verb} “{self.text()}”:"))
            self._notify(None)
            return
        if verb == "undo":
            self._forward = outcome.inverse
            self.applied = False
        else:
            self._back = outcome.inverse
            self.applied = True
        self._notify(outcome)
        self.context.status_message.emit(f"{verb.capitalize()}: {self.text()}")

    def _notify(self, outcome: Outcome | None) -> None:
        """Tell the screens what changed, naming the records touched where known."""
        if outcome is None:
            outcome = self.outcome
        if outcome is None:
            return
        topics = set(outcome.areas) | {row_topic(p) for p in outcome.pairings}
        if outcome.pairings:
            topics.add(PAIRINGS)
        if outcome.participants:
            self.context.records_changed.emit(PARTICIPANTS, outcome.participants)
            topics.add(PARTICIPANTS)
        self.context.notify(*topics)


def try_perform(context: AppContext, command: ActionCommand) -> str | None:
    """Run a command and push it on the undo stack; return the refusal text instead of
    showing it (for fast entry rows that show the reason beside the fields)."""
    try:
        command.run_first()
    except Exception as exc:  # a refusal says why; a fault, one plain sentence
        return status_text(exc, operation=command.text())
    context.undo_stack.push(command)
    context.status_message.emit(command.text())
    return None


def perform(context: AppContext, command: ActionCommand, parent: QWidget | None = None) -> bool:
    """Run a command now; on success push it on the undo stack. False if refused (the user
    was told why by the window's error presenter)."""
    try:
        command.run_first()
    except Exception as exc:
        present_error(parent, command.text(), exc)
        return False
    context.undo_stack.push(command)
    context.status_message.emit(command.text())
    return True


def perform_action(
    context: AppContext, text: str, action: Action, parent: QWidget | None = None
) -> ActionCommand | None:
    """Shorthand: wrap an action, perform it; the command (with its result), or None."""
    command = ActionCommand(context, text, action)
    return command if perform(context, command, parent) else None
