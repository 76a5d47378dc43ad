"""The Celery application of a district server: one task, which runs a job row by its id.

Configured from Django's settings (``JEJARING_BROKER_URL``); the job's state and result stay in
the database (no result backend). ``acks_late`` with ``reject_on_worker_lost``: a worker killed
mid-job does not lose the task, the broker gives it to another worker, which re-runs it only if
the job is still unfinished (jejaring.jobs.runner._claim).
"""

from __future__ import annotations

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")

# The broker from the environment already, so `celery -A jejaring.jobs.celery inspect ping`
# (the worker's health check in compose.yaml) finds it; configure() sets the rest.
app = Celery("jejaring", broker=os.environ.get("JEJARING_BROKER_URL") or None)


def configure() -> Celery:
    from django.conf import settings

    app.conf.update(
        broker_url=settings.JEJARING_BROKER_URL,
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_time_limit=settings.JEJARING_JOB_TIMEOUT * 6,
        broker_connection_retry_on_startup=True,
        # Redis: a task taken by a worker that vanished goes back to the queue after this long.
        broker_transport_options={"visibility_timeout": max(settings.JEJARING_JOB_TIMEOUT, 30)},
        worker_hijack_root_logger=False,
    )
    return app


@app.task(name="jejaring.jobs.run")
def run_job(job_id: str) -> None:
    from django.db import close_old_connections

    from jejaring.jobs.runner import run

    close_old_connections()
    run(job_id)


@app.task(name="jejaring.jobs.sweep")
def sweep_jobs() -> int:
    from jejaring.jobs.runner import sweep

    return sweep()


@worker_ready.connect
def _sweep_on_start(**_kwargs) -> None:
    """A worker that starts puts back the jobs of workers that died (their heartbeat stopped)."""
    from django.db import connection

    from jejaring.jobs.runner import sweep

    try:
        sweep()
    finally:
        connection.close()
