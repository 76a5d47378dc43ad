"""Shortest-path measures: betweenness, closeness, harmonic closeness, mean distance.

All four come from breadth-first searches (Dijkstra when weighted), the costliest work of an
analysis, so they are computed together (:func:`shortest_path_measures`): one sweep per
source in the native kernel on every core (:mod:`jejaring.graph.sweep`), or igraph's
functions when the kernel is not built. They are sampled when the network is larger than
``exact_max`` actors.

Conventions follow NetworkX:

* **betweenness** counts, for every pair of other actors, the share of their shortest paths
  through the actor; undirected pairs are counted once. Normalised betweenness divides by
  :math:`(n-1)(n-2)/2` (undirected) or :math:`(n-1)(n-2)` (directed).
* **closeness** is Wasserman and Faust's improved formula for disconnected graphs (NetworkX's
  ``wf_improved=True``): with :math:`r` the number of actors that reach ``u`` (``u`` included)
  and :math:`D` the sum of their distances *to* ``u``,
  :math:`C(u) = \\frac{r-1}{n-1} \\cdot \\frac{r-1}{D}` (0 when nobody reaches ``u``).
  In a directed network this is *incoming* closeness, as in NetworkX.
* **harmonic closeness** is :math:`\\frac{1}{n-1}\\sum_{v \\ne u} 1/d(v, u)` (NetworkX's
  ``harmonic_centrality`` divided by :math:`n-1`).

Sampling (``n > exact_max``): with ``samples`` given (or without the native kernel), ``k``
source actors are drawn uniformly without replacement with the seed; betweenness is estimated
as :math:`\\frac{n}{k}` times the dependencies accumulated from those sources (Brandes & Pich
2007). Otherwise sampling is adaptive (:func:`_adaptive_native`): sources are added in
doubling rounds until the top-10 error is small enough or a work budget is spent, each pair's
share scaled by how far along its path an actor lies (Geisberger, Sanders & Schultes 2008),
searching from the samples and, when directed, towards them. Closeness and harmonic closeness
come from the distances of half of the sources to every actor (Eppstein & Wang 2004). The
sources are split into 16 batches; the standard error of every estimate is the
delete-one-batch jackknife.

References
----------
.. [1] U. Brandes, "A faster algorithm for betweenness centrality", *Journal of Mathematical
   Sociology* 25(2):163–177, 2001.
.. [2] U. Brandes and C. Pich, "Centrality estimation in large networks", *International
   Journal of Bifurcation and Chaos* 17(7):2303–2318, 2007.
.. [3] D. Eppstein and J. Wang, "Fast approximation of centrality", *Journal of Graph
   Algorithms and Applications* 8(1):39–45, 2004.
.. [4] S. Wasserman and K. Faust, *Social Network Analysis*, Cambridge University Press, 1994.
.. [5] L. C. Freeman, "A set of measures of centrality based on betweenness", *Sociometry*
   40(1):35–41, 1977.
.. [6] R. Geisberger, P. Sanders and D. Schultes, "Better approximation of betweenness
   centrality", *Proceedings of ALENEX* 2008, 90–100.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from jejaring.graph.network import Network
from jejaring.graph.view import GraphView, as_view

__all__ = [
    "DEFAULT_EXACT_MAX",
    "PathMeasures",
    "PathPlan",
    "adaptive_cap",
    "betweenness",
    "closeness",
    "default_samples",
    "harmonic_closeness",
    "mean_distance",
    "plan_paths",
    "shortest_path_measures",
]

#: Networks up to this many actors get exact betweenness and closeness.
DEFAULT_EXACT_MAX = 10_000
#: Default sample size: about this many arc visits of breadth-first search in total.
SAMPLE_WORK = 6e8
MIN_SAMPLES = 64
MAX_DEFAULT_SAMPLES = 1000
#: Number of batches the sampled sources are split into (for the jackknife and the threads).
BATCHES = 16
#: Sampled closeness uses this share of the sampled sources: averages of distances converge
#: much faster than betweenness, which needs every source it can get.
CLOSENESS_SHARE = 0.5

#: Adaptive sampling (native kernel, ``samples`` not given): sources are added in rounds,
#: doubling, until the median relative standard error of the ten highest betweenness
#: estimates is at most this ...
TARGET_RELATIVE_ERROR = 0.02
#: ... or the searches have cost about this many arc visits (two searches per source when
#: directed; 30,000 actors / 300,000 ties: up to about 4,600 sources) ...
ADAPTIVE_WORK = 3e9
#: ... or the whole budget could not bring the error below this (a district of a million
#: actors): sampling then stops where it is.
FUTILE_ERROR = 0.25

#: Exact unweighted networks up to this many actors are summed in igraph's order (each
#: source's dependencies added in turn: n^2 additions), so the output is the same to the
#: last digit with or without the native kernel; above it, in parts (within 1e-12).
IGRAPH_ORDER_MAX = 20_000


#: Parts the exact computation is split into (units of work shared between threads; a
#: fixed number, so that the sums do not depend on how many threads there are).
EXACT_PARTS = 8

Progress = Callable[[str, int, int], None]


def default_samples(n: int, m: int) -> int:
    """Sources sampled by default: within a fixed work budget, at least 64, at most 1000.

    >>> default_samples(100_000, 1_000_000), default_samples(1_000_000, 10_000_000)
    (545, 64)
    """
    k = int(SAMPLE_WORK // max(n + m, 1))
    return int(min(n, max(MIN_SAMPLES, min(k, MAX_DEFAULT_SAMPLES))))


@dataclass
class PathPlan:
    """Which sources the searches start from, in which batches."""

    exact: bool
    sources: np.ndarray
    batches: list[np.ndarray]
    seed: int | None
    #: The sources of each batch used for closeness (default: the first half of the batch).
    closeness: list[np.ndarray] | None = None

    @property
    def k(self) -> int:
        return len(self.sources)

    @property
    def closeness_batches(self) -> list[np.ndarray]:
        """The sources of each batch used for closeness (the first half, at least one)."""
        if self.closeness is not None:
            return self.closeness
        return [b[: _closeness_count(len(b))] for b in self.batches]


def _closeness_count(batch: int) -> int:
    return min(batch, max(1, round(batch * CLOSENESS_SHARE)))


def plan_paths(
    view: GraphView,
    *,
    exact_max: int = DEFAULT_EXACT_MAX,
    samples: int | None = None,
    seed: int | None = 0,
) -> PathPlan:
    """Exact (all actors as sources) up to ``exact_max`` actors, else ``samples`` sources.

    ``samples`` at or above ``n`` also means exact.
    """
    n = view.n
    k = default_samples(n, view.m) if samples is None else int(samples)
    if n <= exact_max or k >= n:
        return PathPlan(True, np.arange(n, dtype=np.int64), [np.arange(n, dtype=np.int64)], seed)
    if k < 2:
        raise ValueError("samples must be at least 2")
    rng = np.random.default_rng(seed)
    sources = np.sort(rng.choice(n, size=k, replace=False)).astype(np.int64)
    nb = min(BATCHES, k)
    return PathPlan(False, sources, [sources[i::nb] for i in range(nb)], seed)


@dataclass
class PathMeasures:
    """Shortest-path measures of every actor, with how they were obtained.

    Attributes
    ----------
    betweenness : numpy.ndarray
        Raw betweenness (NetworkX ``normalized=False``).
    betweenness_normalized : numpy.ndarray
    betweenness_se : numpy.ndarray
        Standard error of the raw value (NaN when exact).
    closeness, closeness_se, harmonic, harmonic_se : numpy.ndarray
    mean_distance : float
        Mean shortest-path length within the largest (weak) component, see
        :func:`mean_distance`.
    exact : bool
    sources : int
        Actors used as sources of betweenness (``n`` when exact); closeness uses
        :data:`CLOSENESS_SHARE` of them.
    betweenness_relative_error, closeness_relative_error : float
        Median relative standard error of the ten highest estimates (NaN when exact).
    """

    betweenness: np.ndarray
    betweenness_normalized: np.ndarray
    betweenness_se: np.ndarray
    closeness: np.ndarray
    closeness_se: np.ndarray
    harmonic: np.ndarray
    harmonic_se: np.ndarray
    mean_distance: float
    exact: bool
    sources: int
    betweenness_relative_error: float
    closeness_relative_error: float


def _betweenness_scale(n: int, directed: bool) -> float:
    if n <= 2:
        return 1.0
    pairs = (n - 1) * (n - 2)
    return 1.0 / pairs if directed else 2.0 / pairs


def _components(view: GraphView) -> np.ndarray:
    def make():
        import scipy.sparse as sp
        from scipy.sparse.csgraph import connected_components

        a = sp.csr_matrix((np.ones(len(view.su)), (view.su, view.sv)), shape=(view.n, view.n))
        return connected_components(a, directed=False)[1].astype(np.int64)

    return view.cached("weak_membership", make)


def largest_component_mask(view: GraphView) -> np.ndarray:
    """Actors in the largest weakly connected component (the first one on ties)."""
    memb = _components(view)
    if view.n == 0:
        return np.zeros(0, dtype=bool)
    sizes = np.bincount(memb)
    return memb == int(np.argmax(sizes))


def _reach_in(view: GraphView) -> np.ndarray:
    """Actors that reach each actor, itself included (exact).

    Undirected: its component's size. Directed: ancestors in the condensation, as bitsets
    (Python integers) accumulated in topological order of the strong components.
    """
    memb = _components(view)
    if not view.directed:
        return np.bincount(memb, minlength=view.n)[memb].astype(np.float64)
    import igraph as ig
    from scipy.sparse.csgraph import connected_components

    csr = view.csr()
    c, strong = connected_components(csr, directed=True, connection="strong")
    cs, cd = strong[view.src], strong[view.dst]
    cross = cs != cd
    keys = np.unique(cs[cross].astype(np.int64) * c + cd[cross])
    ea, eb = (keys // c).tolist(), (keys % c).tolist()
    dag = ig.Graph(n=c, edges=list(zip(ea, eb, strict=True)), directed=True)
    order = dag.topological_sorting(mode="out")
    preds: list[list[int]] = [[] for _ in range(c)]
    for a, b in zip(ea, eb, strict=True):
        preds[b].append(a)
    own = [0] * c
    for v, comp in enumerate(strong.tolist()):
        own[comp] |= 1 << v
    bits = [0] * c
    for comp in order:
        acc = own[comp]
        for p in preds[comp]:
            acc |= bits[p]
        bits[comp] = acc
    counts = np.array([b.bit_count() for b in bits], dtype=np.float64)
    return counts[strong]


# Bitsets cost n/64 words per strong component; above this use a search per actor instead.
_BITSET_MAX_N = 50_000


def _top_relative_error(est: np.ndarray, se: np.ndarray, top: int = 10) -> float:
    ok = np.isfinite(est) & (est > 0)
    if not ok.any():
        return float("nan")
    idx = np.flatnonzero(ok)
    best = idx[np.argsort(-est[idx], kind="stable")[:top]]
    return float(np.median(se[best] / est[best]))


def _exact_measures(
    view: GraphView, bet: np.ndarray, inv_total: np.ndarray, harm: np.ndarray, reach: np.ndarray
) -> PathMeasures:
    """Exact measures from the sums over every source: raw betweenness, per actor 1 / (sum
    of distances to it) (NaN or 0 when nobody reaches it), the sum of reciprocal distances
    to it and the number of actors reaching it (itself included)."""
    n = view.n
    nan = np.full(n, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        clo = np.where(
            np.isfinite(inv_total) & (inv_total > 0),
            (reach - 1) ** 2 / max(n - 1, 1) * inv_total,
            0.0,
        )
        total = np.where(inv_total > 0, 1.0 / inv_total, 0.0)
    harm_n = harm / (n - 1) if n > 1 else np.zeros(n)
    lc = largest_component_mask(view)
    pairs = float(np.sum(reach[lc] - 1))
    mean_d = float(np.sum(total[lc]) / pairs) if pairs > 0 else float("nan")
    scale = _betweenness_scale(n, view.directed)
    return PathMeasures(
        bet, bet * scale, nan, clo, nan.copy(), harm_n, nan.copy(), mean_d, True, n,
        float("nan"), float("nan"),
    )  # fmt: skip


def _sampled_measures(
    view: GraphView, plan: PathPlan, bets: list[np.ndarray], dists: list[dict[str, np.ndarray]]
) -> PathMeasures:
    """Estimates and jackknife errors from the sums of each batch: its raw dependencies
    (``bets``) and the distances from its closeness sources (``dists``: per actor ``sum_d``,
    ``count``, ``inv``; per source ``tot`` and ``reach``)."""
    n = view.n
    nb = len(plan.batches)
    k = plan.k
    # Leave-one-batch-out estimates are formed one batch at a time (never an nb x n matrix:
    # a district has a million actors).
    sizes = [len(b) for b in plan.batches]
    total_b = sum(bets, np.zeros(n))
    bet = total_b * (n / k)
    bet_se = _jackknife_se(lambda i: (total_b - bets[i]) * (n / (k - sizes[i])), nb, n)

    cbatches = plan.closeness_batches
    kc = float(sum(len(b) for b in cbatches))
    in_sample = np.zeros(n, dtype=bool)
    in_sample[np.concatenate(cbatches)] = True
    sum_d = sum((b["sum_d"] for b in dists), np.zeros(n))
    cnt = sum((b["count"] for b in dists), np.zeros(n))
    inv = sum((b["inv"] for b in dists), np.zeros(n))
    # Sources other than u itself, in total and without batch i.
    k_other = kc - in_sample.astype(np.float64)

    def k_without(i: int) -> np.ndarray:
        member = np.zeros(n)
        member[cbatches[i]] = 1.0
        return k_other - (len(cbatches[i]) - member)

    def close(sd, ct, kk):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(sd > 0, ct * ct / (kk * sd), 0.0)

    clo = close(sum_d, cnt, k_other)
    clo_se = _jackknife_se(
        lambda i: close(sum_d - dists[i]["sum_d"], cnt - dists[i]["count"], k_without(i)), nb, n
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        harm = inv / k_other
        harm_se = _jackknife_se(lambda i: (inv - dists[i]["inv"]) / k_without(i), nb, n)
    lc = largest_component_mask(view)
    tot = np.concatenate([b["tot"] for b in dists])
    rch = np.concatenate([b["reach"] for b in dists])
    src_order = np.concatenate(cbatches)
    in_lc = lc[src_order]
    pairs = float(rch[in_lc].sum())
    mean_d = float(tot[in_lc].sum() / pairs) if pairs > 0 else float("nan")
    scale = _betweenness_scale(n, view.directed)
    return PathMeasures(
        bet, bet * scale, bet_se, clo, clo_se, harm, harm_se, mean_d, False, k,
        _top_relative_error(bet, bet_se), _top_relative_error(clo, clo_se),
    )  # fmt: skip


def _jackknife_se(leave_one_out: Callable[[int], np.ndarray], b: int, n: int) -> np.ndarray:
    """Delete-one-group jackknife standard error from the ``b`` leave-one-out estimates
    ``leave_one_out(i)``, computed in two passes without storing them together."""
    if b < 2:
        return np.full(n, np.nan)
    mean = sum((leave_one_out(i) for i in range(b)), np.zeros(n)) / b
    ss = np.zeros(n)
    for i in range(b):
        dev = leave_one_out(i) - mean
        ss += dev * dev
    return np.sqrt((b - 1) / b * ss)


def _native_measures(
    view: GraphView, plan: PathPlan, threads: int | None, progress: Progress | None
) -> PathMeasures:
    """Every measure from the native kernel's sweeps (one per source, on every core)."""
    from jejaring.graph.sweep import exact_in_igraph_order, run_sweeps

    half = 1.0 if view.directed else 0.5  # undirected pairs are counted once
    if plan.exact and not view.weighted and view.n <= IGRAPH_ORDER_MAX:
        # The same floating-point operations as igraph's: the output file is the same to
        # the last digit with the kernel or without it.
        bet, sum_d, count, harm = exact_in_igraph_order(
            view, parts=EXACT_PARTS, threads=threads, progress=progress
        )
        with np.errstate(divide="ignore"):
            inv_total = np.where(sum_d > 0, 1.0 / sum_d, np.nan)
        return _exact_measures(view, bet * half, inv_total, harm, count + 1.0)
    if plan.exact:
        n = view.n
        parts = [np.arange(i, n, EXACT_PARTS, dtype=np.int64) for i in range(EXACT_PARTS)]
        sums = run_sweeps(view, [(p, len(p)) for p in parts], threads=threads, progress=progress)
        bet = sum((s.bet for s in sums), np.zeros(n)) * half
        sum_d = sum((s.sum_d for s in sums), np.zeros(n))
        reach = sum((s.count for s in sums), np.zeros(n)) + 1.0
        harm = sum((s.inv for s in sums), np.zeros(n))
        with np.errstate(divide="ignore"):
            inv_total = np.where(sum_d > 0, 1.0 / sum_d, np.nan)
        return _exact_measures(view, bet, inv_total, harm, reach)
    units = [(b, len(c)) for b, c in zip(plan.batches, plan.closeness_batches, strict=True)]
    sums = run_sweeps(view, units, threads=threads, progress=progress)
    bets = [s.bet * half for s in sums]
    dists = [
        {"sum_d": s.sum_d, "count": s.count, "inv": s.inv, "tot": s.tot, "reach": s.reach}
        for s in sums
    ]
    return _sampled_measures(view, plan, bets, dists)


