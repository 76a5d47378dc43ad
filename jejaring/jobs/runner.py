"""Submitting, running and watching background jobs.

One code path for every installation: :func:`submit` writes a :class:`Job` row and, once the
transaction commits, hands its id to Celery when a broker is configured
(``JEJARING_BROKER_URL``: workers on any machine pick it up) or to a small thread pool in
this process (a laptop: no service to install). Either way :func:`run` does the work and
writes every state change to the database, so any web process can show it.

A worker that dies mid-job (killed, machine off) stops its heartbeat; :func:`sweep` then puts
the job back in the queue while attempts are left, else marks it failed — never "running"
forever. Celery is configured to acknowledge a task only after it ran (``acks_late``), so
the broker hands a killed worker's task to another worker too; :func:`run` claims a job with a
conditional update, so a job is never run twice at once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from jejaring.jobs.models import Job

log = logging.getLogger(__name__)

#: kind -> function(job: Job, progress: Progress, **payload) -> JSON-able result
TASKS: dict[str, Callable[..., Any]] = {}

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


class JobFailed(Exception):
    """A failure to show the user: ``message`` is a msgid (gettext_noop) with ``params``."""

    def __init__(self, message: str, **params: Any):
        super().__init__(message % params if params else message)
        self.msgid, self.params = message, params


def task(kind: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``function`` as the job of ``kind``."""

    def register(function: Callable[..., Any]) -> Callable[..., Any]:
        TASKS[kind] = function
        return function

    return register


def broker_url() -> str:
    return getattr(settings, "JEJARING_BROKER_URL", "") or ""


def submit(kind: str, *, village=None, user=None, dedupe: str = "", **payload: Any) -> Job:
    """Queue a job of ``kind``; with ``dedupe``, an unfinished job of the same key is reused
    (one refresh of a village at a time, whichever process asks)."""
    if kind not in TASKS:
        raise KeyError(f"no job of kind {kind!r}")
    with transaction.atomic():
        if dedupe:
            existing = (
                Job.objects.select_for_update()
                .filter(
                    kind=kind, dedupe_key=dedupe, state__in=[Job.State.QUEUED, Job.State.RUNNING]
                )
                .first()
            )
            if existing is not None:
                return existing
        job = Job.objects.create(
            kind=kind,
            village=village,
            user=user if getattr(user, "is_authenticated", False) else None,
            dedupe_key=dedupe,
            payload=payload,
        )
        transaction.on_commit(lambda: dispatch(job.pk))
    return job


def submit_each(kind: str, villages, *, dedupe: str = "") -> list[Job]:
    """One job of ``kind`` per village, written in one statement (a page that queues the
    roll-up of hundreds of villages); ``dedupe`` is formatted with ``village``. The caller
    leaves out villages that have such a job waiting already."""
    if kind not in TASKS:
        raise KeyError(f"no job of kind {kind!r}")
    jobs = Job.objects.bulk_create(
        [
            Job(kind=kind, village=v, dedupe_key=dedupe.format(village=v.pk) if dedupe else "")
            for v in villages
        ]
    )

    def hand_over() -> None:
        for job in jobs:
            dispatch(job.pk)

    transaction.on_commit(hand_over)
    return jobs


def dispatch(job_id) -> None:
    """Hand a queued job to a Celery worker, or to this process's thread pool."""
    if broker_url():
        from jejaring.jobs.celery import configure, run_job

        configure()
        run_job.delay(str(job_id))
        return
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="jejaring-job")
    _pool.submit(_run_in_thread, job_id)


def _run_in_thread(job_id) -> None:
    close_old_connections()
    try:
        run(job_id)
    finally:
        connection.close()


class Progress:
    """What a running job reports: done out of total, and a short message. Written to the
    database at most every half second (and always at the end), so a fast loop stays fast."""

    def __init__(self, job: Job):
        self.job = job
        self._last = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        import time

        now = time.monotonic()
        if now - self._last < 0.5 and (total is None or done < total):
            return
        self._last = now
        fields = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        if message:
            fields["message"] = message[:300]
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def beat(self) -> None:
        Job.objects.filter(pk=self.job.pk).update(heartbeat_at=timezone.now())


