"""JSON twins of the map and the interest networks."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_map_api_is_the_page_data(tiny, member_client):
    page = member_client.get(
        reverse("analysis:map_data", kwargs={"village": tiny.village.slug})
    ).json()
    api = member_client.get(f"/api/v1/villages/{tiny.village.slug}/map").json()
    assert api["actors"]["id"] == page["actors"]["id"]
    assert api["ties"] == page["ties"]


def test_interest_api(tiny, member_client, outsider_client):
    data = member_client.get(f"/api/v1/villages/{tiny.village.slug}/interest").json()
    assert [p["name"] for p in data["patrons"]] == ["Pak Haji"]
    assert sorted(c["name"] for c in data["patrons"][0]["clients"]) == ["Sri", "Tono"]
    assert outsider_client.get(f"/api/v1/villages/{tiny.village.slug}/interest").status_code == 404
