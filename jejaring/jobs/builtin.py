"""Jobs every installation has: a ping (is a worker taking jobs?) and the analysis refresh."""

from __future__ import annotations

import time

from jejaring.jobs.runner import task


@task("jobs.ping")
def ping(job, progress, seconds: float = 0.0, steps: int = 1) -> dict:
    """Answers at once (or after ``seconds``, in ``steps``): `jejaring check` and the tests use
    it to see that a worker takes jobs, reports progress and survives being killed."""
    for i in range(steps):
        time.sleep(seconds / max(steps, 1))
        progress(i + 1, steps)
        progress.beat()
    import os
    import socket

    return {"pong": True, "pid": os.getpid(), "host": socket.gethostname()}


@task("analysis.refresh")
def analysis_refresh(job, progress, key: str, options: dict) -> dict:
    """Recompute a village's cached analysis for its current data version."""
    import os

    from jejaring.analysis.services import refresh_cached

    version = refresh_cached(job.village_id, key, options)
    return {"data_version": version, "pid": os.getpid()}
