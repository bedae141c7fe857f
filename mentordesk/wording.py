"""Small pieces of English shared by the window, the command line and the documents."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 pair', '2 pairs', '3 people' (with `many`), the count written with separators."""
    noun = one if count == 1 else (many if many is not None else f"{one}s")
    return f"{count:,} {noun}"
