"""Degree, strength, PageRank, eigenvector, hub/authority and k-core of every actor.

Each function takes a :class:`~jejaring.graph.network.Network` (analysed with the defaults
of :func:`~jejaring.graph.view.prepare`) or a prepared
:class:`~jejaring.graph.view.GraphView`, and returns a numpy array in ``net.ids`` order. The
definitions and normalisations are NetworkX's; the computation is igraph's (ARPACK for the
eigenvectors) except PageRank, a power iteration on scipy's sparse matrices.

References
----------
.. [1] L. C. Freeman, "Centrality in social networks: conceptual clarification", *Social
   Networks* 1(3):215–239, 1979.
.. [2] P. Bonacich, "Factoring and weighting approaches to status scores and clique
   identification", *Journal of Mathematical Sociology* 2(1):113–120, 1972.
.. [3] S. Brin and L. Page, "The anatomy of a large-scale hypertextual Web search engine",
   *Computer Networks and ISDN Systems* 30:107–117, 1998.
.. [4] J. Kleinberg, "Authoritative sources in a hyperlinked environment", *Journal of the
   ACM* 46(5):604–632, 1999.
.. [5] S. B. Seidman, "Network structure and minimum degree", *Social Networks*
   5(3):269–287, 1983.
"""

from __future__ import annotations

import threading
import warnings

import numpy as np

from jejaring.graph.network import Network
from jejaring.graph.rng import seeded_igraph
from jejaring.graph.view import GraphView, as_view

__all__ = [
    "IGRAPH_NOTES",
    "degree",
    "eigenvector",
    "hits",
    "in_degree",
    "k_core",
    "out_degree",
    "pagerank",
    "strength",
]

#: igraph's notes on graphs that are disconnected or acyclic ("Eigenvector centrality is not
#: meaningful…", "Hub and authority scores are not meaningful…", "Graph is directed and
#: acyclic…"). docs/measures.md says what the values mean there, so the notes are noise in a
#: server's terminal or the CLI's output.
IGRAPH_NOTES = (
    r"(?is).*(eigenvector centralit|hub (and|or) authority scores|directed and acyclic|"
    r"not \(strongly\) connected)"
)


def ignore_igraph_notes() -> None:
    """Keep :data:`IGRAPH_NOTES` off stderr, for good and in every thread.

    A ``warnings.catch_warnings`` block around each igraph call is not enough: its filters
    are process-wide, so two analyses running at once in a web server's threads restore each
    other's filters, and the notes of one reached the terminal. A permanent filter is kept by
    every later snapshot of the filters; :func:`jejaring.graph.analyze` adds it again inside
    its own recording block.
    """
    warnings.filterwarnings("ignore", message=IGRAPH_NOTES, category=RuntimeWarning)


ignore_igraph_notes()


def _igraph_speaks_python() -> bool:
    """Whether igraph's warnings become Python warnings in this thread.

    The igraph C core keeps its warning handler per thread and python-igraph installs its
    own only in the main thread: in a web server's worker threads igraph prints its notes on
    stderr itself, out of reach of any filter. There the spectral measures are solved
    without igraph (:func:`_leading_vector`, the acyclic convention by hand).
    """
    return threading.current_thread() is threading.main_thread()


def _sinks_vector(v: GraphView) -> np.ndarray:
    """igraph's convention for an acyclic directed graph: 1/√k on its k sinks, 0 elsewhere."""
    sinks = v.out_degree() == 0
    return sinks / np.sqrt(max(int(sinks.sum()), 1))


def degree(obj: Network | GraphView) -> np.ndarray:
    """Number of ties of each actor in the simple graph; in + out when directed.

    An undirected tie in a directed analysis counts as two arcs, so it adds 2, as in a
    NetworkX ``DiGraph`` with both arcs.

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "type": "credit"},
    ...     {"source": "c", "target": "b", "type": "credit"}])
    >>> degree(net).tolist(), in_degree(net).tolist(), out_degree(net).tolist()
    ([1, 2, 1], [0, 2, 0], [1, 0, 1])
    """
    v = as_view(obj)
    if v.directed:
        return v.in_degree() + v.out_degree()
    return v.out_degree()


def in_degree(obj: Network | GraphView) -> np.ndarray:
    """Incoming arcs of each actor (the degree when undirected)."""
    return as_view(obj).in_degree()


def out_degree(obj: Network | GraphView) -> np.ndarray:
    """Outgoing arcs of each actor (the degree when undirected)."""
    return as_view(obj).out_degree()


