"""Sync between real processes: a server (``jejaring serve`` on a PostgreSQL database of its own at
127.0.0.1) and laptop installs (SQLite data folders), driven through the command line."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

# One worker runs this module's tests, one after the other, against one server.
pytestmark = [pytest.mark.postgres, pytest.mark.slow, pytest.mark.xdist_group("sync")]

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env["PYTHONPATH"] = str(ROOT)
    env["JEJARING_LANGUAGE"] = "en"
    env.update(extra)
    return env


class Install:
    def __init__(self, name: str, folder: Path, database: str | None = None) -> None:
        self.name = name
        folder.mkdir(parents=True, exist_ok=True)
        extra = {"JEJARING_DATA_DIR": str(folder)}
        if database:
            extra["DATABASE_URL"] = database
        self.env = _env(**extra)
        self.folder = folder

    def cli(self, *args: str, ok: bool = True, stdin: str | None = None):
        out = subprocess.run(
            [sys.executable, "-m", "jejaring", *args],
            env=self.env,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=300,
        )
        if ok:
            assert out.returncode == 0, f"{self.name} {args}: {out.stdout}\n{out.stderr}"
        return out

    def py(self, code: str) -> str:
        script = (
            "import django, os, json\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', 'jejaring.settings')\ndjango.setup()\n"
            + textwrap.dedent(code)
        )
        out = subprocess.run(
            [sys.executable, "-c", script],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert out.returncode == 0, f"{self.name}: {out.stderr}"
        return out.stdout.strip()

    def export(self, slug: str = "taro") -> dict:
        path = self.folder / "export.json"
        self.cli("export", "--village", slug, "--format", "json", "--output", str(path))
        doc = json.loads(path.read_text())
        doc.pop("exported_at")
        doc["village"].pop("data_version", None)
        doc["village"].pop("updated_at", None)
        for rows in doc["records"].values():
            for row in rows:
                row.pop("updated_at", None)
        return doc

    def conflicts(self, slug: str = "taro") -> list[dict]:
        return json.loads(
            self.py(
                f"""
                from jejaring.sync.models import Conflict
                print(json.dumps([
                    {{"model": c.model, "id": str(c.record_id), "local": c.local,
                      "remote": c.remote, "open": c.resolved_at is None}}
                    for c in Conflict.objects.filter(village__slug={slug!r})
                ]))
                """
            )
        )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    psycopg = pytest.importorskip("psycopg")
    try:
        conn = psycopg.connect(
            host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True, connect_timeout=3
        )
    except psycopg.OperationalError:
        if os.environ.get("JEJARING_REQUIRE_POSTGRES") == "1":
            pytest.fail("no PostgreSQL at 127.0.0.1")
        pytest.skip("no PostgreSQL at 127.0.0.1")
    # A name of its own: pytest-xdist may run this module's tests on two workers at once, each
    # with its own server, and the suite runs twice in CI (SQLite, then PostgreSQL).
    db = f"sync_server_{uuid.uuid4().hex[:8]}"
    conn.execute(f'CREATE DATABASE "{db}"')
    proc = None
    try:
        srv = Install(
            "server", tmp_path_factory.mktemp("server"), f"postgres://postgres@127.0.0.1:5432/{db}"
        )
        srv.cli("createuser", "budi", "--password-stdin", stdin="kata-sandi-panjang-1\n")
        srv.cli("createuser", "vera", "--password-stdin", stdin="kata-sandi-panjang-2\n")
        srv.token = srv.cli("token", "create", "--user", "budi").stdout.strip()
        srv.viewer_token = srv.cli("token", "create", "--user", "vera").stdout.strip()
        port = _free_port()
        srv.url = f"http://127.0.0.1:{port}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "jejaring", "serve", "--port", str(port)],
            env=srv.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(srv.url + "/api/v1/sync/hello", timeout=1)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.2)
        yield srv
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(10)
        conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
        conn.close()


def sync(install: Install, server: Install, *extra: str, token: str | None = None, ok=True):
    return install.cli(
        "sync",
        "--village",
        "taro",
        "--server",
        server.url,
        "--token",
        token or server.token,
        "--quiet",
        *extra,
        ok=ok,
    )


def edit(install: Install, code: str) -> str:
    head = (
        "from jejaring.actors.models import Actor, Tie\n"
        "from jejaring.villages.models import Village\n"
        "v = Village.objects.get(slug='taro')\n"
    )
    return install.py(head + textwrap.dedent(code))


def same(*installs: Install) -> None:
    docs = [i.export() for i in installs]
    for other, inst in zip(docs[1:], installs[1:], strict=True):
        for key, rows in docs[0]["records"].items():
            assert rows == other["records"].get(key), f"{inst.name} differs in {key}"


def test_two_laptops_and_a_server(server, tmp_path):
    one = Install("laptop1", tmp_path / "one")
    two = Install("laptop2", tmp_path / "two")
    one.cli("load-example", "taro")
    # First sync: the village exists only on laptop 1, it is pushed whole; laptop 2 pulls it.
    assert "sent" in sync(one, server).stdout
    sync(two, server)
    same(one, two, server)

    ids = json.loads(
        edit(
            one,
            """
            actors = list(Actor.objects.filter(village=v).order_by("code"))
            tie = Tie.objects.filter(village=v).order_by("pk").first()
            print(json.dumps({"a": str(actors[0].pk), "b": str(actors[1].pk), "t": str(tie.pk)}))
            """,
        )
    )
    # Both edit offline: the same actor's name (a conflict), a tie edited on one and deleted
    # on the other (a conflict), and edits that do not collide.
    edit(one, f"a = Actor.objects.get(pk='{ids['a']}'); a.name = 'Nama satu'; a.save()")
    edit(one, f"b = Actor.objects.get(pk='{ids['b']}'); b.notes = 'catatan satu'; b.save()")
    edit(one, f"t = Tie.objects.get(pk='{ids['t']}'); t.note = 'diubah'; t.save()")
    edit(two, f"a = Actor.objects.get(pk='{ids['a']}'); a.name = 'Nama dua'; a.save()")
    edit(two, f"Tie.objects.get(pk='{ids['t']}').delete()")
    new = edit(
        two,
        "c = Actor.objects.create(village=v, code='BARU', name='Aktor baru'); print(c.pk)",
    )

    out = sync(one, server).stdout
    assert "0 conflicts" in out
    out = sync(two, server).stdout
    assert "2 conflicts" in out, out
    sync(one, server)

    # Conflicts on laptop 2 and on the server; each keeps its own version in force.
    on_two = {c["id"]: c for c in two.conflicts() if c["open"]}
    on_server = {c["id"]: c for c in server.conflicts() if c["open"]}
    assert set(on_two) == set(on_server) == {ids["a"], ids["t"]}
    assert on_two[ids["a"]]["local"]["name"] == "Nama dua"
    assert on_two[ids["a"]]["remote"]["name"] == "Nama satu"
    assert on_two[ids["t"]]["local"] is None  # deleted here, edited there
    assert on_server[ids["a"]]["local"]["name"] == "Nama satu"
    # The edits that did not collide reached everyone.
    for inst in (one, two, server):
        names = edit(
            inst,
            "print(json.dumps(sorted(Actor.objects.filter(village=v).values_list('code', flat=True))))",
        )
        assert "BARU" in json.loads(names)
    assert edit(two, f"print(Actor.objects.get(pk='{ids['b']}').notes)") == "catatan satu"
    assert edit(one, f"print(Actor.objects.filter(pk='{new}').exists())") == "True"

    # Syncing again changes nothing and adds no conflicts.
    sync(two, server)
    sync(one, server)
    assert len([c for c in two.conflicts() if c["open"]]) == 2
    assert len(server.conflicts()) == 2

    # Laptop 2 resolves: keeps its own name, takes the edited tie back.
    two.py(
        f"""
        from jejaring.sync.models import Conflict
        from jejaring.sync.services import resolve
        resolve(Conflict.objects.get(record_id='{ids["a"]}', resolved_at=None), "local")
        resolve(Conflict.objects.get(record_id='{ids["t"]}', resolved_at=None), "remote")
        """
    )
    sync(two, server)
    sync(one, server)
    sync(two, server)
    assert not [c for c in two.conflicts() if c["open"]]
    assert not [c for c in server.conflicts() if c["open"]]
    same(one, two, server)
    assert edit(one, f"print(Actor.objects.get(pk='{ids['a']}').name)") == "Nama dua"
    assert edit(one, f"print(Tie.objects.get(pk='{ids['t']}').note)") == "diubah"

    # A read-only member pulls but cannot push.
    server.py(
        """
        from django.contrib.auth import get_user_model
        from jejaring.villages.models import Membership, Village
        Membership.objects.create(user=get_user_model().objects.get(username="vera"),
            village=Village.objects.get(slug="taro"), role="viewer")
        """
    )
    three = Install("laptop3", tmp_path / "three")
    sync(three, server, token=server.viewer_token)
    same(one, three)
    req = urllib.request.Request(
        server.url + "/api/v1/sync/villages/taro/push",
        data=b'{"items": []}',
        method="POST",
        headers={"Authorization": f"Bearer {server.viewer_token}"},
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 403
    # An unknown token: 401; plain http to another computer is refused.
    bad = sync(three, server, token="jjr_nope", ok=False)
    assert bad.returncode != 0 and "token" in bad.stderr
    far = three.cli(
        "sync", "--village", "taro", "--server", "http://192.0.2.1:8000", "--token", "x", ok=False
    )
    assert far.returncode != 0 and "https" in far.stderr

    # Interrupted: kill the client in the middle of a large push, then sync again.
    edit(
        one,
        "for a in Actor.objects.filter(village=v): a.notes = 'besar'; a.save()\n"
        "for i in range(600): Actor.objects.create(village=v, code=f'X{i}', name=f'Orang {i}')",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "jejaring", "sync", "--village", "taro", "--chunk", "50"],
        env=one.env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    for line in proc.stderr:
        if line.startswith("push: 200/"):
            proc.kill()
            break
    proc.wait(30)
    assert proc.returncode != 0, "the client was to be killed mid-transfer"
    partial = int(
        server.py(
            "from jejaring.actors.models import Actor\n"
            "print(Actor.objects.filter(village__slug='taro', code__startswith='X').count())"
        )
    )
    assert 0 < partial < 600
    sync(one, server, "--chunk", "50")
    sync(two, server)
    same(one, two, server)
    counts = json.loads(
        server.py(
            "from jejaring.actors.models import Actor\n"
            "print(json.dumps([Actor.objects.filter(village__slug='taro', code__startswith='X').count(),"
            " Actor.objects.filter(village__slug='taro').values('code').distinct().count(),"
            " Actor.objects.filter(village__slug='taro').count()]))"
        )
    )
    assert counts[0] == 600 and counts[1] == counts[2]
    assert not [c for c in server.conflicts() if c["open"]]

    # Bundles: laptop 1 offline writes its changes to a file, the server applies it (twice:
    # the second time nothing changes), the server's bundle brings them to laptop 2.
    edit(one, f"b = Actor.objects.get(pk='{ids['b']}'); b.notes = 'lewat berkas'; b.save()")
    bundle = tmp_path / "dari-laptop.json.gz"
    one.cli("sync", "--village", "taro", "--to-file", str(bundle))
    assert "1 received" in server.cli("sync", "--from-file", str(bundle)).stdout
    again = server.cli("sync", "--from-file", str(bundle)).stdout
    assert "0 received, 0 conflicts" in again
    back = tmp_path / "dari-server.json"
    server.cli("sync", "--village", "taro", "--to-file", str(back))
    assert "1 received" in two.cli("sync", "--from-file", str(back)).stdout
    assert "0 received, 0 conflicts" in two.cli("sync", "--from-file", str(back)).stdout
    same(one, two, server)
    sync(one, server)
    sync(two, server)
    same(one, two, server)

    # The village's own fields travel; the short name stays.
    edit(one, "v.name = 'Taro Baru'; v.program_goal = 'Tujuan baru'; v.save()")
    sync(one, server)
    sync(two, server)
    assert edit(two, "print(v.name, '|', v.program_goal)") == "Taro Baru | Tujuan baru"

    # Laptop 2 adds a tie to actor b (it reaches the server); laptop 1, not having seen it,
    # deletes b: the server keeps b and the new tie (a conflict on both sides), the ties
    # laptop 1 knew go.
    new_tie = edit(
        two,
        f"""
        from jejaring.actors.models import TieType
        b = Actor.objects.get(pk='{ids["b"]}')
        other = Actor.objects.filter(village=v).exclude(pk=b.pk).order_by("code").first()
        kind = TieType.objects.filter(village__isnull=True).first()
        print(Tie.objects.create(village=v, source=other, target=b, type=kind, note="baru").pk)
        """,
    )
    sync(two, server)
    edit(one, f"Actor.objects.get(pk='{ids['b']}').delete()")
    out = sync(one, server).stdout
    assert "conflicts" in out and "0 conflicts" not in out, out
    exists = f"print(Actor.objects.filter(pk='{ids['b']}').exists(), Tie.objects.filter(pk='{new_tie}').exists())"
    assert edit(server, exists) == "True True"
    assert ids["b"] in {c["id"] for c in server.conflicts() if c["open"]}
    assert ids["b"] in {c["id"] for c in one.conflicts() if c["open"]}
    # Laptop 1 takes the server's version back: the actor and the new tie return to it.
    one.py(
        """
        from jejaring.sync.models import Conflict
        from jejaring.sync.services import resolve
        for c in Conflict.objects.filter(resolved_at=None).order_by("pk"):
            c.refresh_from_db()
            if c.resolved_at is None:
                resolve(c, "remote")
        """
    )
    sync(one, server)
    sync(two, server)
    sync(one, server)
    assert not [c for c in server.conflicts() if c["open"]]
    assert edit(one, exists) == "True True"
    same(one, two, server)


def test_first_pull_interrupted_then_resumed(server, tmp_path):
    """A laptop receiving the village whole is killed mid-transfer; the next sync completes
    it without duplicates."""
    has_village = server.py(
        "from jejaring.villages.models import Village\n"
        "print(Village.objects.filter(slug='taro').exists())"
    )
    if has_village != "True":  # run alone: put the village on the server first
        origin = Install("origin", tmp_path / "origin")
        origin.cli("load-example", "taro")
        sync(origin, server)
    four = Install("laptop4", tmp_path / "four")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jejaring",
            "sync",
            "--village",
            "taro",
            "--server",
            server.url,
            "--token",
            server.token,
            "--chunk",
            "5",
        ],
        env=four.env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    for line in proc.stderr:
        if line.startswith("pull: "):
            done, total = (int(n) for n in line.split()[1].split("/"))
            if done >= 20 and total - done >= 40:  # well before the end: the kill lands
                proc.kill()
                break
    proc.wait(30)
    assert proc.returncode != 0, "the client was to be killed mid-transfer"
    sync(four, server)
    same(server, four)
    assert not four.conflicts()
