"""Every page and API operation keeps a village's data to its members: the authorization matrix.

The URL patterns and the OpenAPI schema are enumerated, so a page or operation added later is
checked without anyone remembering to, for every persona: anonymous, a user with no
membership, the admin and a facilitator of another village, a viewer, a supervisor, a
facilitator and an admin of the village. Outsiders get 404 (the village's existence is not
revealed), members whose role cannot write get 403 on any write, pages for administrators
(:data:`ADMIN_ONLY`) give 403 to everyone else, and a route outside any village must be
declared in :data:`OUTSIDE_VILLAGES` with what it may show — else this test fails.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jejaring.core.tests.samples import sample_kwargs

pytestmark = pytest.mark.django_db

#: Village pages only the village's administrators may open.
ADMIN_ONLY = {"villages:history"}

#: Routes outside any village, and why each is safe for a logged-in outsider. ``public``: may be
#: opened without logging in.
OUTSIDE_VILLAGES: dict[str, tuple[bool, str]] = {
    "core:index": (False, "lists only the user's own villages"),
    "core:healthz": (True, "says whether the server is up; no data"),
    "core:village_new": (False, "creates a village of one's own"),
    "core:area_search": (False, "public Kemendagri area names; no village data"),
    "login": (True, "the log-in form"),
    "logout": (True, "ends the session"),
    "set_language": (True, "sets the interface language"),
    "supervisor:overview": (False, "only villages where the user is a member"),
    "supervisor:pdf": (False, "only villages where the user is a member"),
}
#: API operations outside any village (OpenAPI paths without {slug}).
API_OUTSIDE_VILLAGES = {
    "/api/v1/villages/": "lists only the user's own villages",
    "/api/v1/villages/supervisor/overview": "only villages where the user is a member",
}


def _named_routes() -> list[tuple[str, list[str], bool]]:
    """(URL name, [kwarg names], inside a village?) of every named page; the admin site and
    the API (checked through its schema) aside."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None, inside: bool):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                if prefix + route in ("admin/", "api/v1/"):
                    continue
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + route, ns, inside or "<slug:village>" in route)
            elif isinstance(p, URLPattern) and p.name:
                names = re.findall(r"<(?:\w+:)?(\w+)>", prefix + route)
                name = f"{namespace}:{p.name}" if namespace else p.name
                found.append((name, names, inside))

    walk(get_resolver().url_patterns, "", None, False)
    return found


def village_url_names() -> list[tuple[str, list[str]]]:
    return [(name, kwargs) for name, kwargs, inside in _named_routes() if inside]


def village_urls(village) -> list[tuple[str, str]]:
    return [
        (name, reverse(name, kwargs=sample_kwargs(village, kwarg_names)))
        for name, kwarg_names in village_url_names()
    ]


@pytest.fixture
def people(demo_village, personas):
    """A logged-in client per persona (anonymous: a client without a session)."""
    from jejaring.villages.models import Village
    from jejaring.villages.services import create_user, set_membership

    other = Village.objects.get(slug="desa-lain")
    users = {
        "nobody": create_user("tanpa-desa", "pw-tanpa-desa-123"),
        "other_admin": personas.outsider,
        "other_facilitator": create_user("fasil-lain", "pw-fasil-lain-123"),
        "viewer": personas.reader,
        "supervisor": create_user("pengawas", "pw-pengawas-123"),
        "facilitator": personas.member,
        "admin": create_user("admin-desa", "pw-admin-desa-123"),
    }
    set_membership(other, users["other_facilitator"], "facilitator")
    set_membership(demo_village, users["supervisor"], "supervisor")
    set_membership(demo_village, users["admin"], "admin")
    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return SimpleNamespace(**clients)


OUTSIDERS = ("nobody", "other_admin", "other_facilitator")
READ_ONLY = ("viewer", "supervisor")


def test_every_route_outside_a_village_is_declared():
    undeclared = [
        n for n, _k, inside in _named_routes() if not inside and n not in OUTSIDE_VILLAGES
    ]
    assert not undeclared, f"declare these routes in OUTSIDE_VILLAGES (and why): {undeclared}"
    names = {n for n, _k, inside in _named_routes() if inside}
    assert names >= ADMIN_ONLY and "villages:home" in names


