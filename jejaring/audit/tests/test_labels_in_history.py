"""The history speaks the reader's language even for vocabulary labels stored in English
(an engagement stage: "Karyadi: Receptive", before "Not approached", after "Receptive")."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_stage_change_reads_in_indonesian_on_the_history_page(demo_village, personas, settings):
    from jejaring.actors.models import Actor
    from jejaring.engagement.models import Engagement
    from jejaring.villages.services import set_membership

    set_membership(demo_village, personas.member, "admin")
    actor = Actor.objects.filter(village=demo_village).order_by("code").first()
    engagement, _ = Engagement.objects.get_or_create(actor=actor)
    engagement.status = "not_approached"
    engagement.save()
    engagement.status = "receptive"
    engagement.save()
    from django.test import Client

    client = Client()
    client.force_login(personas.member)
    html = client.get(
        reverse("audit:recent", kwargs={"village": demo_village.slug})
    ).content.decode()
    assert "Mau menerima" in html
    assert "Receptive" not in html and "Not approached" not in html
