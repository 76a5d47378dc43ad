"""No lost updates (issue 13 #5, #9): two facilitators save the same record from stale forms.

Every interleaving of two loads and two saves is played for an actor, a tie, a forum and a
meeting. A save made from a form opened before the other person's save is refused with the
conflict block (both values side by side) and writes nothing; every other save goes through.
So the record always ends as exactly one person's save: never a silent overwrite.
"""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

VERSION = re.compile(r'name="version" value="(\d+)"')


def form_data(form) -> dict:
    """What a browser posts for an unbound form as it is shown (its initial values)."""
    from jejaring.core.versions import shown_data

    return shown_data(form)


class Kind:
    """One editable record: its edit URL, the form a user sees, and the field both people change."""

    def __init__(self, name, url, form, field, read, values):
        self.name, self.url, self.form, self.field, self.read = name, url, form, field, read
        self.values = values


@pytest.fixture
def kinds(demo_village):
    from jejaring.actors.forms import ActorForm, TieEditForm
    from jejaring.actors.models import Actor, Tie
    from jejaring.engagement import views as E
    from jejaring.engagement.models import Forum, Meeting

    slug = demo_village.slug
    actor = Actor.objects.filter(village=demo_village).order_by("code").first()
    tie = Tie.objects.filter(village=demo_village, is_current=True).order_by("pk").first()
    forum = Forum.objects.filter(village=demo_village).order_by("pk").first()
    meeting = Meeting.objects.filter(forum__village=demo_village).order_by("pk").first()
    return [
        Kind(
            "actor",
            reverse("actors:edit", kwargs={"village": slug, "actor": actor.pk}),
            lambda: ActorForm(demo_village, instance=Actor.objects.get(pk=actor.pk)),
            "notes",
            lambda: Actor.objects.get(pk=actor.pk).notes,
            ("Catatan dari Andi", "Catatan dari Budi"),
        ),
        Kind(
            "tie",
            reverse("actors:tie_edit", kwargs={"village": slug, "tie": tie.pk}),
            lambda: TieEditForm(
                demo_village, initial=TieEditForm.initial_for(Tie.objects.get(pk=tie.pk))
            ),
            "note",
            lambda: Tie.objects.get(pk=tie.pk).note,
            ("Bunga 10% sebulan", "Bunga 20% sebulan"),
        ),
        Kind(
            "forum",
            reverse("engagement:forum_edit", kwargs={"village": slug, "forum": forum.pk}),
            lambda: E._forum_form(Forum.objects.get(pk=forum.pk)),
            "purpose",
            lambda: Forum.objects.get(pk=forum.pk).purpose,
            ("Musyawarah harga gabah", "Musyawarah air irigasi"),
        ),
        Kind(
            "meeting",
            reverse("engagement:meeting_edit", kwargs={"village": slug, "meeting": meeting.pk}),
            lambda: E._meeting_form(Meeting.objects.get(pk=meeting.pk)),
            "minutes",
            lambda: Meeting.objects.get(pk=meeting.pk).minutes,
            ("Notulen versi Andi", "Notulen versi Budi"),
        ),
    ]


@pytest.fixture
def two(demo_village):
    from jejaring.villages.services import create_user, set_membership

    clients = []
    for name in ("andi", "budi"):
        user = create_user(name, f"pw-{name}-12345")
        set_membership(demo_village, user, "facilitator")
        c = Client()
        c.force_login(user)
        clients.append(c)
    return clients


# Every order of A-load, B-load, A-save, B-save where each person loads before saving.
ORDERS = [
    order
    for order in itertools.permutations(["AL", "BL", "AS", "BS"])
    if order.index("AL") < order.index("AS") and order.index("BL") < order.index("BS")
]


