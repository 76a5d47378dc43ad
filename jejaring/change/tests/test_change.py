"""Commitments, the Perubahan page, before/after, scheduled snapshots and the demo history."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jejaring.change import queries, services
from jejaring.change.models import ChangeSettings, Commitment

pytestmark = pytest.mark.django_db


def _actor(village, code):
    from jejaring.actors.models import Actor

    return Actor.objects.get(village=village, code=code)


def test_demo_carries_a_year_of_history(demo_village):
    from jejaring.analysis.models import Snapshot

    snaps = Snapshot.objects.filter(village=demo_village).order_by("taken_at")
    assert snaps.count() >= 12
    series = queries.indicator_series(demo_village)
    first, last = series[0]["values"], series[-1]["values"]
    # Dependency loosened: fewer captive clients and poor on a single patron, lower concentration.
    assert last["captive_clients"] < first["captive_clients"]
    assert last["poor_single_patron"] < first["poor_single_patron"]
    assert last["poor_concentration"] < first["poor_concentration"]
    # The commitments are in different states.
    states = set(Commitment.objects.filter(village=demo_village).values_list("status", flat=True))
    assert {"done", "broken", "agreed"} <= states


def test_snapshot_indicators_match_the_frozen_ties(demo_village):
    """A snapshot's numbers are the engine function over what the snapshot froze."""
    from jejaring.analysis.adapter import tie_type_table
    from jejaring.analysis.models import Snapshot
    from jejaring.graph.indicators import engine_pairs, indicators

    snap = Snapshot.objects.filter(village=demo_village).order_by("taken_at").first()
    frozen = snap.data["analysis"]["actors"]
    actors = [{**a, "captive": frozen[a["id"]]["captive"]} for a in snap.data["actors"]]
    pairs = engine_pairs(actors, snap.data["ties"], tie_types=tie_type_table(demo_village))
    want = indicators(actors, snap.data["ties"], pairs=pairs)
    # Each poor household's concentration is the engine's own dependency concentration.
    for h, ps in pairs.items():
        if frozen.get(h, {}).get("dependency_concentration") is not None:
            total = sum(ps.values())
            hhi = sum((w / total) ** 2 for w in ps.values())
            assert hhi == pytest.approx(frozen[h]["dependency_concentration"], abs=1e-6)
    got = queries.snapshot_indicators(demo_village, snap)
    for key in ("captive_clients", "poor_single_patron", "poor_concentration", "top3_share"):
        assert got[key] == want[key]


def test_commitment_status_and_evidence(demo_village, personas):
    patron = _actor(demo_village, "BROTO")
    today = timezone.localdate()
    c = services.create_commitment(
        demo_village,
        patron=patron,
        kind="demo_plot",
        lever="land_for_demonstration",
        made_on=today - dt.timedelta(days=10),
        status="agreed",
        follow_up=today + dt.timedelta(days=3),
        user=personas.member,
    )
    assert c in queries.follow_ups(demo_village)
    services.record_status(c, status="done", date=today, note="Plot ditanam.", user=personas.member)
    c.refresh_from_db()
    assert c.status == "done" and c.follow_up is None
    assert [e.status for e in c.events.all()] == ["agreed", "done"]
    assert c not in queries.follow_ups(demo_village)
    # Status as of a day comes from the evidence of that day.
    rows = {
        r["id"]: r["status"]
        for r in queries.commitments_as_of(demo_village, today - dt.timedelta(days=1))
    }
    assert rows[str(c.pk)] == "agreed"
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.record_status(c, status="done", date=today - dt.timedelta(days=30))


def test_other_kind_needs_words(demo_village):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.create_commitment(
            demo_village,
            patron=_actor(demo_village, "TOKE"),
            kind="other",
            made_on=dt.date(2026, 1, 1),
        )


def test_recommendations_mark_used_lever_and_warn(demo_village):
    from jejaring.reports.queries import recommendations

    result = recommendations(demo_village)["result"]
    by_actor = {i["actor"]: i for i in result["patron_levers"]}
    slamet = str(_actor(demo_village, "HAJI-SLAMET").pk)
    toke = str(_actor(demo_village, "TOKE").pk)
    if slamet in by_actor:
        item = by_actor[slamet]
        assert "commitment_kept" in item["reason_codes"]
        used = {lv["code"] for lv in item["levers"] if lv.get("used")}
        assert used <= {"fairer_credit_terms"}
    if toke in by_actor:
        assert "commitment_broken" in by_actor[toke]["reason_codes"]
    assert slamet in by_actor or toke in by_actor


def test_schedule_takes_a_snapshot_when_due(demo_village):
    from jejaring.analysis.models import Snapshot

    ChangeSettings.objects.filter(village=demo_village).delete()
    assert not services.snapshot_due(demo_village)
    services.update_settings(demo_village, every_days=7, at_meetings=False)
    last = Snapshot.objects.filter(village=demo_village).order_by("-taken_at").first()
    assert services.snapshot_due(demo_village, last.taken_at + dt.timedelta(days=8))
    assert not services.snapshot_due(demo_village, last.taken_at + dt.timedelta(days=6))
    before = Snapshot.objects.filter(village=demo_village).count()
    taken = services.take_due_snapshot(demo_village, last.taken_at + dt.timedelta(days=8))
    assert taken is not None
    assert Snapshot.objects.filter(village=demo_village).count() == before + 1
    # Just taken: not due any more.
    assert services.take_due_snapshot(demo_village) is None


