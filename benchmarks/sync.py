"""Sync benchmark: first sync of a 5,000-actor / 50,000-tie village and an incremental sync
of 50 changes, between a server (``jejaring serve`` on PostgreSQL at 127.0.0.1) and two laptop
installs (SQLite data folders), all through the command line.

    PYTHONPATH=. python benchmarks/sync.py [--actors 5000] [--ties 50000]

Targets (issue 14): first sync < 60 s, incremental < 2 s. Each figure is the wall time of one
``jejaring sync`` process, start-up included (the start-up alone is printed too).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = os.environ.get("SYNC_BENCH_DB", "sync_bench")

BUILD = """
import os, random, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from jejaring.actors.models import Actor, Tie, TieType
from jejaring.villages.services import create_village
rng = random.Random(7)
v = create_village("Desa Benchmark", slug="bench")
Actor.objects.bulk_create(
    [Actor(village=v, code=f"A{{i:05d}}", name=f"Orang {{i}}") for i in range({actors})],
    batch_size=2000,
)
ids = list(Actor.objects.filter(village=v).values_list("pk", flat=True))
types = list(TieType.objects.filter(village__isnull=True))
rows = []
for k in range({ties}):
    a, b = rng.sample(ids, 2)
    t = rng.choice(types)
    rows.append(Tie(village=v, source_id=a, target_id=b, type=t, directed=t.directed))
Tie.objects.bulk_create(rows, batch_size=5000)
print(Actor.objects.filter(village=v).count(), Tie.objects.filter(village=v).count())
"""

EDIT = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")
django.setup()
from jejaring.actors.models import Actor, Tie
for a in Actor.objects.filter(village__slug="bench").order_by("code")[:25]:
    a.notes = "diubah di lapangan"; a.save()
for t in Tie.objects.filter(village__slug="bench").order_by("pk")[:25]:
    t.note = "diubah di lapangan"; t.save()
"""


def env(folder: Path, database: str | None = None) -> dict:
    e = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    e.update(PYTHONPATH=str(ROOT), JEJARING_DATA_DIR=str(folder), JEJARING_LANGUAGE="en")
    if database:
        e["DATABASE_URL"] = database
    return e


def run(e: dict, *args: str, stdin: str | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, *args], env=e, capture_output=True, text=True, input=stdin
    )
    took = time.perf_counter() - start
    if out.returncode:
        raise SystemExit(f"{args}: {out.stdout}\n{out.stderr}")
    return took, out.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--actors", type=int, default=5000)
    ap.add_argument("--ties", type=int, default=50000)
    ap.add_argument("--chunk", type=int, default=500, help="records per request")
    opts = ap.parse_args()
    import psycopg

    conn = psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True)
    conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{DB}"')
    tmp = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    server = env(tmp / "server", f"postgres://postgres@127.0.0.1:5432/{DB}")
    one, two = env(tmp / "one"), env(tmp / "two")
    for e in (server, one, two):
        Path(e["JEJARING_DATA_DIR"]).mkdir(parents=True)
    run(
        server,
        "-m",
        "jejaring",
        "createuser",
        "budi",
        "--password-stdin",
        stdin="kata-sandi-1234\n",
    )
    token = run(server, "-m", "jejaring", "token", "create", "--user", "budi")[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "jejaring", "serve", "--port", str(port)],
        env=server,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url + "/api/v1/sync/hello", timeout=1)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        took, counts = run(one, "-c", BUILD.format(actors=opts.actors, ties=opts.ties))
        print(f"village built on laptop 1: {counts} (actors, ties) in {took:.1f} s")
        sync = [
            "-m",
            "jejaring",
            "sync",
            "--village",
            "bench",
            "--server",
            url,
            "--token",
            token,
            "--quiet",
            "--chunk",
            str(opts.chunk),
        ]
        startup, _ = run(one, "-m", "jejaring", "villages")
        print(f"CLI start-up (jejaring villages): {startup:.2f} s")
        took, out = run(one, *sync)
        print(f"first sync, laptop 1 → server (whole village pushed): {took:.1f} s  [{out}]")
        took, out = run(two, *sync)
        print(f"first sync, server → laptop 2 (whole village pulled): {took:.1f} s  [{out}]")
        run(one, "-c", EDIT)
        took, out = run(one, *sync)
        print(f"incremental sync of 50 changes, laptop 1 → server: {took:.2f} s  [{out}]")
        took, out = run(two, *sync)
        print(f"incremental sync of 50 changes, server → laptop 2: {took:.2f} s  [{out}]")
        took, out = run(two, *sync)
        print(f"sync with nothing to do: {took:.2f} s  [{out}]")
    finally:
        proc.terminate()
        proc.wait(10)
        conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')


if __name__ == "__main__":
    main()
