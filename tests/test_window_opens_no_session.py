"""The window reads through queries and writes through actions: no module under
`mentordesk/ui/` opens a session or a transaction (import-linter keeps SQLAlchemy out)."""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[1] / "mentordesk" / "ui"
OPENS_A_SESSION = re.compile(r"\.(transaction|reading)\(")


def test_no_window_module_opens_a_session() -> None:
    found = [
        f"{path.relative_to(UI)}:{number}"
        for path in sorted(UI.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OPENS_A_SESSION.search(line)
    ]
    assert found == []
