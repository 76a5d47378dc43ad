"""The laptop's side of a sync with a server over HTTP(S), and sync bundles (files).

:func:`sync_village` pushes, then pulls, chunk by chunk; after each chunk the progress is
saved in the same transaction as its effects, so an interrupted sync resumes where it
stopped, and a chunk sent twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import gzip
import ipaddress
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jejaring.interchange import json as J
from jejaring.sync import records as R
from jejaring.sync import services as S
from jejaring.sync.models import Link, SyncLog
from jejaring.villages.models import Membership, Village

Progress = Callable[[str, int, int], None]

#: A whole village (first sync) travels in chunks this many times larger: fewer round trips
#: (5,000 actors / 50,000 ties: 31 s instead of 44-70 s with 500 per chunk).
FULL_FACTOR = 4


class SyncError(Exception):
    """A sync that cannot go on; the message is for the user."""


def is_loopback_url(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str, insecure: bool) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(_("not a server address: %(url)s") % {"url": repr(url)})
    if parts.scheme == "http" and not insecure and not is_loopback_url(url):
        raise SyncError(
            _(
                "refusing plain http to another computer: the token and the village data would "
                "travel readable. Use https, or --insecure if you know the network."
            )
        )
    return url.rstrip("/")


class HttpTransport:
    def __init__(self, url: str, token: str, *, insecure: bool = False, timeout: float = 300):
        self.url = check_url(url, insecure)
        self.token = token
        self.timeout = timeout

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if body is not None:
            data = gzip.compress(json.dumps(body).encode("utf-8"), compresslevel=3)
            headers["Content-Type"] = "application/json"
            headers["Content-Encoding"] = "gzip"
        req = urllib.request.Request(
            f"{self.url}/api/v1/sync{path}", data=data, method=method, headers=headers
        )
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
                if resp.headers.get("Content-Encoding") == "gzip":
                    raw = gzip.decompress(raw)
                return json.loads(raw)
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace")
            if exc.code == 401:
                raise SyncError(_("the server refused the token (wrong or revoked)")) from exc
            if exc.code == 403:
                raise SyncError(
                    _(
                        "your role in this village on the server is read only: you can receive "
                        "changes but not send them"
                    )
                ) from exc
            if exc.code == 404:
                raise SyncError(
                    _("the server has no such village for you (are you a member?)")
                ) from exc
            raise SyncError(
                _("the server answered %(code)s: %(detail)s") % {"code": exc.code, "detail": detail}
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            raise SyncError(_("cannot reach the server: %(error)s") % {"error": exc}) from exc

    def hello(self) -> dict:
        return self.call("GET", "/hello")

    def village(self, slug: str) -> dict:
        return self.call("GET", f"/villages/{slug}")

    def create(self, row: dict) -> dict:
        return self.call("POST", "/villages", {"village": row})

    def push(self, slug: str, body: dict) -> dict:
        return self.call("POST", f"/villages/{slug}/push", body)

    def pull(self, slug: str, body: dict) -> dict:
        query = {
            "from": body["from"],
            "cursor": body["cursor"],
            "full": "true" if body["full"] else "false",
            "chunk": body["chunk"],
        }
        if body.get("target") is not None:
            query["target"] = body["target"]
        if body.get("position"):
            query["position"] = f"{body['position'][0]}:{body['position'][1]}"
        return self.call("GET", f"/villages/{slug}/pull?{urllib.parse.urlencode(query)}")


def village_row(village: Village) -> dict:
    refs = J._Refs(village, set())
    return J._record(village, Village, refs, [])


def create_local_village(row: dict, user=None) -> Village:
    """A village received from another installation, with its id (records follow)."""
    fields = {
        f.name: f.to_python(row[f.name])
        for f in Village._meta.concrete_fields
        if f.name in row
        and f.name not in ("id", "area", "created_at", "updated_at", "data_version")
    }
    area = row.get("area")
    if isinstance(area, dict) and isinstance(area.get("area"), str):
        from jejaring.villages.areas import ensure_area

        # An unknown code: no area (then a conflict at the first comparison).
        with contextlib.suppress(Exception):
            fields["area"] = ensure_area(area["area"])
    village = Village.objects.create(id=uuid.UUID(row["id"]), **fields)
    if user is not None:
        Membership.objects.get_or_create(
            user=user, village=village, defaults={"role": Membership.Role.ADMIN}
        )
    return village


def sync_village(
    *,
    transport: HttpTransport,
    slug: str,
    local_slug: str | None = None,
    local_user=None,
    progress: Progress = lambda *a: None,
    chunk: int = S.CHUNK,
    save_link: dict | None = None,
) -> dict:
    """Sync the local village ``local_slug`` (default ``slug``) with the server's ``slug``."""
    me = S.installation_id()
    hello = transport.hello()
    server_id = uuid.UUID(hello["installation"])
    if server_id == me:
        raise SyncError(_("this is the same installation"))
    remote = transport.village(slug) if True else None
    village = Village.objects.filter(slug=local_slug or slug).first()
    summary = {"sent": 0, "received": 0, "conflicts": 0, "created": ""}
    if not remote.get("exists") and village is None:
        raise SyncError(_("no village %(slug)s here nor on the server") % {"slug": repr(slug)})
    if village is None:
        village = create_local_village(remote["village"], local_user)
        summary["created"] = "local"
    elif remote.get("exists") and str(remote["village"]["id"]) != str(village.pk):
        raise SyncError(
            _("the village on the server with this short name is another village (another id)")
        )
    link = Link.objects.filter(village=village, peer=server_id).first()
    first = link is None
    if link is None:
        link = Link.objects.create(village=village, peer=server_id, upstream=True)
    for k, v in (save_link or {}).items():
        setattr(link, k, v)
    link.upstream = True
    link.server_slug = slug
    link.save()
    if not remote.get("exists"):
        transport.create(village_row(village))
        summary["created"] = "server"
    # Push (the server's own village was just created: everything; else my changes).
    can_write = remote.get("can_write", True)
    if can_write:
        summary["sent"], c = _push(
            transport,
            slug,
            village,
            link,
            me,
            full=first and summary["created"] != "local",
            progress=progress,
            chunk=chunk,
        )
        summary["conflicts"] += c
    summary["received"], c = _pull(
        transport,
        slug,
        village,
        link,
        me,
        full=first and summary["created"] != "server",
        progress=progress,
        chunk=chunk,
    )
    summary["conflicts"] += c
    link.refresh_from_db()
    link.last_sync_at = timezone.now()
    link.last_error = ""
    link.save(update_fields=["last_sync_at", "last_error"])
    SyncLog.objects.create(
        village=village,
        user=local_user,
        peer=server_id,
        action="sync",
        sent=summary["sent"],
        received=summary["received"],
        conflicts=summary["conflicts"],
    )
    summary["can_write"] = can_write
    return summary


