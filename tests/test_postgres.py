"""Jejaring on PostgreSQL, the multi-user server database.

When the whole suite runs on PostgreSQL (``DATABASE_URL`` set, as in CI's second pass) these
tests check the connection is really PostgreSQL; otherwise they start the CLI against a fresh
PostgreSQL database on 127.0.0.1:5432. With no server reachable they skip, unless
``JEJARING_REQUIRE_POSTGRES=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid

import pytest

pytestmark = pytest.mark.postgres

SERVER = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}


def require_server():
    import psycopg

    try:
        return psycopg.connect(**SERVER, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        message = f"no PostgreSQL server at 127.0.0.1:5432 ({exc.__class__.__name__})"
        if os.environ.get("JEJARING_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + " and JEJARING_REQUIRE_POSTGRES=1")
        pytest.skip(message)


@pytest.fixture
def fresh_database():
    conn = require_server()
    name = f"jejaring_test_{uuid.uuid4().hex[:10]}"
    conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.close()


def test_cli_creates_migrates_and_fills_a_postgres_database(fresh_database, tmp_path):
    env = dict(os.environ, DATABASE_URL=fresh_database, JEJARING_DATA_DIR=str(tmp_path))
    demo = subprocess.run(
        [sys.executable, "-m", "jejaring", "demo"], env=env, capture_output=True, text=True
    )
    assert demo.returncode == 0, demo.stderr
    out = subprocess.run(
        [sys.executable, "-m", "jejaring", "villages", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    villages = json.loads(out.stdout)
    assert villages[0]["slug"] == "tegalrejo" and villages[0]["actors"] > 250
    assert not (tmp_path / "jejaring.sqlite3").exists()


@pytest.mark.django_db
def test_suite_database_matches_database_url():
    from django.db import connection

    wanted = os.environ.get("DATABASE_URL", "")
    if wanted.startswith("postgres"):
        assert connection.vendor == "postgresql"
        with connection.cursor() as cur:
            cur.execute("select version()")
            assert "PostgreSQL" in cur.fetchone()[0]
    else:
        assert connection.vendor == "sqlite"
