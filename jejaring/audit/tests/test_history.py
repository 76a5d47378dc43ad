"""The history of changes: who changed what, seen only by the village's administrators."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from jejaring.actors import services as actors
from jejaring.actors.models import Actor, TieType
from jejaring.audit.models import Change
from jejaring.villages.services import create_user, create_village, set_membership

pytestmark = pytest.mark.django_db


def entries_of(obj):
    return Change.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
    ).order_by("timestamp", "pk")


@pytest.fixture
def village():
    v = create_village("Desa Uji", slug="desa-uji")
    return v


@pytest.fixture
def admin(village):
    user = create_user("kades", "pw-kades-123")
    set_membership(village, user, "admin")
    return user


def logged_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_create_edit_delete_of_an_actor_keep_before_and_after(village):
    actor = actors.create_actor(village, name="Pak Slamet", position="Ketua RT")
    actors.update_actor(actor, name="H. Slamet", position="Ketua RT")
    actor_pk = actor.pk
    actors.delete_actor(actor)
    created, edited, deleted = entries_of(Actor(pk=actor_pk))
    assert created.action == Change.Action.CREATE
    assert created.changes["name"] == [None, "Pak Slamet"]
    assert edited.action == Change.Action.UPDATE
    assert edited.changes["name"] == ["Pak Slamet", "H. Slamet"]
    assert "position" not in edited.changes  # unchanged fields are not repeated
    assert deleted.action == Change.Action.DELETE
    assert deleted.changes["name"] == ["H. Slamet", None]
    assert {e.village_id for e in (created, edited, deleted)} == {village.pk}


def test_ending_a_tie_is_recorded_with_its_end_date(village):
    a = actors.create_actor(village, name="Bu Sri")
    b = actors.create_actor(village, name="Pak Joko")
    loan = TieType.objects.filter(village=None, is_dependency=True).first()
    tie, _ = actors.record_tie(village, source=a, target=b, type=loan)
    actors.end_tie(tie, end_date=dt.date(2026, 10, 1), note="lunas")
    last = entries_of(tie).last()
    assert last.action == Change.Action.UPDATE
    assert last.changes["end_date"] == [None, "2026-10-01"]
    assert last.village_id == village.pk


def test_the_user_of_a_web_change_is_recorded(village, admin):
    actor = actors.create_actor(village, name="Pak Darto")
    response = logged_in(admin).post(
        reverse("actors:edit", kwargs={"village": village.slug, "actor": actor.pk}),
        {"name": "Pak Darto Wiyono", "kind": "person", "consent": "not_asked"},
    )
    assert response.status_code == 302, response.content[:500]
    entry = entries_of(actor).last()
    assert entry.actor == admin
    assert entry.changes["name"] == ["Pak Darto", "Pak Darto Wiyono"]


def test_a_failed_history_write_undoes_the_change(village, monkeypatch):
    """The entry is written in the change's own transaction: no change without its entry."""

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Change.objects, "create", broken)
    with pytest.raises(RuntimeError):
        actors.create_actor(village, name="Pak Hilang")
    assert not Actor.objects.filter(village=village, name="Pak Hilang").exists()


def test_admin_sees_record_history_and_recent_changes(village, admin):
    actor = actors.create_actor(village, name="Pak Sabar")
    actors.update_actor(actor, name="Pak Sabar Utomo")
    c = logged_in(admin)
    page = c.get(reverse("audit:actor", kwargs={"village": village.slug, "actor": actor.pk}))
    assert page.status_code == 200
    assert "Pak Sabar Utomo" in page.content.decode() and "Pak Sabar" in page.content.decode()
    recent = c.get(reverse("audit:recent", kwargs={"village": village.slug}))
    assert recent.status_code == 200 and "Pak Sabar Utomo" in recent.content.decode()
    detail = c.get(reverse("actors:actor", kwargs={"village": village.slug, "actor": actor.pk}))
    assert reverse("audit:actor", kwargs={"village": village.slug, "actor": actor.pk}) in (
        detail.content.decode()
    )


def test_a_deleted_actor_keeps_its_history_for_the_admin(village, admin):
    actor = actors.create_actor(village, name="Pak Pergi")
    pk = actor.pk
    actors.delete_actor(actor)
    page = logged_in(admin).get(
        reverse("audit:actor", kwargs={"village": village.slug, "actor": pk})
    )
    assert page.status_code == 200 and "Pak Pergi" in page.content.decode()


@pytest.mark.parametrize("role", ["viewer", "supervisor", "facilitator"])
def test_other_roles_get_403_on_history(village, role):
    user = create_user(f"u-{role}", "pw-user-12345")
    set_membership(village, user, role)
    actor = actors.create_actor(village, name="Pak Rahasia")
    c = logged_in(user)
    for url in (
        reverse("audit:recent", kwargs={"village": village.slug}),
        reverse("audit:actor", kwargs={"village": village.slug, "actor": actor.pk}),
    ):
        assert c.get(url).status_code == 403, url
    detail = c.get(reverse("actors:actor", kwargs={"village": village.slug, "actor": actor.pk}))
    assert reverse("audit:actor", kwargs={"village": village.slug, "actor": actor.pk}) not in (
        detail.content.decode()
    )