def _push(transport, slug, village, link, me, *, full, progress, chunk) -> tuple[int, int]:
    state = link.progress.get("push")
    if state is None:
        state = {"target": S.max_seq(village), "position": None, "full": full}
        link.progress = {**link.progress, "push": state}
        link.save(update_fields=["progress"])
    target = state["target"]
    entries = (
        S.everything(village)
        if state["full"]
        else S.pending(village, link.sent_seq, target, exclude_origin=link.peer)
    )
    total = len(entries)
    if state["full"]:
        chunk *= FULL_FACTOR
    todo = S.after(entries, state["position"])
    done = total - len(todo)
    sent = conflicts = 0
    while True:
        part = todo[:chunk]
        todo = todo[chunk:]
        items = S.outgoing(village, part, with_bases=True)
        body = {
            "from": str(me),
            "items": [{k: v for k, v in it.items() if k != "local"} for it in items],
            "done": not todo,
            "upto": target,
            # How far I have applied the server's numbers: what it may count as known to me.
            "seen": link.received_seq,
        }
        answer = transport.push(slug, body)
        with transaction.atomic():
            conflicts += S.after_push(village, items, answer.get("results", []), link.peer)
            done += len(part)
            sent += sum(1 for r in answer.get("results", []) if r.get("status") == "applied")
            if part:
                state["position"] = S.position_of(part[-1])
            if not todo:
                link.sent_seq = max(link.sent_seq, target)
                link.progress = {k: v for k, v in link.progress.items() if k != "push"}
            else:
                link.progress = {**link.progress, "push": state}
            link.save(update_fields=["sent_seq", "progress"])
        progress("push", done, total)
        if not todo:
            return sent, conflicts