@pytest.mark.parametrize("order", ORDERS, ids=["-".join(o) for o in ORDERS])
def test_no_save_from_a_stale_form_overwrites_another(kinds, two, order):
    clients = dict(zip("AB", two, strict=True))
    for kind in kinds:
        forms, saved_at, last_saved = {}, {}, None
        for step, event in enumerate(order):
            who, what = event[0], event[1]
            client = clients[who]
            if what == "L":
                page = client.get(kind.url)
                assert page.status_code == 200
                data = form_data(kind.form())
                # The version in the page is the one the form will send back.
                assert data["version"] == VERSION.search(page.content.decode()).group(1)
                forms[who] = (step, data)
                continue
            loaded_at, data = forms[who]
            mine = kind.values[0 if who == "A" else 1]
            other = "B" if who == "A" else "A"
            stale = other in saved_at and saved_at[other] > loaded_at
            before = kind.read()
            r = client.post(kind.url, {**data, kind.field: mine})
            if stale:
                # Refused: the conflict block with both values, nothing written.
                assert r.status_code == 200, (kind.name, order)
                html = r.content.decode()
                assert 'id="conflict"' in html
                assert mine in html and before in html
                assert kind.read() == before, (kind.name, order)
            else:
                assert r.status_code == 302, (kind.name, order, r.content.decode()[:300])
                assert kind.read() == mine
                saved_at[who], last_saved = step, mine
        assert kind.read() == last_saved, (kind.name, order)


def test_the_conflict_page_merges_field_by_field(kinds, two):
    """After a conflict the second person takes the other's value for one field and keeps
    their own for another; the save goes through with both."""
    from jejaring.actors.models import Actor

    andi, budi = two
    kind = kinds[0]  # the actor
    a_data = form_data(kind.form())
    b_data = form_data(kind.form())
    assert andi.post(kind.url, {**a_data, "notes": "Pemilik penggilingan"}).status_code == 302
    conflict = budi.post(kind.url, {**b_data, "notes": "Tengkulak", "position": "Ketua RT"})
    html = conflict.content.decode()
    assert 'id="conflict"' in html and "Pemilik penggilingan" in html and "Tengkulak" in html
    version = VERSION.search(html).group(1)
    merged = budi.post(
        kind.url,
        {
            **b_data,
            "version": version,
            "notes": "Tengkulak",
            "position": "Ketua RT",
            "take_notes": "saved",
            "take_position": "mine",
        },
    )
    assert merged.status_code == 302
    actor = Actor.objects.get(pk=kind.url.rstrip("/").split("/")[-2])
    assert actor.notes == "Pemilik penggilingan" and actor.position == "Ketua RT"


def test_an_import_or_bulk_edit_in_between_also_refuses_the_stale_form(kinds, two, demo_village):
    from jejaring.actors.models import Actor
    from jejaring.actors.services import bulk_update_actors

    andi, _ = two
    kind = kinds[0]
    data = form_data(kind.form())
    actor = Actor.objects.get(pk=kind.url.rstrip("/").split("/")[-2])
    bulk_update_actors(demo_village, [actor.pk], welfare="poor")
    r = andi.post(kind.url, {**data, "notes": "Dari formulir lama"})
    assert r.status_code == 200 and 'id="conflict"' in r.content.decode()
    actor.refresh_from_db()
    assert actor.welfare == "poor" and actor.notes != "Dari formulir lama"


def test_the_api_answers_409_with_the_current_actor_to_a_stale_update(kinds, two, demo_village):
    """PATCH with the version read: the second of two updates from the same version gets 409
    and the actor as it is now, writes nothing, and goes through when sent again with the
    new version. Without a version the update applies (last write wins, documented)."""
    import json

    from jejaring.actors.models import Actor

    andi, budi = two
    actor_id = kinds[0].url.rstrip("/").split("/")[-2]
    url = f"/api/v1/villages/{demo_village.slug}/actors/{actor_id}"
    read = andi.get(url).json()
    version = Actor.objects.get(pk=actor_id).version

    def patch(client, body):
        return client.patch(url, json.dumps(body), content_type="application/json")

    first = patch(andi, {"notes": "Dari Andi", "version": version})
    assert first.status_code == 200 and first.json()["version"] == version + 1
    second = patch(budi, {"position": "Ketua kelompok", "version": version})
    assert second.status_code == 409
    body = second.json()
    assert body["current"]["version"] == version + 1 and body["errors"]["__all__"]
    actor = Actor.objects.get(pk=actor_id)
    assert actor.notes == "Dari Andi" and actor.position != "Ketua kelompok"
    again = patch(budi, {"position": "Ketua kelompok", "version": body["current"]["version"]})
    assert again.status_code == 200
    actor.refresh_from_db()
    assert actor.notes == "Dari Andi" and actor.position == "Ketua kelompok"
    assert patch(andi, {"notes": "Tanpa versi"}).status_code == 200
    assert read["name"] == Actor.objects.get(pk=actor_id).name  # untouched fields stay
