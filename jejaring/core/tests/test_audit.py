"""Who changed what (issue 16 #15): every create, edit, end and delete of village data is
recorded with its user, time and values before/after; administrators read it, nobody else,
and it travels in no export."""

from __future__ import annotations

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse

from jejaring.actors.models import Actor, Tie
from jejaring.core import audit
from jejaring.interchange import json as json_format
from jejaring.interchange import services as S
from jejaring.interchange.problems import ImportRejected
from jejaring.interchange.tests.conftest import csv_bytes
from jejaring.villages.services import create_user, set_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(demo_village, personas):
    user = create_user("kepala-tim", "pw-kepala-tim-123")
    set_membership(demo_village, user, "admin")
    return user


def _entries(village, pk=None):
    return list(audit.village_entries(village, object_pk=pk))


def test_create_edit_end_and_delete_are_recorded_with_user_and_values(demo_village, personas):
    with set_actor(personas.member):
        actor = Actor.objects.create(village=demo_village, code="AUD1", name="Nama Lama")
        actor.name = "Nama Baru"
        actor.save()
        tie = Tie.objects.filter(village=demo_village, is_current=True).first()
        tie.is_current = False
        tie.save()
        actor_pk = actor.pk
        actor.delete()
    created, changed, deleted = reversed(_entries(demo_village, actor_pk))
    assert [e.action for e in (created, changed, deleted)] == [
        LogEntry.Action.CREATE,
        LogEntry.Action.UPDATE,
        LogEntry.Action.DELETE,
    ]
    assert all(e.actor == personas.member for e in (created, changed, deleted))
    assert changed.changes_dict["name"] == ["Nama Lama", "Nama Baru"]
    [ended] = _entries(demo_village, tie.pk)
    assert ended.changes_dict["is_current"] == ["True", "False"]


def test_a_change_deep_in_the_village_is_filed_under_its_village(demo_village, personas):
    from jejaring.actors.models import Evidence

    evidence = Evidence.objects.filter(tie__village=demo_village).first()
    evidence.informant_name = "Bu Siti (tetangga)"
    evidence.save()
    [entry] = _entries(demo_village, evidence.pk)
    assert entry.additional_data == {"village": str(demo_village.pk)}


def test_an_import_records_who_imported_and_a_rejected_one_nothing(demo_village, personas):
    before = LogEntry.objects.count()
    data = csv_bytes([["id", "name"], ["AUD-IMP", "Pak Impor"]])
    S.import_files(demo_village, [S.InputFile("aktor.csv", data)], user=personas.member)
    entry = _entries(demo_village)[0]
    assert entry.actor == personas.member and "aktor.csv" in entry.changes_dict["bulk"][1]
    bad = csv_bytes([["id", "name", "influence"], ["AUD-X", "Pak X", "nine"]])
    count = LogEntry.objects.count()
    with pytest.raises(ImportRejected):
        S.import_files(demo_village, [S.InputFile("aktor.csv", bad)], user=personas.member)
    assert LogEntry.objects.count() == count > before


def test_only_administrators_read_the_history(
    demo_village, personas, admin, client, member_client, reader_client, outsider_client
):
    with set_actor(personas.member):
        actor = Actor.objects.create(village=demo_village, code="AUD2", name="Sebelum")
        actor.name = "Sesudah"
        actor.save()
    url = reverse("villages:history", kwargs={"village": demo_village.slug})
    client.force_login(admin)
    page = client.get(url, {"object": str(actor.pk)})
    assert page.status_code == 200
    assert b"Sebelum" in page.content and b"Sesudah" in page.content
    assert personas.member.username.encode() in page.content
    assert member_client.get(url).status_code == 403  # a facilitator, not an administrator
    assert reader_client.get(url).status_code == 403
    assert outsider_client.get(url).status_code == 404
    assert client.get(url, {"object": "not-a-uuid"}).status_code == 400


def test_the_history_never_shows_another_villages_changes(demo_village, admin, client):
    from jejaring.villages.models import Village

    other = Village.objects.get(slug="desa-lain")
    Actor.objects.create(village=other, code="X", name="Rahasia Desa Lain")
    client.force_login(admin)
    page = client.get(reverse("villages:history", kwargs={"village": demo_village.slug}))
    assert page.status_code == 200 and b"Rahasia Desa Lain" not in page.content


@pytest.mark.parametrize("pseudonymize", [False, True])
def test_the_history_is_part_of_no_export(demo_village, pseudonymize):
    actor = Actor.objects.filter(village=demo_village).first()
    old = "Nama Lama Yang Hanya Ada Di Riwayat"
    actor.name = old
    actor.save()
    actor.name = "Nama Sekarang"
    actor.save()
    assert _entries(demo_village, actor.pk)
    text = json_format.dumps(json_format.export_village(demo_village, pseudonymize=pseudonymize))
    assert old.encode() not in text
