"""Simultaneous writes on PostgreSQL (issue 16, finding 5): 8 clients at once never get a 500,
never make copies, never chain a status history wrongly.

Real threads, each with its own database connection, against committed data: the test runs
outside the per-test transaction (``django_db_blocker``) and removes what it made. The threaded
tests need PostgreSQL: the SQLite test database is one in-memory file shared by the threads,
whose table locks fail at once instead of waiting (Jejaring's own SQLite connections serialise
writers with ``BEGIN IMMEDIATE`` and a busy timeout). The checks after them run on both.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client

CLIENTS = 8


@pytest.fixture
def race(django_db_setup, django_db_blocker):
    """A committed village with two actors, a forum, a meeting and a facilitator."""
    if connection.vendor != "postgresql":
        pytest.skip("threads need PostgreSQL (set DATABASE_URL); see the module docstring")
    with django_db_blocker.unblock():
        from jejaring.actors.models import Tie
        from jejaring.actors.services import create_actor
        from jejaring.engagement import services as E
        from jejaring.villages.services import create_user, create_village

        name = f"race{uuid.uuid4().hex[:8]}"
        user = create_user(name, "pw-race-12345")
        village = create_village("Desa Balapan", slug=name, admin=user)
        a = create_actor(village, name="Pak Darto")
        b = create_actor(village, name="Bu Sri")
        forum = E.create_forum(village, name="Forum Warga")
        meeting = E.create_meeting(forum, date=dt.date(2026, 10, 1))
        try:
            yield {
                "user": user,
                "village": village,
                "a": a,
                "b": b,
                "forum": forum,
                "meeting": meeting,
                "api": f"/api/v1/villages/{village.slug}",
            }
        finally:
            Tie.objects.filter(village=village).delete()
            village.delete()
            user.delete()


def at_once(user, request: Callable[[Client, int], object], n: int = CLIENTS) -> list:
    """Run ``request(client, i)`` in ``n`` threads released together; the responses."""
    barrier = threading.Barrier(n)
    results: list = [None] * n

    def work(i: int) -> None:
        try:
            client = Client(raise_request_exception=False)
            client.force_login(user)
            barrier.wait()
            results[i] = request(client, i)
        except Exception as exc:  # reported by the assertion below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results


def statuses(results) -> list:
    return [getattr(r, "status_code", r) for r in results]


def test_actors_created_at_once_without_an_id_each_get_their_own(race):
    results = at_once(
        race["user"],
        lambda c, i: c.post(
            f"{race['api']}/actors", {"name": f"Warga {i}"}, content_type="application/json"
        ),
    )
    assert statuses(results) == [201] * CLIENTS
    codes = [r.json()["code"] for r in results]
    assert len(set(codes)) == CLIENTS


def test_the_same_tie_posted_at_once_is_one_tie_with_every_account(race):
    a, b = race["a"], race["b"]
    results = at_once(
        race["user"],
        lambda c, i: c.post(
            f"{race['api']}/ties",
            {
                "source": str(a.pk),
                "target": str(b.pk),
                "type": "credit",
                "informant_name": f"Informan {i}",
            },
            content_type="application/json",
        ),
    )
    assert sorted(statuses(results)) == [200] * (CLIENTS - 1) + [201]
    tie = race["village"].ties.get()
    assert tie.evidence.count() == CLIENTS


def test_a_member_added_at_once_is_seated_once(race):
    url = f"{race['api']}/forums/{race['forum'].pk}/members"
    results = at_once(
        race["user"],
        lambda c, i: c.post(url, {"actor": str(race["a"].pk)}, content_type="application/json"),
    )
    codes = statuses(results)
    assert codes.count(201) == 1 and set(codes) <= {201, 422}, codes
    assert race["forum"].members.filter(actor=race["a"]).count() == 1


def test_attendance_saved_at_once_keeps_one_row_per_actor(race):
    url = f"{race['api']}/meetings/{race['meeting'].pk}/attendance"
    a, b = str(race["a"].pk), str(race["b"].pk)
    results = at_once(
        race["user"],
        lambda c, i: c.post(
            url, {"present": [a, b] if i % 2 else [a]}, content_type="application/json"
        ),
    )
    assert statuses(results) == [200] * CLIENTS
    from jejaring.engagement.models import Attendance

    # The last save wins whole: one row per actor, as one of the requests sent it.
    rows = sorted(str(r.actor_id) for r in Attendance.objects.filter(meeting=race["meeting"]))
    assert rows in (sorted([a]), sorted([a, b]))


def test_status_changes_at_once_chain_into_one_history(race):
    from jejaring.engagement.models import Engagement, StatusChange

    actor = race["a"]
    url = f"{race['api']}/engagement/stakeholders/{actor.pk}/status"
    cycle = ["approached", "receptive", "supportive", "resistant"]
    n = 16
    results = at_once(
        race["user"],
        lambda c, i: c.post(
            url,
            {"to_status": cycle[i % 4], "date": str(dt.date(2026, 10, 1 + i % 5))},
            content_type="application/json",
        ),
        n=n,
    )
    assert all(code == 200 for code in statuses(results)), statuses(results)
    previous = "not_approached"
    for change in StatusChange.objects.filter(actor=actor).order_by("date", "created_at"):
        assert change.from_status == previous
        previous = change.to_status
    assert Engagement.objects.get(actor=actor).status == previous


def test_status_changes_and_ties_of_one_actor_at_once_do_not_deadlock(race):
    """One request locks the actor, the other the village and then points a tie at the actor."""
    a, b = race["a"], race["b"]

    def request(c, i):
        if i % 2:
            return c.post(
                f"{race['api']}/engagement/stakeholders/{a.pk}/status",
                {"to_status": ["approached", "receptive"][i % 4 // 2]},
                content_type="application/json",
            )
        return c.post(
            f"{race['api']}/ties",
            {
                "source": str(a.pk),
                "target": str(b.pk),
                "type": "credit",
                "informant_name": f"Informan {i}",
            },
            content_type="application/json",
        )

    codes = statuses(at_once(race["user"], request))
    assert set(codes) <= {200, 201}, codes


# --------------------------------------------------------------- on SQLite and PostgreSQL


@pytest.mark.django_db
def test_an_id_taken_meanwhile_is_a_409_not_a_500(member_client, demo_village):
    """What the losing request of a race meets: the form saw the id free, the service not."""
    from jejaring.actors import services
    from jejaring.actors.models import Actor

    taken = Actor.objects.filter(village=demo_village).first().code
    with pytest.raises(services.Refused):
        services.create_actor(demo_village, name="Orang Baru", code=taken)


@pytest.mark.django_db
def test_a_unique_collision_anywhere_is_a_409(member_client, demo_village, monkeypatch):
    from django.db import IntegrityError

    from jejaring.engagement import services as E

    def collide(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(E, "set_attendance", collide)
    meeting = demo_village.forums.first().meetings.first()
    client = Client(raise_request_exception=False)
    client.force_login(_member(member_client))
    api = f"/api/v1/villages/{demo_village.slug}/meetings/{meeting.pk}/attendance"
    assert client.post(api, {"present": []}, content_type="application/json").status_code == 409


def _member(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


@pytest.mark.django_db
def test_a_page_write_that_collides_gets_the_409_page(demo_village, personas, monkeypatch):
    from django.db import IntegrityError
    from django.urls import reverse

    from jejaring.villages import services as V

    def collide(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(V, "add_hamlet", collide)
    V.set_membership(demo_village, personas.member, "admin")
    client = Client(raise_request_exception=False)
    client.force_login(personas.member)
    response = client.post(
        reverse("villages:settings", args=[demo_village.slug]),
        {"action": "hamlet", "name": "Dusun Baru"},
    )
    assert response.status_code == 409
    assert "pada saat yang sama" in response.content.decode()


def test_saves_of_one_actor_from_the_same_form_at_once_keep_exactly_one(race):
    """Eight people save the same actor from forms opened at the same version, at once: the
    conditional UPDATE lets exactly one through; the seven others get the conflict page."""
    from django.urls import reverse

    from jejaring.actors.forms import ActorForm
    from jejaring.actors.models import Actor
    from jejaring.core.tests.test_versions import form_data

    a = race["a"]
    data = form_data(ActorForm(race["village"], instance=Actor.objects.get(pk=a.pk)))
    url = reverse("actors:edit", kwargs={"village": race["village"].slug, "actor": a.pk})
    results = at_once(race["user"], lambda c, i: c.post(url, {**data, "notes": f"Versi {i}"}))
    codes = statuses(results)
    assert sorted(codes) == [200] * (CLIENTS - 1) + [302], codes
    winner = codes.index(302)
    assert Actor.objects.get(pk=a.pk).notes == f"Versi {winner}"
    assert all('id="conflict"' in r.content.decode() for r in results if r.status_code == 200)
