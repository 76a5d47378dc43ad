"""Published figures reproduced from the real networks in ../shared/data.

Each test names where its expected numbers were published; the data sets and their
licences are described in ../shared/data/*/README.md. Tests skip when the folder is absent.
"""

from __future__ import annotations

import csv

import networkx as nx
import numpy as np
import pytest

from jejaring.graph import analyze
from jejaring.graph.network import Network
from jejaring.graph.tests.engine_helpers import data_dir, net_from_nx, nx_values


def _edges(path) -> list[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return [(a, b) for a, b in rows[1:]]


def test_florentine_marriage_network_medici():
    # Padgett & Ansell (1993), AJS 98(6):1259–1319: 16 families, 20 marriage ties, the Pucci
    # without any. Medici betweenness 0.522 (normalised over the 15 connected families) is
    # the figure reported by Jackson (2008), *Social and Economic Networks*, §2.2.4, and by
    # NetworkX's florentine_families_graph; Guadagni 0.255 in the same table.
    folder = data_dir("florentine-families") / "csv"
    edges = _edges(folder / "marriage_edges.csv")
    with open(folder / "attributes.csv", newline="", encoding="utf-8") as fh:
        families = [row["NodeName"] for row in csv.DictReader(fh)]
    actors = [{"id": f, "name": f.title()} for f in families]
    ties = [{"source": a, "target": b, "type": "marriage"} for a, b in edges]
    res = analyze(actors, ties)
    s = res.summary
    assert (s["actors"], s["ties"], s["directed"]) == (16, 20, False)
    assert (s["components"], s["isolates"], s["largest_component"]) == (2, 1, 15)
    medici = res.ids.index("MEDICI")
    assert res.columns["betweenness"][medici] == pytest.approx(47.5)
    # Without the isolated Pucci the normalisation is over the 15 connected families.
    connected = analyze(None, ties)
    b = dict(zip(connected.ids, connected.columns["betweenness_normalized"], strict=True))
    assert round(b["MEDICI"], 3) == 0.522
    assert round(b["GUADAGNI"], 3) == 0.255
    # And every family agrees with NetworkX's own copy of the network.
    G = nx.florentine_families_graph()
    expected = {k.upper(): v for k, v in nx.betweenness_centrality(G).items()}
    assert all(b[f] == pytest.approx(expected[f], abs=1e-12) for f in expected)


def _nyakatoke_ties() -> list[dict]:
    path = data_dir("nyakatoke") / "Nyakatoke.csv"
    ties = []
    with open(path, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["willingness_link1"] == "1":  # a member of hh1 named someone in hh2
                ties.append({"source": row["hh1"], "target": row["hh2"], "type": "help"})
    return ties


def test_nyakatoke_risk_sharing_network():
    # De Weerdt (2004) in *Insurance Against Poverty*, OUP, 197–216, and the riskSharing R
    # package vignette "Basic Descriptive Statistics": 119 households, 630 arcs ("i names j"),
    # 490 pairs linked in either direction, 140 pairs where both name each other.
    ties = _nyakatoke_ties()
    actors = [{"id": str(h), "name": f"household {h}"} for h in range(1, 120)]
    res = analyze(actors, ties, patronage=False)
    s = res.summary
    assert (s["actors"], s["ties"], s["edges"], s["directed"]) == (119, 630, 630, True)
    assert len(res.view.su) == 490
    reciprocated = round(s["reciprocity"] * 630 / 2)
    assert reciprocated == 140
    und = analyze(actors, ties, undirected=True, patronage=False)
    assert und.summary["edges"] == 490


KARNATAKA = {1: 182, 30: 138, 35: 206, 37: 121, 54: 99}


@pytest.mark.parametrize("village", sorted(KARNATAKA))
def test_karnataka_villages(village):
    # Banerjee, Chandrasekhar, Duflo & Jackson (2013), Science 341:1236498, data
    # doi:10.7910/DVN/U3BIHX: household counts per village as in the data README (182, 138,
    # 206, 121, 99). Edges, mean degree, clustering, transitivity, components and mean
    # distance of the union network: derived/village_stats_computed.csv of that folder.
    folder = data_dir("karnataka-microfinance")
    adj = np.loadtxt(
        folder / "adjacency" / f"adj_allVillageRelationships_HH_vilno_{village}.csv", delimiter=","
    )
    n = adj.shape[0]
    assert n == KARNATAKA[village]
    with open(folder / "derived" / "village_stats_computed.csv", newline="") as fh:
        stats = next(r for r in csv.DictReader(fh) if int(r["village"]) == village)
    a, b = np.nonzero(np.triu(adj, 1))
    actors = [{"id": str(i), "name": str(i)} for i in range(n)]
    ties = [
        {"source": str(i), "target": str(j), "type": "kinship"} for i, j in zip(a, b, strict=True)
    ]
    res = analyze(actors, ties, patronage=False)
    s = res.summary
    assert s["actors"] == int(stats["n_matrix"])
    assert s["edges"] == int(stats["edges"])
    assert s["mean_degree"] == pytest.approx(float(stats["mean_degree"]), abs=1e-9)
    assert s["density"] == pytest.approx(float(stats["density"]), abs=1e-9)
    assert s["average_clustering"] == pytest.approx(float(stats["avg_clustering"]), abs=1e-9)
    assert s["transitivity"] == pytest.approx(float(stats["transitivity"]), abs=1e-9)
    assert s["components"] == int(stats["n_components"])
    assert s["isolates"] == int(stats["isolates"])
    assert 100 * s["largest_component"] / n == pytest.approx(float(stats["giant_pct"]), abs=1e-9)
    assert s["mean_distance"] == pytest.approx(float(stats["mean_dist_giant"]), abs=1e-9)


def test_krackhardt_managers():
    # Krackhardt (1987), Social Networks 9; Wasserman & Faust (1994): 21 managers, advice
    # 190 arcs, friendship 102, reports-to 20.
    folder = data_dir("krackhardt-hightech") / "csv"
    with open(folder / "attributes.csv", newline="") as fh:
        attrs = list(csv.DictReader(fh))
    actors = [
        {"id": r["NodeName"], "name": r["NodeName"], "department": r["Department"]} for r in attrs
    ]
    counts = {}
    for relation in ("advice", "friendship", "reportto"):
        ties = [
            {"source": a, "target": b, "type": relation}
            for a, b in _edges(folder / f"{relation}_edges.csv")
        ]
        res = analyze(actors, ties, group_by="department", patronage=False)
        counts[relation] = res.summary["ties"]
        assert res.summary["actors"] == 21 and res.summary["directed"]
        if relation == "advice":
            # In-degree = column sums of the published advice matrix.
            G = nx.DiGraph(_edges(folder / "advice_edges.csv"))
            assert np.array_equal(
                res.columns["in_degree"], nx_values(res.network, dict(G.in_degree()))
            )
            assert res.columns["brokerage_coordinator"].sum() > 0
    assert counts == {"advice": 190, "friendship": 102, "reportto": 20}


def test_krackhardt_brokerage_by_department_matches_brute_force():
    # Provenance: enumeration of all 21·20·19 ordered triples of the advice network with
    # the departments of the attribute table (Gould & Fernandez's definitions).
    import itertools

    folder = data_dir("krackhardt-hightech") / "csv"
    with open(folder / "attributes.csv", newline="") as fh:
        dept = {r["NodeName"]: r["Department"] for r in csv.DictReader(fh)}
    G = nx.DiGraph(_edges(folder / "advice_edges.csv"))
    G.add_nodes_from(dept)
    net = net_from_nx(G)
    net.attrs["department"] = np.array([dept[i] for i in net.ids], dtype=object)
    from jejaring.graph.brokerage import brokerage

    got = brokerage(net, net.attrs["department"])
    expected = {r: np.zeros(net.n, dtype=int) for r in got}
    index = {v: i for i, v in enumerate(net.ids)}
    for a, b, c in itertools.permutations(net.ids, 3):
        if G.has_edge(a, b) and G.has_edge(b, c) and not G.has_edge(a, c):
            ga, gb, gc = dept[a], dept[b], dept[c]
            role = (
                "coordinator" if ga == gb == gc else "consultant" if ga == gc
                else "representative" if ga == gb else "gatekeeper" if gc == gb else "liaison"
            )  # fmt: skip
            expected[role][index[b]] += 1
    for role in got:
        assert np.array_equal(got[role], expected[role]), role


def test_business_and_marriage_multiplex_ties_collapse():
    # Padgett's two relations together: 20 marriage + 15 business ties; pairs tied both ways
    # collapse into one edge (the union network of the data README, checked with NetworkX).
    folder = data_dir("florentine-families") / "csv"
    marriage, business = (
        _edges(folder / "marriage_edges.csv"),
        _edges(folder / "business_edges.csv"),
    )
    ties = [{"source": a, "target": b, "type": "marriage"} for a, b in marriage]
    ties += [{"source": a, "target": b, "type": "business", "directed": "no"} for a, b in business]
    res = analyze(Network.from_records(None, ties), patronage=False)
    union = nx.Graph(marriage + business)
    assert res.summary["ties"] == 35
    assert res.summary["edges"] == union.number_of_edges()
    assert res.summary["ties_by_type"] == {"marriage": 20, "business": 15}
