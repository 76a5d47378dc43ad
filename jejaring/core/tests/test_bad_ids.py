"""An empty or malformed id is a clear 4xx naming the field, never a 500 (issue 16, finding 9).

The probe found it on three API operations and one page; the sweep below sends such ids in
every string field of every API operation's body, so an operation added later is covered too.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jejaring.core.tests.test_access import api_operations, fill_api_path
from jejaring.engagement.models import Forum

pytestmark = pytest.mark.django_db


def _fields(response) -> list[str]:
    return [str(d["loc"][-1]) for d in response.json()["detail"]]


def test_empty_actor_id_is_a_422_naming_the_field(member_client, demo_village):
    base = f"/api/v1/villages/{demo_village.slug}"
    forum = Forum.objects.filter(village=demo_village).first()
    for url, body in [
        (f"{base}/engagement/contacts", {"actor": "", "planned_date": "2026-11-20"}),
        (f"{base}/engagement/contacts/log", {"actor": "", "held_date": "2026-10-01"}),
        (f"{base}/forums/{forum.pk}/members", {"actor": ""}),
        (f"{base}/engagement/contacts", {"actor": "not-a-uuid", "planned_date": "2026-11-20"}),
    ]:
        response = member_client.post(url, body, content_type="application/json")
        assert response.status_code == 422, (url, response.content)
        assert "actor" in _fields(response), response.json()


def test_malformed_membership_on_the_settings_page_is_a_400_naming_it(demo_village, personas):
    from jejaring.villages.services import set_membership

    set_membership(demo_village, personas.member, "admin")
    client = Client()
    client.force_login(personas.member)
    response = client.post(
        reverse("villages:settings", args=[demo_village.slug]),
        {"action": "role", "membership": "not-a-uuid", "role": "viewer"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "membership" in response.content.decode()


def _resolve(schema: dict, spec: dict) -> dict:
    if "$ref" in spec:
        return schema["components"]["schemas"][spec["$ref"].rsplit("/", 1)[-1]]
    return spec


def _types(spec: dict) -> list[dict]:
    return spec.get("anyOf", [spec])


def _plausible(schema: dict, spec: dict):
    """A value of the right type, so the request gets past validation to the code behind it."""
    spec = _types(_resolve(schema, spec))[0]
    kind, fmt = spec.get("type"), spec.get("format", "")
    if kind == "string":
        return {"date": "2026-10-01", "date-time": "2026-10-01T10:00:00+07:00"}.get(fmt, "x")
    return {"integer": 1, "number": 1, "boolean": False, "array": [], "object": {}}.get(kind)


def _bodies(schema: dict, spec: dict):
    """For each string field: a valid-looking body with that field empty or malformed."""
    spec = _resolve(schema, spec)
    props = spec.get("properties", {})
    base = {name: _plausible(schema, props[name]) for name in spec.get("required", [])}
    for name, p in props.items():
        kinds = [t.get("type") for t in _types(_resolve(schema, p))]
        if "string" in kinds:
            for value in ("", " ", "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
                yield name, {**base, name: value}
        elif "array" in kinds:
            for value in ([""], ["not-a-uuid"], [{}]):
                yield name, {**base, name: value}


def test_no_api_operation_answers_500_to_empty_or_malformed_ids(member_client, demo_village):
    schema = member_client.get("/api/v1/openapi.json").json()
    client = Client(raise_request_exception=False)
    client.force_login(_user(member_client))
    failures = []
    for method, path in api_operations(member_client):
        if method not in ("post", "put", "patch") or "{slug}" not in path:
            continue
        body = schema["paths"][path][method].get("requestBody")
        if not body:
            continue
        spec = body["content"].get("application/json", {}).get("schema", {})
        url = fill_api_path(path, demo_village)
        for name, data in _bodies(schema, spec):
            response = getattr(client, method)(url, data, content_type="application/json")
            if response.status_code >= 500:
                failures.append((method, path, name, data[name]))
    assert not failures, failures


def _user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])