def strength(obj: Network | GraphView, direction: str = "all") -> np.ndarray:
    """Sum of the tie weights of each actor (``"all"``, ``"in"`` or ``"out"``).

    Uses the tie weights even when the analysis is unweighted; several ties between the same
    actors add up.

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "weight": 2, "directed": "no"},
    ...     {"source": "a", "target": "b", "weight": 3, "directed": "no"}])
    >>> strength(net).tolist()
    [5.0, 5.0]
    """
    v = as_view(obj)
    n = v.n
    w = v.tie_weight
    if not v.directed:
        both = np.bincount(v.src, w, minlength=n) + np.bincount(v.dst, w, minlength=n)
        return both.astype(np.float64)
    out = np.bincount(v.src, w, minlength=n).astype(np.float64)
    inn = np.bincount(v.dst, w, minlength=n).astype(np.float64)
    return {"all": out + inn, "in": inn, "out": out}[direction]


#: Above this many actors PageRank, eigenvector and HITS use a bounded power iteration on
#: scipy sparse matrices: igraph's exact solvers (PRPACK, ARPACK) slow down badly on district
#: networks made of many similar villages, whose leading eigenvalues are nearly equal.
SPECTRAL_EXACT_MAX = 200_000
#: Power iteration: stop when the L1 change is below this, or after ``POWER_MAX_ITER`` steps.
POWER_TOL = 1e-9
POWER_MAX_ITER = 200
#: PageRank up to :data:`SPECTRAL_EXACT_MAX` actors: the same power iteration run until the L1
#: change is below this. The error is then below ``alpha / (1 - alpha)`` times the change
#: (6e-13 in L1 at the default damping), as close to the exact vector as PRPACK's solve
#: (within 1e-14 on the benchmark village, in some 35 steps and a tenth of PRPACK's time).
PAGERANK_TOL = 1e-13
#: Steps at most (the change shrinks at least by ``alpha`` per step: 1e-13 in 190 at 0.85).
PAGERANK_MAX_ITER = 1000


def _transpose(v: GraphView):
    """The transposed adjacency (CSR), built once per view."""
    return v.cached("csr_t", lambda: v.csr().T.tocsr())


def _power_pagerank(
    v: GraphView, alpha: float, tol: float = POWER_TOL, max_iter: int = POWER_MAX_ITER
) -> np.ndarray:
    """NetworkX's ``_pagerank_scipy`` iteration, stopped at an L1 change below ``tol``.

    One thread, the column-stochastic transpose built once (from the view's weights, so
    weighted when the view is); dangling actors spread their score evenly.
    """
    n = v.n
    a = v.csr()
    out = np.asarray(a.sum(axis=1)).ravel()
    inv = np.divide(1.0, out, out=np.zeros(n), where=out != 0)
    q = _transpose(v).multiply(inv[None, :]).tocsr()  # column-stochastic transpose
    dangling = np.flatnonzero(out == 0)
    teleport = (1 - alpha) / n
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = q @ last
        x += last[dangling].sum() / n
        x *= alpha
        x += teleport
        if np.abs(x - last).sum() < tol:
            break
    return x / x.sum()


def _power_eigenvector(v: GraphView, iterations: int = 50) -> np.ndarray:
    """Power iteration of :math:`A^T + I` from the uniform vector, as NetworkX, at most
    ``iterations`` steps (where the leading eigenvalues of many similar villages are nearly
    equal, more steps only shift weight between villages)."""
    at = _transpose(v)
    x = np.full(v.n, 1.0 / np.sqrt(v.n))
    for _ in range(iterations):
        last = x
        x = last + at @ last
        x /= np.linalg.norm(x)
        if np.abs(x - last).sum() < POWER_TOL:
            break
    return x


#: Up to this many actors the fallback solves the eigenproblem densely (exact, no iteration).
DENSE_FALLBACK_MAX = 500


def _leading_vector(matrix, *, symmetric: bool) -> np.ndarray | None:
    """The non-negative leading eigenvector of ``matrix`` (unit norm), or ``None``.

    igraph's ARPACK starts from a random vector and, on a few small networks, stops with a
    LAPACK error (seen on the Krackhardt friendship network about once in thirty runs). This
    solves the same problem deterministically: dense LAPACK on small networks, scipy's
    ARPACK from the uniform vector on larger ones. ``None`` when that fails too.
    """
    import scipy.sparse.linalg as sla

    n = matrix.shape[0]
    try:
        if n <= DENSE_FALLBACK_MAX:
            dense = matrix.toarray()
            if symmetric:
                values, vectors = np.linalg.eigh(dense)
            else:
                values, vectors = np.linalg.eig(dense)
            x = vectors[:, int(np.argmax(values.real))].real
        else:
            v0 = np.full(n, 1.0 / np.sqrt(n))
            if symmetric:
                _, vectors = sla.eigsh(matrix.astype(np.float64), k=1, which="LA", v0=v0)
            else:
                _, vectors = sla.eigs(matrix.astype(np.float64), k=1, which="LR", v0=v0)
            x = vectors[:, 0].real
    except (np.linalg.LinAlgError, sla.ArpackError):
        return None
    x = np.abs(x)
    norm = np.linalg.norm(x)
    return x / norm if norm > 0 else None


