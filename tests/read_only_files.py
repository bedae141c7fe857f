"""Files and folders that can't be written, for tests, also when the tests run as root.

Root ignores file permissions, and CI may well run as root (in a container). As root, the
block under test runs without the capabilities that override permissions
(CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH): the kernel then checks every permission bit as it
does for a coordinator's own account. As anyone else, chmod alone does it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

needs_permissions = pytest.mark.skipif(
    sys.platform != "linux", reason="read-only files and folders are tested on Linux"
)

_CAP_VERSION_3 = 0x20080522
_OVERRIDES = (1 << 1) | (1 << 2)  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def _capabilities() -> ctypes.Array[_Data]:
    data = (_Data * 2)()
    if _libc().capget(ctypes.byref(_Header(_CAP_VERSION_3, 0)), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    return data


def _set_capabilities(data: ctypes.Array[_Data]) -> None:
    if _libc().capset(ctypes.byref(_Header(_CAP_VERSION_3, 0)), data) != 0:
        raise OSError(ctypes.get_errno(), "capset")


@contextmanager
def as_coordinator() -> Iterator[None]:
    """Run the block with ordinary permissions (see the module's docstring). Capabilities
    belong to a thread: the block's file work must happen on this one."""
    if os.geteuid() != 0:
        yield
        return
    saved = _capabilities()
    lowered = (_Data * 2)(*saved)
    lowered[0].effective &= ~_OVERRIDES
    try:
        _set_capabilities(lowered)
    except OSError:
        pytest.skip("running as root, and permission overrides cannot be dropped here")
    try:
        yield
    finally:
        _set_capabilities(saved)


def make_read_only(database: Path, how: str) -> None:
    """`file`: the file is read-only (its folder is not); `folder`: the folder can't be
    written (the file itself could be)."""
    if how == "file":
        database.chmod(0o444)
    else:
        database.chmod(0o666)
        database.parent.chmod(0o555)


def make_writable_again(folder: Path) -> None:
    """So the temporary folders can be removed."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            path.chmod(stat.S_IRWXU)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file in the folder with its size and modification time."""
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}
