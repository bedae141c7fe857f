"""Open a MentorDesk database: lock, check, back up, migrate, seed; then short sessions.

Order on open (for writing): take the writer lock, look at the file read-only (refuse a
foreign, corrupt or newer file untouched), back up if a migration is due, migrate, seed.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import URL, create_engine, event, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError as SQLAlchemyOperationalError
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker
from sqlalchemy.pool import QueuePool, StaticPool

from mentordesk.errors import DatabaseError, PassphraseNeeded, ReadOnlyFile, WrongPassphrase
from mentordesk.models import Participant, Programme
from mentordesk.store import backup
from mentordesk.store.access import (
    cannot_change,
    is_read_only_failure,
    open_read_only,
    write_problem,
)
from mentordesk.store.cipher import FileKey, key_for_file, read_only_query
from mentordesk.store.inspect import (
    APPLICATION_ID,
    FileKind,
    FileState,
    Inspection,
    inspect_file,
)
from mentordesk.store.lock import WriterLock
from mentordesk.store.paths import default_db_path
from mentordesk.store.revisions import head_revision

T = TypeVar("T")
DAILY_BACKUP_AFTER = dt.timedelta(hours=20)


def _refusal(path: Path, state: FileState) -> DatabaseError | None:
    if state.kind is FileKind.LOCKED:
        return PassphraseNeeded(
            f"{path} is protected with a passphrase (or is not a MentorDesk database); "
            "give its passphrase to open it."
        )
    if state.kind is FileKind.WRONG_KEY:
        return WrongPassphrase(
            f"That passphrase does not open {path.name} (or it is not a MentorDesk "
            "database); nothing was changed. Check the passphrase and try again."
        )
    if state.kind is FileKind.NOT_ENCRYPTED:
        return DatabaseError(
            f"{path} is not protected with a passphrase; open it without one "
            "(protect it with 'mentordesk protect' or File → Protect with a passphrase)."
        )
    if state.kind is FileKind.FOREIGN:
        return DatabaseError(
            f"{path} is not a MentorDesk database ({state.detail}); it was left untouched. "
            "Choose a MentorDesk file, or a new file name to start a new programme."
        )
    if state.kind is FileKind.CORRUPT:
        return DatabaseError(
            f"{path} is damaged and cannot be opened ({state.detail}); it was left untouched. "
            "Restore it from a backup (File → Restore) or open another file."
        )
    if state.kind is FileKind.NEWER:
        return DatabaseError(
            f"{path} was written by a newer version of MentorDesk (schema {state.revision}); "
            "it was left untouched. Install the newer MentorDesk to open it."
        )
    return None


def _make_engine(path: Path, *, writable: bool, key: FileKey | None = None) -> Engine:
    if writable:
        database, query = str(path), {}
    else:
        database = path.resolve().as_uri()
        query = {**read_only_query(path, key), "uri": "true"}
    if key is None:
        url = URL.create("sqlite", database=database, query=query)
    else:
        # The dialect sends `PRAGMA key` first on each connection: the raw key, quoted.
        url = URL.create(
            "sqlite+pysqlcipher", password=key.pragma.strip('"'), database=database, query=query
        )
    # The same pool for both (the SQLCipher dialect would otherwise keep one per thread).
    engine = create_engine(url, poolclass=QueuePool)
    _configure(engine, writable=writable)
    return engine


def _configure(engine: Engine, *, writable: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        # Deleted rows are overwritten, not left readable in free pages.
        cursor.execute("PRAGMA secure_delete=ON")
        if writable:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")


def _memory_copy(engine: Engine, key: FileKey | None) -> Engine:
    """An engine on a copy in memory of the file `engine` reads, made without writing
    anything anywhere: SQLite's backup API for a plain file; for an encrypted one,
    SQLCipher's export (its backup API refuses encrypted files) into an unencrypted copy
    that lives only in this process's memory."""
    if key is None:
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        raw = engine.raw_connection()
        try:
            source = raw.driver_connection
            assert source is not None
            source.backup(copy)
        finally:
            raw.close()
        module: Any = sqlite3
    else:
        import sqlcipher3

        module = sqlcipher3.dbapi2
        copy = module.connect(":memory:", check_same_thread=False)
        query = "&".join(f"{k}={v}" for k, v in engine.url.query.items() if k != "uri")
        uri = f"{engine.url.database}?{query}" if query else str(engine.url.database)
        copy.execute("ATTACH DATABASE ? AS source KEY ?", (uri, key.pragma.strip('"')))
        copy.execute("SELECT sqlcipher_export('main', 'source')")
        copy.execute("DETACH DATABASE source")
    memory = create_engine("sqlite://", module=module, creator=lambda: copy, poolclass=StaticPool)
    _configure(memory, writable=False)
    return memory


