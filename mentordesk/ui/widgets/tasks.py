"""Run long work off the GUI thread and get the result, error and progress back on it.

The progress dialog appears only when the work takes longer than SHOW_AFTER_MS, and its
Cancel button asks the work to stop (the use-case then rolls its transaction back).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from mentordesk.progress import Cancelled, Progress

SHOW_AFTER_MS = 500


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(
        self, work: Callable[[Progress], Any], signals: _Signals, progress: Progress
    ) -> None:
        super().__init__()
        self.work = work
        self.signals = signals
        self.progress = progress

    def run(self) -> None:
        try:
            result = self.work(self.progress)
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._deliver(self.signals.failed, exc)
        else:
            self._deliver(self.signals.finished, result)

    def _deliver(self, signal: Any, value: object) -> None:
        # The window may have closed while the work ran (quitting during a long task): its
        # runner and signals are gone, and there is no one left to tell.
        if not shiboken6.isValid(self.signals):
            return
        with contextlib.suppress(RuntimeError):  # deleted between the check and the emit
            signal.emit(value)


class TaskRunner(QObject):
    """One worker thread: database writes never overlap."""

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        # Tests run work on the calling thread, so results arrive before the call returns.
        self.synchronous = synchronous
        self._running: list[tuple[_Signals, QProgressDialog | None]] = []

    def run(
        self,
        work: Callable[[Progress], Any],
        *,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
        title: str = "Working…",
        parent: QWidget | None = None,
        on_cancelled: Callable[[], None] | None = None,
    ) -> Progress:
        signals = _Signals()
        dialog: QProgressDialog | None = None
        if parent is not None and not self.synchronous:
            dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
            dialog.setWindowTitle(title)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(SHOW_AFTER_MS)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
        progress = Progress(lambda d, t, text: signals.progress.emit(d, t, text))
        entry = (signals, dialog)
        self._running.append(entry)

        def finish() -> None:
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()
            if entry in self._running:
                self._running.remove(entry)

        def done(result: Any) -> None:
            finish()
            on_done(result)

        def failed(exc: BaseException) -> None:
            finish()
            if isinstance(exc, Cancelled):
                if on_cancelled is not None:
                    on_cancelled()
                return
            on_error(exc)

        def report(done_count: int, total: int, text: str) -> None:
            if dialog is None:
                return
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done_count, total) if total else 0)
            if text:
                dialog.setLabelText(text)

        signals.progress.connect(report)
        signals.finished.connect(done)
        signals.failed.connect(failed)
        if dialog is not None:
            dialog.canceled.connect(progress.cancel)
        job = _Job(work, signals, progress)
        if self.synchronous:
            job.run()
        else:
            # QProgressDialog shows itself after its minimum duration if still running.
            self.pool.start(job)
        return progress

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)
