"""The supervisor's roll-up (issue 13 #11): stored rows, recomputed only for villages that
changed — by the workers when a broker is set — and grouped by sub-district with totals."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jejaring.reports import queries, rollup
from jejaring.reports.models import VillageRollup


@pytest.fixture
def computed(monkeypatch):
    """Which villages had their row computed."""
    seen: list[str] = []
    original = queries.village_overview

    def counting(village):
        seen.append(village.slug)
        return original(village)

    monkeypatch.setattr(queries, "village_overview", counting)
    return seen


def _rows(client) -> str:
    return client.get(reverse("supervisor:overview")).content.decode()


def _table(page: str) -> str:
    return page[page.index('<table class="table" id="villages">') : page.index("</table>")]


def test_rows_are_stored_and_recomputed_only_after_the_village_changed(
    demo_village, personas, reader_client, computed
):
    from jejaring.actors.models import Actor
    from jejaring.engagement import services as E

    page = _rows(reader_client)
    assert computed == [demo_village.slug]
    assert f'data-village="{demo_village.slug}" data-state="ok"' in page
    stored = VillageRollup.objects.get(village=demo_village)
    fresh = queries.village_overview(demo_village)
    for key in ("actors", "ties", "poor_households", "captive_poor", "poor_clients"):
        assert stored.row[key] == fresh[key], key
    computed.clear()

    # Nothing changed: the stored row is read, nothing is computed.
    assert _table(_rows(reader_client)) == _table(page)
    assert computed == []
    # A new forum (not part of the network: the data version stays) is a change too.
    version = demo_village.data_version
    E.create_forum(demo_village, name="Forum Baru")
    demo_village.refresh_from_db()
    assert demo_village.data_version == version
    _rows(reader_client)
    assert computed == [demo_village.slug]
    computed.clear()
    # So is an edit of an actor.
    actor = Actor.objects.filter(village=demo_village).first()
    actor.notes = "catatan baru"
    actor.save()
    _rows(reader_client)
    assert computed == [demo_village.slug]


def test_with_workers_a_changed_village_is_queued_once_and_shown_meanwhile(
    demo_village, personas, reader_client, computed, settings, monkeypatch
):
    from jejaring.actors.models import Actor
    from jejaring.actors.services import create_actor
    from jejaring.jobs import runner
    from jejaring.jobs.models import Job

    rollup.refresh(demo_village)
    computed.clear()
    settings.JEJARING_BROKER_URL = "redis://127.0.0.1:6379/15"
    held: list = []
    monkeypatch.setattr(runner, "dispatch", held.append)
    before = Actor.objects.filter(village=demo_village).count()
    create_actor(demo_village, name="Warga Baru Sekali")

    for _ in range(2):
        page = _rows(reader_client)
        # The last figures are shown, marked; the page itself computes nothing.
        assert f'data-village="{demo_village.slug}" data-state="updating"' in page
        assert 'id="rollup-waiting"' in page
    assert computed == []
    (job,) = Job.objects.filter(kind=rollup.KIND, village=demo_village)
    assert job.state == Job.State.QUEUED

    runner.run(job.pk)  # what a worker does
    assert computed == [demo_village.slug]
    page = _rows(reader_client)
    assert f'data-village="{demo_village.slug}" data-state="ok"' in page
    assert VillageRollup.objects.get(village=demo_village).row["actors"] == before + 1


def test_a_village_never_computed_is_marked_and_the_page_follows_it(
    demo_village, personas, reader_client, settings, monkeypatch
):
    from jejaring.jobs import runner
    from jejaring.jobs.models import Job

    settings.JEJARING_BROKER_URL = "redis://127.0.0.1:6379/15"
    monkeypatch.setattr(runner, "dispatch", lambda job_id: None)
    page = _rows(reader_client)
    assert f'data-village="{demo_village.slug}" data-state="computing"' in page
    assert 'http-equiv="refresh"' in page
    # The API and the PDF say the same, without inventing figures.
    (row,) = [r for r in queries.supervisor_rows(personas.reader) if r["slug"] == demo_village.slug]
    assert queries.overview_json(row)["actors"] is None
    response = reader_client.get(reverse("supervisor:pdf"))  # a job on a server
    assert response.status_code == 302
    job = Job.objects.get(kind="reports.supervisor_pdf")
    runner.run(job.pk)
    assert runner.result_file(Job.objects.get(pk=job.pk)).read_bytes().startswith(b"%PDF")


def test_villages_are_grouped_by_sub_district_with_totals(db, client):
    from jejaring.actors.services import create_actor
    from jejaring.villages.models import Area
    from jejaring.villages.services import create_user, create_village, set_membership

    kec_a = Area.objects.create(code="99.98.01", name="Kecamatan Uji Satu", level=3)
    kec_b = Area.objects.create(code="99.98.02", name="Kecamatan Uji Dua", level=3)
    desa = Area.objects.create(code="99.98.01.2001", name="Desa Uji", level=4, parent=kec_a)
    user = create_user("penyelia", "pw-penyelia-123")
    sizes = {"satu": (desa, 3), "dua": (kec_a, 2), "tiga": (kec_b, 4), "empat": (None, 1)}
    for slug, (area, n) in sizes.items():
        village = create_village(f"Desa {slug.title()}", slug=f"uji-{slug}")
        village.area = area
        village.save()
        set_membership(village, user, "viewer")
        for i in range(n):
            create_actor(village, name=f"Warga {slug} {i}")

    groups = rollup.by_kecamatan(queries.supervisor_rows(user))
    summary = [(g["area"], [r["slug"] for r in g["rows"]], g["totals"]["actors"]) for g in groups]
    assert summary == [
        (kec_b, ["uji-tiga"], 4),
        (kec_a, ["uji-dua", "uji-satu"], 5),
        (None, ["uji-empat"], 1),
    ]
    client.force_login(user)
    page = _rows(client)
    assert page.count('class="group-total"') == 3
    assert (
        page.index("Kecamatan Uji Dua") < page.index("uji-tiga") < page.index("Kecamatan Uji Satu")
    )
