"""The map page and its data: what the browser draws, and who may see it."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from jejaring.actors.models import Actor, Tie

pytestmark = pytest.mark.django_db


def data(client, village):
    r = client.get(reverse("analysis:map_data", kwargs={"village": village.slug}))
    assert r.status_code == 200
    return json.loads(r.content)


def test_map_data_has_every_actor_and_current_tie(tiny, member_client):
    d = data(member_client, tiny.village)
    assert len(d["actors"]["id"]) == 7 and len(d["actors"]["x"]) == 7
    # Six ties, one of them past (Wati → Bu Darmi): five drawn.
    assert len(d["ties"]["source"]) == 5
    names = d["actors"]["name"]
    pairs = {
        (names[s], names[t], d["types"][k]["code"], bool(dr))
        for s, t, k, dr in zip(
            d["ties"]["source"],
            d["ties"]["target"],
            d["ties"]["type"],
            d["ties"]["directed"],
            strict=True,
        )
    }
    # Dependency ties run client → patron, directed; kinship undirected.
    assert ("Sri", "Pak Haji", "credit", True) in pairs
    assert ("Sri", "Tono", "kinship", False) in pairs


def test_map_data_carries_measures_clusters_and_towers(tiny, member_client):
    d = data(member_client, tiny.village)
    assert d["has_analysis"]
    i = d["actors"]["name"].index("Pak Haji")
    # Influence (towers): the raters' latest views averaged, 4 and 5 → 4.5.
    assert d["actors"]["influence"][i] == 4.5
    assert "patron" in d["actors"]["roles"][i]
    patron_clusters = [c for c in d["clusters"] if c["patron"] == i]
    assert patron_clusters and {d["actors"]["name"][m] for m in patron_clusters[0]["members"]} >= {
        "Sri",
        "Tono",
    }
    assert set(d["measures"]) >= {"degree", "betweenness_normalized", "patron_score"}


def test_map_page_renders_controls_and_translated_strings(tiny, member_client):
    r = member_client.get(reverse("analysis:map", kwargs={"village": tiny.village.slug}))
    html = r.content.decode()
    assert r.status_code == 200
    assert "sigma-3.0.3.min.js" in html and "graphology-0.26.0.min.js" in html
    assert 'id="map-strings"' in html and "Warna menurut" in html


def test_map_data_queries_are_fixed(demo_village, member_client, django_assert_max_num_queries):
    data(member_client, demo_village)
    # Session, user, membership; layout (version, stored positions); actors; categories (2),
    # hamlets; towers, stances; analysis (actors exist, version); tie types (2); ties. The same
    # sixteen whatever the size of the village.
    with django_assert_max_num_queries(16):
        d = data(member_client, demo_village)
    assert len(d["actors"]["id"]) == Actor.objects.filter(village=demo_village).count()
    assert (
        len(d["ties"]["source"])
        == Tie.objects.filter(village=demo_village, is_current=True).count()
    )


def test_relayout_needs_write_access(tiny, member_client, reader_client):
    url = reverse("analysis:map_relayout", kwargs={"village": tiny.village.slug})
    assert reader_client.post(url).status_code == 403
    assert member_client.post(url).status_code == 302


def test_outsider_and_reader(tiny, outsider_client, reader_client):
    for name in ("map", "map_data", "interest"):
        url = reverse(f"analysis:{name}", kwargs={"village": tiny.village.slug})
        assert outsider_client.get(url).status_code == 404
        assert reader_client.get(url).status_code == 200


def test_the_map_always_names_officials_top_patrons_and_brokers(demo_village):
    from jejaring.analysis.mapdata import map_data

    data = map_data(demo_village)
    a = data["actors"]
    named = {a["name"][i] for i, k in enumerate(a["key"]) if k}
    assert "Juragan Hartono" in named
    officials = {
        a["name"][i]
        for i, c in enumerate(a["category"])
        if c >= 0 and data["categories"][c]["code"] == "village_official"
    }
    assert officials and officials <= named
    assert len(named) < len(a["id"]) / 5  # clients are named on zoom or hover, not always


def test_when_not_every_name_fits_the_top_patron_is_named_first(demo_village):
    """``key_rank`` orders the key actors for a small screen: the top patron first, then the
    top broker, then the officials; every key actor has a distinct place, others 0."""
    from jejaring.analysis.mapdata import map_data
    from jejaring.analysis.services import village_analysis

    data = map_data(demo_village)
    a = data["actors"]
    ranks = a["key_rank"]
    placed = sorted((r, a["name"][i]) for i, r in enumerate(ranks) if r)
    assert [r for r, _ in placed] == list(range(1, len(placed) + 1))
    assert {i for i, r in enumerate(ranks) if r} == {i for i, k in enumerate(a["key"]) if k}
    top_patron = str(village_analysis(demo_village)["patrons"][0]["id"])
    assert ranks[a["id"].index(top_patron)] == 1
