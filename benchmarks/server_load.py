"""District server benchmark (issue 13 #10, #11): real processes on PostgreSQL and Redis.

    PYTHONPATH=. python benchmarks/server_load.py [--villages 500] [--queue 200]
        [--clients 40] [--seconds 60] [--think 1.0]

1. **Jobs**: the analyses of ``--queue`` generated villages queued at once, run by 1 and then by
   2 ``jejaring worker`` processes: analyses per minute, and the ratio (target ≥ 1.7).
2. **Pages**: ``--clients`` simulated facilitators, each logged in with its own session and
   working in its own village, browse (village home, actor register, an actor, the ties, the
   map's data) and save (an actor's notes through the API, with the version it read: a 409 is
   a conflict, not an error) for ``--seconds``, pausing about ``--think`` seconds between
   requests like a person, against 1 web process + 1 worker, then 2 + 2: throughput, p50/p95
   latency and errors (target: 0 errors, p95 < 300 ms).
3. **Supervisor**: the roll-up page of a supervisor of all ``--villages`` villages, grouped by
   kecamatan, once the workers have computed every row: p50 and worst of 10 loads (target
   < 500 ms); and the first visit, when every row is queued.

Everything runs on this machine (2 cores here): clients, web processes, workers and the
databases share the cores, so the figures are a floor for a real server.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = "postgres://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379"
PASSWORD = "Beban-Kerja-2026"

BUILD = """
import os, random, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")
django.setup()
from jejaring.actors.models import Actor, Tie, TieType
from jejaring.villages.models import Area, Membership, Village
from jejaring.villages.services import create_user
rng = random.Random(13)
facilitator = create_user("beban", {password!r})
supervisor = create_user("penyelia", {password!r})
types = list(TieType.objects.filter(village__isnull=True))
kecs = [Area.objects.create(code=f"99.97.{{k + 1:02d}}", name=f"Kecamatan {{k + 1}}", level=3)
        for k in range(max(1, {villages} // 20))]
villages = Village.objects.bulk_create([
    Village(slug=f"desa-{{i:03d}}", name=f"Desa {{i:03d}}", area=kecs[i % len(kecs)])
    for i in range({villages})
])
Membership.objects.bulk_create(
    [Membership(village=v, user=facilitator, role="facilitator") for v in villages]
    + [Membership(village=v, user=supervisor, role="viewer") for v in villages]
)
actors, ties = [], []
for v in villages:
    people = [Actor(village=v, code=f"A{{k:03d}}", name=f"Warga {{v.slug}} {{k}}")
              for k in range({actors})]
    actors += people
    for _ in range({ties}):
        a, b = rng.sample(people, 2)
        t = rng.choice(types)
        ties.append(Tie(village=v, source=a, target=b, type=t, directed=t.directed))
Actor.objects.bulk_create(actors, batch_size=5000)
Tie.objects.bulk_create(ties, batch_size=5000)
for v in villages:
    v.touch()
print(len(villages), len(actors), len(ties))
"""

QUEUE = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")
django.setup()
from django.db import transaction
from jejaring.analysis.models import AnalysisCache
from jejaring.analysis.services import _options_key, request_refresh
from jejaring.villages.models import Village
options = {{"types": None, "group_by": "hamlet", "seed": 0}}
villages = list(Village.objects.filter(slug__startswith="desa-").order_by("slug")[:{queue}])
AnalysisCache.objects.filter(village__in=villages).delete()
with transaction.atomic():
    ids = [str(request_refresh(v, _options_key(options), options).pk) for v in villages]
print(" ".join(ids))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sql(db: str, query: str, *params):
    import psycopg

    with psycopg.connect(db, autocommit=True) as conn:
        return conn.execute(query, params).fetchall()


class Server:
    """The database, the data folder and the processes of one district server."""

    def __init__(self) -> None:
        import psycopg
        import redis

        self.name = f"jejaring_load_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        self.db = f"{PG}/{self.name}"
        self.data = Path(tempfile.mkdtemp(prefix="jejaring-load-"))
        for n in (13, 14):
            redis.Redis.from_url(f"{REDIS}/{n}").flushdb()
        self.env = dict(
            os.environ,
            DATABASE_URL=self.db,
            JEJARING_DATA_DIR=str(self.data),
            JEJARING_BROKER_URL=f"{REDIS}/13",
            JEJARING_CACHE_URL=f"{REDIS}/14",
            SECRET_KEY="one-key-for-every-process-of-the-load-benchmark-0123456789",
            JEJARING_ANALYSIS_IN_BACKGROUND="1",
            JEJARING_LANGUAGE="id",
            PYTHONPATH=str(ROOT),
        )
        self.env.pop("JEJARING_FAST_PASSWORDS", None)
        self.web: list[tuple[subprocess.Popen, str]] = []
        self.workers: list[subprocess.Popen] = []

    def cli(self, *args: str, code: str | None = None) -> str:
        cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "jejaring", *args]
        out = subprocess.run(cmd, env=self.env, capture_output=True, text=True)
        if out.returncode:
            raise SystemExit(f"{args or 'script'}: {out.stdout}\n{out.stderr[-3000:]}")
        return out.stdout.strip()

    def _spawn(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "jejaring", *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def scale(self, web: int, workers: int) -> None:
        while len(self.workers) < workers:
            self.workers.append(self._spawn("worker", "--concurrency", "1", "--loglevel", "error"))
        while len(self.workers) > workers:
            _stop(self.workers.pop())
        while len(self.web) < web:
            port = _free_port()
            self.web.append((self._spawn("serve", "--port", str(port)), f"http://127.0.0.1:{port}"))
            end = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(self.web[-1][1] + "/healthz", timeout=2)
                    break
                except (OSError, urllib.error.HTTPError):
                    if time.monotonic() > end:
                        raise SystemExit("a web process did not start") from None
                    time.sleep(0.3)
        while len(self.web) > web:
            _stop(self.web.pop()[0])
        time.sleep(3)  # workers connect to the broker

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by the web processes, the workers, this process (the simulated
        clients) and the databases, from /proc (Linux); empty elsewhere."""
        tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

        def tree(pid: int, children: bool = True) -> float:
            total = 0.0
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
                if children:
                    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
                        total += tree(int(child))
            return total

        def named(word: str) -> float:
            total = 0.0
            for proc in Path("/proc").iterdir():
                if proc.name.isdigit():
                    with contextlib.suppress(OSError):
                        if word in (proc / "comm").read_text():
                            total += tree(int(proc.name))
            return total

        if not Path("/proc/self/stat").exists():
            return {}
        return {
            "web": sum(tree(p.pid) for p, _ in self.web),
            "workers": sum(tree(p.pid) for p in self.workers),
            "clients": tree(os.getpid(), children=False),
            "postgres": named("postgres"),
            "redis": named("redis"),
        }

    def close(self) -> None:
        import psycopg

        for p in self.workers + [p for p, _ in self.web]:
            _stop(p)
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def _stop(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(20)


class Client:
    """One facilitator's browser: its own cookies and CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method: str, path: str, body: bytes | None = None, ctype: str = ""):
        headers = {"Referer": self.base + "/"}
        if body is not None:
            headers["Content-Type"] = ctype
            headers["X-CSRFToken"] = next(c.value for c in self.jar if c.name == "csrftoken")
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers)
        try:
            with self.opener.open(req, timeout=60) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    def login(self, username: str) -> None:
        _, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        status, _ = self.request("POST", "/login/", form, "application/x-www-form-urlencoded")
        assert status == 200, status


def analyse(server: Server, queue: int) -> list[str]:
    """Queue the analyses of the first ``queue`` villages (results removed first) and wait
    until the running workers have done them; the job ids."""
    import psycopg

    ids = server.cli(code=QUEUE.format(queue=queue)).split()
    with psycopg.connect(server.db, autocommit=True) as conn:
        while True:
            (left,) = conn.execute(
                "SELECT count(*) FROM jobs_job WHERE id::text = ANY(%s) "
                "AND state IN ('queued', 'running')",
                (ids,),
            ).fetchone()
            if not left:
                return ids
            time.sleep(0.5)


def jobs_per_minute(server: Server, workers: int, queue: int) -> float:
    """Analyses per minute over the span the workers spent: from the first job taken to the
    last one finished, read from the job rows (the queueing script's start-up is left out)."""
    import psycopg

    server.scale(web=0, workers=workers)
    ids = analyse(server, queue)
    with psycopg.connect(server.db, autocommit=True) as conn:
        failed, span = conn.execute(
            "SELECT count(*) FILTER (WHERE state = 'failed'), "
            "extract(epoch FROM max(finished_at) - min(started_at)) "
            "FROM jobs_job WHERE id::text = ANY(%s)",
            (ids,),
        ).fetchone()
    took = float(span)
    rate = len(ids) / took * 60
    print(
        f"  {workers} worker(s): {len(ids)} analyses in {took:.1f} s = {rate:.0f} per minute"
        f"{f', {failed} failed' if failed else ''}"
    )
    return rate


def page_load(
    server: Server, clients: int, seconds: float, think: float, cpu: dict | None = None
) -> dict:
    bases = [base for _, base in server.web]
    latencies: list[float] = []
    by_page: dict[str, list[float]] = {}
    errors: list[str] = []
    conflicts = [0]
    lock = threading.Lock()
    # Everyone logs in first (a password check is meant to be slow: 40 at once is a morning's
    # logins in one second, not browsing); the clock starts when all are in.
    stop = [0.0]
    ready = threading.Barrier(
        clients + 1, action=lambda: stop.__setitem__(0, time.monotonic() + seconds + 5)
    )

    def facilitator(i: int) -> None:
        rng = random.Random(i)
        client = Client(bases[i % len(bases)])
        client.login("beban")
        slug = f"desa-{i:03d}"
        _, body = client.request("GET", f"/api/v1/villages/{slug}/actors")
        actors = json.loads(body)["results"]
        ready.wait()
        start_at = time.monotonic() + 5 * rng.random()  # not all at the same instant
        time.sleep(max(0.0, start_at - time.monotonic()))
        step = 0
        while time.monotonic() < stop[0]:
            actor = rng.choice(actors)
            step += 1
            if step % 5 == 0:
                _, body = client.request(
                    "GET", f"/api/v1/villages/{slug}/actors?q={urllib.parse.quote(actor['name'])}"
                )
                found = [a for a in json.loads(body)["results"] if a["id"] == actor["id"]]
                version = found[0]["version"] if found else actor.get("version", 0)
                call = (
                    "PATCH",
                    f"/api/v1/villages/{slug}/actors/{actor['id']}",
                    json.dumps({"notes": f"kunjungan {step}", "version": version}).encode(),
                    "application/json",
                )
            else:
                path = rng.choice(
                    [
                        f"/v/{slug}/",
                        f"/v/{slug}/actors/",
                        f"/v/{slug}/actors/{actor['id']}/",
                        f"/v/{slug}/actors/ties/",
                        f"/v/{slug}/analysis/map/data/",
                    ]
                )
                call = ("GET", path, None, "")
            t0 = time.perf_counter()
            try:
                status, _ = client.request(*call)
            except Exception as exc:  # a refused or dropped connection is an error
                status, detail = 0, repr(exc)
            else:
                detail = f"{status} {call[0]} {call[1]}"
            took = time.perf_counter() - t0
            page = re.sub(r"desa-\d+", "<desa>", re.sub(r"[0-9a-f-]{36}", "<id>", call[1]))
            page = page.split("?")[0]
            with lock:
                latencies.append(took)
                by_page.setdefault(f"{call[0]} {page}", []).append(took)
                if status == 409:
                    conflicts[0] += 1
                elif not 200 <= status < 400:
                    errors.append(detail)
            time.sleep(rng.uniform(0.5, 1.5) * think)

    threads = [threading.Thread(target=facilitator, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    ready.wait()
    before = server.cpu_seconds()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    took = time.perf_counter() - t0
    if cpu is not None:
        cpu.update({k: v - before.get(k, 0.0) for k, v in server.cpu_seconds().items()})
    latencies.sort()
    return {
        "seconds": took,
        "requests": len(latencies),
        "per_second": len(latencies) / took,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(0.95 * (len(latencies) - 1))] * 1000,
        "errors": errors,
        "conflicts": conflicts[0],
        "pages": {
            k: (len(v), statistics.median(v) * 1000, sorted(v)[int(0.95 * (len(v) - 1))] * 1000)
            for k, v in sorted(by_page.items())
        },
    }


def supervisor_page(server: Server, villages: int) -> None:
    client = Client(server.web[0][1])
    client.login("penyelia")
    t0 = time.perf_counter()
    status, _ = client.request("GET", "/supervisor/")
    first = time.perf_counter() - t0
    assert status == 200, status
    print(f"  first visit ({villages} rows queued for the workers): {first * 1000:.0f} ms")
    end = time.monotonic() + 1800
    while True:
        (missing,) = _sql(
            server.db,
            "SELECT count(*) FROM villages_village v LEFT JOIN reports_villagerollup r "
            "ON r.village_id = v.id WHERE r.village_id IS NULL OR r.data_version <> v.data_version",
        )[0]
        if not missing or time.monotonic() > end:
            break
        time.sleep(1)
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        status, page = client.request("GET", "/supervisor/")
        times.append(time.perf_counter() - t0)
        assert status == 200
    rows = page.count(b'data-state="ok"')
    groups = page.count(b'class="group-total"')
    print(
        f"  {rows} villages in {groups} kecamatan, all computed: p50 "
        f"{statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
        f"(target < 500 ms)"
    )


def pages(server: Server, opts, analysed: bool = False) -> None:
    print(
        f"2. {opts.clients} facilitators for {opts.seconds:.0f} s (think time ~{opts.think:.1f} s):"
    )
    for scale in opts.scales:
        web, workers = (int(n) for n in scale.split("+"))
        server.scale(web=web, workers=workers)
        if not analysed:  # the villages have been analysed before, as on a working server
            analyse(server, opts.clients)
            analysed = True
        cpu: dict[str, float] = {}
        r = page_load(server, opts.clients, opts.seconds, opts.think, cpu=cpu)
        used = cpu
        print(
            f"  {web} web + {workers} worker(s): {r['requests']} requests, "
            f"{r['per_second']:.1f}/s, p50 {r['p50']:.0f} ms, p95 {r['p95']:.0f} ms, "
            f"{len(r['errors'])} errors, {r['conflicts']} conflicts (409)"
        )
        # Where the two cores went: a page's latency is its own work plus its wait for a core.
        print(
            "    CPU seconds: "
            + ", ".join(f"{k} {v:.1f}" for k, v in used.items())
            + f" (of {2 * r['seconds']:.0f} on 2 cores)"
        )
        for page, (n, p50, p95) in r["pages"].items():
            print(f"    {page:<45} {n:5d}  p50 {p50:5.0f} ms  p95 {p95:5.0f} ms")
        for line in sorted(set(r["errors"]))[:5]:
            print(f"    error: {line}")


def supervisor(server: Server, opts) -> None:
    print("3. supervisor roll-up:")
    server.scale(web=1, workers=2)
    supervisor_page(server, opts.villages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--villages", type=int, default=500)
    ap.add_argument("--actors", type=int, default=60, help="actors per generated village")
    ap.add_argument("--ties", type=int, default=150, help="ties per generated village")
    ap.add_argument("--queue", type=int, default=200)
    ap.add_argument("--clients", type=int, default=40)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--think", type=float, default=1.0, help="seconds between requests")
    ap.add_argument(
        "--scales",
        nargs="+",
        default=["1+1", "2+2"],
        help="web processes + workers for the pages part, e.g. 1+1 2+2",
    )
    ap.add_argument(
        "--only", choices=["jobs", "pages", "supervisor"], action="append", help="these parts"
    )
    opts = ap.parse_args()
    parts = set(opts.only or ["jobs", "pages", "supervisor"])
    server = Server()
    try:
        server.cli("setup")
        built = server.cli(
            code=BUILD.format(
                password=PASSWORD, villages=opts.villages, actors=opts.actors, ties=opts.ties
            )
        )
        print(
            f"district: {built.split()[0]} villages, {built.split()[1]} actors, "
            f"{built.split()[2]} ties (PostgreSQL {server.name}, Redis)"
        )

        # The bulk build leaves the autovacuum to do: done now, not during the measurements.
        import psycopg

        with psycopg.connect(server.db, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")

        if "jobs" in parts:
            print("1. analyses in the background:")
            one = jobs_per_minute(server, 1, opts.queue)
            two = jobs_per_minute(server, 2, opts.queue)
            print(f"  2 workers / 1 worker: {two / one:.2f}x (target >= 1.7x)")

        if "pages" in parts:
            pages(server, opts, analysed="jobs" in parts and opts.queue >= opts.clients)
        if "supervisor" in parts:
            supervisor(server, opts)
    finally:
        server.close()


if __name__ == "__main__":
    main()
