"""Pausing Python's cyclic garbage collector around bulk work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["paused_gc"]


@contextlib.contextmanager
def paused_gc(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building millions of small containers.

    None of them form cycles, but each allocation burst triggers a collection that scans
    every live object: at a million actors (or a 100,000-tie import, which keeps what it
    reads) that multiplies the building time.

    ``freeze``: also move every object alive now (the imported modules, for a command that
    has done its imports) out of the collector's sight until the block ends, so that a
    collection run inside the block (an explicit ``gc.collect()``) does not scan them
    either, and a process forked inside it does not copy their pages by touching them.
    """
    enabled = gc.isenabled()
    gc.disable()
    if freeze:
        gc.freeze()
    try:
        yield
    finally:
        if freeze:
            gc.unfreeze()
        if enabled:
            gc.enable()
