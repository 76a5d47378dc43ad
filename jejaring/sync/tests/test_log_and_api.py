"""The change log sees every write path; the sync API checks tokens and roles."""

from __future__ import annotations

import gzip
import json

import pytest

from jejaring.sync.models import ApiToken, Change


def _changes(village, model):
    return list(
        Change.objects.filter(village_id=village.pk, model=model).values_list("record_id", "op")
    )


@pytest.mark.django_db
def test_every_write_path_is_logged(demo_village):
    from jejaring.actors.models import Actor, Evidence, Field, Tie

    Change.objects.all().delete()
    a = Actor.objects.create(village=demo_village, code="LOG1", name="Satu")
    assert _changes(demo_village, "actors.actor") == [(a.pk, "s")]
    bulk = Actor.objects.bulk_create(
        [Actor(village=demo_village, code=f"LOG{i}", name=f"N{i}") for i in range(2, 5)]
    )
    Actor.objects.filter(pk__in=[b.pk for b in bulk]).update(notes="diubah")
    logged = _changes(demo_village, "actors.actor")
    for b in bulk:
        assert logged.count((b.pk, "s")) == 2  # created in bulk, then updated in bulk
    a.name = "Satu lagi"
    Actor.objects.bulk_update([a], ["name"])
    field = Field.objects.filter(village__isnull=True).first()
    n = len(_changes(demo_village, "actors.actor"))
    a.fields.add(field)  # many-to-many: the actor changed
    assert len(_changes(demo_village, "actors.actor")) == n + 1
    tie = Tie.objects.filter(village=demo_village, evidence__isnull=False).first()
    evidence = list(tie.evidence.values_list("pk", flat=True))
    tie.source.delete()  # cascades to its ties and their evidence: all logged as deletions
    deleted = {pk for pk, op in _changes(demo_village, "actors.tie") if op == "d"}
    assert tie.pk in deleted
    gone = {pk for pk, op in _changes(demo_village, "actors.evidence") if op == "d"}
    assert set(evidence) <= gone
    assert not Evidence.objects.filter(pk__in=evidence).exists()


@pytest.mark.django_db
def test_an_edit_of_the_village_itself_is_logged(demo_village):
    """The village's own fields travel like a record: an edit through the settings' service
    is logged under ``villages.village``; the bumps of its data version are not."""
    from jejaring.villages.services import update_village

    Change.objects.all().delete()
    demo_village.touch()
    assert not _changes(demo_village, "villages.village")
    update_village(demo_village, program_goal="Tujuan baru")
    assert _changes(demo_village, "villages.village") == [(demo_village.pk, "s")]


@pytest.mark.django_db
def test_sync_models_are_not_exported_as_village_data():
    from jejaring.interchange.json import EXCLUDED, model_key, village_models

    keys = {model_key(m) for m, _ in village_models()}
    assert not {k for k in keys if k.startswith("sync.")}
    assert "sync.conflict" in EXCLUDED


def _call(client, method, path, token, body=None):
    kwargs = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    resp = getattr(client, method)(f"/api/v1/sync{path}", **kwargs)
    data = resp.content
    if resp.headers.get("Content-Encoding") == "gzip":
        data = gzip.decompress(data)
    return resp.status_code, (json.loads(data) if data else None)


@pytest.mark.django_db
def test_api_tokens_and_roles(client, demo_village, personas):
    _, member = ApiToken.issue(personas.member, "laptop")
    _, reader = ApiToken.issue(personas.reader, "laptop")
    _, outsider = ApiToken.issue(personas.outsider, "laptop")
    slug = demo_village.slug
    assert _call(client, "get", "/hello", "jjr_wrong")[0] == 401
    status, hello = _call(client, "get", "/hello", member)
    assert status == 200 and hello["user"] == "member"
    # Stored hashed only.
    assert not ApiToken.objects.filter(digest=member).exists()
    assert _call(client, "get", f"/villages/{slug}", outsider)[0] == 404
    status, info = _call(client, "get", f"/villages/{slug}", reader)
    assert status == 200 and info["can_write"] is False
    status, page = _call(client, "get", f"/villages/{slug}/pull?full=true", reader)
    assert status == 200 and page["items"] and page["total"] >= len(page["items"])
    assert _call(client, "post", f"/villages/{slug}/push", reader, {"items": []})[0] == 403
    assert _call(client, "post", f"/villages/{slug}/push", outsider, {"items": []})[0] == 404
    status, answer = _call(client, "post", f"/villages/{slug}/push", member, {"items": []})
    assert status == 200 and answer == {"results": []}
    # Revoked: refused.
    ApiToken.objects.filter(user=personas.member).update(revoked_at="2026-01-01T00:00:00Z")
    assert _call(client, "get", "/hello", member)[0] == 401


def test_plain_http_refused_except_loopback():
    from jejaring.sync.client import SyncError, check_url

    assert check_url("http://127.0.0.1:8000/", False) == "http://127.0.0.1:8000"
    assert check_url("https://desa.example.id", False)
    assert check_url("http://10.0.0.5:8000", True)
    with pytest.raises(SyncError):
        check_url("http://10.0.0.5:8000", False)
