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
        # A killed worker's job is noticed (its heartbeat stops) within seconds, not minutes.
        JEJARING_JOB_TIMEOUT="10",
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

    def start_worker() -> subprocess.Popen:
        # Its messages go to a log in the data folder: a failed wait prints them.
        with open(data / f"worker-{len(procs)}.log", "w") as log:
            worker = subprocess.Popen(
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
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        procs.append(worker)
        return worker

    try:
        for port in ports:
            with open(data / f"serve-{port}.log", "w") as log:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "jejaring", "serve", "--port", str(port)],
                        env=env,
                        stdout=subprocess.DEVNULL,
                        stderr=log,
                        start_new_session=True,
                    )
                )
        start_worker()
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
            "start_worker": start_worker,
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


def _login(base: str) -> Browser:
    browser = Browser()
    status, page = browser.get(f"{base}/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": "fasil", "password": "Sawah-Hijau-2026", "csrfmiddlewaretoken": token}
    ).encode()
    status, _ = browser.send(
        "POST", f"{base}/login/", form, "application/x-www-form-urlencoded", base
    )
    assert status == 200
    return browser


def test_two_web_processes_and_a_worker_share_sessions_edits_and_jobs(server):
    a, b = server["a"], server["b"]
    browser = _login(a)
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


def _multipart(fields: dict[str, str], name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), (
        f"multipart/form-data; boundary={boundary}"
    )


def _until(what: str, check, timeout: float = 180, db: str = ""):
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        assert time.monotonic() < end, f"waited {timeout} s for {what}: " + repr(
            db
            and (
                _sql(db, "SELECT kind, state, attempts, error, message FROM jobs_job"),
                _sql(db, "SELECT state, problems, summary FROM interchange_importjob"),
            )
        )
        time.sleep(0.3)


def test_an_import_started_on_one_process_survives_a_killed_worker(server):
    """Issue 13 #8: a large upload sent through A is checked by the worker and followed through
    B; the confirmed import is killed with its worker (SIGKILL) halfway: nothing of it is in
    the database and the upload is still *importing*; a new worker runs it again, once."""
    a, b, db = server["a"], server["b"], server["db"]
    browser = _login(a)
    actors = "SELECT count(*) FROM actors_actor a JOIN villages_village v ON v.id = a.village_id"
    (before,) = _sql(db, actors)[0]
    rows = ["id,name"] + [f"W{i},Warga Baru {i}" for i in range(60_000)]
    body, content_type = _multipart(
        {"csrfmiddlewaretoken": browser.csrf(), "token": uuid.uuid4().hex},
        "warga.csv",
        "\n".join(rows).encode(),
    )
    assert len(body) > 1024 * 1024  # a large file: checked and imported by a worker
    status, page = browser.send("POST", f"{a}/v/tegalrejo/data/import/", body, content_type, a)
    assert status == 200, page[-2000:]
    (upload,) = _sql(db, "SELECT id FROM interchange_importjob ORDER BY created_at DESC LIMIT 1")[0]
    upload_page = f"{b}/v/tegalrejo/data/import/{upload}/"
    # Followed through B until the worker's check shows the preview.
    preview = _until(
        "the check",
        db=db,
        check=lambda: (p := browser.get(upload_page)[1]) and 'id="confirm-import"' in p and p,
    )
    assert re.search(r'class="value">60[.,]?000<', preview)  # actors to add
    token = re.search(r'name="token" value="([^"]+)"', preview).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": browser.csrf(), "token": token}).encode()
    status, page = browser.send(
        "POST",
        f"{a}/v/tegalrejo/data/import/{upload}/confirm/",
        form,
        "application/x-www-form-urlencoded",
        a,
    )
    assert status == 200 and 'id="importing"' in page

    def running():
        rows = _sql(db, "SELECT id, state FROM jobs_job WHERE kind = 'interchange.import'")
        return rows and rows[0][1] == "running" and rows[0][0]

    job = _until("the import to start", running, 60)
    time.sleep(1.5)  # well into the import's transaction
    os.killpg(server["worker"].pid, signal.SIGKILL)
    server["worker"].wait(30)
    assert _sql(db, "SELECT state FROM jobs_job WHERE id = %s", job)[0][0] == "running", (
        "the import finished before the worker was killed: make the file larger"
    )
    # Nothing of the killed import is there; the upload waits, its page keeps following it.
    assert _sql(db, actors)[0][0] == before
    assert _sql(db, "SELECT state FROM interchange_importjob WHERE id = %s", upload)[0][0] == (
        "importing"
    )
    assert 'id="importing"' in browser.get(upload_page)[1]

    server["worker"] = server["start_worker"]()
    done = _until(
        "the import to be run again",
        lambda: (p := browser.get(upload_page)[1]) and 'id="importing"' not in p and p,
        db=db,
    )
    assert 'id="work-failed"' not in done
    assert _sql(db, "SELECT state FROM interchange_importjob WHERE id = %s", upload)[0][0] == (
        "imported"
    )
    assert _sql(db, actors)[0][0] == before + 60_000
    state, attempts = _sql(db, "SELECT state, attempts FROM jobs_job WHERE id = %s", job)[0]
    assert state == "done" and attempts == 2
