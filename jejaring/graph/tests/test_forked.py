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


def _parts() -> set[str]:
    return {f for f in os.listdir(tempfile.gettempdir()) if f.startswith("jejaring-part-")}


def test_forked_clients_text_equals_the_one_process_text(fork_allowed):
    res = analyze(ACTORS, TIES)
    assert res.patronage is not None and res.patronage.clients  # there is a list to fork
    before = _parts()
    one, two = io.StringIO(), io.StringIO()
    res.write_json(one, fork=False)
    res.write_json(two, fork=True)
    assert two.getvalue() == one.getvalue()
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
