"""Progress reporting and cancellation for long work, without Qt: use-cases take a
`Progress` and call `step()`; the UI (or a test) decides what it shows."""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled; the work stops and its transaction is rolled back."""


class Progress:
    def __init__(self, report: Callable[[int, int, str], None] | None = None) -> None:
        self._report = report
        self._cancel = threading.Event()

    def step(self, done: int, total: int, text: str = "") -> None:
        """Report progress; raises Cancelled if the user asked to stop."""
        if self._cancel.is_set():
            raise Cancelled()
        if self._report is not None:
            self._report(done, total, text)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


NO_PROGRESS = Progress()
