"""Pause the cyclic garbage collector while work builds many short-lived objects.

The dashboard and an import make tens of thousands of rows and flags, none of them in
reference cycles; their allocation alone triggers full collections that walk every object
of the program (a quarter of the dashboard's or an import's time on a large programme).
Reference counting still frees everything as usual; the collector resumes as soon as the
work is done, even on error.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
