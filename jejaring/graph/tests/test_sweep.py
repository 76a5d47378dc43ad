"""The native shortest-path kernel against igraph (the fallback) and NetworkX.

Provenance of every expected value: igraph's betweenness / closeness / harmonic centrality
(the engine's fallback path, :mod:`jejaring.graph.paths_igraph`) and NetworkX 3.x computed in
the test on the same random graph: directed and undirected, weighted and not, with
isolated actors, disconnected parts and parallel ties (which collapse into one tie whose
weight is their sum).
"""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jejaring.graph import paths, sweep
from jejaring.graph.network import Network
from jejaring.graph.pipeline import analyze
from jejaring.graph.tests.engine_helpers import nx_values
from jejaring.graph.view import prepare

native = pytest.mark.skipif(
    not sweep.native_available(), reason="native kernel not built or JEJARING_NATIVE=0"
)
REL = 1e-12


@st.composite
def networks(draw):
    """A small network: some actors without ties, ties possibly repeated (parallel)."""
    n = draw(st.integers(2, 24))
    directed = draw(st.booleans())
    pairs = draw(
        st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), min_size=0, max_size=70)
    )
    weights = draw(st.lists(st.integers(1, 4), min_size=len(pairs), max_size=len(pairs)))
    actors = [{"id": f"a{i}", "name": f"A{i}"} for i in range(n)]
    ties = [
        {"source": f"a{u}", "target": f"a{v}", "directed": "yes" if directed else "no", "weight": w}
        for (u, v), w in zip(pairs, weights, strict=True)
        if u != v
    ]
    return Network.from_records(actors, ties)


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    a, b = np.asarray(a, float), np.asarray(b, float)
    same_nan = np.array_equal(np.isnan(a), np.isnan(b))
    ok = ~np.isnan(a)
    return same_nan and np.allclose(a[ok], b[ok], rtol=REL, atol=1e-300)


def _agree(x: paths.PathMeasures, y: paths.PathMeasures) -> None:
    for name in (
        "betweenness", "betweenness_normalized", "betweenness_se", "closeness",
        "closeness_se", "harmonic", "harmonic_se",
    ):  # fmt: skip
        assert _close(getattr(x, name), getattr(y, name)), name
    assert _close([x.mean_distance], [y.mean_distance])
    assert (x.exact, x.sources) == (y.exact, y.sources)


@native
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=networks(), weighted=st.booleans(), sampled=st.booleans())
def test_kernel_equals_igraph(net, weighted, sampled):
    view = prepare(net, weighted=weighted)
    plan = paths.plan_paths(view, exact_max=4 if sampled else 10_000, samples=5, seed=1)
    _agree(paths._native_measures(view, plan, 1, None), paths._igraph_measures(view, plan, None))


