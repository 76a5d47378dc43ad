"""The village home: counts, recent discussions and contacts, key figures from the engine and
what needs attention."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from jejaring.villages.queries import home_summary, key_figures, needs_attention

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 1)


def test_needs_attention_counts(tiny):
    att = needs_attention(tiny.village, today=TODAY)
    # Stakeholders (not households): Pak Haji, Bu Darmi, Kades, KUD Maju; none approached.
    assert att["never_approached"] == 4
    # Current ties without an account: Tono→Darmi, Sri–Tono, Wati→KUD.
    assert att["ties_without_evidence"] == 3
    # Latest assessment older than 90 days: only Kades (200 days).
    assert att["stale_assessments"] == 1
    assert [a.name for a in att["stale_examples"]] == ["Kades"]


def test_a_held_contact_takes_a_stakeholder_off_the_list(tiny):
    from jejaring.engagement.models import Contact

    Contact.objects.create(village=tiny.village, actor=tiny.kades, state="held", held_date=TODAY)
    att = needs_attention(tiny.village, today=TODAY)
    assert att["never_approached"] == 3


def test_key_figures_from_the_engine(tiny):
    f = key_figures(tiny.village)
    assert f["available"]
    assert [p["actor"].name for p in f["patrons"]] == ["Pak Haji"]
    # Captive poor households: Sri (poor, exclusive credit) and Tono (very poor, land).
    assert sorted(c["actor"].name for c in f["captive_poor"]) == ["Sri", "Tono"]
    assert f["captive_poor_count"] == 2


def test_recent_discussions_and_contacts(tiny):
    from jejaring.engagement.models import Contact

    Contact.objects.create(village=tiny.village, actor=tiny.haji, state="held", held_date=TODAY)
    Contact.objects.create(
        village=tiny.village,
        actor=tiny.darmi,
        state="planned",
        planned_date=TODAY + dt.timedelta(days=3),
    )
    s = home_summary(tiny.village, today=TODAY)
    assert [d.pk for d in s["recent_discussions"]] == [tiny.discussion.pk]
    assert [c.actor.name for c in s["recent_contacts"]] == ["Pak Haji"]
    assert [c.actor.name for c in s["planned_contacts"]] == ["Bu Darmi"]


def test_home_page_shows_attention_and_figures(tiny, member_client):
    r = member_client.get(reverse("villages:home", kwargs={"village": tiny.village.slug}))
    html = r.content.decode()
    assert 'data-attention="ties_without_evidence">3<' in html
    assert "Pak Haji" in html
    # Every attention item links to the page that lists them all.
    assert "?evidence=none" in html and "status=not_approached" in html


def test_home_for_reader_and_outsider(tiny, reader_client, outsider_client):
    url = reverse("villages:home", kwargs={"village": tiny.village.slug})
    assert reader_client.get(url).status_code == 200
    assert outsider_client.get(url).status_code == 404


def test_home_json_twin(tiny, member_client, outsider_client):
    url = f"/api/v1/villages/{tiny.village.slug}/home"
    data = member_client.get(url).json()
    # The API uses the real date; the twin carries what the page function gives for it.
    expected = needs_attention(tiny.village, today=dt.date.today())
    assert data["attention"] == {
        "never_approached": 4,
        "ties_without_evidence": 3,
        "stale_assessments": expected["stale_assessments"],
    }
    assert [p["name"] for p in data["figures"]["patrons"]] == ["Pak Haji"]
    assert outsider_client.get(url).status_code == 404


def test_a_new_village_home_shows_the_next_steps(personas):
    """A village with no actors yet leads to adding actors, ties, the analysis, approaches."""
    from django.test import Client

    from jejaring.actors.models import Actor
    from jejaring.villages.services import create_village

    village = create_village("Desa Baru", slug="baru", admin=personas.member)
    client = Client()
    client.force_login(personas.member)
    url = reverse("villages:home", kwargs={"village": village.slug})
    html = client.get(url).content.decode()
    assert 'id="next-steps"' in html
    for step in ("actors", "ties", "analysis", "approach"):
        assert f'data-step="{step}"' in html
    assert reverse("actors:new", kwargs={"village": village.slug}) in html
    assert reverse("engagement:plan_contact", kwargs={"village": village.slug}) in html
    assert "Tambah aktor" in html or "Tambahkan aktor" in html
    Actor.objects.create(village=village, name="Pak Kades", code="A1")
    Actor.objects.create(village=village, name="Bu Sri", code="A2")
    html = client.get(url).content.decode()
    assert '<li data-step="actors" class="done">' in html


def test_an_established_village_has_no_next_steps(tiny):
    from jejaring.engagement.models import Contact

    Contact.objects.create(village=tiny.village, actor=tiny.kades, state="held", held_date=TODAY)
    assert home_summary(tiny.village, today=TODAY)["next_steps"] is None
