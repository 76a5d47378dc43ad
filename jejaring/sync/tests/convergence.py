"""Three installations in one process (a server and two laptops, each its own SQLite file)
under random edits and syncs: run by test_convergence.py in a fresh process.

The connection ``default`` is swapped between the three databases; the laptops reach the
server through the same functions the HTTP API calls, with every body passed through JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jejaring.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FOLDER = Path(os.environ.get("JEJARING_DATA_DIR", "."))
NAMES = ("server", "one", "two")
_wrappers: dict = {}


def use(name: str) -> None:
    connections["default"] = _wrappers[name]


def prepare() -> None:
    """A migrated template database, then three copies per example."""
    base = connections["default"]
    template = FOLDER / "template.sqlite3"
    settings_dict = dict(base.settings_dict, NAME=str(template))
    wrapper = base.__class__(settings_dict, "default")
    connections["default"] = wrapper
    call_command("migrate", verbosity=0)
    wrapper.close()
    for name in NAMES:
        path = FOLDER / f"{name}.sqlite3"
        _wrappers[name] = base.__class__(dict(base.settings_dict, NAME=str(path)), "default")


def reset() -> None:
    for name in NAMES:
        _wrappers[name].close()
        path = FOLDER / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        shutil.copy(FOLDER / "template.sqlite3", path)


class Local:
    """The server, reached in-process (bodies through JSON as on the wire)."""

    url = "local"

    def __init__(self, laptop: str) -> None:
        self.laptop = laptop

    def _server(self, fn, *args):

        args = json.loads(json.dumps(args))
        use("server")
        try:
            return json.loads(json.dumps(fn(*args)))
        finally:
            use(self.laptop)

    def hello(self):
        from jejaring.sync.services import installation_id

        return self._server(lambda: {"installation": str(installation_id())})

    def village(self, slug):
        from jejaring.sync.client import village_row
        from jejaring.villages.models import Village

        def info(slug):
            v = Village.objects.filter(slug=slug).first()
            return {"exists": bool(v), "village": village_row(v) if v else None, "can_write": True}

        return self._server(info, slug)

    def create(self, row):
        from jejaring.sync.client import create_local_village

        return self._server(lambda row: create_local_village(row) and {}, row)

    def push(self, slug, body):
        from jejaring.sync.client import serve_push
        from jejaring.villages.models import Village

        return self._server(lambda s, b: serve_push(Village.objects.get(slug=s), b), slug, body)

    def pull(self, slug, body):
        from jejaring.sync.client import serve_pull
        from jejaring.villages.models import Village

        return self._server(lambda s, b: serve_pull(Village.objects.get(slug=s), b), slug, body)


def do_sync(laptop: str) -> None:
    from jejaring.sync.client import sync_village

    use(laptop)
    sync_village(transport=Local(laptop), slug="desa", chunk=3)


def snapshot(name: str) -> dict:
    from jejaring.interchange.json import export_village
    from jejaring.sync.records import village_record
    from jejaring.villages.models import Village

    use(name)
    village = Village.objects.get(slug="desa")
    doc = export_village(village)
    out: dict = {"village": village_record(village)}
    for key, rows in doc["records"].items():
        out[key] = sorted(
            ({k: v for k, v in r.items() if k != "updated_at"} for r in rows),
            key=lambda r: r["id"],
        )
    return out


def conflict_texts(name: str) -> str:
    from jejaring.sync.models import Conflict

    use(name)
    return json.dumps(list(Conflict.objects.values_list("local", "remote")))


OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "edit_actor",
                "edit_tie",
                "delete_tie",
                "new_tie",
                "new_actor",
                "delete_actor",
                "edit_village",
                "sync",
            ]
        ),
        st.sampled_from(NAMES),
        st.integers(0, 5),
        st.integers(0, 5),
    ),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=int(os.environ.get("SYNC_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(ops=OPS, choices=st.lists(st.booleans(), min_size=40, max_size=40))
def check(ops, choices) -> None:
    from django.db.models import Q

    from jejaring.actors.models import Actor, Tie, TieType
    from jejaring.sync import services as S
    from jejaring.sync.models import Conflict
    from jejaring.villages.models import Village

    reset()
    use("one")
    village = Village.objects.create(slug="desa", name="Desa")
    kind = TieType.objects.filter(village__isnull=True).first()
    for i in range(4):
        Actor.objects.create(village=village, code=f"A{i}", name=f"A{i}")
    do_sync("one")
    do_sync("two")
    written: set[str] = set()
    superseded: set[str] = set()
    counter = iter(range(10_000))
    for op, where, i, j in ops:
        if op == "sync":
            if where != "server":
                do_sync(where)
            continue
        use(where)
        village = Village.objects.get(slug="desa")
        actors = list(Actor.objects.filter(village=village).order_by("code"))
        ties = list(Tie.objects.filter(village=village).order_by("code", "pk"))
        token = f"t{next(counter)}"
        if op == "edit_actor" and actors:
            a = actors[i % len(actors)]
            superseded.add(a.notes)
            a.notes = token
            a.save()
        elif op == "new_actor":
            Actor.objects.create(village=village, code=f"{where}-{token}", name=token, notes=token)
        elif op == "new_tie" and len(actors) > 1:
            n = len(actors)
            a, b = actors[i % n], actors[(i % n + 1 + j % (n - 1)) % n]
            Tie.objects.create(village=village, source=a, target=b, type=kind, note=token)
        elif op == "edit_tie" and ties:
            t = ties[i % len(ties)]
            superseded.add(t.note)
            t.note = token
            t.save()
        elif op == "delete_tie" and ties:
            t = ties[i % len(ties)]
            superseded.add(t.note)
            t.delete()
            continue
        elif op == "delete_actor" and len(actors) > 2:
            # What is deleted here, seen here: the actor and its ties on this installation.
            a = actors[i % len(actors)]
            superseded.add(a.notes)
            superseded.update(
                Tie.objects.filter(village=village)
                .filter(Q(source=a) | Q(target=a))
                .values_list("note", flat=True)
            )
            a.delete()
            continue
        elif op == "edit_village":
            superseded.add(village.description)
            village.description = token
            village.save()
        else:
            continue
        written.add(token)
    # Every conflict is listed; resolve them all (one side or the other), then sync.
    # Conflicts are settled on one installation at a time (two people settling the same
    # conflict differently at the same moment make a new conflict, rightly).
    pick = iter(choices * 10)
    for round_ in range(12):
        name = ("two", "one", "server")[round_ % 3]
        use(name)
        for c in Conflict.objects.filter(resolved_at__isnull=True).order_by("pk"):
            c.refresh_from_db()
            if c.resolved_at is not None:
                continue
            first = "local" if next(pick) else "remote"
            try:
                S.resolve(c, first)
            except ValueError:
                # That version cannot be written here (it refers to a record deleted here):
                # the page says so, and the person takes the other one.
                S.resolve(c, "remote" if first == "local" else "local")
        for laptop in ("one", "two", "one"):
            do_sync(laptop)
        left = 0
        for n in NAMES:
            use(n)
            left += Conflict.objects.filter(resolved_at__isnull=True).count()
        if not left:
            break
    assert not left, "conflicts still open after resolving"
    server, one, two = snapshot("server"), snapshot("one"), snapshot("two")
    assert one == server, "laptop one differs from the server"
    assert two == server, "laptop two differs from the server"
    # Nothing lost silently: every value written is in force, was replaced by an edit made
    # where it was seen, or was shown in a conflict.
    final = json.dumps(server)
    shown = "".join(conflict_texts(n) for n in NAMES)
    for token in written:
        assert f'"{token}"' in final or token in superseded or f'"{token}"' in shown, (
            f"{token} was lost without a conflict"
        )


if __name__ == "__main__":
    django.setup()
    prepare()
    check()
    print("converged")
    sys.exit(0)
