"""Gould–Fernandez brokerage: counts equal a brute-force enumeration of all triples.

Provenance: a direct enumeration of every ordered triple (a, b, c) applying the definition
(Gould & Fernandez 1989, Sociological Methodology 19:89–126, as stated in issue 3), and the
hand-counted example of docs/measures.md.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pytest

from jejaring.graph.brokerage import ROLES, brokerage, brokerage_expected, group_codes
from jejaring.graph.network import Network
from jejaring.graph.view import prepare


def _brute(view, groups) -> dict[str, np.ndarray]:
    n = view.n
    s, d, _ = view.arcs()
    adj = np.zeros((n, n), dtype=bool)
    adj[s, d] = True
    out = {r: np.zeros(n, dtype=np.int64) for r in ROLES}
    for a, b, c in itertools.permutations(range(n), 3):
        if not (adj[a, b] and adj[b, c]) or adj[a, c]:
            continue
        ga, gb, gc = groups[a], groups[b], groups[c]
        if "" in (ga, gb, gc):
            continue
        if ga == gb == gc:
            role = "coordinator"
        elif ga == gc:
            role = "consultant"
        elif ga == gb:
            role = "representative"
        elif gc == gb:
            role = "gatekeeper"
        else:
            role = "liaison"
        out[role][b] += 1
    return out


def _random_network(rng, mode: str) -> Network:
    n = int(rng.integers(3, 14))
    ties = []
    for _ in range(int(rng.integers(0, 3 * n))):
        u, v = rng.integers(0, n, 2)
        directed = {"directed": "yes", "undirected": "no"}.get(mode)
        if directed is None:
            directed = "yes" if rng.random() < 0.5 else "no"
        ties.append({"source": f"v{u}", "target": f"v{v}", "directed": directed})
    groups = rng.choice(["A", "B", "C", ""], n, p=[0.35, 0.3, 0.25, 0.1])
    actors = [{"id": f"v{i}", "name": f"v{i}", "hamlet": groups[i]} for i in range(n)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # self-loops are dropped with a warning
        return Network.from_records(actors, ties)


@pytest.mark.parametrize("mode", ["directed", "undirected", "mixed"])
def test_counts_equal_brute_force(mode):
    rng = np.random.default_rng({"directed": 1, "undirected": 2, "mixed": 3}[mode])
    for _ in range(25):
        net = _random_network(rng, mode)
        view = prepare(net)
        got = brokerage(view, net.attrs["hamlet"])
        expected = _brute(view, net.attrs["hamlet"].tolist())
        for role in ROLES:
            assert np.array_equal(got[role], expected[role]), role


def test_hand_counted_example_of_the_docs():
    # docs/measures.md: Pak Bejo (Krajan) between Krajan, Ngasem and Sumber; F → C closes
    # the two-path F → B → C, so it is not counted. One two-path of each role.
    actors = [
        {"id": "A", "name": "Pak Amat", "dusun": "Krajan"},
        {"id": "B", "name": "Pak Bejo", "dusun": "Krajan"},
        {"id": "C", "name": "Bu Cici", "dusun": "Krajan"},
        {"id": "D", "name": "Pak Darto", "dusun": "Ngasem"},
        {"id": "E", "name": "Bu Endang", "dusun": "Ngasem"},
        {"id": "F", "name": "Pak Fajar", "dusun": "Sumber"},
    ]
    ties = [
        {"sumber": s, "tujuan": t, "jenis": "nasihat"}
        for s, t in ["AB", "DB", "FB", "BC", "BE", "FC"]
    ]
    net = Network.from_records(actors, ties)
    counts = brokerage(net, net.attrs["hamlet"])
    assert {r: int(c[1]) for r, c in counts.items()} == dict.fromkeys(ROLES, 1)
    assert sum(int(c.sum()) for c in counts.values()) == 5


def test_unknown_group_takes_part_in_no_counted_two_path():
    net = Network.from_records(
        [{"id": x, "name": x, "hamlet": h} for x, h in [("a", "X"), ("b", ""), ("c", "X")]],
        [{"source": "a", "target": "b"}, {"source": "b", "target": "c"}],
    )
    counts = brokerage(net, net.attrs["hamlet"])
    assert all(int(c.sum()) == 0 for c in counts.values())


def test_expected_counts_equal_the_average_over_random_group_assignments():
    # Provenance: brute force of Gould & Fernandez's null model on a small graph — the
    # broker keeps its group, the other actors' labels are permuted in every possible way
    # (observed group sizes kept), and the counts are averaged.
    rng = np.random.default_rng(5)
    n = 7
    ties = [
        {"source": f"v{u}", "target": f"v{v}"} for u, v in rng.integers(0, n, (16, 2)) if u != v
    ]
    labels = np.array(["X", "X", "X", "Y", "Y", "Z", "Z"], dtype=object)
    actors = [{"id": f"v{i}", "name": str(i), "hamlet": labels[i]} for i in range(n)]
    net = Network.from_records(actors, ties)
    view = prepare(net)
    counts = brokerage(view, net.attrs["hamlet"])
    expected, _ = brokerage_expected(counts, net.attrs["hamlet"])
    order = [net.ids.index(f"v{i}") for i in range(n)]
    groups = net.attrs["hamlet"]
    for b in order:
        others = [i for i in range(n) if i != b]
        sums = dict.fromkeys(ROLES, 0.0)
        perms = list(itertools.permutations(groups[others].tolist()))
        for perm in perms:
            g = groups.copy()
            g[others] = perm
            c = _brute(view, g.tolist())
            for r in ROLES:
                sums[r] += c[r][b]
        for r in ROLES:
            assert expected[r][b] == pytest.approx(sums[r] / len(perms), abs=1e-9), (b, r)
    total = sum(np.asarray(counts[r], float) for r in ROLES)
    assert np.allclose(sum(expected[r] for r in ROLES), total)


def test_group_codes_ignore_missing_values():
    assert group_codes(["x", None, "", "y", "x"]).tolist() == [0, -1, -1, 1, 0]