def test_history_never_crosses_villages(village, admin):
    other = create_village("Desa Tetangga", slug="desa-tetangga")
    foreign = actors.create_actor(other, name="Pak Tetangga")
    c = logged_in(admin)
    # An actor of another village through this village's address: nothing, not even its name.
    response = c.get(reverse("audit:actor", kwargs={"village": village.slug, "actor": foreign.pk}))
    assert response.status_code == 404
    recent = c.get(reverse("audit:recent", kwargs={"village": village.slug}))
    assert "Pak Tetangga" not in recent.content.decode()
    # The other village's own pages: the admin is no member there.
    assert c.get(reverse("audit:recent", kwargs={"village": other.slug})).status_code == 404


def test_history_is_in_no_export(village, admin):
    from jejaring.interchange import json as json_format

    actors.create_actor(village, name="Pak Ekspor")
    assert Change.objects.filter(village=village).exists()
    for pseudonymise in (False, True):
        doc = json_format.export_village(village, pseudonymize=pseudonymise)
        text = json.dumps(doc, default=str)
        assert "audit.change" not in doc["records"] and "Change" not in text
    assert "audit.change" in json_format.EXCLUDED


def test_deleting_a_village_takes_its_history(village):
    actors.create_actor(village, name="Pak Akhir")
    pk = village.pk
    village.delete()
    assert not Change.objects.filter(village_id=pk).exists()


def test_an_import_records_who_imported_what(village, admin):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jejaring.interchange.models import ImportJob

    c = logged_in(admin)
    data = b"kode,nama\nN1,Pak Narto\nN2,Bu Sumi\n"
    base = f"/v/{village.slug}/data/import/"
    c.post(base, {"files": [SimpleUploadedFile("aktor.csv", data)], "token": "t"})
    assert not Change.objects.filter(village=village, additional_data__has_key="import").exists()
    job = ImportJob.objects.get(village=village)
    c.post(f"{base}{job.pk}/confirm/", {"token": "t"})
    entry = Change.objects.get(village=village, additional_data__has_key="import")
    assert entry.actor == admin
    assert entry.additional_data["import"]["source"] == "aktor.csv"
    assert entry.additional_data["import"]["counts"]["actors_created"] == 2
    page = c.get(reverse("audit:recent", kwargs={"village": village.slug})).content.decode()
    assert "aktor.csv" in page and "kades" in page


def test_a_json_restore_is_recorded(village):
    from jejaring.interchange import json as json_format
    from jejaring.interchange import services as S

    actors.create_actor(village, name="Pak Cadang")
    data = json_format.dumps(json_format.export_village(village))
    S.import_files(village, [S.InputFile("cadangan.json", data)])
    entry = Change.objects.get(village=village, additional_data__has_key="import")
    assert entry.additional_data["import"]["kind"] == "json"
    assert entry.actor is None  # no user: shown as the command line or the system


def test_setting_the_hamlet_of_many_actors_is_recorded_per_actor(village):
    from jejaring.villages.models import Hamlet

    hamlet = Hamlet.objects.create(village=village, name="Krajan")
    a = actors.create_actor(village, name="Pak Satu")
    b = actors.create_actor(village, name="Bu Dua")
    actors.bulk_update_actors(village, [a.pk, b.pk], hamlet=hamlet)
    for actor in (a, b):
        last = entries_of(actor).last()
        assert last.action == Change.Action.UPDATE
        assert last.changes["hamlet"][1] in (str(hamlet.pk), "Krajan")


def test_merging_actors_records_the_ties_that_moved(village):
    a = actors.create_actor(village, name="H. Slamet")
    dup = actors.create_actor(village, name="Pak Haji Slamet")
    c = actors.create_actor(village, name="Bu Warsi")
    loan = TieType.objects.filter(village=None, is_dependency=True).first()
    tie, _ = actors.record_tie(village, source=c, target=dup, type=loan)
    dup_pk = dup.pk
    actors.delete_actor(dup, merge_into=a)
    moved = entries_of(tie).last()
    assert moved.action == Change.Action.UPDATE
    assert moved.changes["target"] == [str(dup_pk), str(a.pk)]


def test_an_entry_holds_the_records_own_fields_only(village):
    from jejaring.engagement.models import Forum

    forum = Forum.objects.create(village=village, name="Forum Warga")
    (created,) = entries_of(forum)
    assert created.changes["name"] == [None, "Forum Warga"]
    # Neither the id nor the timestamps, nor relations from other records (meetings…).
    assert not {"id", "created_at", "updated_at", "meetings", "members"} & set(created.changes)


def test_a_ties_history_shows_its_accounts(village, admin):
    a = actors.create_actor(village, name="Pak Tani")
    b = actors.create_actor(village, name="Juragan Beras")
    loan = TieType.objects.filter(village=None, is_dependency=True).first()
    tie, _ = actors.record_tie(village, source=a, target=b, type=loan)
    actors.add_evidence(tie, evidence={"informant_name": "Bu Lurah", "account": "utang gabah"})
    page = logged_in(admin).get(
        reverse("audit:tie", kwargs={"village": village.slug, "tie": tie.pk})
    )
    assert page.status_code == 200
    assert "utang gabah" in page.content.decode() and "Bu Lurah" in page.content.decode()
