"""Giving freed memory back to the operating system.

At a million actors the engine frees gigabytes of arrays and Python objects between its
steps. glibc keeps much of that memory in its heap for reuse (freed small blocks below the
top of the heap, and arenas of other threads), where it still counts as the process's
memory, and a child forked afterwards starts with those pages mapped too. :func:`trim`
asks glibc to hand every free page back (``malloc_trim(0)``). Elsewhere (musl, macOS,
Windows) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

__all__ = ["trim"]


@cache
def _malloc_trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        fn = libc.malloc_trim  # glibc only
    except (OSError, AttributeError):
        return None
    fn.argtypes = [ctypes.c_size_t]
    fn.restype = ctypes.c_int
    return fn


def trim() -> bool:
    """Return the heap's free memory to the system; True when some was returned.

    >>> isinstance(trim(), bool)
    True
    """
    fn = _malloc_trim()
    return bool(fn(0)) if fn is not None else False