def _pull(transport, slug, village, link, me, *, full, progress, chunk) -> tuple[int, int]:
    state = link.progress.get("pull")
    if state is None:
        # Saved before the first request: a first (whole) pull interrupted at any point
        # resumes as a whole pull.
        state = {"target": None, "position": None, "full": full}
        link.progress = {**link.progress, "pull": state}
        link.save(update_fields=["progress"])
    received = conflicts = 0
    if state["full"]:
        chunk *= FULL_FACTOR
    while True:
        answer = transport.pull(
            slug,
            {
                "from": str(me),
                "cursor": link.received_seq,
                "target": state["target"],
                "position": state["position"],
                "full": state["full"],
                "chunk": chunk,
            },
        )
        with transaction.atomic():
            results = S.apply_items(village, answer["items"], peer=link.peer, downstream=True)
            received += sum(1 for r in results if r["status"] == "applied")
            conflicts += sum(1 for r in results if r["status"] == "conflict")
            state["target"] = answer["target"]
            state["position"] = answer["position"]
            if answer["done"]:
                link.received_seq = max(link.received_seq, answer["target"])
                link.progress = {k: v for k, v in link.progress.items() if k != "pull"}
            else:
                link.progress = {**link.progress, "pull": state}
            link.save(update_fields=["received_seq", "progress"])
        state["done"] = state.get("done", 0) + len(answer["items"])
        progress("pull", state["done"], max(answer.get("total", 0), state["done"]))
        if answer["done"]:
            return received, conflicts


# --------------------------------------------------------------------------- server side


def serve_pull(village: Village, body: dict) -> dict:
    peer = R.as_uuid(body.get("from"))
    target = body.get("target")
    if not isinstance(target, int):
        target = S.max_seq(village)
    chunk = min(max(int(body.get("chunk") or S.CHUNK), 1), 5000)
    cursor = int(body.get("cursor") or 0)
    if peer is not None and cursor:
        # The laptop has applied my changes up to ``cursor``: my sync file for it (and the
        # check of what its deletions may take along) need not go further back.
        Link.objects.filter(village=village, peer=peer, sent_seq__lt=cursor).update(sent_seq=cursor)
    if body.get("full"):
        part = [
            (k, pk, False) for k, pk in R.record_ids_after(village, body.get("position"), chunk + 1)
        ]
        more = len(part) > chunk
        part = part[:chunk]
        items = S.outgoing(village, part, with_bases=False)
        return {
            "target": target,
            "items": items,
            "position": S.position_of(part[-1]) if part else body.get("position"),
            "done": not more,
            "total": R.count_records(village),
            "sent_so_far": 0,
        }
    entries = S.pending(village, cursor, target, exclude_origin=peer)
    todo = S.after(entries, body.get("position"))
    part = todo[:chunk]
    items = S.outgoing(village, part, with_bases=False)
    return {
        "target": target,
        "items": items,
        "position": S.position_of(part[-1]) if part else body.get("position"),
        "done": len(todo) <= chunk,
        "total": len(entries),
        "sent_so_far": len(entries) - len(todo) + len(part),
    }


def serve_push(village: Village, body: dict, user=None) -> dict:
    peer = R.as_uuid(body.get("from"))
    items = body.get("items") or []
    with transaction.atomic():
        seen = body.get("seen")
        if peer is not None and isinstance(seen, int):
            link = S.link_for(village, peer)
            if seen > link.sent_seq:
                link.sent_seq = seen
                link.save(update_fields=["sent_seq"])
        results = S.apply_items(village, items, peer=peer, downstream=False)
        if body.get("done") and peer is not None:
            link = S.link_for(village, peer)
            link.received_seq = max(link.received_seq, int(body.get("upto") or 0))
            link.last_sync_at = timezone.now()
            link.save()
        SyncLog.objects.create(
            village=village,
            user=user,
            peer=peer,
            action="push",
            received=sum(1 for r in results if r["status"] == "applied"),
            conflicts=sum(1 for r in results if r["status"] == "conflict"),
        )
    for r in results:
        r.pop("data_in", None)
    return {"results": results}


