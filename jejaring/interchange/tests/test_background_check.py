"""A large upload is checked in the background (issue 16 #10): the request answers at once.

The check runs on its own thread and database connection, so this module works on committed
rows (outside the per-test transaction, ``django_db_blocker``) and removes what it made.
"""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jejaring.interchange.models import ImportJob
from jejaring.interchange.tests.conftest import csv_bytes


@pytest.fixture
def committed_uploader(django_db_setup, django_db_blocker):
    """A committed village and facilitator (the background check runs on its own thread and
    connection, so it must see committed rows); removed afterwards."""
    with django_db_blocker.unblock():
        from django.contrib.auth import get_user_model

        from jejaring.villages.services import create_user, create_village, set_membership

        name = f"besar{uuid.uuid4().hex[:8]}"
        village = create_village("Desa Besar", slug=name)
        user = create_user(name, "pw-pengunggah-123")
        set_membership(village, user, "facilitator")
        try:
            yield village, user
        finally:
            village.delete()
            get_user_model().objects.filter(pk=user.pk).delete()


def test_a_large_upload_is_checked_in_the_background(committed_uploader, django_db_blocker):
    """Issue 16 #10: the request answers at once; the job's page shows the check, then the
    preview. (A 5 MB CSV took 52 s inside the request before.)"""
    from django.test import Client

    from jejaring.interchange import jobs

    village, user = committed_uploader
    rows = [["id", "name"]] + [[f"B{i}", f"Warga Nomor {i}"] for i in range(60_000)]
    data = csv_bytes(rows)
    assert len(data) > jobs.INLINE_CHECK_BYTES
    client = Client()
    with django_db_blocker.unblock():
        client.force_login(user)
        # Hold the checker busy so the state seen right after the request is certain.
        gate = threading.Event()
        busy = jobs._checker.submit(gate.wait, 30)
        response = client.post(
            reverse("interchange:upload", kwargs={"village": village.slug}),
            {"files": [SimpleUploadedFile("aktor.csv", data)]},
        )
        assert response.status_code == 302
        job = ImportJob.objects.get(village=village)
        assert job.state == ImportJob.State.CHECKING
        page = client.get(response["Location"])
        assert b'http-equiv="refresh"' in page.content
        gate.set()
        busy.result(timeout=30)
        jobs.wait_for_checks()
        job.refresh_from_db()
        assert job.state == ImportJob.State.CHECKED, job.problems
        assert job.summary["actors_created"] == 60_000
        page = client.get(response["Location"])
        assert b'http-equiv="refresh"' not in page.content
        jobs.discard_files(job)
