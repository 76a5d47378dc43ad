"""A district server as it runs: two `jejaring serve` processes and one `jejaring worker` on one
PostgreSQL database, with Redis as broker and shared cache (issue 13 #2, #4, #8).

- a login made through process A holds on process B (sessions in the database);
- an edit saved through B moves the village's data version; A's next analysis page answers at
  once with the previous result and queues a recompute, which the worker (not a web process)
  runs: the stored analysis then belongs to the new version;
- that job's page, opened through B, shows it done.

Real processes and real services; skipped only when PostgreSQL or Redis is absent, and then
failed instead under JEJARING_REQUIRE_POSTGRES=1 (CI).
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"

# One xdist worker runs this module's tests, one after the other, against one server: the
# Redis databases below are fixed, and two servers at once would take each other's jobs.
pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.xdist_group("processes")]


def _need(what: str, ok: bool) -> None:
    if ok:
        return
    if os.environ.get("JEJARING_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"{what} is not reachable (CI starts it)")
    pytest.skip(f"{what} is not reachable")


def _reachable(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
        return True
    return False


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need("PostgreSQL at 127.0.0.1:5432", _reachable(5432))
    _need("Redis at 127.0.0.1:6379", _reachable(6379))
    import psycopg

    name = f"jejaring_procs_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    data = tmp_path_factory.mktemp("server")
    env = dict(
        os.environ,
        DATABASE_URL=f"{PG}/{name}",
        JEJARING_DATA_DIR=str(data),
        JEJARING_BROKER_URL=f"{REDIS}/11",
        JEJARING_CACHE_URL=f"{REDIS}/12",
        SECRET_KEY="one-key-for-every-process-of-this-test-server-0123456789",
        JEJARING_FAST_PASSWORDS="1",
        # The test suite turns it off for its own process (jejaring/core/pytest_plugin.py).
        JEJARING_ANALYSIS_IN_BACKGROUND="1",
        JEJARING_LANGUAGE="en",
        PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
    )
    import redis

    for db in (11, 12):
        redis.Redis.from_url(f"{REDIS}/{db}").flushdb()

    def cli(*args, stdin=None):
        out = subprocess.run(
            [sys.executable, "-m", "jejaring", *args],
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert out.returncode == 0, out.stderr[-2000:]
        return out.stdout

    cli("setup")
    cli("demo")
    cli(
        "createuser",
        "fasil",
        "--password-stdin",
        "--village",
        "tegalrejo",
        "--role",
        "facilitator",
        stdin="Sawah-Hijau-2026\nSawah-Hijau-2026\n",
    )
    procs = []
    ports = [_free_port(), _free_port()]
    try:
        for port in ports:
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "jejaring", "serve", "--port", str(port)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        procs.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "jejaring",
                    "worker",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "warning",
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        for port in ports:
            end = time.monotonic() + 60
            while not _reachable(port):
                assert time.monotonic() < end, f"serve on {port} did not start"
                time.sleep(0.3)
        yield {
            "a": f"http://127.0.0.1:{ports[0]}",
            "b": f"http://127.0.0.1:{ports[1]}",
            "db": f"{PG}/{name}",
            "worker": procs[-1],
            "web_pids": {p.pid for p in procs[:2]},
            "logs": data,
        }
    finally:
        for p in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=30)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Browser:
    """Cookies and CSRF like a browser; one jar for both processes (cookies ignore ports)."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, url: str) -> tuple[int, str]:
        with self.opener.open(url, timeout=60) as r:
            return r.status, r.read().decode()

    def send(self, method: str, url: str, body: bytes, content_type: str, base: str):
        req = urllib.request.Request(
            url,
            data=body,
            method=method,
            headers={
                "Content-Type": content_type,
                "X-CSRFToken": self.csrf(),
                "Referer": base + "/",
            },
        )
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()


def _sql(db: str, query: str, *params):
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:
        return conn.execute(query, params).fetchall()


def test_two_web_processes_and_a_worker_share_sessions_edits_and_jobs(server):
    a, b = server["a"], server["b"]
    browser = Browser()
    status, page = browser.get(f"{a}/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": "fasil", "password": "Sawah-Hijau-2026", "csrfmiddlewaretoken": token}
    ).encode()
    status, _ = browser.send("POST", f"{a}/login/", form, "application/x-www-form-urlencoded", a)
    assert status == 200
    # The session made by A is known to B (sessions live in the database).
    status, home = browser.get(f"{b}/v/tegalrejo/")
    assert status == 200 and "Tegalrejo" in home

    _, found = browser.get(f"{b}/api/v1/villages/tegalrejo/actors/search?q=Hartono")
    actor = json.loads(found)[0]["id"]
    # A computes the village's analysis once (nothing stored yet: in the request).
    assert browser.get(f"{a}/v/tegalrejo/actors/{actor}/")[0] == 200
    (version_before,) = _sql(server["db"], "SELECT data_version FROM villages_village")[0]
    assert _sql(server["db"], "SELECT max(data_version) FROM analysis_analysiscache")[0][0] == (
        version_before
    )

    # B saves an edit through the API, with the version it read.
    _, record = browser.get(f"{b}/api/v1/villages/tegalrejo/actors?q=Hartono")
    version = json.loads(record)["results"][0]["version"]
    status, body = browser.send(
        "PATCH",
        f"{b}/api/v1/villages/tegalrejo/actors/{actor}",
        json.dumps({"notes": "Disunting lewat proses B", "version": version}).encode(),
        "application/json",
        b,
    )
    assert status == 200, body
    (version_after,) = _sql(server["db"], "SELECT data_version FROM villages_village")[0]
    assert version_after > version_before

    # A's next page answers (the previous analysis) and queues the recompute ...
    started = time.monotonic()
    assert browser.get(f"{a}/v/tegalrejo/actors/{actor}/")[0] == 200
    assert time.monotonic() - started < 10
    # ... which the worker runs; the stored analysis then belongs to the new version.
    end = time.monotonic() + 120
    while True:
        rows = _sql(
            server["db"],
            "SELECT id, state, result FROM jobs_job WHERE kind = 'analysis.refresh' "
            "ORDER BY created_at DESC",
        )
        if rows and rows[0][1] in ("done", "failed"):
            break
        assert time.monotonic() < end, [rows] + [
            f.read_text()[-3000:] for f in sorted(server["logs"].glob("*.log"))
        ]
        time.sleep(0.5)
    job_id, state, result = rows[0]
    assert state == "done" and result["data_version"] == version_after
    # Run by the worker's process (a child of `jejaring worker`), not by a web process.
    assert result["pid"] not in server["web_pids"]
    stored = _sql(server["db"], "SELECT max(data_version) FROM analysis_analysiscache")[0][0]
    assert stored == version_after
    # The job's page, opened through the other process, shows it done.
    status, page = browser.get(f"{b}/v/tegalrejo/work/{job_id}/")
    assert status == 200 and 'data-state="done"' in page
