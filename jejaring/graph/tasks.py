"""Units of heavy work that run either in this process or in a worker process.

A task reads a :class:`TaskGraph` (plain arrays, so that it can be sent to a worker) and
returns numpy arrays. The same functions run on both sides, so splitting work between
processes cannot change a result: betweenness of a set of sources, closeness of a set of
actors, breadth-first searches from sampled sources, Leiden communities, triangles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from jejaring.graph.view import build_igraph

__all__ = ["TASKS", "TaskGraph", "run_tasks"]


class TaskGraph:
    """The simple graph of a view as arrays, with igraph and scipy forms built on demand.

    Parameters
    ----------
    n : int
    src, dst : numpy.ndarray
        Arcs (directed) or edges (undirected) of the simple graph.
    directed : bool
    distance : numpy.ndarray or None
        Edge lengths for shortest paths (None: every edge has length 1).
    su, sv, sweight : numpy.ndarray, optional
        The undirected skeleton and its edge weights (None when ``directed`` is False: the
        graph is its own skeleton).
    """

    def __init__(
        self,
        n: int,
        src: np.ndarray,
        dst: np.ndarray,
        directed: bool,
        distance: np.ndarray | None = None,
        su: np.ndarray | None = None,
        sv: np.ndarray | None = None,
        sweight: np.ndarray | None = None,
        *,
        view: Any = None,
    ) -> None:
        self.n = int(n)
        self.src = src
        self.dst = dst
        self.directed = bool(directed)
        self.distance = distance
        self.su, self.sv, self.sweight = su, sv, sweight
        self._view = view
        self._graph = None
        self._skeleton = None
        self._csr = None

    @classmethod
    def from_view(cls, view: Any) -> TaskGraph:
        """Share the view's arrays and igraph graphs (no copy)."""
        sweight = None
        if view.weighted:
            sweight = view.mutual if view.directed else view.weight
        return cls(
            view.n,
            view.src,
            view.dst,
            view.directed,
            view.distance,
            view.su if view.directed else None,
            view.sv if view.directed else None,
            sweight,
            view=view,
        )

    def payload(self) -> dict[str, Any]:
        """The arrays to send to a worker (int32 ids when they fit: half the bytes)."""
        small = self.n < 2**31 - 1

        def ids(a: np.ndarray | None) -> np.ndarray | None:
            return None if a is None else (a.astype(np.int32) if small else a)

        return {
            "n": self.n,
            "src": ids(self.src),
            "dst": ids(self.dst),
            "directed": self.directed,
            "distance": self.distance,
            "su": ids(self.su),
            "sv": ids(self.sv),
            "sweight": self.sweight,
        }

    def graph(self):
        """The igraph graph (with a ``distance`` edge attribute when weighted)."""
        if self._graph is None:
            if self._view is not None:
                g = self._view.igraph()
            else:
                g = build_igraph(self.n, self.src, self.dst, directed=self.directed)
            if self.distance is not None and "distance" not in g.edge_attributes():
                g.es["distance"] = self.distance.tolist()
            self._graph = g
        return self._graph

    def skeleton(self):
        """The undirected skeleton as an igraph graph."""
        if not self.directed:
            return self.graph()
        if self._skeleton is None:
            if self._view is not None:
                self._skeleton = self._view.skeleton_igraph()
            else:
                self._skeleton = build_igraph(self.n, self.su, self.sv, directed=False)
        return self._skeleton

    @property
    def weights_name(self) -> str | None:
        return "distance" if self.distance is not None else None

    def csr(self):
        """Out-arcs as a scipy CSR matrix of lengths (both directions when undirected)."""
        if self._csr is None:
            import scipy.sparse as sp

            s = np.asarray(self.src, dtype=np.int64)
            d = np.asarray(self.dst, dtype=np.int64)
            w = self.distance if self.distance is not None else np.ones(len(s))
            if not self.directed:
                s, d, w = np.concatenate([s, d]), np.concatenate([d, s]), np.concatenate([w, w])
            self._csr = sp.csr_matrix((w, (s, d)), shape=(self.n, self.n))
        return self._csr


# --------------------------------------------------------------------------- tasks


def task_betweenness(tg: TaskGraph, batches: list[np.ndarray]) -> list[np.ndarray]:
    """Per batch of sources, igraph's subset betweenness (sum of their dependencies)."""
    g = tg.graph()
    out = []
    for sources in batches:
        if len(sources) == tg.n:
            values = g.betweenness(directed=tg.directed, weights=tg.weights_name)
        else:
            values = g.betweenness(
                directed=tg.directed,
                weights=tg.weights_name,
                sources=np.asarray(sources).tolist(),
            )
        out.append(np.asarray(values, dtype=np.float64))
    return out


