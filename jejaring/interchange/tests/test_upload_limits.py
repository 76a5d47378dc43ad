"""Upload limits hold per request, not only per file (issue 16 #10)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from jejaring.interchange.models import ImportJob
from jejaring.interchange.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def _two_files_of(size: int) -> list:
    body = csv_bytes([["id", "name"], ["U1", "Pak Unggah"]])
    pad = b"#" * (size - len(body))
    return [SimpleUploadedFile(f"aktor{i}.csv", body + pad) for i in (1, 2)]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200_000)
def test_two_files_under_the_limit_each_but_over_it_together_are_refused_by_the_page(
    demo_village, member_client
):
    url = reverse("interchange:upload", kwargs={"village": demo_village.slug})
    before = ImportJob.objects.count()
    response = member_client.post(url, {"files": _two_files_of(150_000)}, follow=True)
    assert ImportJob.objects.count() == before  # nothing stored
    [message] = [str(m) for m in response.context["messages"]]
    assert "MB" in message


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200_000)
def test_the_api_answers_413_with_the_problem(demo_village, member_client):
    response = member_client.post(
        f"/api/v1/villages/{demo_village.slug}/import?dry_run=true",
        {"files": _two_files_of(150_000)},
    )
    assert response.status_code == 413
    assert response.json()["problems"] and not response.json()["applied"]


def test_a_check_interrupted_by_a_restart_is_not_left_running(demo_village, member_client):
    import datetime as dt

    from jejaring.interchange import jobs

    job = ImportJob.objects.create(
        village=demo_village, kind="tables", state=ImportJob.State.CHECKING
    )
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=job.created_at - jobs.STALE_CHECK - dt.timedelta(minutes=1)
    )
    url = reverse("interchange:job", kwargs={"village": demo_village.slug, "job": job.pk})
    assert member_client.get(url).status_code == 200
    job.refresh_from_db()
    assert job.state == ImportJob.State.REJECTED and job.problems


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=200_000)
def test_the_server_stops_reading_files_past_the_limit(demo_village, member_client):
    """Whatever reads the body first (the CSRF check reads ``request.POST`` before any view)
    used to read every file to the end, spooling large ones to disk, before the view could
    refuse them; now reading stops once the files together pass the limit."""
    url = reverse("interchange:upload", kwargs={"village": demo_village.slug})
    response = member_client.post(url, {"files": _two_files_of(150_000)})
    request = response.wsgi_request
    request.FILES  # noqa: B018 - as the CSRF check or a view would
    assert sum(f.size for f in request.FILES.getlist("files")) <= 200_000
    assert response.status_code == 302
    assert ImportJob.objects.filter(village=demo_village).count() == 0
