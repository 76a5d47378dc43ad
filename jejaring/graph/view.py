"""The graph a measure is computed on: which ties, which direction, which weights.

A :class:`GraphView` is built once from a :class:`~jejaring.graph.network.Network` and the
analysis options, and shared by every measure:

*Tie types.* ``types`` keeps only ties of those types (codes, English or Indonesian).

*Direction.* When every kept tie is undirected, or ``undirected=True``, the view is an
undirected graph. Otherwise it is directed and each undirected tie (kinship, marriage,
communication …) counts in both directions, as two arcs.

*Several ties between the same actors* (a credit tie and a kinship tie, or the same tie
reported twice) collapse into one edge or arc whose weight is the sum of their weights. Path,
spectral and neighbourhood measures see only this simple graph; the patron–client measures
read the ties themselves (their forms are the multiplexity).

*Weights.* With ``weighted=False`` (the default) every edge weighs 1. With
``weighted=True`` the summed tie weights are *strengths*: PageRank, eigenvector, HITS,
strength, constraint and Leiden use them as they are, and shortest paths (betweenness,
closeness, distances) use ``1 / weight`` as the length, so a strong tie is a short one.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from jejaring.graph.columns import normalise_value
from jejaring.graph.network import Network

if TYPE_CHECKING:
    import igraph

__all__ = ["GraphView", "as_view", "prepare"]


@dataclass
class GraphView:
    """A simple graph (no multi-edges, no self-loops) derived from a network.

    Attributes
    ----------
    net : Network
        The network with only the kept ties.
    directed : bool
        Whether the graph is directed.
    weighted : bool
        Whether tie weights are used.
    types : tuple of str or None
        The tie types kept (None: all).
    src, dst : numpy.ndarray of int64
        Arcs (directed) or edges with ``src < dst`` (undirected), sorted by ``(src, dst)``.
    weight : numpy.ndarray of float64
        Summed weight of each arc or edge (all 1.0 when not ``weighted``).
    tie_weight : numpy.ndarray of float64
        Summed tie weights of each arc or edge, whether or not ``weighted`` (for strength).
    su, sv, mutual : numpy.ndarray
        The undirected *skeleton*: pairs ``su < sv`` joined in either direction, sorted, and
        their mutual weight (Burt's :math:`a_{uv} + a_{vu}`; an undirected edge counts in both
        directions, so it has mutual weight ``2 w``).
    """

    net: Network
    directed: bool
    weighted: bool
    types: tuple[str, ...] | None
    src: np.ndarray
    dst: np.ndarray
    weight: np.ndarray
    tie_weight: np.ndarray
    su: np.ndarray
    sv: np.ndarray
    mutual: np.ndarray
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def n(self) -> int:
        """Number of actors."""
        return self.net.n

    @property
    def m(self) -> int:
        """Number of arcs (directed) or edges (undirected) of the simple graph."""
        return len(self.src)

    @property
    def distance(self) -> np.ndarray | None:
        """Edge lengths for shortest paths (``1 / weight``), or None when unweighted."""
        return 1.0 / self.weight if self.weighted else None

    # ------------------------------------------------------------------ cached pieces

    def cached(self, key: str, make) -> Any:
        """``make()`` once per view (results shared between measures)."""
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def arcs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Both directions of every edge when undirected; the arcs themselves when directed."""
        if self.directed:
            return self.src, self.dst, self.weight
        return (
            np.concatenate([self.src, self.dst]),
            np.concatenate([self.dst, self.src]),
            np.concatenate([self.weight, self.weight]),
        )

    def out_degree(self) -> np.ndarray:
        s, _, _ = self.arcs()
        return np.bincount(s, minlength=self.n).astype(np.int64)

    def in_degree(self) -> np.ndarray:
        _, d, _ = self.arcs()
        return np.bincount(d, minlength=self.n).astype(np.int64)

    def igraph(self) -> igraph.Graph:
        """The graph as an :class:`igraph.Graph` (built once)."""
        return self.cached(
            "igraph", lambda: build_igraph(self.n, self.src, self.dst, directed=self.directed)
        )

    def skeleton_igraph(self) -> igraph.Graph:
        """The undirected skeleton as an :class:`igraph.Graph` (built once)."""
        if not self.directed:
            return self.igraph()
        return self.cached(
            "skeleton", lambda: build_igraph(self.n, self.su, self.sv, directed=False)
        )

    def csr(self):
        """Adjacency as a scipy CSR matrix of weights (row = source)."""

        def make():
            import scipy.sparse as sp

            s, d, w = self.arcs()
            return sp.csr_matrix((w, (s, d)), shape=(self.n, self.n))

        return self.cached("csr", make)

    def triangles(self) -> np.ndarray:
        """Triangles of the skeleton as an ``(t, 3)`` int64 array, each row sorted."""

        def make():
            if len(self.su) < 3:
                return np.zeros((0, 3), dtype=np.int64)
            tri = self.skeleton_igraph().list_triangles()
            arr = np.array(tri, dtype=np.int64).reshape(-1, 3)
            arr.sort(axis=1)
            return arr

        return self.cached("triangles", make)

    def set_triangles(self, tri: np.ndarray) -> None:
        """Store triangles computed elsewhere (a worker process)."""
        tri = np.asarray(tri, dtype=np.int64).reshape(-1, 3)
        tri.sort(axis=1)
        self._cache["triangles"] = tri
        self._cache.pop("triangle_edges", None)

    def skeleton_index(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Positions in ``su/sv`` of the pairs ``{a, b}`` (must be skeleton pairs)."""
        keys = self.cached("skeleton_keys", lambda: self.su * self.n + self.sv)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        return np.searchsorted(keys, lo * self.n + hi)

    def arc_skeleton_index(self) -> np.ndarray:
        """For every arc (``src``, ``dst``), the position of its pair in the skeleton."""

        def make():
            if not self.directed:
                return np.arange(len(self.src))
            return self.skeleton_index(self.src, self.dst)

        return self.cached("arc_skeleton_index", make)

    def skeleton_directions(self) -> tuple[np.ndarray, np.ndarray]:
        """Per skeleton pair ``su < sv``: whether ``su → sv`` and ``sv → su`` exist."""

        def make():
            e = len(self.su)
            if not self.directed:
                return np.ones(e, dtype=bool), np.ones(e, dtype=bool)
            idx = self.arc_skeleton_index()
            up = self.src < self.dst
            fwd = np.zeros(e, dtype=bool)
            bwd = np.zeros(e, dtype=bool)
            fwd[idx[up]] = True
            bwd[idx[~up]] = True
            return fwd, bwd

        return self.cached("skeleton_directions", make)

    def reciprocated(self) -> np.ndarray:
        """For every arc, whether the reverse arc exists (all True when undirected)."""
        fwd, bwd = self.skeleton_directions()
        return (fwd & bwd)[self.arc_skeleton_index()]

    def triangle_edges(self) -> np.ndarray:
        """Skeleton positions of the edges ``ab``, ``ac``, ``bc`` of each sorted triangle."""

        def make():
            tri = self.triangles()
            if not len(tri):
                return np.zeros((0, 3), dtype=np.int64)
            a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
            return np.stack(
                [self.skeleton_index(a, b), self.skeleton_index(a, c), self.skeleton_index(b, c)],
                axis=1,
            )

        return self.cached("triangle_edges", make)

    def triangle_arcs(self) -> dict[tuple[int, int], np.ndarray]:
        """For positions ``x != y`` in 0..2 of each sorted triangle, whether the arc from
        its ``x``-th to its ``y``-th actor exists (no search: read off the skeleton)."""
        fwd, bwd = self.skeleton_directions()
        te = self.triangle_edges()
        edge = {(0, 1): 0, (0, 2): 1, (1, 2): 2}
        out = {}
        for (x, y), k in edge.items():
            out[(x, y)] = fwd[te[:, k]]
            out[(y, x)] = bwd[te[:, k]]
        return out

    def has_arc(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether the arc ``a → b`` exists (either direction when undirected)."""
        if not self.directed:
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            a, b = lo, hi
        keys = self.cached("arc_keys", lambda: self.src * self.n + self.dst)
        q = a * self.n + b
        pos = np.searchsorted(keys, q)
        pos = np.minimum(pos, max(len(keys) - 1, 0))
        return (keys[pos] == q) if len(keys) else np.zeros(len(q), dtype=bool)


def _pairs(a: np.ndarray, b: np.ndarray, step: int = 500_000) -> Iterator[tuple[int, int]]:
    for i in range(0, len(a), step):
        yield from zip(a[i : i + step].tolist(), b[i : i + step].tolist(), strict=True)


def build_igraph(n: int, src: np.ndarray, dst: np.ndarray, *, directed: bool) -> igraph.Graph:
    """An igraph graph from edge arrays.

    igraph copies edges one Python pair at a time; a generator keeps memory flat, and pausing
    the cyclic garbage collector avoids rescanning millions of short-lived tuples.
    """
    import igraph as ig

    enabled = gc.isenabled()
    gc.disable()
    try:
        return ig.Graph(n=n, edges=_pairs(src, dst), directed=directed)
    finally:
        if enabled:
            gc.enable()


def _collapse(
    n: int, a: np.ndarray, b: np.ndarray, w: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unique ``(a, b)`` pairs sorted, with summed weights."""
    if len(a) == 0:
        z = np.zeros(0, dtype=np.int64)
        return z, z.copy(), np.zeros(0)
    keys = a * np.int64(n) + b
    uniq, inverse = np.unique(keys, return_inverse=True)
    total = np.bincount(inverse, weights=w, minlength=len(uniq))
    return uniq // n, uniq % n, total


def _type_mask(net: Network, types: Iterable[str] | None) -> tuple[np.ndarray, tuple | None]:
    if types is None:
        return np.ones(net.m, dtype=bool), None
    from jejaring.graph.builder import factorize_objects

    wanted = tuple(dict.fromkeys(normalise_value("type", t) for t in types))
    codes, uniq = factorize_objects(np.asarray(net.type, dtype=object))
    keep = np.array([u in wanted for u in uniq], dtype=bool)
    return keep[codes] if len(uniq) else np.zeros(net.m, dtype=bool), wanted


def prepare(
    net: Network,
    *,
    types: Iterable[str] | None = None,
    undirected: bool = False,
    weighted: bool = False,
) -> GraphView:
    """Build the simple graph that the measures read.

    Parameters
    ----------
    net : Network
    types : iterable of str, optional
        Keep only ties of these types (codes or Indonesian names); default all.
    undirected : bool
        Treat every tie as undirected.
    weighted : bool
        Use tie weights (summed over parallel ties); otherwise every edge weighs 1.

    Returns
    -------
    GraphView

    Examples
    --------
    A credit tie b → a and a kinship tie a – b between the same two actors: directed view
    (credit is directed), the kinship tie counts both ways, so a → b and b → a, and the
    b → a arc carries both ties.

    >>> net = Network.from_records(
    ...     [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
    ...     [{"source": "b", "target": "a", "type": "credit"},
    ...      {"source": "a", "target": "b", "type": "kinship"}])
    >>> v = prepare(net, weighted=True)
    >>> v.directed, v.src.tolist(), v.dst.tolist(), v.weight.tolist()
    (True, [0, 1], [1, 0], [1.0, 2.0])
    >>> prepare(net, types=["kekerabatan"]).directed
    False
    """
    mask, wanted = _type_mask(net, types)
    sub = net if mask.all() else net.select_ties(mask)
    s = np.asarray(sub.src, dtype=np.int64)
    d = np.asarray(sub.dst, dtype=np.int64)
    loops = s == d
    if loops.any():
        sub = sub.select_ties(~loops)
        s, d = s[~loops], d[~loops]
    tw = np.asarray(sub.weight, dtype=np.float64)
    is_dir = np.asarray(sub.directed, dtype=bool)
    directed = bool(is_dir.any()) and not undirected
    n = net.n
    if directed:
        und = ~is_dir
        a = np.concatenate([s, d[und]])
        b = np.concatenate([d, s[und]])
        ww = np.concatenate([tw, tw[und]])
    else:
        a, b, ww = np.minimum(s, d), np.maximum(s, d), tw
    src, dst, tie_weight = _collapse(n, a, b, ww)
    weight = tie_weight if weighted else np.ones(len(src))
    if directed:
        su, sv, mutual = _collapse(n, np.minimum(src, dst), np.maximum(src, dst), weight)
    else:
        su, sv, mutual = src, dst, 2.0 * weight
    return GraphView(
        net=sub,
        directed=directed,
        weighted=weighted,
        types=wanted,
        src=src,
        dst=dst,
        weight=weight,
        tie_weight=tie_weight,
        su=su,
        sv=sv,
        mutual=mutual,
    )


def as_view(obj: Network | GraphView, **options: Any) -> GraphView:
    """``obj`` itself when it is a view, else :func:`prepare` of it with ``options``."""
    if isinstance(obj, GraphView):
        return obj
    if isinstance(obj, Network):
        return prepare(obj, **options)
    raise TypeError(f"expected a Network or GraphView, got {type(obj).__name__}")
