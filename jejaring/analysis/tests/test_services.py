"""The bridge from the database to the engine: rows, latest assessments, cache invalidation."""

from __future__ import annotations

import datetime as dt

import pytest

from jejaring.actors.models import Actor, Assessment, Tie, TieType
from jejaring.analysis import services
from jejaring.analysis.adapter import actor_rows, latest_assessments, tie_rows
from jejaring.villages.services import create_village

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_village():
    """Three households borrowing from one lender, one of them also sharecropping his land."""
    v = create_village("Desa Kecil", slug="desa-kecil", hamlets=["Barat", "Timur"])
    barat, timur = v.hamlets.order_by("name")
    lender = Actor.objects.create(
        village=v, code="L", name="Pak Lurah Kaya", welfare="well_off", hamlet=barat
    )
    hh = [
        Actor.objects.create(village=v, code=f"H{i}", name=f"KK {i}", welfare="poor", hamlet=timur)
        for i in range(3)
    ]
    credit = TieType.objects.get(village=None, code="credit")
    land = TieType.objects.get(village=None, code="land")
    for h in hh:
        Tie.objects.create(village=v, source=h, target=lender, type=credit, form="credit")
    Tie.objects.create(village=v, source=hh[0], target=lender, type=land, form="land")
    return v, lender, hh


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
