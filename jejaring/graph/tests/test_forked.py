"""The output part written by a forked child: same text as written in one process, and a
failed child costs only time (the parent writes the part itself)."""

from __future__ import annotations

import io
import os
import sys
import tempfile

import pytest

from jejaring.graph import analyze, forked
from jejaring.graph.tests.test_engine_analyze import ACTORS, TIES

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork: Linux only")


@pytest.fixture
def fork_allowed(monkeypatch):
    # Under pytest-xdist another thread runs in the test process; the child only formats
    # text and leaves with os._exit, so forking is safe here.
    monkeypatch.setattr(forked, "can_fork", lambda: True)


@pytest.fixture(autouse=True)
def _own_temp_folder(tmp_path, monkeypatch):
    """Each test counts the parts in a temporary folder of its own: another test process may
    be writing and removing parts in the shared one meanwhile."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))


def _parts() -> set[str]:
    return {f for f in os.listdir(tempfile.gettempdir()) if f.startswith("jejaring-part-")}


def test_forked_clients_text_equals_the_one_process_text(fork_allowed):
    import json

    # Without recommendations nothing has built the clients dicts: the text comes from the
    # arrays, in a child or in this process.
    res = analyze(ACTORS, TIES, recommend=False)
    assert "clients" not in vars(res.patronage)
    before = _parts()
    one, two = io.StringIO(), io.StringIO()
    res.write_json(one, fork=False)
    res.write_json(two, fork=True)
    assert two.getvalue() == one.getvalue()
    assert json.loads(one.getvalue())["clients"]  # there was a list to write
    assert _parts() == before  # the child's file is removed


def test_a_failed_child_leaves_the_parent_to_write_the_text(fork_allowed):
    parent = os.getpid()

    def write(out):
        if os.getpid() != parent:
            raise MemoryError("the child runs out of memory")
        out.write('"written by the parent"')

    part = forked.deferred_text(write)
    assert part.forked
    fh = io.StringIO()
    part.write_into(fh)
    assert fh.getvalue() == '"written by the parent"'


def test_cancel_stops_the_child_and_removes_its_file(fork_allowed):
    import time

    before = _parts()
    part = forked.deferred_text(lambda out: time.sleep(60))
    assert part.forked
    started = time.monotonic()
    part.cancel()
    assert time.monotonic() - started < 10
    assert _parts() == before


@pytest.fixture
def fork_early(fork_allowed, monkeypatch):
    # The test village is far below the district size from which the early child starts.
    monkeypatch.setattr(forked, "FORK_MIN_ACTORS", 0)


def test_clients_started_during_the_analysis_give_the_same_output(fork_early):
    """`jejaring analyze` asks for the clients list to be started as soon as the worker is
    done (fork_output): the JSON is the same as a run that writes everything at the end."""
    plain = io.StringIO()
    analyze(ACTORS, TIES, workers=2).write_json(plain, fork=False)
    before = _parts()
    res = analyze(ACTORS, TIES, workers=2, fork_output=True)
    assert res._parts["lists"].forked  # the child runs while the rest is computed
    early = io.StringIO()
    res.write_json(early)
    assert early.getvalue() == plain.getvalue()
    assert not res._parts and _parts() == before


def test_an_early_child_is_not_used_for_indented_output(fork_early):
    plain = io.StringIO()
    analyze(ACTORS, TIES, workers=2).write_json(plain, indent=2, fork=False)
    before = _parts()
    res = analyze(ACTORS, TIES, workers=2, fork_output=True)
    early = io.StringIO()
    res.write_json(early, indent=2)
    assert early.getvalue() == plain.getvalue()
    assert _parts() == before  # the compact text the child wrote is removed


def test_an_unwritten_result_stops_its_early_child(fork_early):
    import gc

    before = _parts()
    res = analyze(ACTORS, TIES, workers=2, fork_output=True)
    pid = res._parts["lists"]._pid
    del res
    gc.collect()
    assert _parts() == before
    with pytest.raises(ChildProcessError):  # already reaped: no zombie is left behind
        os.waitpid(pid, os.WNOHANG)


def test_actors_split_between_parent_and_child_give_the_same_text(fork_allowed, monkeypatch):
    from jejaring.graph import pipeline

    res = analyze(ACTORS, TIES, recommend=False)
    one = io.StringIO()
    res.write_json(one, fork=False)
    # Blocks of two records: the parent writes the first half, a child the rest.
    monkeypatch.setattr(pipeline, "_RECORDS_BLOCK", 2)
    assert res.network.n > 4
    spawned = []
    real = forked.deferred_text

    def counting(write, **kw):
        part = real(write, **kw)
        spawned.append(part.forked)
        return part

    monkeypatch.setattr(forked, "deferred_text", counting)
    before = _parts()
    two = io.StringIO()
    res.write_json(two, fork=True)
    assert spawned == [True, True]  # the patronage lists and the second half of the actors
    assert two.getvalue() == one.getvalue()
    assert _parts() == before


def test_a_childs_text_goes_into_a_file_in_order(fork_allowed, tmp_path):
    # Into a real UTF-8 file the child's text is copied as bytes, after what is pending.
    part = forked.deferred_text(lambda out: out.write('"Bu Ñoño", "Dusun\u2028Krajan"'))
    assert part.forked
    target = tmp_path / "out.json"
    with open(target, "w", encoding="utf-8") as fh:
        fh.write("[")
        part.write_into(fh)
        fh.write("]")
    assert target.read_text(encoding="utf-8") == '["Bu Ñoño", "Dusun\u2028Krajan"]'
    for encoding in ("cp1252", "utf-16"):  # other encodings: decoded and written as text
        part = forked.deferred_text(lambda out: out.write('"Bu Ñoño"'))
        with open(target, "w", encoding=encoding) as fh:
            fh.write("[")
            part.write_into(fh)
            fh.write("]")
        assert target.read_text(encoding=encoding) == '["Bu Ñoño"]'


def test_forked_call_returns_the_child_result_or_computes_it_here(fork_allowed):
    import numpy as np

    parent = os.getpid()
    call = forked.forked_call(lambda: (os.getpid(), np.arange(5)))
    pid, values = call.result()
    assert pid != parent and values.tolist() == [0, 1, 2, 3, 4]

    def fails_in_child():
        if os.getpid() != parent:
            raise RuntimeError("out of memory in the child")
        return "computed here"

    assert forked.forked_call(fails_in_child).result() == "computed here"


def test_district_communities_from_a_forked_child_equal_inline(fork_allowed, monkeypatch):
    # On a district a child finds the Leiden communities and the triangles: the measures are
    # those computed in one process (here a small network made to count as a district).
    import networkx as nx
    import numpy as np

    G = nx.gnp_random_graph(300, 0.02, seed=4, directed=True)
    ties = [{"source": str(u), "target": str(v), "type": "credit"} for u, v in G.edges()]
    monkeypatch.setattr(forked, "FORK_MIN_ACTORS", 100)
    calls = []
    real = forked.forked_call
    monkeypatch.setattr(forked, "forked_call", lambda f, **kw: calls.append(1) or real(f, **kw))
    child = analyze(None, ties, exact_max=50, recommend=False)
    assert calls
    monkeypatch.setattr(forked, "can_fork", lambda: False)
    inline = analyze(None, ties, exact_max=50, recommend=False)
    for name in ("community", "constraint", "effective_size", "clustering", "betweenness"):
        assert np.array_equal(child.columns[name], inline.columns[name], equal_nan=True), name


def test_district_path_searches_yield_the_cpu_to_this_thread_only():
    # Niceness is per thread on Linux: the background searches (and the kernel's threads
    # they start) run at a lower priority, the main thread and forked children do not.
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from jejaring.graph import pipeline

    def nice() -> int:
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    before, seen = nice(), {}

    def searches() -> None:
        pipeline._lower_priority()
        with ThreadPoolExecutor(2) as pool:
            seen["workers"] = set(pool.map(lambda _: nice(), range(4)))

    job = threading.Thread(target=searches)
    job.start()
    job.join()
    lowered = min(before + pipeline.PATHS_NICE, 19)
    assert seen["workers"] == {lowered} and nice() == before
