"""Encryption at rest with SQLCipher: keys, connections and whole-file conversions.

A programme file with a passphrase is a standard SQLCipher 4 file: `PRAGMA key='…'` in any
SQLCipher tool opens it. The passphrase is stretched once per open (PBKDF2-HMAC-SHA512,
SQLCipher 4's own parameters, with the salt SQLCipher keeps in the file's first 16 bytes),
and every connection then gives SQLCipher that raw key: a new connection costs no key
stretching, so pooling and backups stay as fast as on a plain file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentordesk.errors import DatabaseError
from mentordesk.store.access import is_read_only_failure, write_problem
from mentordesk.store.file_stamp import SQLITE_HEADER

SALT_BYTES = 16
# SQLCipher 4 defaults: a file keyed here opens with `PRAGMA key` in the sqlcipher tool.
KDF_ITERATIONS = 256_000
KEY_BYTES = 32


@dataclass(frozen=True)
class FileKey:
    """The stretched key of one file (with its salt). Never written anywhere."""

    raw: bytes = field(repr=False)
    salt: bytes = field(repr=False)

    @property
    def pragma(self) -> str:
        """The value for `PRAGMA key = …`: a raw key with its salt, no stretching."""
        return f"\"x'{self.raw.hex()}{self.salt.hex()}'\""


def derive_key(passphrase: str, salt: bytes) -> FileKey:
    raw = hashlib.pbkdf2_hmac(
        "sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, dklen=KEY_BYTES
    )
    return FileKey(raw, salt)


def new_key(passphrase: str) -> FileKey:
    """A key with a fresh random salt, for a file about to be written."""
    return derive_key(passphrase, os.urandom(SALT_BYTES))


def file_header(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return b""


def is_encrypted(path: Path) -> bool:
    """True for a file that is not plain SQLite: an encrypted one (or not a database at
    all, which only the passphrase can tell apart)."""
    header = file_header(path)
    return len(header) == len(SQLITE_HEADER) and header != SQLITE_HEADER


def key_for_file(path: Path, passphrase: str) -> FileKey:
    """The key of an existing encrypted file, or a new one for a file not yet written."""
    if is_encrypted(path):
        return derive_key(passphrase, file_header(path)[:SALT_BYTES])
    return new_key(passphrase)


def _cipher_module() -> Any:
    try:
        import sqlcipher3
    except ImportError as exc:  # a broken install; the message says what to do
        raise DatabaseError(
            "This MentorDesk cannot open files protected with a passphrase (its SQLCipher "
            "part is missing); reinstall MentorDesk."
        ) from exc
    return sqlcipher3


def dbapi_errors() -> tuple[type[Exception], ...]:
    """The driver errors of both plain and encrypted connections."""
    try:
        import sqlcipher3
    except ImportError:
        return (sqlite3.DatabaseError,)
    return (sqlite3.DatabaseError, sqlcipher3.DatabaseError)


def apply_key(conn: Any, key: FileKey) -> None:
    """Key a fresh SQLCipher connection; before anything else touches the file."""
    # SQLCipher otherwise writes its own error lines to stderr on a wrong key.
    conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
    conn.execute(f"PRAGMA key = {key.pragma}")


def _raw_connect(target: str | Path, key: FileKey | None, *, uri: bool) -> Any:
    if key is None:
        return sqlite3.connect(target, uri=uri)
    conn = _cipher_module().connect(str(target), uri=uri)
    apply_key(conn, key)
    return conn


def read_only_query(path: Path, key: FileKey | None) -> dict[str, str]:
    """The URI parameters that read `path` without writing anything, not even beside it.

    `mode=ro` for a file that can be written (another MentorDesk may be writing it). A
    file that can't be written is read as `immutable` (no locks, no shared-memory file):
    SQLite would otherwise leave its log and shared-memory files beside it, or fail to
    make them in a read-only folder; and no one without the rights we lack can change it
    while it is read. A log holding changes not yet in the file is read with `mode=ro`
    where SQLite can, and refused where it can't, never silently ignored.
    """
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    if write_problem(path) is not None and not pending:
        return {"mode": "ro", "immutable": "1"}
    query = {"mode": "ro"}
    uri = f"{Path(path).resolve().as_uri()}?mode=ro"
    try:
        conn = _raw_connect(uri, key, uri=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except dbapi_errors() as exc:
        if not is_read_only_failure(exc):
            return query  # not about writing: the caller meets the error itself
        if pending:
            raise DatabaseError(
                f"{path} holds changes not yet saved into it (in {wal.name}) that cannot "
                "be read where it is; open it once where it can be written, then try again."
            ) from None
        query["immutable"] = "1"
    return query


def connect(path: Path, key: FileKey | None, *, read_only: bool = False) -> Any:
    """A DB-API connection to `path`: the standard sqlite3 module for a plain file,
    SQLCipher keyed with `key` for an encrypted one. `read_only` writes nothing, not
    even beside the file."""
    if not read_only:
        return _raw_connect(path, key, uri=False)
    query = "&".join(f"{k}={v}" for k, v in read_only_query(path, key).items())
    return _raw_connect(f"{Path(path).resolve().as_uri()}?{query}", key, uri=True)


def check_key(path: Path, key: FileKey) -> bool:
    """Whether `key` opens the encrypted file at `path` (read-only; nothing is written)."""
    try:
        conn = connect(path, key, read_only=True)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        finally:
            conn.close()
    except dbapi_errors():
        return False
    return True


def export_file(
    source: Path, source_key: FileKey | None, target: Path, target_key: FileKey | None
) -> None:
    """Write the whole content of `source` into the new file `target` with another key
    (None: plain). Used to protect, change or remove a passphrase."""
    cipher = _cipher_module()
    target.unlink(missing_ok=True)
    conn = cipher.connect(str(source))
    conn.isolation_level = None
    try:
        if source_key is not None:
            apply_key(conn, source_key)
        else:
            conn.execute("PRAGMA cipher_log_level = NONE").fetchall()
        attach_key = target_key.pragma if target_key is not None else "''"
        conn.execute(f"ATTACH DATABASE ? AS converted KEY {attach_key}", (str(target),))
        # A new file that takes the old one's place only when whole: no journal, no sync
        # per table (synced once below), which makes this hundreds of times faster.
        conn.execute("PRAGMA converted.synchronous = OFF")
        conn.execute("PRAGMA converted.journal_mode = OFF").fetchall()
        conn.execute("SELECT sqlcipher_export('converted')").fetchall()
        # sqlcipher_export copies schema and rows, not the header fields.
        app_id = conn.execute("PRAGMA main.application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute(f"PRAGMA converted.application_id = {int(app_id)}")
        conn.execute(f"PRAGMA converted.user_version = {int(user_version)}")
        conn.execute("DETACH DATABASE converted")
    finally:
        conn.close()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def overwrite_and_remove(path: Path) -> None:
    """Overwrite a file's bytes with zeros before removing it, so a plain copy does not
    linger in the free space (as far as the file system lets a program reach)."""
    with contextlib.suppress(OSError):
        size = path.stat().st_size
        with open(path, "r+b") as handle:
            for _ in range(0, size, 1 << 20):
                handle.write(b"\0" * min(1 << 20, size - handle.tell()))
            handle.flush()
            os.fsync(handle.fileno())
    path.unlink(missing_ok=True)


def replace_file(new: Path, path: Path) -> None:
    """Put `new` in place of `path` in one atomic step, then wipe what `path` held (a
    second name keeps the old bytes reachable until they are overwritten)."""
    old = path.with_name(path.name + ".old")
    old.unlink(missing_ok=True)
    linked = False
    if path.exists():
        try:
            os.link(path, old)
            linked = True
        except OSError:
            linked = False
    os.replace(new, path)
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    if linked:
        overwrite_and_remove(old)


def passphrase_matches(key: FileKey, passphrase: str) -> bool:
    """Whether `passphrase` is the one `key` was made from (to unlock an idle window
    without touching the file)."""
    import hmac

    return hmac.compare_digest(derive_key(passphrase, key.salt).raw, key.raw)