def test_snapshot_at_meeting(demo_village, django_capture_on_commit_callbacks):
    from jejaring.analysis.models import Snapshot
    from jejaring.engagement.models import Forum
    from jejaring.engagement.services import create_meeting

    forum = Forum.objects.filter(village=demo_village).first()
    services.update_settings(demo_village, every_days=None, at_meetings=True)
    before = Snapshot.objects.filter(village=demo_village).count()
    with django_capture_on_commit_callbacks(execute=True):
        create_meeting(forum, date=dt.date(2026, 11, 20), state="held", title="Musyawarah")
    assert Snapshot.objects.filter(village=demo_village).count() == before + 1
    services.update_settings(demo_village, every_days=None, at_meetings=False)
    with django_capture_on_commit_callbacks(execute=True):
        create_meeting(forum, date=dt.date(2026, 11, 27), state="held", title="Lagi")
    assert Snapshot.objects.filter(village=demo_village).count() == before + 1


def test_before_after_sentences():
    from django.utils import translation

    from jejaring.change.beforeafter import compare_states

    actors = [
        {"id": i, "name": n}
        for i, n in [("h", "Sumi"), ("d", "Darsih"), ("k", "KUD"), ("t", "Toke")]
    ]
    before = {
        "actors": actors,
        "ties": [
            {"source": "h", "target": "d", "dependency": True, "weight": 3},
            {"source": "h", "target": "t", "dependency": True, "weight": 1},
        ],
    }
    after = {
        "actors": actors,
        "ties": [
            {"source": "h", "target": "t", "dependency": True, "weight": 1},
            {"source": "h", "target": "k", "dependency": True, "weight": 1},
        ],
    }
    with translation.override("en"):
        out = compare_states(before, after)
    (client,) = out["clients"]
    assert client["name"] == "Sumi"
    assert client["sentences"] == [
        "No longer depends on Darsih.",
        "Now also turns to KUD (a new alternative).",
        # (3/4)² + (1/4)² = 0.625 → ½² + ½² = 0.5
        "Dependency concentration changed from 0.62 to 0.50 (looser).",
    ]
    names = {p["name"]: p["sentences"] for p in out["patrons"]}
    assert names["Darsih"][0] == "1 client no longer depends on this patron: Sumi."
    assert names["KUD"][0] == "1 new client: Sumi."
    assert "Toke" not in names
    with translation.override("id"):
        out = compare_states(before, after)
    assert out["clients"][0]["sentences"][0] != "No longer depends on Darsih."


def test_pages_and_access(demo_village, member_client, reader_client, outsider_client):
    slug = demo_village.slug
    index = reverse("change:index", kwargs={"village": slug})
    page = reader_client.get(index)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "change-chart" in html
    assert outsider_client.get(index).status_code == 404
    url = reverse("change:commitments", kwargs={"village": slug})
    assert reader_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404
    data = {
        "patron": str(_actor(demo_village, "BROTO").pk),
        "kind": "demo_plot",
        "made_on": "2026-11-01",
        "status": "agreed",
        "lever": "land_for_demonstration",
    }
    assert reader_client.post(url, data).status_code == 403
    assert outsider_client.post(url, data).status_code == 404
    resp = member_client.post(url, data)
    assert resp.status_code == 302
    c = Commitment.objects.get(village=demo_village, patron__code="BROTO")
    detail = reverse("change:commitment", kwargs={"village": slug, "commitment": c.pk})
    assert reader_client.get(detail).status_code == 200
    assert outsider_client.get(detail).status_code == 404
    assert reader_client.post(detail, {"status": "done", "date": "2026-11-02"}).status_code == 403
    assert member_client.post(detail, {"status": "done", "date": "2026-11-02"}).status_code == 302
    c.refresh_from_db()
    assert c.status == "done"
    settings_url = reverse("change:settings", kwargs={"village": slug})
    assert reader_client.post(settings_url, {"every_days": "3"}).status_code == 403
    assert member_client.post(settings_url, {"every_days": "14"}).status_code == 302
    assert ChangeSettings.objects.get(village=demo_village).every_days == 14


def test_before_after_on_the_page(demo_village, reader_client):
    from jejaring.analysis.models import Snapshot

    first = Snapshot.objects.filter(village=demo_village).order_by("taken_at").first()
    url = reverse("change:index", kwargs={"village": demo_village.slug})
    html = reader_client.get(url, {"before": str(first.pk), "after": "now"}).content.decode()
    assert "change-sentences" in html


def test_dashboard_lists_follow_ups(demo_village, reader_client):
    html = reader_client.get(
        reverse("engagement:dashboard", kwargs={"village": demo_village.slug})
    ).content.decode()
    assert "commitment-follow-ups" in html