def adaptive_cap(n: int, m: int, directed: bool = False) -> int:
    """Most sources adaptive sampling may use: :data:`ADAPTIVE_WORK` arc visits (two
    searches per source when directed).

    >>> adaptive_cap(30_000, 300_000), adaptive_cap(1_000_000, 10_000_000, directed=True)
    (9090, 136)
    """
    searches = 2 if directed else 1
    return int(min(n, max(MIN_SAMPLES, ADAPTIVE_WORK // (searches * max(n + m, 1)))))


def _adaptive_native(
    view: GraphView, seed: int | None, threads: int | None, progress: Progress | None
) -> PathMeasures:
    """Sampled measures with sources added in doubling rounds until the ten highest
    betweenness estimates have a median relative standard error of at most
    :data:`TARGET_RELATIVE_ERROR`, or :func:`adaptive_cap` sources are used.

    The sources are a seeded random order of all actors, taken from the start; each round's
    new sources are dealt to the 16 batches (its first half of each batch also for
    closeness) and every batch keeps its own sums, so the jackknife of
    :func:`_sampled_measures` applies unchanged. Same seed, same rounds, same result.
    """
    from jejaring.graph.sweep import new_sums, run_tasks, sweep_into

    n = view.n
    cap = adaptive_cap(n, view.m, view.directed)
    order = np.random.default_rng(seed).permutation(n).astype(np.int64)
    k = min(cap, default_samples(n, view.m))
    # One set of sums per batch, added to in place round after round (a district's
    # million actors: no copies per round).
    acc = [new_sums(n, 0) for _ in range(BATCHES)]
    chunks: list[list[np.ndarray]] = [[] for _ in range(BATCHES)]
    halves: list[list[np.ndarray]] = [[] for _ in range(BATCHES)]
    tots: list[list[np.ndarray]] = [[] for _ in range(BATCHES)]
    reaches: list[list[np.ndarray]] = [[] for _ in range(BATCHES)]
    taken = 0

    def task(i: int, part: np.ndarray, nd: int) -> Callable[[], None]:
        def run() -> None:
            sums = acc[i]
            sums.tot, sums.reach = np.zeros(nd), np.zeros(nd)
            sweep_into(view, sums, part, nd, linear=True)
            tots[i].append(sums.tot)
            reaches[i].append(sums.reach)
            if view.directed:  # the other share of each pair: searches towards the samples
                sweep_into(view, sums, part, 0, linear=True, reverse=True)

        return run

    while True:
        new = order[taken:k]
        parts = [new[i::BATCHES] for i in range(BATCHES)]
        tasks = []
        for i, part in enumerate(parts):
            nd = _closeness_count(len(part)) if len(part) else 0
            chunks[i].append(part)
            halves[i].append(part[:nd])
            tasks.append(task(i, part, nd))
        run_tasks(view, tasks, threads=threads, progress=progress)
        taken = k
        plan = PathPlan(
            False,
            order[:k],
            [np.concatenate(c) for c in chunks],
            seed,
            closeness=[np.concatenate(h) for h in halves],
        )
        dists = [
            {"sum_d": a.sum_d, "count": a.count, "inv": a.inv,
             "tot": np.concatenate(t), "reach": np.concatenate(r)}
            for a, t, r in zip(acc, tots, reaches, strict=True)
        ]  # fmt: skip
        # Linear scaling counts each pair once in total, directed or not: no halving.
        pm = _sampled_measures(view, plan, [a.bet for a in acc], dists)
        err = pm.betweenness_relative_error
        if k >= cap or not np.isfinite(err) or err <= TARGET_RELATIVE_ERROR:
            return pm
        # Errors shrink as 1 / sqrt(sources): when even the whole budget would leave the
        # top brokers' error above FUTILE_ERROR, more sources would cost time and not
        # change what the ranking can say.
        if err * np.sqrt(k / cap) > FUTILE_ERROR:
            return pm
        k = min(cap, 2 * k)


def _igraph_measures(view: GraphView, plan: PathPlan, progress: Progress | None) -> PathMeasures:
    """The same measures from igraph and scipy, in this process (no native kernel)."""
    from jejaring.graph import paths_igraph as ig

    if plan.exact:
        # In EXACT_PARTS interleaved parts added in order, as the kernel's exact sums are.
        parts = [plan.sources[i::EXACT_PARTS] for i in range(EXACT_PARTS)]
        bet = sum((ig.betweenness_sum(view, p) for p in parts if len(p)), np.zeros(view.n))
        if progress is not None:
            progress("shortest paths", 1, 2)
        inv_total, harm = ig.closeness_sums(view, plan.sources)
        if progress is not None:
            progress("shortest paths", 2, 2)
        big = view.directed and view.n > _BITSET_MAX_N
        reach = ig.reach_counts(view) if big else _reach_in(view)
        return _exact_measures(view, bet, inv_total, harm, reach)
    nb = len(plan.batches)
    bets, dists = [], []
    for i, (batch, half) in enumerate(zip(plan.batches, plan.closeness_batches, strict=True)):
        bets.append(ig.betweenness_sum(view, batch))
        dists.append(ig.distance_sums(view, half))
        if progress is not None:
            progress("shortest paths", i + 1, nb)
    return _sampled_measures(view, plan, bets, dists)


def shortest_path_measures(
    obj: Network | GraphView,
    *,
    weight: str | None = None,
    exact_max: int = DEFAULT_EXACT_MAX,
    samples: int | None = None,
    seed: int | None = 0,
    workers: int | None = None,
    progress: Progress | None = None,
) -> PathMeasures:
    """Betweenness, closeness, harmonic closeness and mean distance in one pass.

    One sweep per source in the native kernel (:mod:`jejaring.graph.sweep`) when it is
    built; igraph otherwise, with the same results (within rounding).

    Parameters
    ----------
    obj : Network or GraphView
        A network (analysed with :func:`~jejaring.graph.view.prepare` defaults) or a view.
    weight : {None, "weight"}
        For a Network: use tie weights (as lengths ``1 / weight``).
    exact_max : int
        Exact computation up to this many actors; sampled above.
    samples : int, optional
        Number of sampled source actors (default :func:`default_samples`).
    seed : int or None
        Seed of the sample (None: fresh randomness).
    workers : int, optional
        Threads of the native kernel (default: one per CPU). The results do not depend on it.
    progress : callable, optional
        ``progress(step, done, total)`` after each unit of work.

    Returns
    -------
    PathMeasures
    """
    from jejaring.graph.sweep import native_available

    view = as_view(obj, weighted=weight is not None)
    plan = plan_paths(view, exact_max=exact_max, samples=samples, seed=seed)
    if native_available():
        if samples is None and view.n > exact_max:
            # Adaptive sampling within a work budget; exact when the budget covers every
            # actor.
            if adaptive_cap(view.n, view.m, view.directed) < view.n:
                return _adaptive_native(view, seed, workers, progress)
            plan = plan_paths(view, exact_max=exact_max, samples=view.n, seed=seed)
        return _native_measures(view, plan, workers, progress)
    return _igraph_measures(view, plan, progress)


# --------------------------------------------------------------------------- public measures


def betweenness(
    obj: Network | GraphView,
    *,
    weight: str | None = None,
    normalized: bool = True,
    exact_max: int = DEFAULT_EXACT_MAX,
    samples: int | None = None,
    seed: int | None = 0,
    workers: int | None = None,
) -> np.ndarray:
    """Betweenness centrality of every actor (NetworkX conventions).

    Parameters
    ----------
    obj : Network or GraphView
    weight : {None, "weight"}
        Use tie weights; a path's length is the sum of ``1 / weight``.
    normalized : bool
        Divide by :math:`(n-1)(n-2)/2` (undirected) or :math:`(n-1)(n-2)` (directed).
    exact_max, samples, seed, workers
        See :func:`shortest_path_measures`.

    Returns
    -------
    numpy.ndarray
        One value per actor, in ``net.ids`` order.

    Examples
    --------
    The middle of a path a – b – c lies on the only shortest path between a and c:

    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"}])
    >>> betweenness(net).tolist(), betweenness(net, normalized=False).tolist()
    ([0.0, 1.0, 0.0], [0.0, 1.0, 0.0])
    """
    pm = shortest_path_measures(
        obj, weight=weight, exact_max=exact_max, samples=samples, seed=seed, workers=workers
    )
    return pm.betweenness_normalized if normalized else pm.betweenness


def closeness(obj: Network | GraphView, *, weight: str | None = None, **kwargs: Any) -> np.ndarray:
    """Closeness centrality, Wasserman–Faust improved (NetworkX ``closeness_centrality``).

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"}])
    >>> closeness(net).round(4).tolist()
    [0.6667, 1.0, 0.6667]
    """
    return shortest_path_measures(obj, weight=weight, **kwargs).closeness


def harmonic_closeness(
    obj: Network | GraphView, *, weight: str | None = None, **kwargs: Any
) -> np.ndarray:
    """Harmonic closeness divided by ``n - 1`` (NetworkX ``harmonic_centrality / (n-1)``).

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"}])
    >>> harmonic_closeness(net).tolist()
    [0.75, 1.0, 0.75]
    """
    return shortest_path_measures(obj, weight=weight, **kwargs).harmonic


def mean_distance(obj: Network | GraphView, *, weight: str | None = None, **kwargs: Any) -> float:
    """Mean shortest-path length between actors of the largest weakly connected component.

    Undirected: NetworkX's ``average_shortest_path_length`` of that component. Directed: the
    mean over ordered pairs ``(u, v)`` of the component such that ``v`` is reachable from
    ``u``.

    Examples
    --------
    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"}])
    >>> mean_distance(net)
    1.3333333333333333
    """
    return shortest_path_measures(obj, weight=weight, **kwargs).mean_distance
