"""The demo programme's own file: made when first opened, never mixed into a real one."""

from __future__ import annotations

from pathlib import Path

from mentordesk.programme.demo import load_demo
from mentordesk.programme.programme_queries import participant_count
from mentordesk.store import Database
from mentordesk.store.paths import demo_db_path


def open_demo(path: Path | None = None) -> Database:
    """Open the demo programme's file, filling it with the demo the first time (or again
    after everyone in it was deleted). A read-only demo file is opened for reading."""
    path = Path(path) if path is not None else demo_db_path()
    db = Database.open(path, read_if_unwritable=True)
    try:
        if db.writable and participant_count(db) == 0:
            load_demo(db)
    except BaseException:
        db.close()
        raise
    return db