class Database:
    """An open database file. Use `transaction()` for each unit of work."""

    def __init__(
        self, path: Path, engine: Engine, lock: WriterLock | None, key: FileKey | None = None
    ) -> None:
        self.path = path
        self.engine = engine
        self.lock = lock
        self.key = key
        # Why this file was opened for reading only though writing was asked for (the
        # window opens a read-only file that way), as the end of a sentence.
        self.read_only_reason: str | None = None
        self._sessions = self._sessionmaker(engine)

    @staticmethod
    def _sessionmaker(engine: Engine) -> sessionmaker[Session]:
        from mentordesk.store import audit_trail

        sessions = sessionmaker(engine, expire_on_commit=False)
        # Every change through any session of this file goes into the history.
        audit_trail.install(sessions)
        return sessions

    @property
    def writable(self) -> bool:
        return self.lock is not None

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    @classmethod
    def open(
        cls,
        path: Path | None = None,
        *,
        write: bool = True,
        passphrase: str | None = None,
        read_if_unwritable: bool = False,
        inspected: Inspection | None = None,
    ) -> Database:
        """Open (creating if needed) for writing, or for reading without the writer lock.
        With a passphrase, the file is (or a new one becomes) encrypted.
        `read_if_unwritable` opens a file that can't be written for reading instead of
        refusing it (its `read_only_reason` says why). `inspected`: the plain file's
        inspection made ahead, used only if the file is unchanged since."""
        path = Path(path) if path is not None else default_db_path()
        key = key_for_file(path, passphrase) if passphrase is not None else None
        return cls.open_with_key(
            path, key, write=write, read_if_unwritable=read_if_unwritable, inspected=inspected
        )

    @classmethod
    def open_with_key(
        cls,
        path: Path,
        key: FileKey | None,
        *,
        write: bool = True,
        read_if_unwritable: bool = False,
        inspected: Inspection | None = None,
    ) -> Database:
        """As `open`, with the key already stretched (None: a plain file)."""
        if not write:
            return cls._open_read_only(path, key)
        if path.exists() and path.is_dir():
            raise DatabaseError(f"{path} is a folder; give the path of a database file.")
        problem = write_problem(path)
        if problem is not None:
            if read_if_unwritable and path.exists():
                db = cls._open_read_only(path, key)
                db.read_only_reason = problem
                return db
            raise cannot_change(path, problem)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the folder for {path}: {exc.strerror}.") from exc
        lock = WriterLock(path)
        lock.acquire()
        try:
            # Checked under the lock: an inspection made ahead counts only if the file is
            # the same file, unchanged since.
            if inspected is not None and key is None and inspected.still_holds(path):
                state = inspected.state
            else:
                state = inspect_file(path, key)
            refusal = _refusal(path, state)
            if refusal is not None:
                raise refusal
            if state.kind is FileKind.MENTORDESK and state.revision != head_revision():
                backup.make_backup(path, reason=f"before-upgrade-from-{state.revision}", key=key)
            engine = _make_engine(path, writable=True, key=key)
            db = cls(path, engine, lock, key)
            if state.kind is not FileKind.MENTORDESK or state.revision != head_revision():
                db._migrate()
            db._seed()
            db._daily_backup()
            return db
        except SQLAlchemyOperationalError as exc:
            lock.release()
            # Permissions the check above could not see (a folder on some file systems).
            if is_read_only_failure(exc.orig):
                raise cannot_change(path, write_problem(path) or "it is read-only") from None
            raise
        except BaseException:
            lock.release()
            raise

    @classmethod
    def _open_read_only(cls, path: Path, key: FileKey | None) -> Database:
        state = inspect_file(path, key)
        if state.kind in (FileKind.NEW, FileKind.EMPTY_SQLITE):
            raise DatabaseError(
                f"{path} does not exist yet. Run 'mentordesk demo' or open the window to create it."
            )
        refusal = _refusal(path, state)
        if refusal is not None:
            raise refusal
        if state.revision != head_revision():
            # An older file must be upgraded first, which needs the writer.
            problem = write_problem(path)
            if problem is not None:
                raise ReadOnlyFile(
                    f"{path} was made by an older MentorDesk and must be upgraded before "
                    f"it can be read, but {problem}; copy it to a folder you can write to "
                    "and open the copy."
                )
            cls.open_with_key(path, key, write=True).close()
        return cls(path, _make_engine(path, writable=False, key=key), None, key)

    def _migrate(self) -> None:
        from mentordesk.store.migrate import upgrade

        with self.engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            upgrade(conn)

    def _seed(self) -> None:
        with self.transaction(action="create programme file") as session:
            if session.scalar(select(func.count()).select_from(Programme)) == 0:
                session.add(Programme(name="Mentoring programme", settings={}))

    def _daily_backup(self) -> None:
        with self.reading() as session:
            has_people = session.scalar(select(Participant.id).limit(1)) is not None
        if not has_people:
            return
        age = backup.latest_backup_age(self.path)
        if age is None or age > DAILY_BACKUP_AFTER:
            backup.make_backup(self.path, reason="daily", key=self.key)

    @contextmanager
    def transaction(self, action: str | None = None) -> Iterator[Session]:
        """One unit of work: commits at the end, rolls everything back on any error.
        `action` names it in the history (default: the function that opened it)."""
        self.refuse_if_read_only()
        from mentordesk.store.audit_trail import caller_action

        try:
            with self._sessions() as session, session.begin():
                session.info["action"] = action or caller_action()
                yield session
        except SQLAlchemyOperationalError as exc:
            # The file or its folder was made read-only while it was open.
            if is_read_only_failure(exc.orig):
                problem = write_problem(self.path) or "it is read-only"
                raise cannot_change(self.path, problem) from None
            raise
        self._checkpoint()

    def _checkpoint(self) -> None:
        """Copy what was just committed from the write-ahead log into the file itself.

        A coordinator may copy the programme file to a stick while the window is open;
        without this the copy would lack every change still in the `-wal` beside it (up to
        SQLite's automatic checkpoint at 4 MB). PASSIVE never waits for a reader: what a
        reader still holds goes in after the next change, or when the file is closed."""
        try:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except SQLAlchemyOperationalError:
            pass  # busy or locked: the change is safe in the log, checkpointed later

    def refuse_if_read_only(self) -> None:
        """Refuse a change, saying why, when this file is open for reading only."""
        if self.read_only_reason is not None:
            raise open_read_only(self.path, self.read_only_reason)
        if not self.writable:
            raise DatabaseError(f"{self.path} is open for reading only.")

    def vacuum(self) -> None:
        """Rebuild the file so no deleted content remains in it or in its write-ahead log
        (after an erasure)."""
        self.refuse_if_read_only()
        self.engine.dispose()
        raw = self.engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            raw.close()
        self.engine.dispose()

    @contextmanager
    def rehearsal(self, action: str | None = None) -> Iterator[Session]:
        """A unit of work that is never kept (a dry run): rolled back at the end. On a
        file open for reading only, where SQLite refuses even a write it would roll back,
        it runs on a copy in memory that goes with it."""
        from mentordesk.store.audit_trail import caller_action

        memory = None if self.writable else _memory_copy(self.engine, self.key)
        sessions = self._sessions if memory is None else self._sessionmaker(memory)
        try:
            with sessions() as session:
                session.info["action"] = action or caller_action()
                session.begin()
                try:
                    yield session
                finally:
                    session.rollback()
        finally:
            if memory is not None:
                memory.dispose()

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with self._sessions() as session:
            try:
                yield session
            finally:
                session.rollback()

    def reconnect(self) -> None:
        """Connect again after the file was replaced under this process's lock (a restore):
        migrate if the file is from an older version, seed if it lacks a programme."""
        self.engine.dispose()
        state = inspect_file(self.path, self.key)
        refusal = _refusal(self.path, state)
        if refusal is not None:
            raise refusal
        self.engine = _make_engine(self.path, writable=self.writable, key=self.key)
        self._sessions = self._sessionmaker(self.engine)
        if self.writable:
            if state.kind is not FileKind.MENTORDESK or state.revision != head_revision():
                self._migrate()
            self._seed()

    def backup(self, out: Path | None = None, reason: str = "manual") -> Path:
        if out is not None:
            return backup.copy_database(self.path, Path(out), self.key)
        return backup.make_backup(self.path, reason=reason, key=self.key)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def current_programme(session: Session) -> Programme:
    """The programme of this database (the first one: one programme per file)."""
    programme = session.scalars(select(Programme).order_by(Programme.id).limit(1)).first()
    if programme is None:
        raise DatabaseError("This database has no programme; reopen it to repair it.")
    return programme


def open_engine(path: Path, key: FileKey | None) -> Engine:
    """An engine on another file of this programme (a backup being rewritten): same
    pragmas and key, no lock, no history."""
    return _make_engine(path, writable=True, key=key)


def programme_value(session: Session, column: InstrumentedAttribute[T]) -> T | None:
    """One column of the current programme (say its settings), without loading the row."""
    return session.scalar(select(column).order_by(Programme.id).limit(1))


def current_programme_id(session: Session) -> int:
    return current_programme(session).id
