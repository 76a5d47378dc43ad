"""Running part of the heavy work in a second process.

igraph holds Python's global lock while it computes, so threads cannot share a betweenness
computation; a worker *process* can. :class:`RemoteTasks` starts ``python -m
jejaring.graph._worker`` (a fresh interpreter: safe under threaded web servers, where fork is
not), sends it the graph arrays and a task list on a background thread, and collects the
results when asked. If the worker fails for any reason the tasks are run here instead, so a
result never depends on whether a second process was available.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from jejaring.graph.tasks import TaskGraph, run_tasks

__all__ = ["RemoteTasks", "cpu_count"]

#: Graphs up to this size (arrays' bytes) are sent in one write (see RemoteTasks).
ONE_WRITE_MAX_BYTES = 32 * 2**20


def cpu_count() -> int:
    """CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


class RemoteTasks:
    """Tasks running in a worker process.

    Parameters
    ----------
    tg : TaskGraph
        The graph (its arrays are sent, not its igraph objects).
    tasks : list of (name, args)
        Tasks of :data:`jejaring.graph.tasks.TASKS`, all run by the worker.
    shared : list of (name, args), optional
        Tasks shared with this process: after ``tasks`` the worker takes them from the end
        of the list, one at a time, while this process takes them from the start with
        :meth:`claim`; each is computed once, by whichever side claims it first. The two
        sides meet where their work is even, whatever each was doing before.
    """

    #: How the worker is started (after ``sys.executable``).
    command: tuple[str, ...] = ("-m", "jejaring.graph._worker")

    def __init__(
        self,
        tg: TaskGraph,
        tasks: list[tuple[str, tuple]],
        shared: list[tuple[str, tuple]] | None = None,
    ) -> None:
        self.tg = tg
        self.tasks = tasks
        self.shared = list(shared or [])
        self.maxrss_kb = 0
        self.timings: list[tuple[str, float]] = []
        self._proc: subprocess.Popen | None = None
        self._sender: threading.Thread | None = None
        self._send_error: BaseException | None = None
        self._claims: tempfile.TemporaryDirectory | None = None
        self._shared_results: dict[int, Any] = {}
        if self.shared:
            self._claims = tempfile.TemporaryDirectory(prefix="jejaring-claims-")
        if not tasks and not self.shared:
            return
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, *self.command],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError:
            self._proc = None
            return
        job: dict[str, Any] = {
            "graph": tg.payload(),
            "tasks": tasks,
            "shared": self.shared,
            "claims": self._claims.name if self._claims else None,
        }
        # A village's graph is pickled here and written by a thread in one unbuffered
        # write, which releases the GIL until the worker has read everything; pickled on the
        # thread, 64 KB at a time, it would wait for the GIL between pieces — which igraph
        # holds through each unit of work this process computes — and the worker would
        # start a second late. A district's graph (hundreds of MB) is streamed instead, so
        # that it is never held twice in memory; there the split is fixed beforehand.
        size = sum(a.nbytes for a in job["graph"].values() if isinstance(a, np.ndarray))
        data: bytes | dict = job
        if size <= ONE_WRITE_MAX_BYTES:
            data = pickle.dumps(job, pickle.HIGHEST_PROTOCOL)
        self._sender = threading.Thread(target=self._send, args=(data,), daemon=True)
        self._sender.start()

    def _send(self, job: bytes | dict) -> None:
        try:
            assert self._proc is not None and self._proc.stdin is not None
            if isinstance(job, dict):
                pickle.dump(job, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            else:
                fd = self._proc.stdin.fileno()
                view = memoryview(job)
                while view:
                    view = view[os.write(fd, view) :]
            self._proc.stdin.close()
        except BaseException as exc:  # reported by collect()
            self._send_error = exc

    def claim(self, index: int) -> bool:
        """Take shared task ``index`` for this process (False: the worker has it)."""
        from jejaring.graph._worker import claim

        return self._claims is None or claim(self._claims.name, index)

    def collect(self) -> list[Any]:
        """The tasks' results, in order (computed here if the worker failed).

        The shared tasks the worker computed are then in :meth:`shared_results`.
        """
        if not self.tasks and not self.shared:
            return []
        reply: dict[str, Any] = {}
        if self._proc is not None:
            try:
                assert self._proc.stdout is not None
                reply = pickle.load(self._proc.stdout)
            except Exception as exc:
                reply = {"error": repr(exc)}
            finally:
                self._proc.stdout.close()
                self._proc.wait()
                if self._sender is not None:
                    self._sender.join()
        if "results" in reply:
            self.maxrss_kb = int(reply.get("maxrss_kb", 0))
            self.timings = list(reply.get("timings", []))
            self._shared_results = dict(reply.get("shared") or {})
            return reply["results"]
        reason = reply.get("error") or "the worker could not be started"
        warnings.warn(
            f"worker process failed, computing in this process instead: {reason}",
            RuntimeWarning,
            stacklevel=2,
        )
        return run_tasks(self.tg, self.tasks)

    def shared_results(self, mine: set[int]) -> dict[int, Any]:
        """Results of the shared tasks not in ``mine`` (those this process computed): the
        worker's, and any it claimed but did not deliver, computed here. Call after
        :meth:`collect`."""
        out: dict[int, Any] = {}
        for index, task in enumerate(self.shared):
            if index in mine:
                continue
            if index in self._shared_results:
                out[index] = self._shared_results[index]
            else:
                out[index] = run_tasks(self.tg, [task])[0]
        return out

    def close(self) -> None:
        """Stop the worker if it is still running (after an error or interrupt)."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
                self._proc.wait()
            for pipe in (self._proc.stdin, self._proc.stdout):
                if pipe is not None and not pipe.closed:
                    with contextlib.suppress(OSError):
                        pipe.close()
        if self._claims is not None:
            self._claims.cleanup()
            self._claims = None
