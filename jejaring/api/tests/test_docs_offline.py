"""The API documentation page works offline: no script or style from another host."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_api_docs_load_nothing_from_a_cdn(member_client):
    response = member_client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources, "the docs page should load Swagger UI"
    assert all(not s.startswith(("http:", "https:", "//")) for s in sources), sources


def test_openapi_schema_lists_village_endpoints(member_client):
    schema = member_client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Jejaring API"
    assert any("{slug}" in path for path in schema["paths"])
