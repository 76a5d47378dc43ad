"""The API twins of the Change pages."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_commitment_round_trip_and_indicators(demo_village, member_client, reader_client):
    from jejaring.actors.models import Actor

    base = f"/api/v1/villages/{demo_village.slug}/change"
    broto = Actor.objects.get(village=demo_village, code="BROTO")
    r = member_client.post(
        f"{base}/commitments",
        {"patron": str(broto.pk), "kind": "demo_plot", "made_on": "2026-10-01", "status": "agreed"},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    bad = member_client.post(
        f"{base}/commitments",
        {"patron": str(broto.pk), "kind": "other", "made_on": "2026-10-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "text" in str(bad.json())
    r = member_client.post(
        f"{base}/commitments/{cid}/evidence",
        {"status": "done", "date": "2026-10-20", "note": "Demplot ditanam"},
        content_type="application/json",
    )
    assert r.status_code == 201
    assert r.json()["status"] == "done"
    assert [e["status"] for e in r.json()["events"]] == ["agreed", "done"]
    listed = reader_client.get(f"{base}/commitments").json()
    assert cid in {c["id"] for c in listed}

    series = reader_client.get(f"{base}/indicators").json()["points"]
    assert series[-1]["snapshot"] is None and len(series) >= 13
    now = series[-1]["indicators"]
    assert now["commitments_done"] == 2  # the demo's kept one and this one
    snap = series[0]["snapshot"]
    one = reader_client.get(f"{base}/indicators/{snap}").json()
    assert one["indicators"] == series[0]["indicators"]

    ba = reader_client.get(f"{base}/before-after", {"before": snap}).json()
    assert ba["clients"] and ba["patrons"]

    assert (
        reader_client.put(
            f"{base}/settings", {"every_days": 5}, content_type="application/json"
        ).status_code
        == 403
    )
    r = member_client.put(
        f"{base}/settings", {"every_days": 5, "at_meetings": True}, content_type="application/json"
    )
    assert r.json() == {"every_days": 5, "at_meetings": True}
