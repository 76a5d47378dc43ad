"""A village backup can write only into its own village (issue 16, findings 1 and 4).

The probe imported village B's backup with records pointing at village A (an assessment of
A's actor attributed to A's admin, evidence on A's tie, a tie from A's actor) and with mistyped
fields; both were accepted and broke pages for good. Every reference must resolve inside the
file or the target village, every field must have the type the exporter writes, else nothing
is written and the problem names the record and field.
"""

from __future__ import annotations

import copy
import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jejaring.actors.tests.factories import build_tiny
from jejaring.interchange import json as json_format
from jejaring.interchange.problems import ImportRejected
from jejaring.interchange.tests.conftest import model_counts
from jejaring.villages.services import create_user, set_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    a = build_tiny("desa-a")
    b = build_tiny("desa-b")
    a.haji.name = "Juragan Rahasia A"
    a.haji.save()
    admin_a = create_user("admin-a", "pw-admin-a-123")
    set_membership(a.village, admin_a, "admin")
    writer_b = create_user("writer-b", "pw-writer-b-123")
    set_membership(b.village, writer_b, "facilitator")
    return a, b, admin_a, writer_b


def _forged(a, b) -> dict:
    doc = json_format.export_village(b.village)
    recs = doc["records"]
    recs["actors.assessment"].append(
        {
            **recs["actors.assessment"][0],
            "id": str(uuid.uuid4()),
            "actor": str(a.haji.pk),
            "rater": {"user": "admin-a"},
        }
    )
    doc["users"].append("admin-a")
    recs["actors.evidence"].append(
        {**recs["actors.evidence"][0], "id": str(uuid.uuid4()), "tie": str(a.credit_sri.pk)}
    )
    recs["actors.tie"].append(
        {**recs["actors.tie"][0], "id": str(uuid.uuid4()), "source": str(a.haji.pk)}
    )
    return doc


def _problems(exc) -> list[tuple[str, object, str]]:
    return [(p.file, p.row, p.column) for p in exc.value.problems.errors]


def test_records_pointing_into_another_village_are_refused_whole(two):
    a, b, _admin_a, _w = two
    doc = _forged(a, b)
    before = model_counts()
    with pytest.raises(ImportRejected) as exc:
        json_format.import_village(json_format.dumps(doc), village=b.village)
    assert model_counts() == before
    named = _problems(exc)
    n_assess = len(doc["records"]["actors.assessment"])
    n_evid = len(doc["records"]["actors.evidence"])
    n_ties = len(doc["records"]["actors.tie"])
    assert ("village.json, actors.assessment", n_assess, "actor") in named
    assert ("village.json, actors.evidence", n_evid, "tie") in named
    assert ("village.json, actors.tie", n_ties, "source") in named
    assert "Juragan Rahasia A" not in exc.value.report()


def test_the_api_refuses_the_forged_backup_and_b_keeps_working(two, client):
    a, b, _admin_a, writer_b = two
    client.force_login(writer_b)
    data = json_format.dumps(_forged(a, b))
    before = model_counts()
    response = client.post(
        f"/api/v1/villages/{b.village.slug}/import?dry_run=false",
        {"files": [SimpleUploadedFile("desa-b.json", data)]},
    )
    assert response.status_code == 400, response.content
    assert not response.json()["applied"]
    assert {p["column"] for p in response.json()["problems"]} >= {"actor", "tie", "source"}
    assert model_counts() == before
    for url in (
        reverse("villages:home", kwargs={"village": b.village.slug}),
        reverse("villages:home", kwargs={"village": a.village.slug}),
    ):
        page = client.get(url)
        assert page.status_code in (200, 404)
        assert b"Juragan Rahasia A" not in page.content


def test_a_reference_to_nothing_is_refused_with_its_field(two):
    _a, b, _admin_a, _w = two
    doc = json_format.export_village(b.village)
    doc["records"]["engagement.contact"] = [
        {"id": str(uuid.uuid4()), "actor": str(uuid.uuid4()), "date": "2026-11-01"}
    ]
    with pytest.raises(ImportRejected) as exc:
        json_format.import_village(json_format.dumps(doc), village=b.village)
    assert ("village.json, engagement.contact", 1, "actor") in _problems(exc)


