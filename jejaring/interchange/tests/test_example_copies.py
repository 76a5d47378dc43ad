"""Loading an example never hands over someone else's copy of it (issue 16, finding 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jejaring.interchange import examples
from jejaring.villages.models import Membership, Village
from jejaring.villages.services import create_village

pytestmark = pytest.mark.django_db


def _load(client, village_slug: str, key: str = "taro"):
    return client.post(reverse("interchange:examples", args=[village_slug]), {"key": key})


def test_loading_an_example_someone_else_loaded_makes_a_new_village(
    member_client, outsider_client, personas, demo_village
):
    first = _load(member_client, demo_village.slug)
    theirs = Village.objects.get(slug="taro")
    assert first.url == reverse("villages:home", args=["taro"])
    # The first user's copy gets a private note the outsider must never read.
    from jejaring.actors.services import create_actor

    create_actor(theirs, name="Catatan rahasia pendamping")

    second = _load(outsider_client, "desa-lain")
    mine = Village.objects.exclude(pk=theirs.pk).get(source_citation=theirs.source_citation)
    assert mine.slug == "taro-2" and second.url == reverse("villages:home", args=["taro-2"])
    assert not Membership.objects.filter(village=theirs, user=personas.outsider).exists()
    assert Membership.objects.get(village=mine, user=personas.outsider).role == "admin"
    assert outsider_client.get(reverse("villages:home", args=["taro"])).status_code == 404
    assert not mine.actors.filter(name="Catatan rahasia pendamping").exists()

    # Loading it again opens each user's own copy.
    assert _load(member_client, demo_village.slug).url.endswith("/v/taro/")
    assert _load(outsider_client, "desa-lain").url.endswith("/v/taro-2/")
    assert Village.objects.filter(source_citation=theirs.source_citation).count() == 2


def test_replace_never_deletes_a_village_that_is_not_an_example(db):
    real = create_village("Taro", slug="taro")
    with pytest.raises(examples.ExampleError):
        examples.load("taro", replace=True)
    assert Village.objects.filter(pk=real.pk).exists()
