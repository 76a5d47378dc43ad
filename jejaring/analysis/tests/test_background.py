"""A save never waits for the engine: the page after it shows the previous analysis while the
new one is computed in the background (issue 12, item 19)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import reverse

from jejaring.actors.models import Actor
from jejaring.analysis import services

pytestmark = pytest.mark.django_db


def _refresh_jobs():
    from jejaring.jobs.models import Job

    return list(Job.objects.filter(kind="analysis.refresh").order_by("created_at"))


@pytest.fixture
def background(settings):
    """Background refresh on. Inside a test's transaction the queued job is not handed to a
    runner (that happens on commit): the test runs it itself, as a worker would."""
    settings.JEJARING_ANALYSIS_IN_BACKGROUND = True
    services._memory.clear()
    return SimpleNamespace(jobs=_refresh_jobs)


def test_the_page_after_a_save_does_not_run_the_engine(
    demo_village, member_client, background, monkeypatch
):
    url = reverse("actors:register", kwargs={"village": demo_village.slug})
    assert member_client.get(url).status_code == 200  # the analysis of the current data

    ran = []
    real = services.compute_analysis
    monkeypatch.setattr(services, "compute_analysis", lambda v, **o: ran.append(1) or real(v, **o))
    actor = Actor.objects.filter(village=demo_village).order_by("code").first()
    actor.name = "Nama Baru"
    actor.save()  # moves the data version, as every save does

    page = member_client.get(reverse("actors:actor", args=[demo_village.slug, actor.pk]))
    assert page.status_code == 200
    assert ran == [], "the page after a save waited for the engine"
    assert len(background.jobs()) == 1  # one refresh queued, for a worker or the thread pool

    # A second page while the refresh waits queues no second refresh (in any process: the
    # job row in the database is what says one is on its way).
    assert member_client.get(url).status_code == 200
    assert ran == [] and len(background.jobs()) == 1

    from jejaring.jobs.runner import run

    job = run(background.jobs()[0].pk)  # what the worker does
    assert ran == [1] and job.state == "done"
    fresh = services.village_analysis(demo_village, allow_stale=True)
    assert "stale" not in fresh
    names = {a["id"]: a["name"] for a in fresh["actors"]}
    assert names[str(actor.pk)] == "Nama Baru"


def test_reports_wait_for_the_current_result(demo_village, background):
    services.village_analysis(demo_village)
    actor = Actor.objects.filter(village=demo_village).order_by("code").first()
    actor.name = "Nama Lain"
    actor.save()
    result = services.village_analysis(demo_village)  # allow_stale defaults to False
    assert "stale" not in result and background.jobs() == []
    assert {a["id"]: a["name"] for a in result["actors"]}[str(actor.pk)] == "Nama Lain"


def test_without_background_a_page_computes_in_the_request(demo_village, settings):
    settings.JEJARING_ANALYSIS_IN_BACKGROUND = False
    services.village_analysis(demo_village)
    Actor.objects.filter(village=demo_village).first().save()
    assert "stale" not in services.village_analysis(demo_village, allow_stale=True)


def test_a_new_actor_page_answers_while_its_measures_are_computed(
    demo_village, member_client, background
):
    services.village_analysis(demo_village)
    first = Actor.objects.filter(village=demo_village).first()
    new = Actor.objects.create(village=demo_village, code="BARU-1", name="Bu Baru")
    for name in ("actors:actor", "actors:edit"):
        page = member_client.get(reverse(name, args=[demo_village.slug, new.pk]))
        assert page.status_code == 200
    for url in (
        reverse("actors:register", kwargs={"village": demo_village.slug}),
        reverse("actors:actor", args=[demo_village.slug, first.pk]),
        f"/v/{demo_village.slug}/",
        f"/v/{demo_village.slug}/analysis/map/data/",
        f"/v/{demo_village.slug}/analysis/interest/",
    ):
        assert member_client.get(url).status_code == 200, url
    assert len(background.jobs()) == 1


def test_decoded_analyses_kept_in_memory_are_bounded_by_the_actors_they_hold(monkeypatch):
    """A web process of a district server keeps the analyses of the villages it answers in
    turn, the least recently used dropped first, within a budget counted in actors."""
    monkeypatch.setattr(services, "_memory", services.OrderedDict())
    monkeypatch.setattr(services, "_MEMORY_ACTORS", 10)

    def result(n: int) -> dict:
        return {"actors": [{}] * n}

    services._remember(("a",), result(4))
    services._remember(("b",), result(4))
    assert list(services._memory) == [("a",), ("b",)]  # 5 + 5 = 10: within the budget
    services._remember(("c",), result(2))
    assert list(services._memory) == [("b",), ("c",)]
    services._remember(("b",), result(4))  # used again: now the most recent
    services._remember(("d",), result(3))
    assert list(services._memory) == [("b",), ("d",)]
    services._remember(("huge",), result(50))  # one village over the budget is still kept
    assert list(services._memory) == [("huge",)]