def test_now_agrees_with_the_report(demo_village):
    """The top-three share and captive count now are the report's own numbers."""
    from jejaring.reports.queries import (
        _patronage_lists,
        dependency_summary,
        directory,
        village_analysis,
        village_network,
    )

    lists = _patronage_lists(village_network(demo_village), village_analysis(demo_village))
    dep = dependency_summary(lists, directory(demo_village))
    now = queries.current_indicators(demo_village)
    assert round(now["top3_share"], 3) == dep["top3_share"]
    assert now["captive_clients"] == dep["captive_clients"]


def test_report_and_supervisor_show_the_change(demo_village, reader_client, personas):
    from jejaring.reports import pdf
    from jejaring.reports.queries import report, supervisor_rows

    url = reverse("reports:report", kwargs={"village": demo_village.slug})
    html = reader_client.get(url).content.decode()
    assert 'id="change"' in html and "change-chart" in html
    data = report(demo_village, include_map=False)
    assert {c["key"] for c in data["change"]} >= {"captive_clients", "poor_concentration"}
    drawing = pdf.change_drawing(data["change"][0])
    assert drawing.width == 230
    assert pdf.village_report(data).startswith(b"%PDF")
    rows = supervisor_rows(personas.reader)
    (row,) = [r for r in rows if r["slug"] == demo_village.slug]
    captive = row["trend"][0]
    assert captive["key"] == "captive_clients" and captive["direction"] == "better"
    assert "→" in pdf.supervisor_trend(row)
    page = reader_client.get(reverse("supervisor:overview")).content.decode()
    assert "sparkline" in page


def test_explanation_sentences_for_commitments():
    from django.utils import translation

    from jejaring.reports.sentences import commitment_details

    facts = {"commitments": {"proposed": 0, "agreed": 1, "done": 1, "broken": 2}}
    codes = ["commitment_kept", "commitment_broken"]
    with translation.override("en"):
        en = commitment_details(facts, codes)
    assert en[0].startswith("Kept 1 commitment already")
    assert en[1].startswith("Warning: broke 2 commitments")
    assert en[2].startswith("1 commitment is still open")
    with translation.override("id"):
        ind = commitment_details(facts, codes)
    assert ind[1].startswith("Peringatan: mengingkari 2 janji")
    assert "sudah digunakan" in ind[0]


def test_awareness_slot_is_absent_without_the_app_and_filled_with_it(demo_village, monkeypatch):
    """The circles' progress appears only when jejaring.awareness is installed (never as 0)."""
    import sys
    import types

    from django.apps import apps

    real = apps.is_installed
    if not real("jejaring.awareness"):
        assert "switched_provider" not in queries.current_indicators(demo_village)
    calls = []

    def progress_counts(village, at=None):
        calls.append((village.pk, at))
        return {"switched_provider": 4, "joined_alternative": 7}

    fake = types.ModuleType("jejaring.awareness.queries")
    fake.progress_counts = progress_counts
    monkeypatch.setitem(sys.modules, "jejaring.awareness.queries", fake)
    monkeypatch.setattr(
        apps, "is_installed", lambda name: name == "jejaring.awareness" or real(name)
    )
    now = queries.current_indicators(demo_village)
    assert (now["switched_provider"], now["joined_alternative"]) == (4, 7)
    assert calls == [(demo_village.pk, None)]
    from jejaring.change.charts import charts

    keys = [
        c["key"] for c in charts([{"id": "now", "name": None, "date": None, "values": now}], "now")
    ]
    assert keys[-2:] == ["switched_provider", "joined_alternative"]


def test_a_lever_links_to_the_commitment_form_prefilled(demo_village, member_client, reader_client):
    rec = reverse("reports:recommendations", kwargs={"village": demo_village.slug})
    html = member_client.get(rec).content.decode()
    assert "/change/commitments/?patron=" in html
    assert "/change/commitments/?patron=" not in reader_client.get(rec).content.decode()
    toke = _actor(demo_village, "TOKE")
    url = reverse("change:commitments", kwargs={"village": demo_village.slug})
    form = member_client.get(url, {"patron": str(toke.pk), "lever": "fair_buying_price"})
    page = form.content.decode()
    assert f'<option value="{toke.pk}" selected' in page
    assert '<option value="fair_buying_price" selected' in page


def test_indicator_values_are_written_in_the_readers_language(demo_village):
    """0,73 in Indonesian and 0.73 in English, and the PDF still draws the chart from the
    numbers (it once read the written values back, which an Indonesian comma would break)."""
    from django.utils import translation

    from jejaring.change import charts
    from jejaring.reports import pdf
    from jejaring.reports.queries import report

    with translation.override("id"):
        assert charts.fmt(0.73, "index") == "0,73"
        assert charts.fmt(1368, "count") == "1.368"
        data = report(demo_village, include_map=False)
        index = next(c for c in data["change"] if c["kind"] == "index")
        assert "," in index["last"] and "." not in index["last"]
        assert pdf.change_drawing(index).width == 230
        assert pdf.village_report(data, language="id").startswith(b"%PDF")
    with translation.override("en"):
        assert charts.fmt(0.73, "index") == "0.73"
        assert charts.fmt(1368, "count") == "1,368"