def _power_authority(v: GraphView, iterations: int = 50) -> np.ndarray:
    a = v.csr()
    at = _transpose(v)
    x = np.full(v.n, 1.0 / v.n)
    for _ in range(iterations):
        last = x
        x = at @ (a @ last)
        s = x.sum()
        if s == 0:
            return x
        x /= s
        if np.abs(x - last).sum() < POWER_TOL:
            break
    return x


def _weights(v: GraphView) -> list[float] | None:
    return v.weight.tolist() if v.weighted else None


def pagerank(obj: Network | GraphView, *, alpha: float = 0.85) -> np.ndarray:
    """PageRank with damping ``alpha``; dangling actors spread their score evenly.

    Equals NetworkX's ``pagerank``: NetworkX's power iteration on one thread, run to an L1
    change below :data:`PAGERANK_TOL` (as exact as igraph's PRPACK solve, which it replaced:
    the two differ by about 1e-14, and PRPACK took ten times as long on a village); above
    :data:`SPECTRAL_EXACT_MAX` actors stopped at an L1 change below 1e-9. An undirected tie
    passes score both ways. Sums to 1.

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"}])
    >>> pagerank(net).round(4).tolist()
    [0.2568, 0.4865, 0.2568]
    """
    v = as_view(obj)
    if v.n == 0:
        return np.zeros(0)
    if v.n > SPECTRAL_EXACT_MAX:
        return _power_pagerank(v, alpha)
    return _power_pagerank(v, alpha, PAGERANK_TOL, PAGERANK_MAX_ITER)


def eigenvector(obj: Network | GraphView) -> np.ndarray:
    """Eigenvector centrality with unit Euclidean norm (NetworkX's normalisation).

    Directed: an actor is central when central actors point to it (the left eigenvector,
    incoming arcs, as NetworkX). When the network has several components, only those with
    the largest eigenvalue get non-zero scores, as with NetworkX's power iteration; with no
    ties at all every actor scores :math:`1/\\sqrt{n}`. A directed network without a cycle (every
    dependency chain ends at someone who depends on nobody) has no meaningful leading
    eigenvector; igraph's convention is kept: each of its :math:`k` *sinks* (actors with no tie
    out, isolated ones included) scores :math:`1/\\sqrt{k}`, everyone else 0. Above :data:`SPECTRAL_EXACT_MAX`
    actors: NetworkX's power iteration, at most 50 steps.

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"}])
    >>> eigenvector(net).round(4).tolist()
    [0.5, 0.7071, 0.5]
    """
    v = as_view(obj)
    n = v.n
    if n == 0:
        return np.zeros(0)
    if v.m == 0:
        return np.full(n, 1.0 / np.sqrt(n))
    if n > SPECTRAL_EXACT_MAX:
        return _power_eigenvector(v)
    g = v.igraph()
    import igraph

    if not _igraph_speaks_python():
        if v.directed and g.is_dag():
            return _sinks_vector(v)
        x = _leading_vector(_transpose(v), symmetric=not v.directed)
        return _power_eigenvector(v) if x is None else x
    try:
        # igraph's notes on disconnected or acyclic graphs are filtered (IGRAPH_NOTES).
        with seeded_igraph():
            x = np.asarray(
                g.eigenvector_centrality(directed=True, scale=True, weights=_weights(v)),
                dtype=np.float64,
            )
    except igraph.InternalError:
        x = _leading_vector(_transpose(v), symmetric=False)
        if x is None:
            return _power_eigenvector(v)
    x = np.abs(x)
    norm = np.linalg.norm(x)
    return x / norm if norm > 0 else x


