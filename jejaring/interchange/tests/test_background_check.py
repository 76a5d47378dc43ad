"""A large upload is checked in the background (issue 16 #10): the request answers at once.

Here the jobs handed to a worker are held and then run in the test's thread: the state right
after each request is certain. Real workers in other processes: tests/test_server_processes.py.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jejaring.interchange.models import ImportJob
from jejaring.interchange.tests.conftest import csv_bytes


@pytest.fixture
def uploader(db):
    """A village and its facilitator. The jobs run in this thread (see :func:`_held`), so the
    test's own transaction holds everything and rolls it back."""
    from jejaring.villages.services import create_user, create_village, set_membership

    village = create_village("Desa Besar", slug="desa-besar")
    user = create_user("pengunggah", "pw-pengunggah-123")
    set_membership(village, user, "facilitator")
    return village, user


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """``client.post`` whose commit hooks (the job handed to a worker) run before it returns,
    as they do outside the test's transaction."""

    def send(client, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(*args, **kwargs)

    return send


def _held(monkeypatch) -> list:
    """Hold the jobs handed to workers (nothing runs until the test says, then in this thread),
    so the state seen right after a request is certain."""
    from jejaring.jobs import runner

    held: list = []
    monkeypatch.setattr(runner, "dispatch", held.append)
    return held


def test_a_large_upload_is_checked_then_imported_in_the_background(uploader, monkeypatch, post):
    """Issue 16 #10, issue 13 #1: the requests answer at once; the upload's page follows the
    check, shows the preview, then follows the import to its result. (A 5 MB CSV took 52 s
    inside the request before.)"""
    from django.test import Client

    from jejaring.actors.models import Actor
    from jejaring.interchange import jobs
    from jejaring.jobs import runner

    village, user = uploader
    rows = [["id", "name"]] + [[f"B{i}", f"Warga Nomor {i}"] for i in range(60_000)]
    data = csv_bytes(rows)
    assert len(data) > jobs.INLINE_CHECK_BYTES
    held = _held(monkeypatch)
    client = Client()
    client.force_login(user)
    response = post(
        client,
        reverse("interchange:upload", kwargs={"village": village.slug}),
        {"files": [SimpleUploadedFile("aktor.csv", data)]},
    )
    assert response.status_code == 302
    job = ImportJob.objects.get(village=village)
    assert job.state == ImportJob.State.CHECKING
    assert held == [job.work_id]
    page = client.get(response["Location"])
    assert b'http-equiv="refresh"' in page.content
    runner.run(held.pop())
    job.refresh_from_db()
    assert job.state == ImportJob.State.CHECKED, job.problems
    assert job.summary["actors_created"] == 60_000
    page = client.get(response["Location"])
    assert b'http-equiv="refresh"' not in page.content
    assert not Actor.objects.filter(village=village).exists()

    confirm = reverse("interchange:confirm", kwargs={"village": village.slug, "job": job.pk})
    assert post(client, confirm, {"token": "t" * 32}).status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTING
    assert held == [job.work_id]
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' in page and 'id="importing"' in page
    runner.run(held.pop())
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTED
    assert Actor.objects.filter(village=village).count() == 60_000
    page = client.get(response["Location"]).content.decode()
    assert 'http-equiv="refresh"' not in page
    # Run twice (a worker's task handed out again): nothing is imported twice.
    from jejaring.jobs.models import Job

    Job.objects.filter(pk=job.work_id).update(state=Job.State.QUEUED)
    runner.run(job.work_id)
    assert Actor.objects.filter(village=village).count() == 60_000


def test_an_import_whose_job_failed_says_so_and_can_be_retried(uploader, monkeypatch, post):
    """A worker that died for good (its heartbeat stopped, no attempts left): the upload's page
    says nothing was imported and offers to try again, which imports it once."""
    import datetime as dt

    from django.test import Client
    from django.utils import timezone

    from jejaring.actors.models import Actor
    from jejaring.interchange import jobs
    from jejaring.jobs import runner
    from jejaring.jobs.models import Job

    village, user = uploader
    monkeypatch.setattr(jobs, "INLINE_CHECK_BYTES", 1000)  # this small file goes to a worker
    data = csv_bytes([["id", "name"]] + [[f"C{i}", f"Warga {i}"] for i in range(400)])
    assert len(data) > jobs.INLINE_CHECK_BYTES
    held = _held(monkeypatch)
    client = Client(HTTP_ACCEPT_LANGUAGE="id")
    client.force_login(user)
    response = post(
        client,
        reverse("interchange:upload", kwargs={"village": village.slug}),
        {"files": [SimpleUploadedFile("aktor.csv", data)]},
    )
    runner.run(held.pop())
    job = ImportJob.objects.get(village=village)
    confirm = reverse("interchange:confirm", kwargs={"village": village.slug, "job": job.pk})
    post(client, confirm, {})
    job.refresh_from_db()
    # The worker took it, then vanished: running, silent, every attempt used.
    long_ago = timezone.now() - dt.timedelta(hours=2)
    Job.objects.filter(pk=held.pop()).update(
        state=Job.State.RUNNING, heartbeat_at=long_ago, attempts=9
    )
    page = client.get(response["Location"]).content.decode()
    assert 'id="work-failed"' in page and 'http-equiv="refresh"' not in page
    assert "Tidak ada yang diimpor" in page
    assert not Actor.objects.filter(village=village).exists()

    retry = reverse("jobs:retry", kwargs={"village": village.slug, "work": job.work_id})
    back = post(client, retry, {"next": response["Location"]})
    assert back.status_code == 302 and back["Location"] == response["Location"]
    assert held == [job.work_id]
    runner.run(held.pop())
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTED
    assert Actor.objects.filter(village=village).count() == 400
