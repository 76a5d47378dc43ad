"""The import/export pages: upload → preview with problems → confirm, downloads, reviews."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jejaring.actors.models import Actor
from jejaring.interchange.models import ImportJob, NameReview
from jejaring.interchange.tests.conftest import csv_bytes, model_counts

pytestmark = pytest.mark.django_db


def url(village, path=""):
    return f"/v/{village.slug}/data/{path}"


def upload(client, village, *files, follow=True):
    return client.post(
        url(village, "import/"),
        {"files": [SimpleUploadedFile(name, data) for name, data in files], "token": "t1"},
        follow=follow,
    )


BAD = csv_bytes([["kode", "nama", "pengaruh"], ["N1", "Pak Narto", "9"], ["N2", "Bu Sumi", "2"]])
GOOD = csv_bytes([["kode", "nama", "pengaruh"], ["N1", "Pak Narto", "4"], ["N2", "Bu Sumi", "2"]])


def counts_but_jobs() -> dict:
    return {k: v for k, v in model_counts().items() if k != "interchange.ImportJob"}


def test_upload_preview_fix_confirm(demo_village, member_client):
    before = counts_but_jobs()
    response = upload(member_client, demo_village, ("aktor.csv", BAD))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-row="2"' in html and "pengaruh" in html  # the problem, at its row and column
    assert counts_but_jobs() == before  # a preview writes nothing but the job
    response = upload(member_client, demo_village, ("aktor.csv", GOOD))
    html = response.content.decode()
    job = ImportJob.objects.filter(village=demo_village).first()
    assert job.state == "checked" and 'id="confirm-import"' in html
    assert not Actor.objects.filter(village=demo_village, code="N1").exists()
    response = member_client.post(
        url(demo_village, f"import/{job.pk}/confirm/"), {"token": "t2"}, follow=True
    )
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.state == "imported" and job.summary["actors_created"] == 2
    assert Actor.objects.filter(village=demo_village, code__in=["N1", "N2"]).count() == 2
    assert f"/v/{demo_village.slug}/actors/" in response.content.decode()  # see the actors


def test_problems_read_in_the_users_language(demo_village, member_client):
    member_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = upload(member_client, demo_village, ("aktor.csv", BAD)).content.decode()
    assert "expected a whole number from 0 to 5" in html
    job = ImportJob.objects.filter(village=demo_village).first()
    member_client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    html = member_client.get(url(demo_village, f"import/{job.pk}/")).content.decode()
    assert "expected a whole number" not in html and "seharusnya bilangan bulat 0 sampai 5" in html


def test_a_read_only_member_cannot_upload_or_confirm(demo_village, reader_client):
    assert upload(reader_client, demo_village, ("aktor.csv", GOOD), follow=False).status_code == 403
    job = ImportJob.objects.create(village=demo_village, kind="tables", state="checked")
    assert reader_client.post(url(demo_village, f"import/{job.pk}/confirm/")).status_code == 403


def test_a_job_of_another_village_is_not_found(demo_village, member_client, personas):
    from jejaring.villages.models import Village

    other = ImportJob.objects.create(
        village=Village.objects.get(slug="desa-lain"), kind="tables", state="checked"
    )
    assert member_client.get(url(demo_village, f"import/{other.pk}/")).status_code == 404


def test_progress_is_reported_for_the_token(demo_village, member_client):
    from jejaring.interchange.progress import CacheProgress

    village_id = demo_village.pk
    CacheProgress(village_id, "abc")("Saving ties", 250, 1000)
    data = member_client.get(url(demo_village, "progress/?token=abc")).json()
    assert data["percent"] == 25 and data["label"]


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [("xlsx", b"PK"), ("csv", b"PK"), ("graphml", b"<?xml"), ("gexf", b"<?xml"), ("json", b"{")],
)
def test_every_export_downloads(demo_village, member_client, fmt, magic):
    response = member_client.get(url(demo_village, f"export/?format={fmt}&download=1"))
    assert response.status_code == 200 and response.content.startswith(magic)
    assert "attachment" in response["Content-Disposition"]


def test_filtered_export_has_only_the_chosen_ties(demo_village, member_client):
    response = member_client.get(
        url(demo_village, "export/?format=csv&types=credit&pseudonymize=on&download=1")
    )
    ties = zipfile.ZipFile(io.BytesIO(response.content)).read("ties.csv").decode().splitlines()
    assert len(ties) - 1 == demo_village.ties.filter(type__code="credit").count()
    assert all(",credit," in line for line in ties[1:])


def test_the_template_has_both_sheets_and_drop_down_lists(demo_village, member_client):
    from openpyxl import load_workbook

    response = member_client.get(url(demo_village, "template/"))
    wb = load_workbook(io.BytesIO(response.content))
    assert {"aktor", "hubungan", "daftar"} <= set(wb.sheetnames)
    headers = [c.value for c in wb["hubungan"][1]]
    assert headers[:4] == ["Kode", "Dari", "Ke", "Jenis hubungan"]
    validated = {
        str(dv.sqref).split(":")[0] for dv in wb["hubungan"].data_validations.dataValidation
    }
    assert {"D2", "G2", "H2", "I2", "J2"} <= validated  # type, form, frequency, attachment, balance


def test_reviews_page_merges_and_keeps_apart(demo_village, member_client):
    upload(
        member_client,
        demo_village,
        (
            "aktor.csv",
            csv_bytes([["kode", "nama"], ["D2", "Mbah Darsih"], ["S2", "Pak Haji Slamet"]]),
        ),
    )
    job = ImportJob.objects.filter(village=demo_village).first()
    member_client.post(url(demo_village, f"import/{job.pk}/confirm/"))
    html = member_client.get(url(demo_village, "reviews/")).content.decode()
    assert "Mbah Darsih" in html and "Darsih" in html
    darsih_review = NameReview.objects.get(village=demo_village, actor__code="D2")
    member_client.post(
        url(demo_village, "reviews/"), {"review": darsih_review.pk, "action": "merge"}
    )
    assert not Actor.objects.filter(village=demo_village, code="D2").exists()
    slamet = NameReview.objects.filter(village=demo_village, actor__code="S2").first()
    member_client.post(url(demo_village, "reviews/"), {"review": slamet.pk, "action": "separate"})
    slamet.refresh_from_db()
    assert slamet.state == "separate"


def test_examples_page_loads_an_example_for_the_user(demo_village, member_client, personas):
    assert "Nyakatoke" in member_client.get(url(demo_village, "examples/")).content.decode()
    response = member_client.post(url(demo_village, "examples/"), {"key": "taro"})
    assert response.status_code == 302 and response["Location"] == "/v/taro/"
    home = member_client.get("/v/taro/").content.decode()
    assert "Schwimmer" in home and "GPL" in home  # citation and license on the home page
