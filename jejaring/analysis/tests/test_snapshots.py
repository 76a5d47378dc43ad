"""Snapshots freeze the network and compare it with the present."""

from __future__ import annotations

import pytest

from jejaring.actors.models import Actor, Tie, TieType
from jejaring.analysis.models import Snapshot
from jejaring.analysis.snapshots import compare, take_snapshot

pytestmark = pytest.mark.django_db


def test_snapshot_then_change_then_compare(small_village):
    v, lender, hh = small_village
    snap = take_snapshot(v, "Sebelum forum")
    assert snap.data["analysis"]["network"]["actors"] == 4
    assert len(snap.data["ties"]) == 4
    # After the snapshot: a second lender appears and takes one client away from the first.
    other = Actor.objects.create(village=v, code="L2", name="Koperasi", welfare="middle")
    credit = TieType.objects.get(village=None, code="credit")
    Tie.objects.create(village=v, source=hh[1], target=other, type=credit, form="credit")
    Tie.objects.create(village=v, source=hh[2], target=other, type=credit, form="credit")
    v.refresh_from_db()
    result = compare(snap, v)
    rows = {r["key"]: r for r in result["summary"]}
    assert rows["actors"]["then"] == 4 and rows["actors"]["now"] == 5
    assert rows["ties"]["now"] == 6
    assert result["actors_added"] == 1 and result["actors_removed"] == 0
    assert "Koperasi" in result["patrons_new"]
    # The snapshot itself did not change.
    snap.refresh_from_db()
    assert snap.data["analysis"]["network"]["actors"] == 4


def test_snapshot_pages(demo_village, member_client, reader_client):
    url = f"/v/{demo_village.slug}/analysis/snapshots/"
    response = member_client.post(url, {"name": "Awal tahun", "note": ""})
    snap = Snapshot.objects.get(village=demo_village, name="Awal tahun")
    assert response.status_code == 302 and str(snap.pk) in response["Location"]
    page = member_client.get(response["Location"]).content.decode()
    assert "Awal tahun" in page and "Klien tanpa pilihan" in page
    assert reader_client.post(url, {"name": "x"}).status_code == 403
    missing_name = member_client.post(url, {"name": ""}).content.decode()
    assert "Bidang ini tidak boleh kosong" in missing_name
    api = member_client.get(f"/api/v1/villages/{demo_village.slug}/snapshots/{snap.pk}").json()
    assert api["name"] == "Awal tahun" and api["captive"]["then"] == api["captive"]["now"]