def task_closeness(tg: TaskGraph, vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each actor in ``vertices``: 1 / (sum of distances *to* it from actors that reach
    it) (NaN when none does) and the sum of reciprocal distances to it."""
    g = tg.graph()
    mode = "in" if tg.directed else "all"
    vs = np.asarray(vertices).tolist()
    inv_total = g.closeness(vertices=vs, mode=mode, weights=tg.weights_name, normalized=False)
    harmonic = g.harmonic_centrality(
        vertices=vs, mode=mode, weights=tg.weights_name, normalized=False
    )
    return np.asarray(inv_total, dtype=np.float64), np.asarray(harmonic, dtype=np.float64)


def _bfs_depths(csr, source: int) -> np.ndarray:
    """Hop distances from ``source`` (inf when unreachable), by scipy BFS + pointer jumping."""
    from scipy.sparse.csgraph import breadth_first_order

    n = csr.shape[0]
    order, pred = breadth_first_order(csr, source, directed=True, return_predecessors=True)
    k = len(order)
    pos = np.empty(n, dtype=np.int64)
    pos[order] = np.arange(k)
    parent = pred[order]
    jump = np.where(parent >= 0, pos[np.maximum(parent, 0)], np.arange(k))
    depth = (parent >= 0).astype(np.int64)
    # Each round doubles the stretch a node has summed up: log2(eccentricity) rounds.
    while True:
        nxt = jump[jump]
        if np.array_equal(nxt, jump):
            break
        depth = depth + depth[jump]
        jump = nxt
    out = np.full(n, np.inf)
    out[order] = depth
    return out


def task_bfs(tg: TaskGraph, batches: list[np.ndarray]) -> list[dict[str, np.ndarray]]:
    """Distances from each sampled source, summed per batch.

    Per batch: ``sum_d[t]``, ``count[t]`` and ``inv[t]`` (sum of distances, number of
    sources reaching ``t``, sum of 1/distance; the source itself excluded) and per source
    its total distance and number of actors reached.
    """
    csr = tg.csr()
    weighted = tg.distance is not None
    if weighted:
        from scipy.sparse.csgraph import dijkstra
    out = []
    for sources in batches:
        sum_d = np.zeros(tg.n)
        count = np.zeros(tg.n)
        inv = np.zeros(tg.n)
        tot = np.zeros(len(sources))
        reach = np.zeros(len(sources))
        for j, s in enumerate(np.asarray(sources).tolist()):
            d = dijkstra(csr, directed=True, indices=s) if weighted else _bfs_depths(csr, s)
            d[s] = np.inf
            hit = np.isfinite(d)
            sum_d[hit] += d[hit]
            count[hit] += 1.0
            inv[hit] += 1.0 / d[hit]
            tot[j] = d[hit].sum()
            reach[j] = hit.sum()
        out.append({"sum_d": sum_d, "count": count, "inv": inv, "tot": tot, "reach": reach})
    return out


def task_reach(tg: TaskGraph) -> np.ndarray:
    """Number of actors that reach each actor, itself included (one search per actor)."""
    g = tg.graph()
    mode = "in" if tg.directed else "all"
    return np.asarray(g.neighborhood_size(order=max(tg.n, 1), mode=mode), dtype=np.float64)


def task_leiden(tg: TaskGraph, seed: int | None, n_iterations: int) -> np.ndarray:
    """Leiden communities (modularity objective) of the skeleton, with igraph's random
    generator seeded so that the same seed gives the same partition in any process."""
    from jejaring.graph.rng import seeded_igraph

    g = tg.skeleton()
    with seeded_igraph(seed):
        part = g.community_leiden(
            objective_function="modularity",
            weights=None if tg.sweight is None else tg.sweight.tolist(),
            n_iterations=n_iterations,
        )
    return np.asarray(part.membership, dtype=np.int64)


def task_triangles(tg: TaskGraph) -> np.ndarray:
    """Triangles of the skeleton, ``(t, 3)`` int64."""
    g = tg.skeleton()
    if g.ecount() < 3:
        return np.zeros((0, 3), dtype=np.int64)
    return np.array(g.list_triangles(), dtype=np.int64).reshape(-1, 3)


TASKS: dict[str, Callable[..., Any]] = {
    "betweenness": task_betweenness,
    "closeness": task_closeness,
    "bfs": task_bfs,
    "reach": task_reach,
    "leiden": task_leiden,
    "triangles": task_triangles,
}


def run_tasks(tg: TaskGraph, tasks: list[tuple[str, tuple]], progress=None) -> list[Any]:
    """Run ``(name, args)`` tasks in order; ``progress(name)`` after each one."""
    results = []
    for name, args in tasks:
        results.append(TASKS[name](tg, *args))
        if progress is not None:
            progress(name)
    return results
