"""What the import wizard's panels share: read-only table cells, how a cell value is
shown, and the wizard's idea of who is in a file."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from mentordesk.models import Role
from mentordesk.roster.values import text as cell_text

ROLE_CHOICES: list[tuple[Role | None, str]] = [
    (None, "Each row's Role column says"),
    (Role.MENTEE, "Everyone in the file is a mentee"),
    (Role.MENTOR, "Everyone in the file is a mentor"),
]

# Words in a sign-up form's headers, sheet or file name that say its people are mentors.
_MENTOR_WORDS = re.compile(r"\b(mentors?|volunteers?|volunteering)\b", re.IGNORECASE)


def guess_role(texts: Iterable[str]) -> Role:
    """Who a file without a Role column holds: mentors when its headers (or its sheet or
    file name) speak of mentors or volunteers — "Why do you want to be a mentor?" — and
    mentees otherwise (a school's export)."""
    return Role.MENTOR if any(_MENTOR_WORDS.search(t or "") for t in texts) else Role.MENTEE


def cell(text: str, *, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def shown(value: Any) -> str:
    try:
        return cell_text(value)
    except ValueError:
        return str(value)