def hits(obj: Network | GraphView) -> tuple[np.ndarray, np.ndarray]:
    """Hub and authority scores (Kleinberg), each summing to 1 as in NetworkX's ``hits``.

    A good *authority* is pointed to by good hubs (in a dependency network: a patron relied
    on by actors who rely on many); a good *hub* points to good authorities. Undirected: hub
    and authority coincide.

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "c"}, {"source": "b", "target": "c"}])
    >>> hub, auth = hits(net)
    >>> net.ids, hub.round(3).tolist(), auth.round(3).tolist()
    (['a', 'c', 'b'], [0.5, 0.0, 0.5], [0.0, 1.0, 0.0])
    """
    v = as_view(obj)
    n = v.n
    if n == 0:
        return np.zeros(0), np.zeros(0)
    if v.m == 0:
        return np.full(n, 1.0 / n), np.full(n, 1.0 / n)
    if n > SPECTRAL_EXACT_MAX:
        auth = _power_authority(v)
        return _unit_sum(v.csr() @ auth), _unit_sum(auth)
    g = v.igraph()
    import igraph

    if not _igraph_speaks_python():
        auth = _leading_vector((_transpose(v) @ v.csr()).tocsr(), symmetric=True)
        if auth is None:
            auth = _power_authority(v)
        return _unit_sum(v.csr() @ auth), _unit_sum(auth)
    try:
        with seeded_igraph():
            auth = np.abs(
                np.asarray(g.authority_score(weights=_weights(v), scale=True), dtype=np.float64)
            )
    except igraph.InternalError:
        auth = _leading_vector((_transpose(v) @ v.csr()).tocsr(), symmetric=True)
        if auth is None:
            auth = _power_authority(v)
    # Hubs follow from authorities in one product, h = A a, as NetworkX computes them:
    # half the eigen-solving of asking igraph for both.
    hub = v.csr() @ auth
    return _unit_sum(hub), _unit_sum(auth)


def _unit_sum(x: np.ndarray) -> np.ndarray:
    s = x.sum()
    return x / s if s > 0 else x


def k_core(obj: Network | GraphView) -> np.ndarray:
    """Core number: the largest ``k`` such that the actor is in a subgraph where everyone has
    at least ``k`` ties (in + out when directed, as NetworkX's ``core_number``).

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"},
    ...     {"source": "a", "target": "c", "directed": "no"},
    ...     {"source": "c", "target": "d", "directed": "no"}])
    >>> k_core(net).tolist()
    [2, 2, 2, 1]
    """
    v = as_view(obj)
    if v.n == 0:
        return np.zeros(0, dtype=np.int64)
    if v.n > SPECTRAL_EXACT_MAX:
        core = _peeled_cores(v)
        if core is not None:
            return core
    return np.asarray(v.igraph().coreness(mode="all"), dtype=np.int64)


#: Rounds of :func:`_peeled_cores` after which igraph is asked instead (a long chain peels
#: a few actors per round).
PEEL_MAX_ROUNDS = 5_000


def _peeled_cores(v: GraphView) -> np.ndarray | None:
    """Core numbers as igraph's ``coreness(mode="all")``, peeling on whole arrays from the
    sparse matrices PageRank and eigenvector already built (on a district igraph's graph
    costs seconds to build and hundreds of MB). Batagelj–Zaversnik by levels: at level
    ``k`` every actor left with at most ``k`` ties (in + out) gets core ``k`` and is removed,
    round after round, then ``k`` rises to the smallest degree left. None after
    :data:`PEEL_MAX_ROUNDS` rounds.
    """
    n = v.n
    parts = [v.csr()]
    if v.directed:
        parts.append(_transpose(v))
    if sum(p.nnz for p in parts) != 2 * len(v.src) or np.any(v.src == v.dst):
        return None  # not a simple graph as stored (igraph counts loops twice)
    lists = [(p.indptr.astype(np.int64), p.indices) for p in parts]
    deg = sum(np.diff(ptr) for ptr, _ in lists).astype(np.int64)
    core = np.zeros(n, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    k, left = 0, n
    frontier = np.flatnonzero(deg == 0)
    for _ in range(PEEL_MAX_ROUNDS):
        if left == 0:
            return core
        if len(frontier) == 0:
            k = int(deg[alive].min())
            frontier = np.flatnonzero(alive & (deg <= k))
        core[frontier] = k
        alive[frontier] = False
        left -= len(frontier)
        gathered = []
        for ptr, idx in lists:
            lo, hi = ptr[frontier], ptr[frontier + 1]
            size = hi - lo
            total = int(size.sum())
            if total:
                at = np.repeat(lo - np.cumsum(size) + size, size) + np.arange(total)
                gathered.append(idx[at])
        nb = np.concatenate(gathered) if gathered else np.zeros(0, dtype=np.int64)
        nb = nb[alive[nb]]
        if len(nb) > n // 64:
            counts = np.bincount(nb, minlength=n)
            deg -= counts
            touched = np.flatnonzero(counts)
        else:
            touched, counts = np.unique(nb, return_counts=True)
            deg[touched] -= counts
        frontier = touched[deg[touched] <= k]
    return core if left == 0 else None
