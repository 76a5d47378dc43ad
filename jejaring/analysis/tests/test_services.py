"""The bridge from the database to the engine: rows, latest assessments, cache invalidation."""

from __future__ import annotations

import datetime as dt

import pytest

from jejaring.actors.models import Actor, Assessment, Tie
from jejaring.analysis import services
from jejaring.analysis.adapter import actor_rows, latest_assessments, tie_rows

pytestmark = pytest.mark.django_db


def test_rows_use_actor_uuids_and_tie_type_flags(small_village):
    v, lender, hh = small_village
    actors = {r["id"]: r for r in actor_rows(v)}
    assert actors[str(lender.pk)]["name"] == "Pak Lurah Kaya"
    assert actors[str(hh[0].pk)]["hamlet"] == "Timur"
    ties = tie_rows(v)
    assert len(ties) == 4
    assert all(t["target"] == str(lender.pk) and t["dependency"] and t["directed"] for t in ties)


def test_past_ties_are_left_out(small_village):
    v, lender, hh = small_village
    Tie.objects.filter(source=hh[2]).update(is_current=False, end_date=dt.date(2026, 1, 1))
    assert len(tie_rows(v)) == 3
    assert len(tie_rows(v, current_only=False)) == 4


def test_latest_assessment_per_rater_then_mean(small_village):
    v, lender, _ = small_village
    # Rater A: old 5, new 3. Rater B: only one, 1. Current view: mean(3, 1) = 2.
    Assessment.objects.create(
        actor=lender, rater_name="A", date=dt.date(2026, 1, 1), influence=5, stance=-2
    )
    Assessment.objects.create(
        actor=lender, rater_name="A", date=dt.date(2026, 6, 1), influence=3, stance=0
    )
    Assessment.objects.create(
        actor=lender, rater_name="B", date=dt.date(2026, 3, 1), influence=1, stance=1
    )
    got = latest_assessments(v)[str(lender.pk)]
    assert got["influence"] == 2 and got["stance"] == 0.5 and got["assessed_on"] == "2026-06-01"


def test_analysis_finds_the_lender_as_patron(small_village):
    v, lender, hh = small_village
    result = services.village_analysis(v)
    by_id = {a["id"]: a for a in result["actors"]}
    assert "patron" in by_id[str(lender.pk)]["roles"]
    assert by_id[str(lender.pk)]["in_degree"] == 3  # three distinct clients (multiplex tie merged)
    assert result["network"]["actors"] == 4


def test_cache_is_used_until_the_network_changes(small_village, monkeypatch):
    v, lender, hh = small_village
    calls = []
    real = services.compute_analysis
    monkeypatch.setattr(
        services, "compute_analysis", lambda *a, **k: calls.append(1) or real(*a, **k)
    )
    services.village_analysis(v)
    services.village_analysis(v)
    assert len(calls) == 1
    newcomer = Actor.objects.create(village=v, code="H9", name="KK 9", welfare="very_poor")
    v.refresh_from_db()
    result = services.village_analysis(v)
    assert len(calls) == 2
    assert str(newcomer.pk) in {a["id"] for a in result["actors"]}
    # Other options are cached separately.
    services.village_analysis(v, group_by=None)
    assert len(calls) == 3


def test_every_kind_of_change_bumps_the_version(small_village):
    v, lender, hh = small_village

    def version():
        v.refresh_from_db()
        return v.data_version

    before = version()
    lender.name = "Pak Lurah"
    lender.save()
    assert version() == before + 1
    Tie.objects.filter(source=hh[1]).first().delete()
    assert version() == before + 2
    Assessment.objects.create(actor=lender, rater_name="A", date=dt.date(2026, 6, 1), influence=3)
    assert version() == before + 3


def test_analysis_json_twin_keeps_the_cli_contract(demo_village, member_client, outsider_client):
    url = f"/api/v1/villages/{demo_village.slug}/analysis"
    data = member_client.get(url).json()
    assert {"network", "actors", "patrons", "clients", "clusters"} <= set(data)
    first = data["actors"][0]
    assert {"id", "degree", "betweenness_normalized", "pagerank", "brokerage", "roles"} <= set(
        first
    )
    only_credit = member_client.get(url, {"type": "credit"}).json()
    assert set(only_credit["network"]["ties_by_type"]) == {"credit"}
    assert outsider_client.get(url).status_code == 404