@contextmanager
def heartbeat(job_id) -> Iterator[None]:
    """Tell the others this job's worker is alive while the job runs, from a thread with its own
    database connection: a job whose work is one long transaction (an import) cannot write its
    heartbeat from inside it — that write would not be seen before the commit."""
    interval = max(1.0, settings.JEJARING_JOB_TIMEOUT / 4)
    stop = threading.Event()

    def beat() -> None:
        try:
            while not stop.wait(interval):
                try:
                    Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # SQLite busy with the job's own write: beat next time
                    log.debug("heartbeat of job %s skipped", job_id, exc_info=True)
        finally:
            connection.close()

    thread = threading.Thread(target=beat, name=f"jejaring-heartbeat-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()


def _claim(job_id) -> Job | None:
    """Take a queued job (or a running one whose worker went silent): one runner only."""
    stale = timezone.now() - dt.timedelta(seconds=settings.JEJARING_JOB_TIMEOUT)
    now = timezone.now()
    claimed = (
        Job.objects.filter(pk=job_id)
        .filter(Q(state=Job.State.QUEUED) | Q(state=Job.State.RUNNING, heartbeat_at__lt=stale))
        .update(
            state=Job.State.RUNNING,
            started_at=now,
            heartbeat_at=now,
            attempts=F("attempts") + 1,
            error=None,
        )
    )
    return Job.objects.get(pk=job_id) if claimed else None


def run(job_id) -> Job | None:
    """Run one job to its end: done with its result, or failed with a message to show."""
    job = _claim(job_id)
    if job is None:
        return None  # done already, or running elsewhere
    function = TASKS.get(job.kind)
    try:
        if function is None:
            raise JobFailed(
                gettext_noop("This installation does not know jobs of kind %(kind)s."),
                kind=job.kind,
            )
        with heartbeat(job.pk):
            result = function(job, Progress(job), **job.payload)
    except JobFailed as exc:
        _fail(job, exc.msgid, exc.params)
    except Exception as exc:  # the message for the user; the trace for the log
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            gettext_noop(
                "The work stopped with an error: %(error)s. Try again; if it fails again, tell your administrator."
            ),
            {"error": f"{type(exc).__name__}: {exc}"[:200]},
        )
    else:
        Job.objects.filter(pk=job.pk).update(
            state=Job.State.DONE, result=result, finished_at=timezone.now(), done=F("total")
        )
    job.refresh_from_db()
    return job


def _fail(job: Job, msgid: str, params: dict) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.FAILED,
        error={"msgid": msgid, "params": params},
        finished_at=timezone.now(),
    )


def error_text(job: Job) -> str:
    """The job's failure in the reader's language."""
    if not job.error:
        return ""
    text = gettext(job.error.get("msgid", ""))
    params = job.error.get("params") or {}
    try:
        return text % params if params else text
    except (KeyError, TypeError, ValueError):
        return text


#: What each kind of job is called on its page.
KIND_LABELS = {
    "jobs.ping": gettext_noop("Worker check"),
    "analysis.refresh": gettext_noop("Analysis of the village"),
    "interchange.check": gettext_noop("Checking an uploaded file"),
    "interchange.import": gettext_noop("Import of a file"),
    "reports.rollup": gettext_noop("Figures for the supervisor"),
    "reports.pdf": gettext_noop("Report as PDF"),
    "reports.supervisor_pdf": gettext_noop("Supervisor's report as PDF"),
}


def kind_label(kind: str) -> str:
    return gettext(KIND_LABELS.get(kind, kind))


def result_file(job: Job) -> Path | None:
    """The file a finished job made (``result["file"]``, a path in the data folder), if it is
    still there; anything pointing outside the data folder is ignored."""
    if (
        job.state != Job.State.DONE
        or not isinstance(job.result, dict)
        or not job.result.get("file")
    ):
        return None
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / job.result["file"]).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def retry(job: Job) -> Job:
    """Run a failed job again (a new attempt of the same row)."""
    if Job.objects.filter(pk=job.pk, state=Job.State.FAILED).update(
        state=Job.State.QUEUED, error=None, done=0, finished_at=None
    ):
        transaction.on_commit(lambda: dispatch(job.pk))
    job.refresh_from_db()
    return job


def sweep() -> int:
    """Jobs whose worker stopped its heartbeat: queued again while attempts are left, else
    failed with a message. Returns how many were touched (run by workers and job pages)."""
    stale = timezone.now() - dt.timedelta(seconds=settings.JEJARING_JOB_TIMEOUT)
    touched = 0
    silent = Job.objects.filter(state=Job.State.RUNNING, heartbeat_at__lt=stale)
    for job in silent:
        if job.attempts < settings.JEJARING_JOB_ATTEMPTS:
            if Job.objects.filter(
                pk=job.pk, state=Job.State.RUNNING, heartbeat_at__lt=stale
            ).update(state=Job.State.QUEUED):
                touched += 1
                transaction.on_commit(lambda pk=job.pk: dispatch(pk))
        elif Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, heartbeat_at__lt=stale).update(
            state=Job.State.FAILED,
            finished_at=timezone.now(),
            error={
                "msgid": gettext_noop(
                    "The worker running this job stopped (attempt %(n)s of %(n)s). Nothing was saved; try again."
                ),
                "params": {"n": job.attempts},
            },
        ):
            touched += 1
    return touched


def wait(job: Job, timeout: float = 30.0) -> Job:
    """Block until ``job`` finishes (tests and the command line)."""
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        job.refresh_from_db()
        if job.finished:
            return job
        time.sleep(0.05)
    raise TimeoutError(f"job {job.pk} still {job.state} after {timeout} s")
