"""JSON twins of the reports pages: the same lists, the what-if as query parameters."""

from __future__ import annotations

import pytest

from jejaring.actors.models import Actor
from jejaring.villages.services import create_village

pytestmark = pytest.mark.django_db


def test_recommendations_json_has_the_lists_with_reasons_and_sentences(member_client, demo_village):
    data = member_client.get(f"/api/v1/villages/{demo_village.slug}/recommendations").json()
    result = data["result"]
    assert {"entry_points", "patron_levers", "blockers", "forum", "coverage"} <= set(result)
    first = result["entry_points"][0]
    assert first["reason_codes"] and first["facts"]
    assert data["names"][first["actor"]]
    assert data["sentences"]["entry_points"][0]["actor"] == first["actor"]
    assert data["sentences"]["entry_points"][0]["sentence"]
    assert data["diff"] is None


def test_recommendations_json_what_if(member_client, demo_village):
    haji = Actor.objects.get(village=demo_village, code="HAJI-SLAMET")
    data = member_client.get(
        f"/api/v1/villages/{demo_village.slug}/recommendations",
        {"supportive": str(haji.pk), "forum_size": 10},
    ).json()
    assert data["result"]["what_if"]["supportive"] == [str(haji.pk)]
    assert data["diff"]["coverage"]["weighted"][1] > data["diff"]["coverage"]["weighted"][0]
    assert len(data["result"]["forum"]["members"]) == 10


def test_recommendations_json_refuses_a_bad_forum_size(member_client, demo_village):
    response = member_client.get(
        f"/api/v1/villages/{demo_village.slug}/recommendations", {"forum_size": 1000}
    )
    assert response.status_code == 422


def test_report_json_sections(member_client, demo_village):
    data = member_client.get(f"/api/v1/villages/{demo_village.slug}/report").json()
    assert data["village"]["name"] == demo_village.name
    assert data["summary"] and data["key_actors"] and data["clusters"]
    assert data["recommendations"]["entry_points"]


def test_levers_json(member_client, demo_village):
    data = member_client.get(f"/api/v1/villages/{demo_village.slug}/levers").json()
    assert "credit" in data["levers"]["forms"] and data["changes"] == {}


def test_supervisor_overview_lists_only_member_villages(member_client, demo_village):
    create_village("Desa Rahasia", slug="desa-rahasia")
    rows = member_client.get("/api/v1/villages/supervisor/overview").json()
    assert [r["slug"] for r in rows] == [demo_village.slug]
    assert rows[0]["captive_poor"] > 0
