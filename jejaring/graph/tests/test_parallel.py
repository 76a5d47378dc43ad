"""Sharing the path units with the worker process: every unit computed once, by either side,
and the same results whoever computed what — also when the worker dies half-way."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from jejaring.graph import paths
from jejaring.graph.parallel import RemoteTasks
from jejaring.graph.tasks import TaskGraph, run_tasks
from jejaring.graph.tests.engine_helpers import net_from_nx, random_graph
from jejaring.graph.view import prepare


def _setup(directed: bool = True):
    net = net_from_nx(random_graph(120, 0.05, 5, directed=directed))
    view = prepare(net)
    plan = paths.plan_paths(view)
    return view, plan, paths.path_units(view, plan)


@pytest.mark.parametrize(("hook_seconds", "one_write"), [(0.0, True), (1.5, True), (1.5, False)])
def test_shared_units_are_each_computed_once_with_identical_results(
    monkeypatch, hook_seconds, one_write
):
    # A busy main process (the hook) leaves the worker most units; an idle one takes most
    # itself. Either way every unit is computed exactly once and the sums are identical,
    # whether the graph went to the worker in one write or streamed (district size).
    from jejaring.graph import parallel

    if not one_write:
        monkeypatch.setattr(parallel, "ONE_WRITE_MAX_BYTES", 0)
    view, plan, units = _setup()
    alone = paths.run_units(TaskGraph.from_view(view), units, parallel=False)
    mine: list[int] = []
    results = paths.run_units(
        TaskGraph.from_view(view),
        units,
        parallel=True,
        progress=lambda step, done, total: mine.append(done),
        local_hook=lambda: time.sleep(hook_seconds),
    )
    by_worker = len(results.pop("_worker_timings"))
    results.pop("_worker_maxrss_kb")
    by_me = len(mine) - 1  # the last report says "all done"
    assert by_me + by_worker == len(units)
    if hook_seconds:
        assert by_worker > 0
    assert results.keys() == alone.keys()
    one = paths.combine_paths(view, plan, alone)
    two = paths.combine_paths(view, plan, results)
    assert np.array_equal(one.betweenness, two.betweenness)
    assert np.array_equal(one.closeness, two.closeness)
    assert np.array_equal(one.harmonic, two.harmonic)


def test_meeting_order_puts_the_largest_units_at_both_ends():
    units = [(str(c), "t", (), float(c)) for c in (1, 5, 3, 9, 2, 7)]
    assert [u[3] for u in paths.meeting_order(units)] == [9, 5, 2, 1, 3, 7]


def test_units_a_dead_worker_claimed_are_computed_here(monkeypatch):
    # A worker that claims the last unit and dies without replying.
    code = (
        "import os, pickle, sys; job = pickle.load(sys.stdin.buffer);"
        "last = len(job['shared']) - 1;"
        "os.close(os.open(os.path.join(job['claims'], str(last)), os.O_CREAT | os.O_EXCL));"
        "sys.exit(3)"
    )
    monkeypatch.setattr(RemoteTasks, "command", ("-c", code))
    view, _, units = _setup(directed=False)
    tg = TaskGraph.from_view(view)
    tasks = [(u[1], u[2]) for u in units]
    worker = RemoteTasks(tg, [], shared=tasks)
    claims = worker._claims.name
    last = os.path.join(claims, str(len(tasks) - 1))
    deadline = time.monotonic() + 30
    while not os.path.exists(last) and time.monotonic() < deadline:
        time.sleep(0.02)
    mine = set()
    for index in range(len(tasks)):
        if not worker.claim(index):
            break
        mine.add(index)
    assert mine == set(range(len(tasks) - 1))
    with pytest.warns(RuntimeWarning, match="worker process failed"):
        worker.collect()
    rest = worker.shared_results(mine)
    assert list(rest) == [len(tasks) - 1]
    expected = run_tasks(tg, [tasks[-1]])[0]
    assert all(np.array_equal(a, b) for a, b in zip(rest[len(tasks) - 1], expected, strict=True))
    worker.close()
    assert not os.path.exists(claims)


def test_district_mode_with_the_worker_equals_one_process():
    # Sampled paths with Leiden and the triangles reserved for the worker (how districts
    # run) give the same table as one process doing everything.
    from jejaring.graph import analyze

    G = random_graph(300, 0.02, 9, directed=True)
    actors = [{"id": str(v), "name": f"Warga {v}"} for v in G.nodes]
    ties = [{"source": str(a), "target": str(b), "type": "credit"} for a, b in G.edges]
    opts = {"exact_max": 10, "samples": 60, "seed": 5}
    one = analyze(actors, ties, workers=1, **opts)
    two = analyze(actors, ties, workers=2, **opts)
    assert two.options["workers"] == 2 and not two.summary["paths_exact"]
    for key in ("betweenness", "closeness", "community", "clustering", "constraint", "pagerank"):
        assert np.array_equal(one.columns[key], two.columns[key], equal_nan=True), key
    assert one.summary == two.summary
