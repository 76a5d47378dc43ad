"""Every standard measure agrees with NetworkX to 1e-9 on seeded random graphs.

Provenance of every expected value: NetworkX 3.6 computed in the test on the same graph
(directed and undirected G(n, p) graphs with isolated nodes, so they are disconnected).
PageRank, eigenvector and HITS are run with a tolerance of 1e-14 so that NetworkX's power
iterations are themselves accurate to well below 1e-9.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jejaring.graph import centrality, cohesion, community, paths, structuralholes
from jejaring.graph.network import Network
from jejaring.graph.tests.engine_helpers import net_from_nx, nx_values, random_graph
from jejaring.graph.view import prepare

TOL = 1e-9
CASES = [(directed, seed) for directed in (False, True) for seed in (1, 2, 3)]


def _graph(directed: bool, seed: int) -> nx.Graph:
    p = 0.06 if directed else 0.08
    return random_graph(60, p, seed, directed=directed)


def _weighted(directed: bool, seed: int) -> nx.Graph:
    G = _graph(directed, seed)
    rng = np.random.default_rng(seed)
    for u, v in G.edges():
        # Powers of two keep path lengths 1/w exact in binary, so ties between equally
        # short paths are recognised the same way by igraph and NetworkX.
        w = float(rng.choice([1, 2, 4]))
        G[u][v]["weight"] = w
        G[u][v]["dist"] = 1.0 / w
    return G


@pytest.mark.parametrize(("directed", "seed"), CASES)
def test_degrees_and_strength(directed, seed):
    G = _weighted(directed, seed)
    net = net_from_nx(G, weight="weight")
    v = prepare(net)
    assert np.array_equal(centrality.degree(v), nx_values(net, dict(G.degree())))
    strength = dict(G.degree(weight="weight"))
    assert np.allclose(centrality.strength(v), nx_values(net, strength), atol=TOL)
    if directed:
        assert np.array_equal(centrality.in_degree(v), nx_values(net, dict(G.in_degree())))
        assert np.array_equal(centrality.out_degree(v), nx_values(net, dict(G.out_degree())))


@pytest.mark.parametrize(("directed", "seed"), CASES)
def test_shortest_path_measures(directed, seed):
    G = _graph(directed, seed)
    net = net_from_nx(G)
    pm = paths.shortest_path_measures(net, workers=1)
    n = G.number_of_nodes()
    b_raw = nx.betweenness_centrality(G, normalized=False)
    b_norm = nx.betweenness_centrality(G, normalized=True)
    assert np.allclose(pm.betweenness, nx_values(net, b_raw), atol=TOL)
    assert np.allclose(pm.betweenness_normalized, nx_values(net, b_norm), atol=TOL)
    assert np.allclose(pm.closeness, nx_values(net, nx.closeness_centrality(G)), atol=TOL)
    harmonic = nx_values(net, nx.harmonic_centrality(G)) / (n - 1)
    assert np.allclose(pm.harmonic, harmonic, atol=TOL)
    assert pm.exact and np.isnan(pm.betweenness_se).all()


@pytest.mark.parametrize(("directed", "seed"), CASES[:1] + CASES[3:4])
def test_weighted_paths_use_inverse_weight_as_length(directed, seed):
    G = _weighted(directed, seed)
    net = net_from_nx(G, weight="weight")
    pm = paths.shortest_path_measures(net, weight="weight", workers=1)
    b = nx.betweenness_centrality(G, weight="dist", normalized=False)
    c = nx.closeness_centrality(G, distance="dist")
    h = nx.harmonic_centrality(G, distance="dist")
    assert np.allclose(pm.betweenness, nx_values(net, b), atol=TOL)
    assert np.allclose(pm.closeness, nx_values(net, c), atol=TOL)
    assert np.allclose(pm.harmonic, nx_values(net, h) / (G.number_of_nodes() - 1), atol=TOL)


def test_mean_distance_of_largest_component():
    G = _graph(False, 4)
    G.add_edges_from([(100, 101), (101, 102)])  # a second, smaller component
    net = net_from_nx(G)
    giant = G.subgraph(max(nx.connected_components(G), key=len))
    expected = nx.average_shortest_path_length(giant)
    assert paths.mean_distance(net, workers=1) == pytest.approx(expected, abs=TOL)


def test_directed_mean_distance_over_reachable_pairs():
    # Provenance: brute force over NetworkX's all-pairs distances of the largest weak
    # component (ordered pairs u != v with v reachable from u).
    G = _graph(True, 5)
    net = net_from_nx(G)
    comp = max(nx.weakly_connected_components(G), key=len)
    lengths = [
        d
        for u, dist in nx.all_pairs_shortest_path_length(G)
        if u in comp
        for v, d in dist.items()
        if v != u
    ]
    assert paths.mean_distance(net, workers=1) == pytest.approx(np.mean(lengths), abs=TOL)


@pytest.mark.parametrize(("directed", "seed"), CASES)
def test_pagerank(directed, seed):
    G = _weighted(directed, seed)
    net = net_from_nx(G, weight="weight")
    for weighted in (False, True):
        pr = nx.pagerank(G, weight="weight" if weighted else None, tol=1e-14, max_iter=10_000)
        got = centrality.pagerank(prepare(net, weighted=weighted))
        assert np.allclose(got, nx_values(net, pr), atol=TOL)


@st.composite
def _arcs(draw):
    """A small directed weighted graph: dangling actors (no outgoing arc), isolated ones,
    repeated arcs (their weights add up) and self-loops (dropped) all occur."""
    n = draw(st.integers(1, 20))
    arcs = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 9)),
            max_size=60,
        )
    )
    return n, arcs


@settings(max_examples=80, deadline=None)
@given(graph=_arcs(), weighted=st.booleans(), alpha=st.sampled_from([0.5, 0.85, 0.95]))
def test_pagerank_equals_networkx_directed_weighted_dangling(graph, weighted, alpha):
    # Provenance: NetworkX's pagerank on the DiGraph of the same arcs (summed weights, no
    # self-loops), run to 1e-15 so its own error is far below the tolerance.
    n, arcs = graph
    G = nx.DiGraph()
    G.add_nodes_from(range(n))
    for u, v, w in arcs:
        if u != v:
            old = G[u][v]["weight"] if G.has_edge(u, v) else 0
            G.add_edge(u, v, weight=old + w)
    actors = [{"id": str(i), "name": str(i)} for i in range(n)]
    ties = [{"source": str(u), "target": str(v), "weight": w} for u, v, w in arcs if u != v]
    net = Network.from_records(actors, ties)
    pr = nx.pagerank(
        G, alpha=alpha, weight="weight" if weighted else None, tol=1e-15, max_iter=100_000
    )
    got = centrality.pagerank(prepare(net, weighted=weighted), alpha=alpha)
    assert np.allclose(got, nx_values(net, pr), rtol=0, atol=1e-12)
    assert got.sum() == pytest.approx(1.0, abs=1e-14)


@pytest.mark.parametrize(("directed", "seed"), CASES)
def test_eigenvector(directed, seed):
    # A dominant eigenvalue must be simple for the vector to be unique: the giant component
    # (undirected) or a strongly connected core (directed) guarantees it here.
    G = random_graph(50, 0.12, seed, directed=directed)
    net = net_from_nx(G)
    ev = nx.eigenvector_centrality(G, tol=1e-14, max_iter=100_000)
    assert np.allclose(centrality.eigenvector(net), nx_values(net, ev), atol=TOL)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_hits(seed):
    G = random_graph(50, 0.1, seed, directed=True)
    net = net_from_nx(G)
    hubs, auths = nx.hits(G, tol=1e-14, max_iter=100_000)
    h, a = centrality.hits(net)
    assert np.allclose(h, nx_values(net, hubs), atol=TOL)
    assert np.allclose(a, nx_values(net, auths), atol=TOL)


@pytest.mark.parametrize(("directed", "seed"), CASES)
def test_k_core(directed, seed):
    G = _graph(directed, seed)
    net = net_from_nx(G)
    assert np.array_equal(centrality.k_core(net), nx_values(net, nx.core_number(G)))


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", range(6))
def test_k_core_by_peeling_equals_igraph(directed, seed, monkeypatch):
    # Above SPECTRAL_EXACT_MAX actors the core numbers come from peeling on whole arrays;
    # sparse and dense graphs, mutual ties, isolates and long chains (many rounds).
    rng = np.random.default_rng(seed)
    G = random_graph(int(rng.integers(20, 300)), float(rng.choice([0.005, 0.03, 0.2])), seed,
                     directed=directed)  # fmt: skip
    nx.add_path(G, range(1000, 1000 + int(rng.integers(2, 60))))
    view = prepare(net_from_nx(G))
    expected = np.asarray(view.igraph().coreness(mode="all"), dtype=np.int64)
    monkeypatch.setattr(centrality, "SPECTRAL_EXACT_MAX", 0)
    assert np.array_equal(centrality._peeled_cores(view), expected)
    assert np.array_equal(centrality.k_core(prepare(net_from_nx(G))), expected)
    monkeypatch.setattr(centrality, "PEEL_MAX_ROUNDS", 1)  # too many rounds: igraph's answer
    assert np.array_equal(centrality.k_core(prepare(net_from_nx(G))), expected)


def _nx_effective_size(G: nx.Graph, weight: str | None) -> dict:
    """Burt's effective size from NetworkX's own building blocks, for every node.

    ``nx.effective_size`` skips nodes without out-neighbours in a DiGraph (NaN) and its
    all-nodes fast path divides by the wrong maximum when weighted or directed; the
    definition it documents is this sum (``normalized_mutual_weight`` is NetworkX's).
    """
    from networkx.algorithms.structuralholes import normalized_mutual_weight as nmw

    out = {}
    for v in G:
        nbrs = set(nx.all_neighbors(G, v))
        if not nbrs:
            out[v] = float("nan")
            continue
        out[v] = sum(
            1
            - sum(nmw(G, v, w, weight=weight) * nmw(G, u, w, norm=max, weight=weight) for w in nbrs)
            for u in nbrs
        )
    return out


@pytest.mark.parametrize(("directed", "seed"), CASES)
@pytest.mark.parametrize("weighted", [False, True])
def test_constraint_and_effective_size(directed, seed, weighted):
    # Provenance: NetworkX's constraint (all-nodes path, which counts in- and out-neighbours)
    # and its documented effective size (see _nx_effective_size).
    G = _weighted(directed, seed)
    net = net_from_nx(G, weight="weight")
    w = "weight" if weighted else None
    cons, esize = structuralholes.structural_holes(prepare(net, weighted=weighted))
    exp_c = nx_values(net, nx.constraint(G, weight=w))
    exp_e = nx_values(net, _nx_effective_size(G, w))
    assert np.array_equal(np.isnan(cons), np.isnan(exp_c))
    assert np.allclose(cons, exp_c, atol=TOL, equal_nan=True)
    assert np.allclose(esize, exp_e, atol=TOL, equal_nan=True)
    if not directed:
        # Undirected: NetworkX's own effective_size (Borgatti's formula when unweighted).
        exp = nx_values(net, nx.effective_size(G, nodes=list(G), weight=w))
        assert np.allclose(esize, exp, atol=TOL, equal_nan=True)


@pytest.mark.parametrize(("directed", "seed"), CASES)
def test_cohesion(directed, seed):
    G = _graph(directed, seed)
    net = net_from_nx(G)
    v = prepare(net)
    assert cohesion.density(v) == pytest.approx(nx.density(G), abs=TOL)
    assert np.allclose(cohesion.clustering(v), nx_values(net, nx.clustering(G)), atol=TOL)
    assert cohesion.average_clustering(v) == pytest.approx(nx.average_clustering(G), abs=TOL)
    und = G.to_undirected() if directed else G
    assert cohesion.transitivity(v) == pytest.approx(nx.transitivity(und), abs=TOL)
    weak, strong, largest = cohesion.components(v)
    if directed:
        assert weak == nx.number_weakly_connected_components(G)
        assert strong == nx.number_strongly_connected_components(G)
        assert cohesion.reciprocity(v) == pytest.approx(nx.overall_reciprocity(G), abs=TOL)
    else:
        assert weak == strong == nx.number_connected_components(G)
        assert np.isnan(cohesion.reciprocity(v))
    assert largest == len(max(nx.connected_components(und), key=len))


def test_centralization_of_a_star_and_a_ring():
    # Provenance: Freeman (1979) — a star is the most centralised graph (1), a ring the
    # least (0); for a random graph, Freeman's sum over NetworkX's degrees and betweenness.
    star = prepare(net_from_nx(nx.star_graph(6)))
    assert cohesion.degree_centralization(star) == pytest.approx(1.0)
    b = paths.betweenness(star, workers=1)
    assert cohesion.betweenness_centralization(b) == pytest.approx(1.0)
    in_star = prepare(net_from_nx(nx.DiGraph([(i, 0) for i in range(1, 7)])))
    assert cohesion.degree_centralization(in_star, "in") == pytest.approx(1.0)
    ring = prepare(net_from_nx(nx.cycle_graph(7)))
    assert cohesion.degree_centralization(ring) == pytest.approx(0.0)

    G = nx.gnp_random_graph(30, 0.15, seed=8, directed=True)
    v = prepare(net_from_nx(G))
    n = 30
    d_in = np.array([d for _, d in G.in_degree()], dtype=float)
    expected_in = np.sum(d_in.max() - d_in) / (n - 1) ** 2
    assert cohesion.degree_centralization(v, "in") == pytest.approx(expected_in, abs=TOL)
    bn = np.array(list(nx.betweenness_centrality(G).values()))
    expected_b = np.sum(bn.max() - bn) / (n - 1)
    b = paths.betweenness(v, workers=1)
    assert cohesion.betweenness_centralization(b) == pytest.approx(expected_b, abs=TOL)


@pytest.mark.parametrize("directed", [False, True])
def test_modularity_and_seeded_communities(directed):
    G = _graph(directed, 6)
    net = net_from_nx(G)
    v = prepare(net)
    labels = community.communities(v, seed=11)
    assert np.array_equal(labels, community.communities(v, seed=11))
    parts = [
        {int(net.ids[i]) for i in np.flatnonzero(labels == k)} for k in range(labels.max() + 1)
    ]
    expected = nx.community.modularity(G.to_undirected(), parts)
    assert community.modularity(v, labels) == pytest.approx(expected, abs=TOL)
    sizes = np.bincount(labels)
    assert list(sizes) == sorted(sizes, reverse=True)
    louvain = community.communities(v, method="louvain", seed=11)
    assert community.modularity(v, louvain) > 0.2


def test_worker_process_gives_identical_results():
    G = _weighted(True, 7)
    net = net_from_nx(G, weight="weight")
    one = paths.shortest_path_measures(net, workers=1)
    two = paths.shortest_path_measures(net, workers=2)
    assert np.array_equal(one.betweenness, two.betweenness)
    assert np.array_equal(one.closeness, two.closeness)
    assert np.array_equal(one.harmonic, two.harmonic)


def test_mixed_ties_are_directed_with_undirected_ties_both_ways():
    # Provenance: the same graph built in NetworkX with the undirected tie as two arcs.
    net = Network.from_records(
        None,
        [
            {"source": "a", "target": "b", "type": "credit"},
            {"source": "b", "target": "c", "type": "kinship"},
            {"source": "c", "target": "d", "type": "credit"},
        ],
    )
    G = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("c", "d")])
    v = prepare(net)
    assert v.directed
    b = nx.betweenness_centrality(G, normalized=False)
    assert np.allclose(paths.betweenness(v, normalized=False, workers=1), nx_values(net, b))
    und = prepare(net, undirected=True)
    assert not und.directed and und.m == 3


@pytest.mark.parametrize("directed", [False, True])
def test_power_iteration_path_of_large_networks(monkeypatch, directed):
    # Above SPECTRAL_EXACT_MAX actors the spectral measures are power iterations; forced
    # here on a small graph, they still agree with NetworkX (to their 1e-9 stopping rule).
    monkeypatch.setattr(centrality, "SPECTRAL_EXACT_MAX", 0)
    G = random_graph(50, 0.12, 3, directed=directed)
    net = net_from_nx(G)
    v = prepare(net)
    pr = nx.pagerank(G, tol=1e-14, max_iter=10_000)
    assert np.allclose(centrality.pagerank(v), nx_values(net, pr), atol=1e-8)
    ev = nx.eigenvector_centrality(G, tol=1e-14, max_iter=100_000)
    assert np.allclose(centrality.eigenvector(v), nx_values(net, ev), atol=1e-8)
    if directed:
        hubs, auths = nx.hits(G, tol=1e-14, max_iter=100_000)
        h, a = centrality.hits(v)
        assert np.allclose(a, nx_values(net, auths), atol=1e-8)
        assert np.allclose(h, nx_values(net, hubs), atol=1e-8)


@pytest.mark.parametrize("dense_max", [500, 0])
@pytest.mark.parametrize("directed", [False, True])
def test_spectral_measures_survive_an_arpack_failure(monkeypatch, directed, dense_max):
    # igraph's ARPACK starts from a random vector and now and then stops with "LAPACK error
    # in tridiagonal eigenvalue calculation" (once in ~30 runs on Krackhardt's friendship
    # network). The deterministic fallback — dense LAPACK, or scipy's ARPACK from the
    # uniform vector (dense_max=0) — must give NetworkX's values all the same.
    import igraph

    def fail(*args, **kwargs):
        raise igraph.InternalError("Error at src/linalg/arpack.c:1308: LAPACK error")

    monkeypatch.setattr(igraph.Graph, "eigenvector_centrality", fail)
    monkeypatch.setattr(igraph.Graph, "authority_score", fail)
    monkeypatch.setattr(centrality, "DENSE_FALLBACK_MAX", dense_max)
    G = random_graph(50, 0.12, 3, directed=directed)
    net = net_from_nx(G)
    ev = nx.eigenvector_centrality(G, tol=1e-14, max_iter=100_000)
    assert np.allclose(centrality.eigenvector(net), nx_values(net, ev), atol=TOL)
    if directed:
        hubs, auths = nx.hits(G, tol=1e-14, max_iter=100_000)
        h, a = centrality.hits(net)
        assert np.allclose(a, nx_values(net, auths), atol=TOL)
        assert np.allclose(h, nx_values(net, hubs), atol=TOL)