# --------------------------------------------------------------------------- bundles


def write_bundle(village: Village, *, since: int | None = None) -> dict:
    """My changes for the server I sync with (since it last acknowledged them). On a server:
    the changes after the oldest of its numbers any laptop of the village said it applied
    (``since`` overrides), so that one file serves every laptop; the whole village only when
    nothing is known (no laptop has synced or sent a file yet)."""
    me = S.installation_id()
    link = S.upstream_link(village)
    target = S.max_seq(village)
    start = 0
    if link is not None:
        entries = S.pending(village, link.sent_seq, target, exclude_origin=link.peer)
        items = S.outgoing(village, entries, with_bases=True)
        seen = {str(link.peer): link.received_seq}
        start = link.sent_seq
    else:
        peers = village.sync_links.exclude(peer=None)
        known = [lk.sent_seq for lk in peers]
        if since is None:
            since = min(known) if known else 0
        seen = {str(lk.peer): lk.received_seq for lk in peers}
        if since > 0:
            entries = S.pending(village, since, target, exclude_origin=None)
            start = since
        else:
            entries = S.everything(village)
        items = S.outgoing(village, entries, with_bases=False)
    return {
        "format": S.BUNDLE_FORMAT,
        "version": S.BUNDLE_VERSION,
        "from": str(me),
        "village": village_row(village),
        "conflicts": S.conflicts_for_peers(village) if link is None else [],
        "since": start,
        "upto": target,
        "seen": seen,
        "items": [{k: v for k, v in it.items() if k != "local"} for it in items],
    }


def read_bundle(doc: Any, *, user=None) -> tuple[Village, dict]:
    if not isinstance(doc, dict) or doc.get("format") != S.BUNDLE_FORMAT:
        raise SyncError(_("this is not a Jejaring sync bundle"))
    if doc.get("version") != S.BUNDLE_VERSION:
        raise SyncError(
            _("this bundle has version %(version)s; this Jejaring reads %(ours)s")
            % {"version": doc.get("version"), "ours": S.BUNDLE_VERSION}
        )
    peer = R.as_uuid(doc.get("from"))
    me = S.installation_id()
    if peer is None or peer == me:
        raise SyncError(_("this bundle was written by this installation"))
    row = doc.get("village") or {}
    village = Village.objects.filter(pk=R.as_uuid(row.get("id"))).first()
    with transaction.atomic():
        created = village is None
        if created:
            if isinstance(doc.get("since"), int) and doc["since"] > 0:
                raise SyncError(
                    _(
                        "this file holds only the changes since an earlier sync, and this "
                        "village is not here yet: ask for a file with the whole village "
                        "(--since 0)"
                    )
                )
            if Village.objects.filter(slug=row.get("slug")).exists():
                raise SyncError(_("a different village with this short name exists here"))
            village = create_local_village(row, user)
        link = S.link_for(village, peer)
        if created:
            link.upstream = True
        items = doc.get("items") or []
        downstream = link.upstream
        seen = (doc.get("seen") or {}).get(str(me))
        if isinstance(seen, int):
            # Before applying: what the sender knew of mine decides which of its deletions
            # may take along records changed here.
            link.sent_seq = max(link.sent_seq, seen)
        results = S.apply_items(village, items, peer=peer, downstream=downstream)
        if downstream:
            listed = S.take_peer_conflicts(village, doc.get("conflicts") or [], me=me, peer=peer)
            results += [{"status": "conflict"}] * listed
        upto = int(doc.get("upto") or 0)
        since = doc.get("since")
        if not isinstance(since, int) or since <= link.received_seq:
            link.received_seq = max(link.received_seq, upto)
        # else: the file starts after changes not yet received here; they stay to be received
        # (online, or from a file that starts earlier).
        link.last_sync_at = timezone.now()
        link.save()
        summary = {
            "received": sum(1 for r in results if r["status"] == "applied"),
            "conflicts": sum(1 for r in results if r["status"] == "conflict"),
            "same": sum(1 for r in results if r["status"] in ("same", "old")),
        }
        SyncLog.objects.create(
            village=village,
            user=user,
            peer=peer,
            action="bundle",
            received=summary["received"],
            conflicts=summary["conflicts"],
        )
    return village, summary
