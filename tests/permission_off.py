"""For tests about other pairing rules: a programme that does not ask for a parent's or
guardian's permission, so a minor's pairing can be made active directly. The permission
rule itself is tested, route by route, in test_guardian_permission.py."""

from __future__ import annotations

from sqlalchemy import select

from mentordesk.models import Programme
from mentordesk.store import Database


def permission_not_asked(db: Database) -> None:
    with db.transaction() as session:
        programme = session.scalar(select(Programme).order_by(Programme.id).limit(1))
        assert programme is not None
        settings = dict(programme.settings or {})
        settings["screening"] = {**settings.get("screening", {}), "guardian_permission": False}
        programme.settings = settings
