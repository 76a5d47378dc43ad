"""Shortest-path sums from igraph and scipy: the fallback when the native kernel
(:mod:`jejaring.graph.sweep`) is not built, or is switched off with ``JEJARING_NATIVE=0``.

Same quantities as the kernel's sweeps, within rounding: betweenness of a set of sources,
closeness of a set of actors, distances from sampled sources. One core, several times
slower.
"""

from __future__ import annotations

import numpy as np

from jejaring.graph.view import GraphView

__all__ = ["betweenness_sum", "closeness_sums", "distance_sums", "reach_counts"]


def _graph(view: GraphView):
    """igraph graph of the view, with a ``distance`` edge attribute when weighted."""
    g = view.igraph()
    if view.weighted and "distance" not in g.edge_attributes():
        g.es["distance"] = view.distance.tolist()
    return g


def _weights(view: GraphView) -> str | None:
    return "distance" if view.weighted else None


def betweenness_sum(view: GraphView, sources: np.ndarray) -> np.ndarray:
    """igraph's betweenness restricted to ``sources`` (the sum of their dependencies)."""
    g = _graph(view)
    if len(sources) == view.n:
        values = g.betweenness(directed=view.directed, weights=_weights(view))
    else:
        values = g.betweenness(
            directed=view.directed, weights=_weights(view), sources=np.asarray(sources).tolist()
        )
    return np.asarray(values, dtype=np.float64)


def closeness_sums(view: GraphView, vertices: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each actor in ``vertices``: 1 / (sum of distances *to* it from actors that reach
    it) (NaN when none does) and the sum of reciprocal distances to it."""
    g = _graph(view)
    mode = "in" if view.directed else "all"
    vs = np.asarray(vertices).tolist()
    inv_total = g.closeness(vertices=vs, mode=mode, weights=_weights(view), normalized=False)
    harmonic = g.harmonic_centrality(
        vertices=vs, mode=mode, weights=_weights(view), normalized=False
    )
    return np.asarray(inv_total, dtype=np.float64), np.asarray(harmonic, dtype=np.float64)


def _csr(view: GraphView):
    """Out-arcs as a scipy CSR matrix of lengths (both directions when undirected)."""

    def make():
        import scipy.sparse as sp

        s, d, _ = view.arcs()
        w = view.distance if view.weighted else np.ones(len(view.src))
        if not view.directed:
            w = np.concatenate([w, w])
        return sp.csr_matrix((w, (s, d)), shape=(view.n, view.n))

    return view.cached("length_csr", make)


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


def distance_sums(view: GraphView, sources: np.ndarray) -> dict[str, np.ndarray]:
    """Distances from each of ``sources``, summed: per actor ``sum_d``, ``count`` and
    ``inv`` (sum of distances, number of sources reaching it, sum of 1/distance; a source
    itself excluded) and per source ``tot`` (its total distance) and ``reach``."""
    csr = _csr(view)
    if view.weighted:
        from scipy.sparse.csgraph import dijkstra
    n = view.n
    sum_d, count, inv = np.zeros(n), np.zeros(n), np.zeros(n)
    tot, reach = np.zeros(len(sources)), np.zeros(len(sources))
    for j, s in enumerate(np.asarray(sources).tolist()):
        d = dijkstra(csr, directed=True, indices=s) if view.weighted else _bfs_depths(csr, s)
        d[s] = np.inf
        hit = np.isfinite(d)
        sum_d[hit] += d[hit]
        count[hit] += 1.0
        inv[hit] += 1.0 / d[hit]
        tot[j] = d[hit].sum()
        reach[j] = hit.sum()
    return {"sum_d": sum_d, "count": count, "inv": inv, "tot": tot, "reach": reach}


def reach_counts(view: GraphView) -> np.ndarray:
    """Number of actors that reach each actor, itself included (one search per actor)."""
    g = view.igraph()
    mode = "in" if view.directed else "all"
    return np.asarray(g.neighborhood_size(order=max(view.n, 1), mode=mode), dtype=np.float64)
