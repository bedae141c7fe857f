"""The one way the window tells a coordinator that something failed.

A failure the coordinator can act on (`MentorDeskError`) is shown in its own words: those
messages are written to name the file, sheet, row or rule. Anything else is a fault of the
program: its text may hold SQL, parameters or a person's name (a database error prints the
row it could not write), so it is never shown and never logged. The coordinator sees one
sentence of what went wrong and what to do; "Details" shows the exception's type; the log
file in the user data folder records the time, the operation and the type, no more.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from mentordesk.errors import MentorDeskError
from mentordesk.store.paths import data_dir

LOG_NAME = "mentordesk.log"
UNEXPECTED = (
    "Something unexpected went wrong, and nothing was changed by this step. Try again; if "
    "it happens again, make a backup (File → Back up now) and send the log file "
    "(mentordesk.log in MentorDesk's data folder) to whoever supports MentorDesk."
)

_log = logging.getLogger("mentordesk.window")


def log_path() -> Path:
    return data_dir() / LOG_NAME


def _write_log(operation: str, exc: BaseException) -> None:
    """One line: when, what was being done, the exception's type. Never its text."""
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now().isoformat(timespec="seconds")
        kind = "refused" if isinstance(exc, MentorDeskError) else "fault"
        with path.open("a", encoding="utf-8") as log:
            log.write(f"{stamp} {kind} {operation}: {type(exc).__module__}.{type(exc).__name__}\n")
    except OSError:  # a read-only data folder must not turn one failure into two
        _log.debug("could not write %s", LOG_NAME)


def explain(exc: BaseException) -> str:
    """What to show for `exc`: its own message when it is one a coordinator can act on,
    otherwise the one sentence for an unexpected failure."""
    if isinstance(exc, MentorDeskError) and str(exc).strip():
        return str(exc)
    return UNEXPECTED


def details(exc: BaseException) -> str:
    return f"{type(exc).__name__} (the error's text is not shown: it may hold personal data)"


def present_error(
    parent: QWidget | None, title: str, exc: BaseException, *, what: str = ""
) -> None:
    """Show a failure: `what` (e.g. "Nothing was written.") before the explanation; the
    exception type behind Details; one line in the log."""
    _write_log(title, exc)
    text = f"{what} {explain(exc)}".strip() if what else explain(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    if not isinstance(exc, MentorDeskError):
        box.setDetailedText(details(exc))
    box.exec()


def status_text(exc: BaseException, prefix: str = "", *, operation: str = "") -> str:
    """The same explanation for a status bar or a label, logged the same way (under
    `operation`, else the prefix)."""
    _write_log(operation or prefix or "status", exc)
    text = explain(exc)
    return f"{prefix} {text}".strip() if prefix else text
