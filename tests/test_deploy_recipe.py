"""The deployment recipe (compose.yaml, Dockerfile) holds together: the services the guide
names, migrations run once before the web and the worker, health checks on every service, the
settings every process must share (one database, one secret key, broker, cache, data volume)."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))


def test_compose_names_the_services_of_a_district_server():
    services = _compose()["services"]
    assert {"db", "redis", "migrate", "web", "worker"} <= set(services)
    assert services["web"]["deploy"]["replicas"] == 2
    assert services["web"]["command"][:2] == ["jejaring", "serve"]
    assert services["worker"]["command"][:2] == ["jejaring", "worker"]
    assert services["migrate"]["command"] == ["jejaring", "setup"]
    for name in ("db", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])


def test_web_and_worker_share_one_database_key_broker_cache_and_data_volume():
    services = _compose()["services"]
    web, worker = services["web"], services["worker"]
    for key in ("DATABASE_URL", "SECRET_KEY", "JEJARING_BROKER_URL", "JEJARING_CACHE_URL"):
        assert web["environment"][key] == worker["environment"][key], key
    assert web["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "data:/data" in web["volumes"] and "data:/data" in worker["volumes"]
    for name in ("web", "worker"):
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_the_image_installs_the_package_and_serves():
    docker = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install" in docker and '"jejaring", "serve"' in docker
    assert "JEJARING_DATA_DIR=/data" in docker
