"""One writer per database file, across processes.

An OS-level lock on a file beside the database: the operating system releases it when
the holder exits or crashes, so a lock left by a crashed process is simply taken over.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from pathlib import Path
from typing import IO

from mentordesk.errors import DatabaseLocked


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class WriterLock:
    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = lock_path_for(db_path)
        self._handle: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(self) -> None:
        if self._handle is not None:
            return
        try:
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open
        except OSError as exc:
            raise DatabaseLocked(
                f"Cannot open {self.db_path} for writing: {exc.strerror} in "
                f"{self.path.parent}. Copy the file to a folder you can write to, or open it "
                "from a writable drive."
            ) from exc
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "another program"
            handle.close()
            raise DatabaseLocked(
                f"{self.db_path} is open in another MentorDesk ({holder}). "
                "Close that window or wait for that command to finish, then try again."
            )
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()} on {socket.gethostname()}")
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            self._handle.truncate(0)
        self._handle.close()
        self._handle = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