def test_outsiders_get_404_on_every_village_page(demo_village, people):
    for name, url in village_urls(demo_village):
        for persona in OUTSIDERS:
            client = getattr(people, persona)
            assert client.get(url).status_code == 404, (persona, name)
            assert client.post(url, {}).status_code == 404, (persona, name)


def test_anonymous_is_sent_to_log_in_from_every_village_page(demo_village, people):
    for name, url in village_urls(demo_village):
        response = people.anonymous.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], name


def test_read_only_members_get_403_on_every_write(demo_village, people):
    for name, url in village_urls(demo_village):
        for persona in READ_ONLY:
            status = getattr(people, persona).post(url, {}).status_code
            assert status == 403, (persona, name, status)


def test_pages_for_administrators_refuse_every_other_member(demo_village, people):
    for name, url in village_urls(demo_village):
        if name not in ADMIN_ONLY:
            continue
        for persona in (*READ_ONLY, "facilitator"):
            assert getattr(people, persona).get(url).status_code == 403, (persona, name)
        assert people.admin.get(url).status_code == 200, name


def test_an_administrator_can_open_every_page(demo_village, people):
    for name, url in village_urls(demo_village):
        status = people.admin.get(url).status_code
        # 405: endpoints that only accept POST (e.g. a delete action).
        assert status in (200, 302, 405), (name, status)


def test_routes_outside_villages_show_an_outsider_nothing_of_the_village(demo_village, people):
    secret = demo_village.name.encode()
    for name, kwarg_names, inside in _named_routes():
        if inside or kwarg_names or name == "logout":
            continue
        public, _why = OUTSIDE_VILLAGES[name]
        for persona in OUTSIDERS:
            response = getattr(people, persona).get(reverse(name))
            assert response.status_code in (200, 302, 405), (persona, name)
            assert secret not in response.content, (persona, name)
        if not public:
            response = people.anonymous.get(reverse(name))
            assert response.status_code == 302 and "/login/" in response["Location"], name


def api_operations(client) -> list[tuple[str, str]]:
    schema = client.get("/api/v1/openapi.json").json()
    ops = []
    for path, methods in schema["paths"].items():
        for method in methods:
            if method in ("get", "post", "put", "patch", "delete"):
                ops.append((method, path))
    return ops


def fill_api_path(path: str, village) -> str:
    names = re.findall(r"{(\w+)}", path)
    values = sample_kwargs(village, ["village" if n == "slug" else n for n in names])
    for n in names:
        path = path.replace("{" + n + "}", str(values["village" if n == "slug" else n]))
    return path


def test_every_api_operation_outside_a_village_is_declared(people):
    outside = {path for _m, path in api_operations(people.admin) if "{slug}" not in path}
    undeclared = outside - set(API_OUTSIDE_VILLAGES)
    assert not undeclared, f"declare these API paths in API_OUTSIDE_VILLAGES: {undeclared}"


def test_api_keeps_villages_apart(demo_village, people):
    ops = [op for op in api_operations(people.admin) if "{slug}" in op[1]]
    assert ops, "the API should have village endpoints"
    for method, path in ops:
        url = fill_api_path(path, demo_village)
        assert getattr(people.anonymous, method)(url).status_code == 401, (method, url)
        for persona in OUTSIDERS:
            call = getattr(getattr(people, persona), method)
            status = call(url, content_type="application/json").status_code
            assert status == 404, (persona, method, url, status)
        if method != "get":
            for persona in READ_ONLY:
                call = getattr(getattr(people, persona), method)
                status = call(url, data={}, content_type="application/json").status_code
                assert status == 403, (persona, method, url, status)
        else:
            assert people.admin.get(url).status_code == 200, url


def test_api_outside_villages_shows_an_outsider_nothing_of_the_village(demo_village, people):
    for path in API_OUTSIDE_VILLAGES:
        for persona in OUTSIDERS:
            response = getattr(people, persona).get(path)
            assert response.status_code == 200, (persona, path)
            assert demo_village.slug.encode() not in response.content, (persona, path)
    assert [v["slug"] for v in people.facilitator.get("/api/v1/villages/").json()] == [
        demo_village.slug
    ]
    assert [v["slug"] for v in people.other_admin.get("/api/v1/villages/").json()] == ["desa-lain"]
