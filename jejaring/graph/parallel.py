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
import threading
import warnings
from pathlib import Path
from typing import Any

from jejaring.graph.tasks import TaskGraph, run_tasks

__all__ = ["RemoteTasks", "cpu_count"]


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
        Tasks of :data:`jejaring.graph.tasks.TASKS`.
    """

    def __init__(self, tg: TaskGraph, tasks: list[tuple[str, tuple]]) -> None:
        self.tg = tg
        self.tasks = tasks
        self.maxrss_kb = 0
        self.timings: list[tuple[str, float]] = []
        self._proc: subprocess.Popen | None = None
        self._sender: threading.Thread | None = None
        self._send_error: BaseException | None = None
        if not tasks:
            return
        root = str(Path(__file__).resolve().parents[2])
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "jejaring.graph._worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env=env,
            )
        except OSError:
            self._proc = None
            return
        job = {"graph": tg.payload(), "tasks": tasks}
        self._sender = threading.Thread(target=self._send, args=(job,), daemon=True)
        self._sender.start()

    def _send(self, job: dict[str, Any]) -> None:
        try:
            assert self._proc is not None and self._proc.stdin is not None
            pickle.dump(job, self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.close()
        except BaseException as exc:  # reported by collect()
            self._send_error = exc

    def collect(self) -> list[Any]:
        """The tasks' results, in order (computed here if the worker failed)."""
        if not self.tasks:
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
            return reply["results"]
        reason = reply.get("error") or "the worker could not be started"
        warnings.warn(
            f"worker process failed, computing in this process instead: {reason}",
            RuntimeWarning,
            stacklevel=2,
        )
        return run_tasks(self.tg, self.tasks)

    def close(self) -> None:
        """Stop the worker if it is still running (after an error or interrupt)."""
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        for pipe in (self._proc.stdin, self._proc.stdout):
            if pipe is not None and not pipe.closed:
                with contextlib.suppress(OSError):
                    pipe.close()
