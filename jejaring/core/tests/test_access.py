"""Every village page and API endpoint keeps a village's data to its members.

The URL patterns and the OpenAPI schema are enumerated, so a page added later is checked
without anyone remembering to: an outsider gets 404 (the village's existence is not revealed),
a read-only member gets 403 on any write, a member can open every page.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from jejaring.core.tests.samples import sample_kwargs

pytestmark = pytest.mark.django_db


def village_url_names() -> list[tuple[str, list[str]]]:
    """(URL name, [kwarg names]) of every page under /v/<village>/."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None, inside: bool):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                walk(p.url_patterns, prefix + route, ns, inside or "<slug:village>" in route)
            elif isinstance(p, URLPattern) and inside and p.name:
                full = prefix + route
                names = re.findall(r"<(?:\w+:)?(\w+)>", full)
                found.append((f"{namespace}:{p.name}" if namespace else p.name, names))

    walk(get_resolver().url_patterns, "", None, False)
    return found


def village_urls(demo_village) -> list[str]:
    urls = []
    for name, kwarg_names in village_url_names():
        kwargs = sample_kwargs(demo_village, kwarg_names)
        urls.append(reverse(name, kwargs=kwargs))
    return urls


def test_the_enumeration_finds_village_pages(demo_village):
    assert reverse("villages:home", kwargs={"village": demo_village.slug}) in village_urls(
        demo_village
    )


def test_outsider_gets_404_everywhere(demo_village, outsider_client):
    for url in village_urls(demo_village):
        assert outsider_client.get(url).status_code == 404, url
        assert outsider_client.post(url, {}).status_code == 404, url


def test_read_only_member_gets_403_on_every_write(demo_village, reader_client):
    for url in village_urls(demo_village):
        assert reader_client.post(url, {}).status_code == 403, url


def test_member_can_open_every_page(demo_village, member_client):
    for url in village_urls(demo_village):
        status = member_client.get(url).status_code
        # 405: endpoints that only accept POST (e.g. a delete action).
        assert status in (200, 302, 405), (url, status)


def test_anonymous_is_sent_to_log_in(demo_village, client):
    for url in village_urls(demo_village):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


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


def test_api_keeps_villages_apart(demo_village, outsider_client, reader_client, member_client):
    ops = [op for op in api_operations(member_client) if "{slug}" in op[1]]
    assert ops, "the API should have village endpoints"
    for method, path in ops:
        url = fill_api_path(path, demo_village)
        call = getattr(outsider_client, method)
        assert call(url, content_type="application/json").status_code == 404, (method, url)
        if method != "get":
            call = getattr(reader_client, method)
            assert call(url, data={}, content_type="application/json").status_code == 403, (
                method,
                url,
            )
        else:
            assert member_client.get(url).status_code == 200, url


def test_api_lists_only_the_users_villages(demo_village, outsider_client, member_client):
    assert [v["slug"] for v in member_client.get("/api/v1/villages/").json()] == [demo_village.slug]
    assert [v["slug"] for v in outsider_client.get("/api/v1/villages/").json()] == ["desa-lain"]


def test_api_requires_login(client, demo_village):
    assert client.get(f"/api/v1/villages/{demo_village.slug}").status_code == 401