def test_a_user_who_is_no_member_of_the_village_is_not_credited(two):
    a, b, _admin_a, _w = two
    doc = json_format.export_village(b.village)
    row = doc["records"]["actors.assessment"][0]
    row["rater"] = {"user": "admin-a"}
    row["note"] = "changed"
    doc["users"].append("admin-a")
    _v, _counts, problems = json_format.import_village(json_format.dumps(doc), village=b.village)
    from jejaring.actors.models import Assessment

    assert Assessment.objects.get(pk=row["id"]).rater is None
    assert any("admin-a" in str(w) and "not members" in w.message for w in problems.warnings)


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        ("actors.tie", "attributes", "notadict"),
        ("actors.evidence", "reported", [1, 2]),
        ("actors.actor", "name", ["a", "list"]),
        ("actors.actor", "attributes", [1]),
        ("actors.tie", "is_current", "yes"),
        ("actors.actor", "name", None),
    ],
)
def test_a_mistyped_field_is_refused_with_record_and_field(two, model, field, value):
    _a, b, _admin_a, _w = two
    doc = json_format.export_village(b.village)
    doc["records"][model][0][field] = value
    before = model_counts()
    with pytest.raises(ImportRejected) as exc:
        json_format.import_village(json_format.dumps(doc), village=b.village)
    assert (f"village.json, {model}", 1, field) in _problems(exc)
    assert model_counts() == before


def test_a_mistyped_backup_never_breaks_the_tie_page_or_exports(two, client):
    _a, b, _admin_a, writer_b = two
    client.force_login(writer_b)
    doc = json_format.export_village(b.village)
    doc["records"]["actors.tie"][0]["attributes"] = "notadict"
    response = client.post(
        f"/api/v1/villages/{b.village.slug}/import?dry_run=false",
        {"files": [SimpleUploadedFile("b.json", json_format.dumps(doc))]},
    )
    assert response.status_code == 400
    tie = doc["records"]["actors.tie"][0]["id"]
    assert (
        client.get(
            reverse("actors:tie", kwargs={"village": b.village.slug, "tie": tie})
        ).status_code
        == 200
    )
    for fmt in ("csv", "xlsx", "graphml", "gexf"):
        got = client.get(f"/api/v1/villages/{b.village.slug}/export?format={fmt}")
        assert got.status_code == 200, fmt


def test_a_valid_backup_still_restores_unchanged(two):
    _a, b, _admin_a, _w = two
    doc = json_format.export_village(b.village)
    _v, counts, problems = json_format.import_village(
        json_format.dumps(copy.deepcopy(doc)), village=b.village
    )
    assert not problems.has_errors and sum(counts.values()) == 0
    again = json_format.export_village(b.village)
    assert json.dumps(again["records"], sort_keys=True) == json.dumps(
        doc["records"], sort_keys=True
    )


def test_a_rule_only_the_database_knows_is_a_clear_refusal(two):
    """Two hamlets of one name, an integer beyond 64 bits, NaN: refused, never a 500."""
    _a, b, _admin_a, _w = two
    doc = json_format.export_village(b.village)
    hamlets = doc["records"]["villages.hamlet"]
    hamlets.append({**hamlets[0], "id": str(uuid.uuid4())})
    with pytest.raises(ImportRejected) as exc:
        json_format.import_village(json_format.dumps(doc), village=b.village)
    assert "villages.hamlet" in exc.value.report()
    doc = json_format.export_village(b.village)
    doc["records"]["actors.actor"][0]["household_size"] = 2**70
    doc["records"]["actors.tie"][0]["attributes"] = {"x": float("nan")}
    with pytest.raises(ImportRejected) as exc:
        json_format.import_village(json_format.dumps(doc), village=b.village)
    assert {p.column for p in exc.value.problems.errors} >= {"household_size", "attributes"}


def test_table_imports_resolve_actors_only_inside_the_village(two):
    """The same rule in the CSV/XLSX importer: another village's actor, by code or by id, is
    unknown here (issue 16 #1, "same in every importer")."""
    from jejaring.actors.models import Tie
    from jejaring.interchange import services as S
    from jejaring.interchange.tests.conftest import csv_bytes

    a, b, _admin_a, _w = two
    A_ONLY = "A-ONLY"
    a.haji.code = A_ONLY
    a.haji.save()
    ties = csv_bytes([["source", "target", "type"], [A_ONLY, b.sri.code, "credit"]])
    before = model_counts()
    with pytest.raises(ImportRejected) as exc:
        S.import_files(b.village, [S.InputFile("hubungan.csv", ties)])
    assert [(p.row, p.column) for p in exc.value.problems.errors] == [(2, "source")]
    ties = csv_bytes([["source", "target", "type"], [str(a.haji.pk), b.sri.code, "credit"]])
    with pytest.raises(ImportRejected):
        S.import_files(b.village, [S.InputFile("hubungan.csv", ties)])
    assert model_counts() == before
    assert not Tie.objects.filter(village=b.village, source=a.haji).exists()
