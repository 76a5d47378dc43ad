"""Whole-network measures: density, components, reciprocity, clustering, centralization.

Definitions follow NetworkX on the analysed simple graph (see
:mod:`jejaring.graph.view`). Triangle-based measures (transitivity, clustering) read the
triangles of the undirected skeleton once.

References
----------
.. [1] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge University Press, 1994.
.. [2] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world' networks",
   *Nature* 393:440–442, 1998.
.. [3] G. Fagiolo, "Clustering in complex directed networks", *Physical Review E*
   76:026107, 2007.
.. [4] L. C. Freeman, "Centrality in social networks: conceptual clarification", *Social
   Networks* 1(3):215–239, 1979.
"""

from __future__ import annotations

import numpy as np

from jejaring.graph.network import Network
from jejaring.graph.view import GraphView, as_view

__all__ = [
    "average_clustering",
    "betweenness_centralization",
    "clustering",
    "components",
    "degree_centralization",
    "density",
    "reciprocity",
    "transitivity",
]


def density(obj: Network | GraphView) -> float:
    """Ties present over ties possible: :math:`m / (n(n-1))` directed, twice that undirected.

    >>> density(Network.from_records(None, [{"source": "a", "target": "b", "directed": "no"},
    ...                                     {"source": "b", "target": "c", "directed": "no"}]))
    0.6666666666666666
    """
    v = as_view(obj)
    n = v.n
    if n < 2:
        return 0.0
    possible = n * (n - 1) if v.directed else n * (n - 1) / 2
    return v.m / possible


def components(obj: Network | GraphView) -> tuple[int, int, int]:
    """``(weak, strong, largest)``: numbers of weakly and strongly connected components and
    the size of the largest weak one. Undirected: strong = weak.

    >>> components(Network.from_records(None, [{"source": "a", "target": "b"},
    ...                                         {"source": "c", "target": "d"}]))
    (2, 4, 2)
    """
    v = as_view(obj)
    if v.n == 0:
        return 0, 0, 0
    from jejaring.graph.paths import _components

    memb = _components(v)
    weak = int(memb.max()) + 1
    largest = int(np.bincount(memb).max())
    if not v.directed:
        return weak, weak, largest
    from scipy.sparse.csgraph import connected_components

    strong = connected_components(v.csr(), directed=True, connection="strong")[0]
    return weak, int(strong), largest


def reciprocity(obj: Network | GraphView) -> float:
    """Share of arcs whose reverse arc also exists (NetworkX ``overall_reciprocity``).

    NaN for an undirected analysis (every tie is mutual there). In a directed analysis an
    undirected tie is two arcs, hence reciprocated.

    >>> reciprocity(Network.from_records(None, [{"source": "a", "target": "b"},
    ...                                          {"source": "b", "target": "a"},
    ...                                          {"source": "b", "target": "c"}]))
    0.6666666666666666
    """
    v = as_view(obj)
    if not v.directed:
        return float("nan")
    if v.m == 0:
        return float("nan")
    return float(v.reciprocated().mean())


def _tri_counts(v: GraphView) -> np.ndarray:
    tri = v.triangles()
    return np.bincount(tri.ravel(), minlength=v.n).astype(np.float64)


def _skeleton_degree(v: GraphView) -> np.ndarray:
    return (np.bincount(v.su, minlength=v.n) + np.bincount(v.sv, minlength=v.n)).astype(np.float64)


def transitivity(obj: Network | GraphView) -> float:
    """Share of connected triples that are closed: :math:`3 \\times` triangles / triples.

    Computed on the undirected skeleton (NetworkX defines it for undirected graphs only).

    >>> transitivity(Network.from_records(None, [
    ...     {"source": a, "target": b, "directed": "no"} for a, b in ["ab", "bc", "ac", "cd"]]))
    0.6
    """
    v = as_view(obj)
    deg = _skeleton_degree(v)
    triples = float(np.sum(deg * (deg - 1) / 2))
    if triples == 0:
        return 0.0
    return float(3 * len(v.triangles()) / triples)


def clustering(obj: Network | GraphView) -> np.ndarray:
    """Local clustering coefficient of every actor (NetworkX ``clustering``).

    Undirected: the share of pairs of an actor's contacts that are tied. Directed: Fagiolo's
    coefficient, counting directed triangles against the possible ones (0 for actors with
    fewer than two contacts).

    >>> clustering(Network.from_records(None, [
    ...     {"source": a, "target": b, "directed": "no"} for a, b in ["ab", "bc", "ac", "cd"]]
    ... )).round(4).tolist()
    [1.0, 1.0, 0.3333, 0.0]
    """
    v = as_view(obj)
    n = v.n
    if not v.directed:
        deg = _skeleton_degree(v)
        t = _tri_counts(v)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(deg > 1, 2 * t / (deg * (deg - 1)), 0.0)
    # Fagiolo: T_i = (A + A^T)^3_ii / 2, the sum over triangles of the products of the
    # multiplicities (1 or 2) of their three skeleton edges, counted for both orientations.
    fwd, bwd = v.skeleton_directions()
    s_mult = np.where(fwd & bwd, 2.0, 1.0)
    tri = v.triangles()
    dt = np.zeros(n)
    if len(tri):
        te = v.triangle_edges()
        prod = s_mult[te[:, 0]] * s_mult[te[:, 1]] * s_mult[te[:, 2]]
        dt = 2 * np.bincount(tri.ravel(), np.repeat(prod, 3), minlength=n)
    dtot = (v.in_degree() + v.out_degree()).astype(np.float64)
    dbi = np.bincount(v.src[v.reciprocated()], minlength=n).astype(np.float64)
    denom = 2 * (dtot * (dtot - 1) - 2 * dbi)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((dt > 0) & (denom > 0), dt / denom, 0.0)


def average_clustering(obj: Network | GraphView) -> float:
    """Mean of :func:`clustering` over all actors (zeros included, as NetworkX)."""
    v = as_view(obj)
    if v.n == 0:
        return float("nan")
    return float(clustering(v).mean())


def degree_centralization(obj: Network | GraphView, direction: str = "all") -> float:
    """Freeman's degree centralization in [0, 1]: 1 for a star, 0 when all degrees are equal.

    ``direction="all"`` uses the degree in the undirected skeleton and the star's maximum
    :math:`(n-1)(n-2)`; ``"in"``/``"out"`` use in- or out-degree of a directed analysis and
    the maximum :math:`(n-1)^2`.

    >>> degree_centralization(Network.from_records(None, [
    ...     {"source": "hub", "target": x, "directed": "no"} for x in "abcd"]))
    1.0
    """
    v = as_view(obj)
    n = v.n
    if n < 3:
        return float("nan")
    if direction == "all":
        deg = _skeleton_degree(v)
        most = (n - 1) * (n - 2)
    else:
        if not v.directed:
            return float("nan")
        deg = (v.in_degree() if direction == "in" else v.out_degree()).astype(np.float64)
        most = (n - 1) ** 2
    return float(np.sum(deg.max() - deg) / most)


def betweenness_centralization(betweenness_normalized: np.ndarray) -> float:
    """Freeman's betweenness centralization from normalised betweenness:
    :math:`\\sum_i (\\max_j b_j - b_i) / (n-1)` (1 for a star).

    >>> betweenness_centralization(np.array([1.0, 0, 0, 0]))
    1.0
    """
    b = np.asarray(betweenness_normalized, dtype=np.float64)
    n = len(b)
    if n < 3:
        return float("nan")
    return float(np.sum(b.max() - b) / (n - 1))
