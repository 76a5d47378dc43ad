"""Background jobs: state in the database, failures explained, retries, dead workers swept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jejaring.jobs import runner
from jejaring.jobs.models import Job

pytestmark = pytest.mark.django_db


@runner.task("tests.count")
def _count(job, progress, to: int = 3) -> dict:
    for i in range(to):
        progress(i + 1, to, f"langkah {i + 1}")
    return {"counted": to}


@runner.task("tests.broken")
def _broken(job, progress) -> None:
    raise runner.JobFailed("Column %(column)s is missing.", column="nama")


def test_a_job_runs_to_its_result_with_progress_in_the_database(demo_village):
    job = runner.submit("tests.count", village=demo_village, to=4)
    assert Job.objects.get(pk=job.pk).state == "queued"
    done = runner.run(job.pk)
    assert done.state == "done" and done.result == {"counted": 4}
    assert (done.done, done.total, done.attempts) == (4, 4, 1)
    assert runner.run(job.pk) is None  # a finished job is never run again


def test_the_same_work_is_queued_once_whoever_asks(demo_village):
    a = runner.submit("tests.count", village=demo_village, dedupe="v1:x")
    b = runner.submit("tests.count", village=demo_village, dedupe="v1:x")
    assert a.pk == b.pk
    runner.run(a.pk)
    c = runner.submit("tests.count", village=demo_village, dedupe="v1:x")
    assert c.pk != a.pk  # the first one is finished: new work


def test_a_failure_says_why_in_the_readers_language_and_can_be_retried(
    demo_village, member_client, reader_client
):
    job = runner.submit("tests.broken", village=demo_village)
    failed = runner.run(job.pk)
    assert failed.state == "failed" and "nama" in runner.error_text(failed)
    url = reverse("jobs:job", kwargs={"village": demo_village.slug, "work": job.pk})
    page = member_client.get(url).content.decode()
    assert "Coba lagi" in page and "nama" in page
    assert reader_client.post(url + "retry/").status_code == 403
    r = member_client.post(url + "retry/")
    assert r.status_code == 302
    assert Job.objects.get(pk=job.pk).state == "queued"


def test_an_unexpected_error_is_a_failed_job_not_a_stuck_one(demo_village, monkeypatch):
    def boom(job, progress):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(runner.TASKS, "tests.boom", boom)
    failed = runner.run(runner.submit("tests.boom", village=demo_village).pk)
    assert failed.state == "failed" and "ZeroDivisionError" in runner.error_text(failed)


def test_a_job_whose_worker_died_is_run_again_then_failed(demo_village, settings):
    settings.JEJARING_JOB_TIMEOUT = 60
    settings.JEJARING_JOB_ATTEMPTS = 2
    job = runner.submit("tests.count", village=demo_village)
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    Job.objects.filter(pk=job.pk).update(state="running", attempts=1, heartbeat_at=long_ago)
    assert runner.sweep() == 1
    assert Job.objects.get(pk=job.pk).state == "queued"  # attempt 2 is left
    Job.objects.filter(pk=job.pk).update(state="running", attempts=2, heartbeat_at=long_ago)
    assert runner.sweep() == 1
    dead = Job.objects.get(pk=job.pk)
    assert dead.state == "failed" and "berhenti" in runner.error_text(dead)
    # A job still beating is left alone.
    alive = runner.submit("tests.count", village=demo_village)
    Job.objects.filter(pk=alive.pk).update(state="running", attempts=1, heartbeat_at=timezone.now())
    assert runner.sweep() == 0


def test_outsiders_never_see_a_villages_jobs(demo_village, outsider_client):
    job = runner.submit("tests.count", village=demo_village)
    url = reverse("jobs:job", kwargs={"village": demo_village.slug, "work": job.pk})
    assert outsider_client.get(url).status_code == 404
