"""The sync pages: status with conflicts, resolving field by field, tokens, bundles."""

from __future__ import annotations

import gzip
import json

import pytest

from jejaring.sync.models import ApiToken, Change, Conflict


@pytest.mark.django_db
def test_conflict_is_listed_and_merged_field_by_field(member_client, reader_client, demo_village):
    from jejaring.actors.models import Actor
    from jejaring.sync.records import serialize

    actor = Actor.objects.filter(village=demo_village).first()
    here = serialize(demo_village, "actors.actor", [str(actor.pk)])[str(actor.pk)]
    there = {**here, "name": "Nama lain", "notes": "catatan lain"}
    c = Conflict.objects.create(
        village=demo_village, model="actors.actor", record_id=actor.pk, local=here, remote=there
    )
    home = member_client.get(f"/v/{demo_village.slug}/")
    assert "1 konflik" in home.content.decode() or "1 conflict" in home.content.decode()
    page = member_client.get(f"/v/{demo_village.slug}/sync/")
    assert page.status_code == 200 and f"/sync/conflict/{c.pk}/" in page.content.decode()
    detail = member_client.get(f"/v/{demo_village.slug}/sync/conflict/{c.pk}/")
    assert "Nama lain" in detail.content.decode()
    # Fields by their names in the reader's language, values as the pages show them.
    rows = {r["name"]: r for r in detail.context["rows"]}
    assert str(rows["name"]["label"]) == "Nama" and "version" not in rows
    if here.get("category"):
        assert rows["category"]["local"] == str(actor.category)
    url = f"/v/{demo_village.slug}/sync/conflict/{c.pk}/"
    assert reader_client.post(url, {"choice": "remote"}).status_code == 403
    before = Change.objects.filter(record_id=actor.pk, resolves=True).count()
    resp = member_client.post(
        url, {"choice": "merge", "field:name": "remote", "field:notes": "local"}
    )
    assert resp.status_code == 302
    actor.refresh_from_db()
    assert actor.name == "Nama lain" and actor.notes == here["notes"]
    c.refresh_from_db()
    assert c.resolved_at is not None
    # The resolution is a change of its own, marked as such, that the next sync sends.
    assert Change.objects.filter(record_id=actor.pk, resolves=True).count() > before


@pytest.mark.django_db
def test_tokens_page_creates_and_revokes(member_client, personas):
    resp = member_client.post("/tokens/", {"name": "laptop desa"})
    secret = resp.context["secret"]
    assert secret.startswith("jjr_") and secret in resp.content.decode()
    token = ApiToken.objects.get(user=personas.member)
    assert token.digest != secret
    member_client.post("/tokens/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_bundle_download_and_upload_of_another_village_refused(member_client, demo_village):
    resp = member_client.get(f"/v/{demo_village.slug}/sync/bundle/")
    doc = json.loads(gzip.decompress(resp.content))
    assert doc["format"] == "jejaring-sync" and doc["items"]
    doc["village"]["id"] = "00000000-0000-0000-0000-000000000001"
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("x.json", json.dumps(doc).encode())
    resp = member_client.post(
        f"/v/{demo_village.slug}/sync/bundle/upload/", {"bundle": upload}, follow=True
    )
    assert "another village" in resp.content.decode() or "desa lain" in resp.content.decode()


@pytest.mark.django_db
def test_a_conflict_never_shows_the_name_of_another_villages_record(member_client, demo_village):
    """A peer's version pointing at a record of another village shows its id, not its name."""
    from jejaring.actors.models import Actor, Tie
    from jejaring.actors.services import create_actor
    from jejaring.sync.records import serialize
    from jejaring.villages.services import create_village

    other = create_village("Desa Rahasia", slug="desa-rahasia")
    secret = create_actor(other, name="Juragan Rahasia")
    tie = Tie.objects.filter(village=demo_village).first()
    here = serialize(demo_village, "actors.tie", [str(tie.pk)])[str(tie.pk)]
    there = {**here, "source": str(secret.pk)}
    c = Conflict.objects.create(
        village=demo_village, model="actors.tie", record_id=tie.pk, local=here, remote=there
    )
    page = member_client.get(f"/v/{demo_village.slug}/sync/conflict/{c.pk}/").content.decode()
    assert "Juragan Rahasia" not in page and str(secret.pk) in page
    assert str(Actor.objects.get(pk=tie.source_id)) in page  # this village's own: by name


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, along_words, taken",
    [
        ("id", "Menerima penghapusan juga menghapus", "penghapusan diterima"),
        ("en", "Taking the deletion also deletes", "the deletion was taken"),
    ],
)
def test_a_deletion_conflict_shows_what_it_takes_along_and_reports_it_taken(
    member_client, demo_village, settings, language, along_words, taken
):
    """An actor deleted on the other side but with ties here: the page says what taking the
    deletion deletes here too; once taken, the message and the conflict page say the deletion
    was taken, in the reader's language."""
    from django.db.models import Q

    from jejaring.actors.models import Actor, Tie
    from jejaring.sync.records import serialize

    member_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    actor = next(
        a
        for a in Actor.objects.filter(village=demo_village)
        if Tie.objects.filter(Q(source=a) | Q(target=a)).exists()
    )
    ties = Tie.objects.filter(Q(source=actor) | Q(target=actor)).count()
    here = serialize(demo_village, "actors.actor", [str(actor.pk)])[str(actor.pk)]
    c = Conflict.objects.create(
        village=demo_village, model="actors.actor", record_id=actor.pk, local=here, remote=None
    )
    url = f"/v/{demo_village.slug}/sync/conflict/{c.pk}/"
    page = member_client.get(url).content.decode()
    assert along_words in page and f"{ties} " in page
    status = member_client.get(f"/v/{demo_village.slug}/sync/").content.decode()
    assert "actors.actor" not in status  # the kind of record by its name, not its code
    resp = member_client.post(url, {"choice": "remote"}, follow=True)
    text = resp.content.decode()
    assert taken in text and f"{ties} " in text
    assert not Actor.objects.filter(pk=actor.pk).exists()
    assert not Tie.objects.filter(Q(source_id=actor.pk) | Q(target_id=actor.pk)).exists()
    after = member_client.get(url).content.decode()
    assert 'id="resolved"' in after and taken in after
    # The decision travels: a deletion marked as resolving.
    assert Change.objects.filter(record_id=actor.pk, op="d", resolves=True).exists()


@pytest.mark.django_db
def test_a_village_fields_conflict_is_shown_and_merged(member_client, demo_village):
    from jejaring.sync.records import serialize

    here = serialize(demo_village, "villages.village", [str(demo_village.pk)])[str(demo_village.pk)]
    there = {**here, "name": "Nama desa lain", "program_goal": "Tujuan lain"}
    c = Conflict.objects.create(
        village=demo_village,
        model="villages.village",
        record_id=demo_village.pk,
        local=here,
        remote=there,
    )
    url = f"/v/{demo_village.slug}/sync/conflict/{c.pk}/"
    detail = member_client.get(url)
    assert "Nama desa lain" in detail.content.decode()
    member_client.post(url, {"choice": "merge", "field:program_goal": "remote"})
    demo_village.refresh_from_db()
    assert demo_village.program_goal == "Tujuan lain" and demo_village.name == here["name"]
    assert Change.objects.filter(
        village_id=demo_village.pk, model="villages.village", resolves=True
    ).exists()
