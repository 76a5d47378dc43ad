"""The same data and seed give the same measures bit for bit, so the same JSON bytes."""

from __future__ import annotations

import io
import random

import numpy as np

from jejaring.graph import analyze
from jejaring.graph.tests.test_engine_analyze import ACTORS, TIES


def test_two_runs_give_identical_measures_and_output():
    # ARPACK's start vector for eigenvector and hub/authority scores is random: unseeded,
    # the last digits of these columns changed from run to run.
    runs = []
    for state in (1, 2):
        random.seed(state)  # whatever the caller's generator holds, the result is the same
        res = analyze(ACTORS, TIES)
        out = io.StringIO()
        res.write_json(out, fork=False)
        runs.append((res, out.getvalue()))
    (one, text_one), (two, text_two) = runs
    for key, column in one.columns.items():
        assert np.array_equal(column, two.columns[key], equal_nan=column.dtype.kind == "f"), key
    assert text_one == text_two


def test_igraph_gets_python_random_back():
    import igraph as ig

    from jejaring.graph.rng import seeded_igraph

    with seeded_igraph(5):
        pass
    random.seed(3)
    first = ig.Graph.Erdos_Renyi(30, 0.2).get_edgelist()
    random.seed(3)
    assert ig.Graph.Erdos_Renyi(30, 0.2).get_edgelist() == first
