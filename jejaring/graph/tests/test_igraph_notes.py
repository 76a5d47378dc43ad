"""igraph's notes on acyclic or disconnected graphs never reach stderr (issue 12, item 20).

A village recorded as a few chains of dependency (client → broker → patron) has no cycle;
igraph then prints "Graph is directed and acyclic…" or "Eigenvector centrality is not
meaningful…" for every analysis. The web server runs analyses in several threads at once, so a
per-call ``catch_warnings`` did not keep them off the terminal. Each check runs in a fresh
interpreter with Python's default warning filters, as the server and the CLI do.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from jejaring.graph import analyze
from jejaring.graph.centrality import eigenvector, hits
from jejaring.graph.network import Network

# A chain village: 20 clients of 4 patrons, the patrons sell to one trader; no cycle.
_DAG = [{"source": f"c{i}", "target": f"p{i % 4}", "type": "credit"} for i in range(20)] + [
    {"source": f"p{j}", "target": "t", "type": "purchase"} for j in range(4)
]


def _stderr_of(code: str) -> str:
    run = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return run.stderr


def test_igraph_call_after_engine_import_is_silent():
    stderr = _stderr_of(
        """
        import igraph
        import jejaring.graph.centrality
        g = igraph.Graph(4, [(0, 1), (2, 1)], directed=True)
        g.eigenvector_centrality(directed=True)
        g.hub_score()
        """
    )
    assert "acyclic" not in stderr and "not meaningful" not in stderr, stderr


def test_concurrent_analyses_print_no_igraph_note():
    stderr = _stderr_of(
        f"""
        from concurrent.futures import ThreadPoolExecutor
        from jejaring.graph import analyze
        ties = {_DAG!r}
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda _: analyze(None, ties, recommend=False), range(24)))
        """
    )
    assert "Eigenvector" not in stderr and "acyclic" not in stderr, stderr


def test_acyclic_convention_sinks_get_one_over_root_k():
    # Hand count: the only sink of the chain village is the trader t (k = 1); with a second,
    # separate chain a → b there are two sinks, each 1/√2.
    net = Network.from_records(None, [*_DAG, {"source": "a", "target": "b", "type": "credit"}])
    x = dict(zip(net.ids, eigenvector(net).tolist(), strict=True))
    assert x["t"] == pytest.approx(2**-0.5) and x["b"] == pytest.approx(2**-0.5)
    assert all(v == 0 for k, v in x.items() if k not in ("t", "b"))
    # A worker thread (where the measures are solved without igraph) keeps the convention.
    with ThreadPoolExecutor(1) as pool:
        y = pool.submit(eigenvector, net).result()
    assert y == pytest.approx(eigenvector(net))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_worker_thread_gives_the_main_thread_values(seed):
    # Random village with cycles (kinship both ways, credit one way); the main thread asks
    # igraph, a worker thread solves the same eigenproblems with scipy/LAPACK.
    rng = np.random.default_rng(seed)
    ties = [
        {"source": f"a{i}", "target": f"a{j}", "type": rng.choice(["credit", "kinship"])}
        for i, j in rng.integers(0, 40, size=(90, 2))
        if i != j
    ]
    net = Network.from_records(None, ties)
    with ThreadPoolExecutor(1) as pool:
        ev = pool.submit(eigenvector, net).result()
        hub, auth = pool.submit(hits, net).result()
    assert ev == pytest.approx(eigenvector(net), abs=1e-6)
    main_hub, main_auth = hits(net)
    assert hub == pytest.approx(main_hub, abs=1e-6)
    assert auth == pytest.approx(main_auth, abs=1e-6)


def test_analysis_result_carries_no_igraph_note():
    res = analyze(None, _DAG, recommend=False)
    assert not [w for w in res.warnings if "eigenvector" in w.lower() or "acyclic" in w]
