"""Shortest-path sweeps: the native kernel on every core, or igraph when it is missing.

Each source gets one Brandes sweep (a breadth-first search, Dijkstra when weighted) that
yields at once its dependencies (betweenness) and its distances to every actor (closeness,
harmonic closeness, mean distance). The C kernel (``jejaring/graph/_sweep.c``, built by
``pip install`` when a C compiler is present) releases Python's global lock, so one Python
thread per core runs it; without it, or with the environment variable
``JEJARING_NATIVE=0``, the same quantities come from igraph and scipy, one core, slower.

Work is split into fixed *units* (a batch of sources with its own sums), whatever the number
of threads, and the units' sums are added in a fixed order: the result does not depend on
how many threads ran them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from jejaring.graph.view import GraphView

__all__ = ["SweepSums", "native_available", "run_sweeps", "thread_count"]

Progress = Callable[[str, int, int], None]

try:  # the optional native kernel
    from jejaring.graph import _sweep as _native
except ImportError:  # pragma: no cover - depends on the build
    _native = None


def native_available() -> bool:
    """Whether the native kernel is built and not switched off (``JEJARING_NATIVE=0``)."""
    return _native is not None and os.environ.get("JEJARING_NATIVE", "1") != "0"


def thread_count() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


@dataclass
class SweepSums:
    """What the sweeps from one unit of sources add up.

    ``bet``: dependencies summed over the sources (NetworkX raw betweenness counts each
    undirected pair twice here; the caller halves it). For the first ``ndist`` sources only:
    per actor ``sum_d`` (distances from them to it), ``count`` (how many of them reach it)
    and ``inv`` (reciprocal distances); per source ``tot`` (its total distance) and
    ``reach`` (actors it reaches, itself excluded).
    """

    bet: np.ndarray
    sum_d: np.ndarray
    count: np.ndarray
    inv: np.ndarray
    tot: np.ndarray
    reach: np.ndarray


def _arrays(view: GraphView) -> tuple:
    """Out-arcs and in-arcs as CSR arrays (int64 offsets, int32 ids, float64 lengths)."""

    def make():
        s, d, _ = view.arcs()
        n = view.n
        length = view.distance
        if length is not None and not view.directed:
            length = np.concatenate([length, length])

        def csr(a, b):
            order = np.argsort(a, kind="stable")
            ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(a, minlength=n), out=ptr[1:])
            idx = np.ascontiguousarray(b[order], dtype=np.int32)
            ln = None if length is None else np.ascontiguousarray(length[order])
            return ptr, idx, ln

        out = csr(s, d)
        inn = out if not view.directed else csr(d, s)
        return out + inn

    return view.cached("sweep_arrays", make)


def _native_unit(
    view: GraphView, sources: np.ndarray, ndist: int, linear: bool, reverse: bool
) -> SweepSums:
    n = view.n
    optr, oidx, olen, iptr, iidx, ilen = _arrays(view)
    if reverse:  # searches along arcs backwards: paths *to* the sources
        optr, oidx, olen, iptr, iidx, ilen = iptr, iidx, ilen, optr, oidx, olen
    sums = SweepSums(
        np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(ndist), np.zeros(ndist)
    )
    src = np.ascontiguousarray(sources, dtype=np.int32)
    _native.sweep(
        n, optr, oidx, olen, iptr, iidx, ilen, src, ndist,
        sums.bet, sums.sum_d, sums.count, sums.inv, sums.tot, sums.reach, linear,
    )  # fmt: skip
    return sums


def run_sweeps(
    view: GraphView,
    units: list[tuple[np.ndarray, int]],
    *,
    threads: int | None = None,
    progress: Progress | None = None,
    linear: bool = False,
    reverse: bool = False,
) -> list[SweepSums]:
    """Sweep every unit ``(sources, ndist)`` with the native kernel on ``threads`` threads
    (default: one per CPU). Call only when :func:`native_available`.

    ``linear``: each pair's share of betweenness is scaled by how far along its path the
    actor lies, ``d(s, v) / d(s, t)`` (Geisberger, Sanders & Schultes 2008). ``reverse``:
    search the arcs backwards (paths ending at the sources).
    """
    if _native is None:
        raise RuntimeError("the native kernel is not built")
    threads = thread_count() if threads is None else max(1, int(threads))
    _arrays(view)  # built once, before the threads share it
    results: list[SweepSums | None] = [None] * len(units)

    def one(i: int) -> None:
        results[i] = _native_unit(view, *units[i], linear, reverse)

    if threads == 1 or len(units) == 1:
        for done, i in enumerate(range(len(units)), start=1):
            one(i)
            if progress is not None:
                progress("shortest paths", done, len(units))
    else:
        with ThreadPoolExecutor(max_workers=min(threads, len(units))) as pool:
            futures = [pool.submit(one, i) for i in range(len(units))]
            for done, f in enumerate(futures, start=1):
                f.result()
                if progress is not None:
                    progress("shortest paths", done, len(units))
    return [r for r in results if r is not None]