@native
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=networks())
def test_exact_unweighted_kernel_equals_igraph_to_the_last_bit(net):
    # Same floating-point operations in the same order as igraph's: the output file is the
    # same byte for byte with or without the kernel.
    view = prepare(net)
    plan = paths.plan_paths(view)
    a = paths._native_measures(view, plan, 2, None)
    b = paths._igraph_measures(view, plan, None)
    for name in ("betweenness", "closeness", "harmonic"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.mean_distance == b.mean_distance or (
        np.isnan(a.mean_distance) and np.isnan(b.mean_distance)
    )


@native
@settings(max_examples=40, deadline=None)
@given(net=networks(), weighted=st.booleans())
def test_kernel_equals_networkx(net, weighted):
    # NetworkX gets exact distances (fractions 1/w of the integer weights): it compares path
    # lengths exactly, so in floats 1/3 + 1/6 and 1/2 would be two lengths to it, one to the
    # kernel and igraph (which compare within a relative epsilon), and the counts of shortest
    # paths would differ on a rounding error rather than on a real difference.
    view = prepare(net, weighted=weighted)
    G = nx.DiGraph() if view.directed else nx.Graph()
    G.add_nodes_from(net.ids)
    for a, b, w in zip(view.src.tolist(), view.dst.tolist(), view.weight.tolist(), strict=True):
        G.add_edge(net.ids[a], net.ids[b], dist=Fraction(1) / Fraction(w))
    dist = "dist" if weighted else None
    pm = paths.shortest_path_measures(view, workers=1)
    n = view.n
    b = nx_values(net, nx.betweenness_centrality(G, weight=dist, normalized=False))
    c = nx_values(net, nx.closeness_centrality(G, distance=dist))
    h = nx_values(net, nx.harmonic_centrality(G, distance=dist)) / (n - 1)
    assert np.allclose(pm.betweenness, b, rtol=1e-9, atol=1e-9)
    assert np.allclose(pm.closeness, c, rtol=1e-9, atol=1e-9)
    assert np.allclose(pm.harmonic, h, rtol=1e-9, atol=1e-9)


@native
@pytest.mark.parametrize("exact", [True, False, None])
def test_one_thread_or_two_give_identical_results(exact, monkeypatch):
    monkeypatch.setattr(paths, "ADAPTIVE_WORK", 1e6)  # adaptive: at most ~100 sources
    G = nx.gnp_random_graph(400, 0.01, seed=5, directed=True)
    net = Network.from_records(
        [{"id": str(v), "name": str(v)} for v in G],
        [{"source": str(u), "target": str(v)} for u, v in G.edges()],
    )
    # exact; a fixed sample; adaptive sampling (no sample size given)
    kw = {
        True: {},
        False: {"exact_max": 50, "samples": 100, "seed": 2},
        None: {"exact_max": 50, "seed": 2},
    }[exact]
    one = paths.shortest_path_measures(net, workers=1, **kw)
    two = paths.shortest_path_measures(net, workers=2, **kw)
    assert one.exact is bool(exact)
    for name in ("betweenness", "betweenness_se", "closeness", "closeness_se", "harmonic"):
        assert np.array_equal(getattr(one, name), getattr(two, name), equal_nan=True), name
    assert one.mean_distance == two.mean_distance


def test_fallback_without_the_kernel_gives_the_same_analysis(monkeypatch):
    # JEJARING_NATIVE=0 is what a user without a C compiler gets: igraph's path, same result.
    G = nx.gnp_random_graph(120, 0.03, seed=3, directed=True)
    ties = [{"source": str(u), "target": str(v), "type": "credit"} for u, v in G.edges()]
    first = analyze(None, ties, recommend=False)
    monkeypatch.setenv("JEJARING_NATIVE", "0")
    assert not sweep.native_available()
    second = analyze(None, ties, recommend=False)
    assert second.options["workers"] == 1
    for name in ("betweenness", "closeness", "harmonic_closeness", "pagerank"):
        assert _close(first.columns[name], second.columns[name]), name
    assert _close([first.summary["mean_distance"]], [second.summary["mean_distance"]])


def _district(n: int, *, village: int = 300, hamlet: int = 60, per: int = 10, seed: int = 5):
    """A small synthetic district: directed ties, 60% inside the hamlet, 35% inside the
    village, 5% anywhere (the shape of benchmarks/synthetic.py)."""
    rng = np.random.default_rng(seed)
    m = n * per
    src = rng.integers(0, n, m)
    scope = rng.random(m)
    local = src // hamlet * hamlet + rng.integers(0, hamlet, m)
    in_village = src // village * village + rng.integers(0, village, m)
    dst = np.where(scope < 0.6, local, np.where(scope < 0.95, in_village, rng.integers(0, n, m)))
    dst = np.minimum(dst, n - 1)
    keep = src != dst
    return Network.from_records(
        [{"id": f"a{i}", "name": f"A{i}"} for i in range(n)],
        [
            {"source": f"a{a}", "target": f"a{b}", "type": "credit"}
            for a, b in zip(src[keep].tolist(), dst[keep].tolist(), strict=True)
        ],
    )


@native
def test_district_brokers_do_not_depend_on_the_seed(monkeypatch):
    # The rule users rely on (docs/measures.md, "Sampled betweenness"): above exact_max the
    # top brokers are the same whatever the seed, and near exact betweenness. A small
    # district with the work budget lowered so that about half of its actors are sampled.
    monkeypatch.setattr(paths, "ADAPTIVE_WORK", 1e8)
    view = prepare(_district(3000))
    exact = paths.shortest_path_measures(view).betweenness
    runs = [paths.shortest_path_measures(view, exact_max=100, seed=s) for s in (1, 2)]
    assert all(not r.exact and r.sources < view.n for r in runs)
    a, b = (r.betweenness for r in runs)
    top20 = [set(np.argsort(-x, kind="stable")[:20].tolist()) for x in (a, b)]
    assert len(top20[0] & top20[1]) >= 16
    top10 = np.argsort(-a, kind="stable")[:10]
    assert np.median(np.abs(a[top10] - b[top10]) / a[top10]) <= 0.05
    best = np.argsort(-exact, kind="stable")[:10]
    for x in (a, b):
        assert np.median(np.abs(x[best] - exact[best]) / exact[best]) <= 0.05
    # The error the output reports is of the size of the actual error.
    assert 0 < runs[0].betweenness_relative_error < 0.1


@native
def test_adaptive_sampling_with_every_source_is_exact(monkeypatch):
    # Linear scaling (Geisberger et al.) plus searches towards the sources is unbiased: with
    # every actor sampled it is exact betweenness.
    G = nx.gnp_random_graph(150, 0.03, seed=8, directed=True)
    net = Network.from_records(
        [{"id": str(v), "name": str(v)} for v in G],
        [{"source": str(u), "target": str(v)} for u, v in G.edges()],
    )
    view = prepare(net)
    exact = paths.shortest_path_measures(view).betweenness
    monkeypatch.setattr(paths, "adaptive_cap", lambda n, m, directed=False: n)
    monkeypatch.setattr(paths, "TARGET_RELATIVE_ERROR", 0.0)
    every = paths._adaptive_native(view, 0, 2, None)
    assert every.sources == view.n
    assert np.allclose(every.betweenness, exact, rtol=1e-12, atol=1e-9)
