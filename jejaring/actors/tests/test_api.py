"""The JSON twins of the workspace pages: same queries, same forms and services."""

from __future__ import annotations

import pytest

from jejaring.actors.models import Actor, Tie

pytestmark = pytest.mark.django_db


def api(village, path=""):
    return f"/api/v1/villages/{village.slug}{path}"


def test_register_json_matches_the_page(tiny, member_client):
    page = member_client.get(f"/v/{tiny.village.slug}/actors/?hamlet=Bawah")
    data = member_client.get(api(tiny.village, "/actors"), {"hamlet": "Bawah"}).json()
    assert data["count"] == page.context["page"].count == 3
    assert [r["name"] for r in data["results"]] == [a.name for a in page.context["page"].rows]
    tono = next(r for r in data["results"] if r["name"] == "Tono")
    assert tono["welfare"] == "very_poor" and tono["engagement"] == "not_approached"
    assert tono["measures"]["degree"] is not None


def test_actor_json(tiny, member_client):
    data = member_client.get(api(tiny.village, f"/actors/{tiny.sri.pk}")).json()
    credit = next(g for g in data["ties"] if g["type"] == "credit")
    assert credit["outgoing"][0]["target_name"] == "Pak Haji"
    assert credit["outgoing"][0]["accounts_differ"] == ["attachment"]
    assert len(credit["outgoing"][0]["evidence"]) == 2
    roles = {r["role"] for r in data["roles"]}
    assert "captive_client" in roles


def test_create_actor_via_api(tiny, member_client):
    r = member_client.post(
        api(tiny.village, "/actors"),
        {
            "name": "Pak Kadus",
            "category": "village_official",
            "hamlet": "Atas",
            "fields": ["government"],
        },
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    a = Actor.objects.get(village=tiny.village, name="Pak Kadus")
    assert a.category.code == "village_official" and a.hamlet == tiny.atas
    assert [f.code for f in a.fields.all()] == ["government"]


def test_api_errors_name_the_field_in_indonesian(tiny, member_client):
    r = member_client.post(
        api(tiny.village, "/actors"), {"category": "nope"}, content_type="application/json"
    )
    assert r.status_code == 400
    errors = r.json()["errors"]
    assert errors["name"] == ["Bidang ini tidak boleh kosong."]
    assert "category" in errors


def test_create_tie_with_evidence_via_api(tiny, member_client):
    body = {
        "source": "KADES",
        "target": str(tiny.darmi.pk),
        "type": "credit",
        "frequency": "monthly",
        "exclusive": False,
        "informant": "Kades",
        "discussion": str(tiny.discussion.pk),
        "evidence_confidence": "medium",
    }
    r = member_client.post(api(tiny.village, "/ties"), body, content_type="application/json")
    assert r.status_code == 201, r.content
    tie = Tie.objects.get(source=tiny.kades, target=tiny.darmi)
    assert tie.exclusive is False and tie.frequency == "monthly"
    assert r.json()["evidence"][0]["reported"] == {"frequency": "monthly", "exclusive": False}
    # The same tie again: an account is added, status 200.
    r = member_client.post(api(tiny.village, "/ties"), body, content_type="application/json")
    assert r.status_code == 200 and tie.evidence.count() == 2


def test_tie_json_side_by_side(tiny, member_client):
    data = member_client.get(api(tiny.village, f"/ties/{tiny.credit_sri.pk}")).json()
    assert data["conflicts"] == ["attachment"]
    row = next(r for r in data["side_by_side"] if r["attribute"] == "attachment")
    assert row["values"] == ["Terikat", "Sedang"] and row["conflict"]


def test_end_tie_via_api(tiny, member_client):
    r = member_client.post(
        api(tiny.village, f"/ties/{tiny.credit_tono.pk}/end"),
        {"end_date": "2026-10-30"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["is_current"] is False


def test_discussions_api(tiny, member_client):
    r = member_client.post(
        api(tiny.village, "/discussions"),
        {"date": "2026-10-29", "title": "Rembug", "participants": ["Sri", "TONO"]},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    listed = member_client.get(api(tiny.village, "/discussions")).json()
    assert [d["title"] for d in listed] == ["Rembug", "Utang panen"]
    detail = member_client.get(api(tiny.village, f"/discussions/{tiny.discussion.pk}")).json()
    assert [t["source_name"] for t in detail["ties"]] == ["Sri"]


def test_grid_and_venn_api(tiny, member_client):
    grid = member_client.get(api(tiny.village, "/grid")).json()
    assert {p["name"]: p["quadrant"] for p in grid} == {
        "Bu Darmi": "keep_informed",
        "Kades": "manage_closely",
        "Pak Haji": "manage_closely",
    }
    venn = member_client.get(api(tiny.village, "/venn")).json()
    assert [v["name"] for v in venn] == ["KUD Maju"]


def test_reader_cannot_write_and_outsider_sees_nothing(tiny, reader_client, outsider_client):
    for path in ("/actors", "/ties", "/discussions", f"/ties/{tiny.credit_sri.pk}/end"):
        assert (
            reader_client.post(
                api(tiny.village, path), {}, content_type="application/json"
            ).status_code
            == 403
        )
        assert (
            outsider_client.post(
                api(tiny.village, path), {}, content_type="application/json"
            ).status_code
            == 404
        )
    assert outsider_client.get(api(tiny.village, "/actors")).status_code == 404
