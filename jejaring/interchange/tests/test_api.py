"""The import/export API, the JSON twin of the pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jejaring.actors.models import Actor
from jejaring.interchange.tests.conftest import csv_bytes

pytestmark = pytest.mark.django_db


def post_files(client, village, data, dry_run):
    return client.post(
        f"/api/v1/villages/{village.slug}/import?dry_run={str(dry_run).lower()}",
        {"files": [SimpleUploadedFile("aktor.csv", data)]},
    )


def test_import_checks_then_imports(demo_village, member_client):
    data = csv_bytes([["id", "name"], ["API1", "Pak Api"]])
    checked = post_files(member_client, demo_village, data, True)
    assert checked.status_code == 200 and checked.json()["summary"]["actors_created"] == 1
    assert not Actor.objects.filter(code="API1").exists()
    done = post_files(member_client, demo_village, data, False)
    assert done.json()["applied"] and Actor.objects.filter(code="API1").exists()


def test_problems_come_back_with_row_and_column(demo_village, member_client):
    data = csv_bytes([["id", "name", "influence"], ["API1", "Pak Api", "nine"]])
    response = post_files(member_client, demo_village, data, False)
    assert response.status_code == 400
    [problem] = response.json()["problems"]
    assert (problem["file"], problem["row"], problem["column"]) == ("aktor.csv", 2, "influence")


def test_export_and_reviews(demo_village, member_client, reader_client):
    response = member_client.get(f"/api/v1/villages/{demo_village.slug}/export?format=graphml")
    assert response.status_code == 200 and b"<graphml" in response.content
    assert member_client.get(f"/api/v1/villages/{demo_village.slug}/reviews").json() == []
    assert post_files(reader_client, demo_village, b"id,name\n", False).status_code == 403
