"""Worker process for :mod:`jejaring.graph.parallel`.

Reads one pickled job from standard input (graph arrays and a list of tasks), runs the tasks
with :func:`jejaring.graph.tasks.run_tasks`, and writes the pickled results (or the error) to
standard output. A fresh interpreter, not a fork: safe under threaded servers and on every OS.
"""

from __future__ import annotations

import pickle
import sys
import traceback


def main() -> int:
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    try:
        job = pickle.load(stdin)
        import time

        from jejaring.graph.tasks import TaskGraph, run_tasks

        tg = TaskGraph(**job["graph"])
        results, timings = [], []
        for task in job["tasks"]:
            start = time.perf_counter()
            results.extend(run_tasks(tg, [task]))
            timings.append((task[0], time.perf_counter() - start))
        # Shared tasks: taken from the end of the list while the parent takes them from the
        # start; whoever creates a task's claim file first computes it.
        shared: dict[int, object] = {}
        claims = job.get("claims")
        tasks = job.get("shared") or []
        for index in range(len(tasks) - 1, -1, -1):
            if not claims or not claim(claims, index):
                break
            start = time.perf_counter()
            shared[index] = run_tasks(tg, [tasks[index]])[0]
            timings.append((tasks[index][0], time.perf_counter() - start))
        reply = {
            "results": results,
            "shared": shared,
            "timings": timings,
            "maxrss_kb": _maxrss_kb(),
        }
        code = 0
    except Exception:
        reply = {"error": traceback.format_exc()}
        code = 1
    try:
        pickle.dump(reply, stdout, protocol=pickle.HIGHEST_PROTOCOL)
        stdout.flush()
    except BrokenPipeError:
        return 1
    return code


def claim(folder: str, index: int) -> bool:
    """Take task ``index`` of a shared list: True for the one process that creates its file.

    ``O_CREAT | O_EXCL`` is atomic on every operating system, so no lock is needed.
    """
    import os

    try:
        os.close(os.open(os.path.join(folder, str(index)), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _maxrss_kb() -> int:
    try:
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    except ImportError:  # pragma: no cover - Windows
        return 0


if __name__ == "__main__":
    sys.exit(main())
