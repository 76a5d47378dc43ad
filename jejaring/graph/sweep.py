"""Shortest-path sweeps: the native kernel on every core, or igraph when it is missing.

Each source gets one Brandes sweep (a breadth-first search, Dijkstra when weighted) that
yields at once its dependencies (betweenness) and its distances to every actor (closeness,
harmonic closeness, mean distance). The C kernel (``jejaring/graph/_sweep.c``, built by
``pip install`` when a C compiler is present) releases Python's global lock, so one Python
thread per core runs it; without it, or with the environment variable
``JEJARING_NATIVE=0``, the same quantities come from igraph and scipy, one core, slower.

Work is split into fixed *units* (a batch of sources with its own sums), whatever the number
of threads, and the units' sums are added in a fixed order: the result does not depend on
how many threads ran them. Exact unweighted sums can also be made in igraph's own order of
floating-point operations (:func:`exact_in_igraph_order`), so that the output is the same to
the last digit with or without the kernel.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from jejaring.graph.view import GraphView

__all__ = [
    "SweepSums",
    "native_available",
    "new_sums",
    "run_sweeps",
    "run_tasks",
    "sweep_into",
    "thread_count",
]

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
            # by source, then by neighbour: igraph's adjacency order (see
            # exact_in_igraph_order)
            order = np.lexsort((b, a))
            ptr = np.zeros(n + 1, dtype=np.int64)
            np.cumsum(np.bincount(a, minlength=n), out=ptr[1:])
            idx = np.ascontiguousarray(b[order], dtype=np.int32)
            ln = None if length is None else np.ascontiguousarray(length[order])
            return ptr, idx, ln

        out = csr(s, d)
        inn = out if not view.directed else csr(d, s)
        return out + inn

    return view.cached("sweep_arrays", make)


def new_sums(n: int, ndist: int) -> SweepSums:
    """Zeroed sums for ``n`` actors and ``ndist`` distance sources."""
    return SweepSums(
        np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(ndist), np.zeros(ndist)
    )


def sweep_into(
    view: GraphView,
    sums: SweepSums,
    sources: np.ndarray,
    ndist: int,
    *,
    linear: bool = False,
    reverse: bool = False,
) -> None:
    """Add the sweeps from ``sources`` to ``sums`` (distances from the first ``ndist``;
    ``sums.tot`` and ``sums.reach`` are overwritten, one entry per such source). Releases
    the global lock while it runs.

    ``linear``: each pair's share of betweenness is scaled by how far along its path the
    actor lies, ``d(s, v) / d(s, t)`` (Geisberger, Sanders & Schultes 2008). ``reverse``:
    search the arcs backwards (paths ending at the sources).
    """
    n = view.n
    optr, oidx, olen, iptr, iidx, ilen = _arrays(view)
    if reverse:
        optr, oidx, olen, iptr, iidx, ilen = iptr, iidx, ilen, optr, oidx, olen
    src = np.ascontiguousarray(sources, dtype=np.int32)
    dist = (sums.sum_d, sums.count, sums.inv) if ndist else (None, None, None)
    _native.sweep(
        n, optr, oidx, olen, iptr, iidx, ilen, src, ndist,
        sums.bet, *dist, sums.tot, sums.reach, linear,
    )  # fmt: skip


def run_tasks(
    view: GraphView,
    tasks: list[Callable[[], None]],
    *,
    threads: int | None = None,
    progress: Progress | None = None,
) -> None:
    """Run ``tasks`` (calls of :func:`sweep_into`, each writing its own sums) on
    ``threads`` threads (default: one per CPU)."""
    if _native is None:
        raise RuntimeError("the native kernel is not built")
    threads = thread_count() if threads is None else max(1, int(threads))
    _arrays(view)  # built once, before the threads share it
    if threads == 1 or len(tasks) == 1:
        for done, task in enumerate(tasks, start=1):
            task()
            if progress is not None:
                progress("shortest paths", done, len(tasks))
        return
    with ThreadPoolExecutor(max_workers=min(threads, len(tasks))) as pool:
        futures = [pool.submit(task) for task in tasks]
        for done, f in enumerate(futures, start=1):
            f.result()
            if progress is not None:
                progress("shortest paths", done, len(tasks))


def run_sweeps(
    view: GraphView,
    units: list[tuple[np.ndarray, int]],
    *,
    threads: int | None = None,
    progress: Progress | None = None,
    linear: bool = False,
    reverse: bool = False,
) -> list[SweepSums]:
    """Sweep every unit ``(sources, ndist)`` into its own new sums, on ``threads`` threads
    (default: one per CPU); see :func:`sweep_into`. Call only when :func:`native_available`.
    """
    results = [new_sums(view.n, nd) for _, nd in units]

    def task(i: int) -> Callable[[], None]:
        src, nd = units[i]
        return lambda: sweep_into(view, results[i], src, nd, linear=linear, reverse=reverse)

    run_tasks(view, [task(i) for i in range(len(units))], threads=threads, progress=progress)
    return results


def exact_in_igraph_order(
    view: GraphView,
    *,
    parts: int = 1,
    threads: int | None = None,
    progress: Progress | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Exact unweighted sums with igraph's order of floating-point operations, so that the
    values equal igraph's to the last bit: raw betweenness (undirected not yet halved), per
    actor the sum of distances to it, the number of actors reaching it (itself excluded)
    and the sum of reciprocal distances to it (added one by one in increasing distance, as
    igraph's harmonic centrality does).

    Betweenness is summed as igraph's betweenness of each of ``parts`` interleaved sets of
    sources (``i, i + parts, …``; each source's dependencies added in turn), the parts then
    added in order. Each part is one task on one of ``threads`` threads. Call only when
    :func:`native_available`.
    """
    if _native is None:
        raise RuntimeError("the native kernel is not built")
    n = view.n
    optr, oidx, _, iptr, iidx, _ = _arrays(view)
    depth = 32
    while True:
        sums = [new_sums(n, 0) for _ in range(parts)]
        hists = [np.zeros(n * depth, dtype=np.int32) for _ in range(parts)]
        deepest = [0] * parts

        def task(i: int, s: SweepSums, hist: np.ndarray, depth: int, out: list) -> Callable:
            def run() -> None:
                src = np.arange(i, n, parts, dtype=np.int32)
                out[i] = _native.sweep_rows(
                    n, optr, oidx, iptr, iidx, src, s.bet, s.sum_d, s.count, hist, depth
                )

            return run

        tasks = [task(i, sums[i], hists[i], depth, deepest) for i in range(parts)]
        run_tasks(view, tasks, threads=threads, progress=progress)
        if max(deepest, default=0) < depth:
            break
        depth = max(deepest) + 1  # a distance did not fit: once more, deep enough
    bet = sum((s.bet for s in sums), np.zeros(n))
    sum_d = sum((s.sum_d for s in sums), np.zeros(n))  # whole numbers: exact in any order
    count = sum((s.count for s in sums), np.zeros(n))
    hist = sum((h.astype(np.int64) for h in hists), np.zeros(n * depth, dtype=np.int64))
    harm = np.zeros(n)
    _native.harmonic_fold(hist, n, depth, harm)
    return bet, sum_d, count, harm
