"""The interest-network view: patrons with their clients, forms, exposed poor, captives and
brokers; each linked to the map and to the actor page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jejaring.analysis.interest import interest_networks

pytestmark = pytest.mark.django_db


def test_patrons_with_their_clients(tiny):
    data = interest_networks(tiny.village)
    by_name = {p["actor"].name: p for p in data["patrons"]}
    # Pak Haji: clients Sri (credit) and Tono (land); Bu Darmi: Tono only (Wati's tie ended),
    # one client and not captive, so not a patron.
    assert set(by_name) == {"Pak Haji"}
    haji = by_name["Pak Haji"]
    assert {c["actor"].name: c["forms"] for c in haji["clients"]} == {
        "Sri": ["credit"],
        "Tono": ["land"],
    }
    assert haji["poor_clients"] == 2
    # Sri's credit tie is exclusive; Tono has no other landowner within two steps: both are
    # captive to Pak Haji.
    assert sorted((c["actor"].name, c["captive_forms"]) for c in haji["captive"]) == [
        ("Sri", ["credit"]),
        ("Tono", ["land"]),
    ]


def test_page_links_each_patron_to_map_and_actor_page(tiny, member_client):
    r = member_client.get(reverse("analysis:interest", kwargs={"village": tiny.village.slug}))
    html = r.content.decode().replace("&amp;", "&")
    assert f"?cluster={tiny.haji.pk}&focus={tiny.haji.pk}" in html
    assert (
        reverse("actors:actor", kwargs={"village": tiny.village.slug, "actor": tiny.sri.pk}) in html
    )


def test_demo_village_has_patrons_with_captive_poor(demo_village):
    data = interest_networks(demo_village)
    assert data["total"] >= 5
    assert any(p["captive"] for p in data["patrons"])
