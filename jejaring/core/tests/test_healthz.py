"""The health endpoint a proxy or orchestrator polls (issue 13 #7)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthy_without_a_broker_says_only_the_database(settings):
    settings.JEJARING_BROKER_URL = ""
    r = Client().get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "checks": {"database": True}}


def test_an_unreachable_broker_is_503_naming_it(settings):
    settings.JEJARING_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    r = Client().get("/healthz")
    assert r.status_code == 503
    assert r.json()["checks"] == {"database": True, "broker": False}


def test_a_reachable_redis_broker_is_healthy(settings):
    import redis

    url = "redis://127.0.0.1:6379/7"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        pytest.skip("Redis is not running at 127.0.0.1:6379")
    settings.JEJARING_BROKER_URL = url
    r = Client().get("/healthz")
    assert r.status_code == 200 and r.json()["checks"]["broker"] is True
