"""Shared helpers of the engine tests: NetworkX graphs as engine input, the shared data."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from jejaring.graph.network import Network
from jejaring.shared_data import shared_data

#: The published data sets used by the tests (see :mod:`jejaring.shared_data`).
DATA = shared_data()


def data_dir(name: str) -> Path:
    """The folder of one data set, or skip the test with a clear message."""
    path = DATA / name
    if not path.is_dir():
        pytest.skip(
            f"published data not found at {path} (set JEJARING_SHARED_DATA or put it at ../shared/data)"
        )
    return path


def net_from_nx(G: nx.Graph, *, weight: str | None = None) -> Network:
    """The engine's Network of a NetworkX graph; node ``v`` becomes actor id ``str(v)``."""
    directed = "yes" if G.is_directed() else "no"
    actors = [{"id": str(v), "name": f"actor {v}"} for v in G.nodes()]
    ties = [
        {
            "source": str(u),
            "target": str(v),
            "directed": directed,
            "weight": d.get(weight, 1) if weight else 1,
        }
        for u, v, d in G.edges(data=True)
    ]
    return Network.from_records(actors, ties)


def nx_values(net: Network, values: dict) -> np.ndarray:
    """NetworkX's ``{node: value}`` in the engine's actor order (ids are ``str(node)``)."""
    by_str = {str(k): v for k, v in values.items()}
    return np.array([by_str[i] for i in net.ids], dtype=float)


def random_graph(n: int, p: float, seed: int, *, directed: bool, isolates: int = 2) -> nx.Graph:
    """A G(n, p) graph plus ``isolates`` unconnected nodes (disconnected on purpose)."""
    G = nx.gnp_random_graph(n, p, seed=seed, directed=directed)
    G.add_nodes_from(range(n, n + isolates))
    return G
