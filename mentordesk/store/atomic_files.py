"""Writing a file so that it is either the old file or the whole new one, never half:
write beside it under a hidden `.NAME.part`, then put it in place in one step."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def part_path(path: Path) -> Path:
    """Where the new content of `path` is written first (hidden, beside it)."""
    return path.with_name(f".{path.name}.part")


def put_in_place(part: Path, path: Path) -> None:
    """Replace `path` with the finished `part` in one step (atomic on every platform)."""
    os.replace(part, path)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield the path to write; when the block ends, it takes `path`'s place. On any error
    the partial file is removed and `path` is left as it was."""
    path = Path(path)
    part = part_path(path)
    part.unlink(missing_ok=True)
    try:
        yield part
        put_in_place(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
