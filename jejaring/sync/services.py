"""Sync: what to send, applying what arrives, conflicts, resolution.

The protocol (docs/sync.md): a laptop (downstream) *pushes* its changes since the server
acknowledged its last one, then *pulls* the server's changes since the last it applied, in
chunks. Every record travels whole, in the JSON backup's form; a deletion as an empty record.
A record changed on both sides since they last agreed (its *base*) is a conflict: both versions
are kept, the receiver's stays in force until someone resolves it.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from jejaring.interchange import json as J
from jejaring.sync import log
from jejaring.sync import records as R
from jejaring.sync.models import Change, Conflict, Installation, Link, RecordBase
from jejaring.villages.models import Village

CHUNK = 500
BUNDLE_FORMAT = "jejaring-sync"
BUNDLE_VERSION = 1


def max_seq(village: Village) -> int:
    return Change.objects.filter(village_id=village.pk).aggregate(m=Max("id"))["m"] or 0


def _sort_key(order: dict[str, int], key: str, pk: str) -> tuple[int, str]:
    return (order.get(key, 10_000), pk)


def pending(
    village: Village, since: int, target: int, exclude_origin: uuid.UUID | None
) -> list[tuple[str, str, bool]]:
    """``(model, id, resolves)`` of every record changed in ``(since, target]``, each once,
    referenced models first."""
    rows = Change.objects.filter(village_id=village.pk, id__gt=since, id__lte=target)
    if exclude_origin is not None:
        rows = rows.exclude(origin=exclude_origin)
    found: dict[tuple[str, str], bool] = {}
    for key, pk, resolves in rows.values_list("model", "record_id", "resolves").iterator(
        chunk_size=5000
    ):
        k = (key, str(pk))
        found[k] = found.get(k, False) or resolves
    order = R.order_index()
    return sorted(
        ((k, pk, res) for (k, pk), res in found.items()),
        key=lambda e: _sort_key(order, e[0], e[1]),
    )


def everything(village: Village) -> list[tuple[str, str, bool]]:
    return [(k, pk, False) for k, pk in R.all_record_ids(village)]


def after(entries: list, position: list | None) -> list:
    """The entries after ``position`` (the last ``[model index, id]`` sent)."""
    if not position:
        return entries
    order = R.order_index()
    last = (int(position[0]), str(position[1]))
    return [e for e in entries if _sort_key(order, e[0], e[1]) > last]


def position_of(entry) -> list:
    return [R.order_index().get(entry[0], 10_000), entry[1]]


def outgoing(village: Village, entries: list, *, with_bases: bool) -> list[dict]:
    """The items to send for ``entries``: each record's current content (None: deleted).

    ``with_bases`` (a laptop sending to its server): each item says which server version it
    was based on, records unchanged since then are left out, and records in an open conflict
    are marked (the server keeps them as a conflict too, never applies them)."""
    by_model: dict[str, list[str]] = {}
    for key, pk, _ in entries:
        by_model.setdefault(key, []).append(pk)
    rows: dict[str, dict] = {}
    for key, ids in by_model.items():
        rows.update(R.serialize(village, key, ids))
    bases: dict[str, RecordBase] = {}
    conflicted: set[str] = set()
    if with_bases:
        ids = [pk for _, pk, _ in entries]
        for start in range(0, len(ids), 2000):
            part = ids[start : start + 2000]
            bases.update(
                (str(b.record_id), b)
                for b in RecordBase.objects.filter(village=village, record_id__in=part)
            )
            conflicted |= {
                str(c)
                for c in Conflict.objects.filter(
                    village=village, record_id__in=part, resolved_at__isnull=True
                ).values_list("record_id", flat=True)
            }
    items = []
    for key, pk, resolves in entries:
        data = rows.get(pk)
        item: dict[str, Any] = {"model": key, "id": pk, "data": data}
        if resolves:
            item["resolves"] = True
        if with_bases:
            base = bases.get(pk)
            local = R.content_hash(data)
            if pk in conflicted:
                item["conflict"] = True
            elif (base is not None and base.local == local and not resolves) or (
                base is None and data is None
            ):
                continue
            item["base"] = base.remote if base else ""
            item["local"] = local
        items.append(item)
    return items


# --------------------------------------------------------------------------- applying


def apply_items(
    village: Village, items: list[dict], *, peer: uuid.UUID | None, downstream: bool
) -> list[dict]:
    """Apply a peer's items; one result per item: ``applied``, ``same``, ``old`` (nothing
    new) or ``conflict`` (with this side's version in ``data``). Idempotent: applying the same
    items again gives ``same``/``old``/``conflict`` and writes nothing new.

    ``downstream``: this installation keeps bases against ``peer`` (a laptop receiving from
    its server). Otherwise an item's own ``base`` says what the sender's change was based on.
    """
    keys = {*R.by_key(), R.VILLAGE_KEY}
    items = [
        i
        for i in items
        if isinstance(i, dict)
        and i.get("model") in keys
        and R.as_uuid(i.get("id"))
        and (
            i["model"] != R.VILLAGE_KEY
            # The village's own fields: only this village's, never a deletion.
            or (str(R.as_uuid(i["id"])) == str(village.pk) and isinstance(i.get("data"), dict))
        )
    ]
    by_model: dict[str, list[str]] = {}
    for it in items:
        by_model.setdefault(it["model"], []).append(str(R.as_uuid(it["id"])))
    current: dict[str, dict] = {}
    for key, ids in by_model.items():
        current.update(R.serialize(village, key, ids))
    ids = [str(R.as_uuid(it["id"])) for it in items]
    bases = (
        {str(b.record_id): b for b in RecordBase.objects.filter(village=village, record_id__in=ids)}
        if downstream
        else {}
    )
    open_conflicts: dict[str, list[Conflict]] = {}
    for c in Conflict.objects.filter(village=village, record_id__in=ids, resolved_at__isnull=True):
        open_conflicts.setdefault(str(c.record_id), []).append(c)

    results: list[dict] = []
    to_apply: list[tuple[dict, dict]] = []
    for it in items:
        pk = str(R.as_uuid(it["id"]))
        data = it.get("data") if isinstance(it.get("data"), dict) else None
        if data is not None:
            data = {**data, "id": pk}
        cur = current.get(pk)
        h_cur, h_in = R.content_hash(cur), R.content_hash(data)
        base = bases.get(pk)
        res = {"id": pk, "model": it["model"]}
        results.append(res)
        is_open = pk in open_conflicts
        if h_cur == h_in:
            res["status"] = "same"
            if is_open and not it.get("conflict"):
                _close(open_conflicts[pk])
            continue
        if (
            downstream
            and base is not None
            and h_in == base.remote
            and not (it.get("resolves") and is_open)
        ):
            # Already received, unless it now settles the conflict it caused here.
            res["status"] = "old"
            continue
        if "base" in it:
            unchanged = h_cur == str(it.get("base") or "")
        elif downstream and base is not None:
            unchanged = h_cur == base.local
        else:
            unchanged = cur is None
        if it.get("conflict"):
            conflict = True
        elif it.get("resolves") and (unchanged or is_open):
            conflict = False
        else:
            conflict = not unchanged or is_open
        if conflict:
            _keep_conflict(village, it["model"], pk, cur, data, peer, open_conflicts.get(pk, []))
            res["status"] = "conflict"
            res["data"] = cur
            continue
        to_apply.append((it, {**res, "data_in": data}))
        res["status"] = "applied"
        if is_open:
            _close(open_conflicts[pk])

    # A deletion that would take with it records changed here since the sender last saw
    # them (a tie added to the deleted actor…) is not applied: a conflict, like an edit.
    blocked = blocked_deletions(
        village,
        [(it["model"], r["id"]) for it, r in to_apply if r["data_in"] is None],
        peer=peer,
        downstream=downstream,
    )
    if blocked:
        keep = []
        for it, r in to_apply:
            pk = r["id"]
            if pk not in blocked:
                keep.append((it, r))
                continue
            res = next(x for x in results if x["id"] == pk)
            res["status"] = "conflict"
            res["data"] = current.get(pk)
            _keep_conflict(
                village, it["model"], pk, current.get(pk), None, peer, open_conflicts.get(pk, [])
            )
            if downstream:
                # Told to the server at the next push (sent marked as a conflict), so that
                # both sides list it.
                log.write(R.by_key()[it["model"]], [(village.pk, uuid.UUID(pk))], "s")
        to_apply = keep
    failed = _write(village, [(it, r) for it, r in to_apply], peer)
    for it, r in to_apply:
        pk = r["id"]
        if pk in failed:
            res = next(x for x in results if x["id"] == pk)
            res["status"] = "conflict"
            res["data"] = current.get(pk)
            _keep_conflict(
                village, it["model"], pk, current.get(pk), r["data_in"], peer, [], failed[pk]
            )
    # Hashes after writing: the sender keeps them as its base.
    after_rows: dict[str, dict] = {}
    applied_by_model: dict[str, list[str]] = {}
    for res in results:
        if res["status"] in ("applied", "same"):
            applied_by_model.setdefault(res["model"], []).append(res["id"])
    for key, mids in applied_by_model.items():
        after_rows.update(R.serialize(village, key, mids))
    incoming = {str(R.as_uuid(it["id"])): it for it in items}
    new_bases = []
    for res in results:
        if res["status"] in ("applied", "same"):
            res["hash"] = R.content_hash(after_rows.get(res["id"]))
        if downstream and res["status"] in ("applied", "same", "conflict"):
            data = incoming[res["id"]].get("data")
            remote = R.content_hash(data if isinstance(data, dict) else None)
            base = bases.get(res["id"])
            local = res.get("hash", base.local if base else "")
            new_bases.append((res["model"], res["id"], local, remote))
    if new_bases:
        set_bases(village, new_bases)
    if to_apply:
        village.touch()
    return results


def blocked_deletions(
    village: Village, deletions: list[tuple[str, str]], *, peer, downstream: bool
) -> dict[str, list[tuple[str, str]]]:
    """``{id: [(model, id) of the records changed here it would take along]}`` of the
    deletions among ``deletions`` (``(model, id)``) that must not be applied.

    Deleting a record here also deletes (or empties the reference of) the records that depend
    on it. Those the sender knew, unchanged since, may go (the sender deleted them too); any
    other — created or changed here since the two sides last agreed, or in an open conflict —
    would be lost without anyone seeing it. Which records count as changed here: on a laptop
    (``downstream``), those whose content differs from its base with the server, or that have
    none; on the server, those with a change the sender had not yet received (after the last
    of the server's numbers the sender said it applied) and did not make itself."""
    if not deletions:
        return {}
    deleting = {pk for _, pk in deletions}
    union = R.dependents(village, deletions)
    union = {k: [pk for pk in ids if pk not in deleting] for k, ids in union.items()}
    changed = _changed_here(village, union, peer=peer, downstream=downstream)
    if not changed:
        return {}
    if len(deletions) == 1:
        return {deletions[0][1]: sorted(changed)}
    out: dict[str, list[tuple[str, str]]] = {}
    for key, pk in deletions:
        mine = R.dependents(village, [(key, pk)])
        hits = sorted((k, d) for k, ids in mine.items() for d in ids if (k, d) in changed)
        if hits:
            out[pk] = hits
    return out


def _changed_here(
    village: Village, records: dict[str, list[str]], *, peer, downstream: bool
) -> set[tuple[str, str]]:
    ids = [pk for pks in records.values() for pk in pks]
    if not ids:
        return set()
    out: set[tuple[str, str]] = set()
    model_of = {pk: k for k, pks in records.items() for pk in pks}
    for start in range(0, len(ids), 2000):
        part = ids[start : start + 2000]
        in_part = set(part)
        out |= {
            (model_of[str(pk)], str(pk))
            for pk in Conflict.objects.filter(
                village=village, record_id__in=part, resolved_at__isnull=True
            ).values_list("record_id", flat=True)
        }
        if downstream:
            bases = dict(
                RecordBase.objects.filter(village=village, record_id__in=part).values_list(
                    "record_id", "local"
                )
            )
            bases = {str(k): v for k, v in bases.items()}
            for key, pks in records.items():
                mine = [pk for pk in pks if pk in in_part]
                if not mine:
                    continue
                rows = R.serialize(village, key, mine)
                for pk in mine:
                    if bases.get(pk) != R.content_hash(rows.get(pk)):
                        out.add((key, pk))
        else:
            link = Link.objects.filter(village=village, peer=peer).first() if peer else None
            seen = link.sent_seq if link else 0
            rows = Change.objects.filter(village_id=village.pk, record_id__in=part, id__gt=seen)
            if peer is not None:
                rows = rows.exclude(origin=peer)
            out |= {
                (model_of[str(pk)], str(pk))
                for pk in rows.values_list("record_id", flat=True).distinct()
            }
    return out


def _write(village: Village, work: list[tuple[dict, dict]], peer) -> dict[str, str]:
    """Write the items; returns ``{id: reason}`` of those that could not be written (a
    reference to a record the other side deleted, a duplicate actor id…)."""
    failed: dict[str, str] = {}
    if not work:
        return failed
    for resolves in (False, True):
        part = [(it, r) for it, r in work if bool(it.get("resolves")) == resolves]
        if not part:
            continue
        with log.applying(peer, resolves=resolves):
            try:
                with transaction.atomic():
                    problems = _write_batch(village, part)
                    if problems:
                        raise _Rejected(problems)
            except _Rejected:
                for one in part:
                    try:
                        with transaction.atomic():
                            problems = _write_batch(village, [one])
                            if problems:
                                raise _Rejected(problems)
                    except _Rejected as exc:
                        failed[one[1]["id"]] = exc.reason
                    except Exception as exc:  # a rule only the database knows
                        failed[one[1]["id"]] = str(exc).splitlines()[0][:200]
            except Exception:
                for one in part:
                    try:
                        with transaction.atomic():
                            problems = _write_batch(village, [one])
                            if problems:
                                raise _Rejected(problems)
                    except _Rejected as exc:
                        failed[one[1]["id"]] = exc.reason
                    except Exception as exc:
                        failed[one[1]["id"]] = str(exc).splitlines()[0][:200]
    return failed


class _Rejected(Exception):
    def __init__(self, problems) -> None:
        self.reason = "; ".join(str(p) for p in problems.errors[:3])[:500]
        super().__init__(self.reason)


def _write_batch(village: Village, part: list[tuple[dict, dict]]):
    upserts: dict[str, list[dict]] = {}
    deletes: dict[str, list[str]] = {}
    for it, r in part:
        if r["data_in"] is None:
            deletes.setdefault(it["model"], []).append(r["id"])
        else:
            upserts.setdefault(it["model"], []).append(r["data_in"])
    if upserts:
        problems = R.write_rows(village, upserts, "sync")
        if problems.has_errors:
            return problems
    order = R.order_index()
    for key in sorted(deletes, key=lambda k: order.get(k, 0)):
        R.delete_records(village, key, deletes[key])
    return None


def _keep_conflict(village, key, pk, local, remote, peer, existing, reason="") -> None:
    mine = [c for c in existing if c.peer == peer] or existing
    if mine:
        c = mine[0]
        c.remote = remote
        c.local = local
        if reason:
            c.reason = reason
        c.save(update_fields=["remote", "local", "reason"])
        return
    Conflict.objects.create(
        village=village,
        model=key,
        record_id=pk,
        local=local,
        remote=remote,
        peer=peer,
        reason=reason,
    )


def _close(conflicts: list[Conflict], user=None) -> None:
    now = timezone.now()
    for c in conflicts:
        if c.resolved_at is None:
            c.resolved_at = now
            c.resolved_by = user
            c.save(update_fields=["resolved_at", "resolved_by"])


def set_bases(village: Village, rows: list[tuple[str, str, str, str]]) -> None:
    """``(model, id, local hash, remote hash)``: the records now agree with the server."""
    ids = [pk for _, pk, _, _ in rows]
    existing = {
        str(b.record_id): b for b in RecordBase.objects.filter(village=village, record_id__in=ids)
    }
    create, update = [], []
    for key, pk, local, remote in rows:
        b = existing.get(pk)
        if b is None:
            b = RecordBase(village=village, model=key, record_id=pk, local=local, remote=remote)
            existing[pk] = b
            create.append(b)
        else:
            b.local, b.remote = local, remote
            update.append(b)
    RecordBase.objects.bulk_create(create, batch_size=2000)
    RecordBase.objects.bulk_update(update, ["local", "remote"], batch_size=1000)


def after_push(village: Village, items: list[dict], results: list[dict], peer) -> int:
    """On the laptop: what the server did with the pushed items. Returns conflicts."""
    sent = {it["id"]: it for it in items}
    bases = []
    conflicts = 0
    for res in results:
        it = sent.get(res.get("id"))
        if it is None:
            continue
        if res.get("status") in ("applied", "same"):
            bases.append((it["model"], it["id"], it["local"], res.get("hash", "")))
            if it.get("resolves"):
                _close(
                    list(
                        Conflict.objects.filter(
                            village=village, record_id=it["id"], resolved_at__isnull=True
                        )
                    )
                )
        elif res.get("status") == "conflict":
            conflicts += 1
            remote = res.get("data")
            existing = list(
                Conflict.objects.filter(
                    village=village, record_id=it["id"], resolved_at__isnull=True
                )
            )
            current = R.serialize(village, it["model"], [it["id"]]).get(it["id"])
            _keep_conflict(village, it["model"], it["id"], current, remote, peer, existing)
            old = RecordBase.objects.filter(village=village, record_id=it["id"]).first()
            bases.append((it["model"], it["id"], old.local if old else "", R.content_hash(remote)))
    set_bases(village, bases)
    return conflicts


# --------------------------------------------------------------------------- resolving


def takes_along(village: Village, key: str, pk) -> list[tuple[Any, int]]:
    """``[(model's plural name, how many)]`` of the records here that deleting this one would
    delete along or change (its ties, evidence…): shown before a person takes a deletion and
    after, so that nothing goes unseen."""
    found = R.dependents(village, [(key, str(pk))])
    out = []
    for k, ids in found.items():
        model = R.model_of(k)
        out.append((model._meta.verbose_name_plural if model else k, len(ids)))
    return out


def resolve(
    conflict: Conflict, choice: str, *, fields: dict[str, str] | None = None, user=None
) -> dict[str, Any]:
    """Settle a conflict: keep ``local``, take ``remote``, or ``merge`` field by field
    (``fields``: ``{name: "local"|"remote"}``). The result is saved as a normal change marked
    as resolving, and so reaches the other installations at their next sync.

    Returns ``{"deleted": bool, "along": [(plural name, n)]}``: whether the record is now
    deleted here, and what its deletion took along here (for the page's message)."""
    village = conflict.village
    # "Local" is the version in force now (it may have been edited since the conflict arose);
    # the conflict keeps it, so that what was set aside stays visible.
    now = R.serialize(village, conflict.model, [str(conflict.record_id)]).get(
        str(conflict.record_id)
    )
    if R.content_hash(now) != R.content_hash(conflict.local):
        conflict.local = now
        conflict.save(update_fields=["local"])
    local, remote = conflict.local, conflict.remote
    if choice == "local":
        chosen = local
    elif choice == "remote":
        chosen = remote
    else:
        if local is None or remote is None:
            raise ValueError("a deleted record cannot be merged field by field")
        chosen = dict(local)
        for name, side in (fields or {}).items():
            if side == "remote" and name in remote:
                chosen[name] = remote[name]
    along: list[tuple[Any, int]] = []
    with transaction.atomic():
        current = R.serialize(village, conflict.model, [str(conflict.record_id)]).get(
            str(conflict.record_id)
        )
        if chosen is None and current is not None:
            along = takes_along(village, conflict.model, conflict.record_id)
        with log.applying(None, resolves=True):
            if R.content_hash(current) == R.content_hash(chosen):
                # Nothing to write: still a change, so that the decision travels.
                log.write(
                    R.model_of(conflict.model),
                    [(village.pk, conflict.record_id)],
                    "s" if chosen else "d",
                )
            elif chosen is None:
                R.delete_records(village, conflict.model, [str(conflict.record_id)])
            else:
                problems = R.write_rows(
                    village, {conflict.model: [{**chosen, "id": str(conflict.record_id)}]}, "sync"
                )
                if problems.has_errors:
                    raise ValueError(_unwritable(village, conflict, problems.errors))
        _close(
            list(
                Conflict.objects.filter(
                    village=village, record_id=conflict.record_id, resolved_at__isnull=True
                )
            ),
            user,
        )
        village.touch()
    return {"deleted": chosen is None, "along": along}


def _record_name(village: Village, key: str, pk: str) -> str:
    """What a record that is gone here was called, from the versions its conflicts kept."""
    for c in Conflict.objects.filter(village=village, model=key, record_id=pk).order_by("-id"):
        for row in (c.remote, c.local):
            if isinstance(row, dict) and row.get("name"):
                return str(row["name"])
    return ""


def _unwritable(village: Village, conflict: Conflict, errors: list) -> str:
    """Why the chosen version cannot be written, in the reader's words: a version that
    points to a record deleted here (a tie whose actor this side deleted) says which record
    and what to do, rather than the import's row-and-column message."""
    from django.utils.translation import gettext as _

    model = R.model_of(conflict.model)
    out = []
    for p in errors[:3]:
        if p.message != J.MISSING_REFERENCE or model is None:
            out.append(str(p))
            continue
        target = R.model_of(p.params.get("model", ""))
        try:
            field = str(model._meta.get_field(p.column or "").verbose_name)
        except Exception:
            field = p.column or ""
        what = str(target._meta.verbose_name) if target else p.params.get("model", "")
        name = _record_name(village, p.params.get("model", ""), p.params.get("value", ""))
        out.append(
            _(
                "This version cannot be taken: its %(field)s, the %(what)s %(name)s, was "
                "deleted here, and nothing can point to a deleted record. Keep this side's "
                "version instead."
            )
            % {"field": field, "what": what, "name": f"“{name}”" if name else ""}
        )
    return "; ".join(out)


def conflicts_for_peers(village: Village) -> list[dict]:
    """The server's open conflicts with its laptops, for its sync file: online, a laptop
    learns of a conflict its push caused from the answer; through files, from this list."""
    out = []
    for c in open_conflicts(village).exclude(peer=None):
        data = R.serialize(village, c.model, [str(c.record_id)]).get(str(c.record_id))
        out.append({"peer": str(c.peer), "model": c.model, "id": str(c.record_id), "data": data})
    return out


def take_peer_conflicts(village: Village, entries: list, *, me: uuid.UUID, peer) -> int:
    """On a laptop reading its server's file: list the server's conflicts with this laptop
    here too (this side's version in force, the server's as the other one). Not again for a
    record already in an open conflict here, nor for one whose resolution made here is still
    to be sent. Returns how many were listed."""
    link = Link.objects.filter(village=village, peer=peer).first()
    listed = 0
    for e in entries:
        if not isinstance(e, dict) or e.get("peer") != str(me) or e.get("model") not in R.by_key():
            continue
        pk = R.as_uuid(e.get("id"))
        if pk is None:
            continue
        if Conflict.objects.filter(
            village=village, record_id=pk, resolved_at__isnull=True
        ).exists():
            continue
        pending_resolution = Change.objects.filter(
            village_id=village.pk,
            record_id=pk,
            resolves=True,
            origin__isnull=True,
            id__gt=link.sent_seq if link else 0,
        )
        if pending_resolution.exists():
            continue
        data = e.get("data") if isinstance(e.get("data"), dict) else None
        here = R.serialize(village, e["model"], [str(pk)]).get(str(pk))
        if R.content_hash(here) == R.content_hash(data):
            continue
        _keep_conflict(village, e["model"], str(pk), here, data, peer, [])
        listed += 1
    return listed


def open_conflicts(village: Village):
    return Conflict.objects.filter(village=village, resolved_at__isnull=True)


def open_conflicts_in_order(village: Village) -> list[Conflict]:
    """The village's open conflicts, referenced kinds of record first (an actor before its
    ties: settling the actor first lets its ties' versions be written), oldest first."""
    order = R.order_index()
    rows = open_conflicts(village)
    return sorted(rows, key=lambda c: (order.get(c.model, 10_000), c.created_at, c.pk))


def installation_id() -> uuid.UUID:
    return Installation.current_id()


def link_for(village: Village, peer) -> Link:
    link, _ = Link.objects.get_or_create(village=village, peer=peer)
    return link


def upstream_link(village: Village) -> Link | None:
    return Link.objects.filter(village=village, upstream=True).first()
