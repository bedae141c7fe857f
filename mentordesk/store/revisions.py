"""The schema revisions this MentorDesk knows, read from the migration files without
importing Alembic (which costs start-up time when no migration is due)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

VERSIONS_DIR = Path(__file__).parent / "migrations" / "versions"
_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"](\w+)['\"]", re.MULTILINE)


@cache
def known_revisions() -> tuple[str, ...]:
    """Revision ids in order; they are zero-padded numbers, one chain without branches."""
    found = []
    for path in VERSIONS_DIR.glob("*.py"):
        match = _REVISION.search(path.read_text(encoding="utf-8"))
        if match:
            found.append(match.group(1))
    return tuple(sorted(found))


def head_revision() -> str:
    return known_revisions()[-1]
