"""Records in the JSON backup's form (jejaring.interchange.json), their hashes, and writing
incoming records with the backup's own checks (types, references inside the village)."""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from typing import Any

from django.db import models

from jejaring.interchange import json as J
from jejaring.interchange.problems import Problems
from jejaring.villages.models import Village

#: Left out of the hash: the time of the last write and the local edit counter
#: (jejaring.core.versions: each installation counts its own saves) say nothing about the content.
UNHASHED = ("updated_at", "version")


#: The village's own fields travel as one more record under this key (its id: the village's).
VILLAGE_KEY = "villages.village"
#: The village fields that travel. Never its id nor its short name (each installation's
#: address of the village, and the link's mapping), nor memberships (each installation's own).
VILLAGE_FIELDS = (
    "name",
    "area",
    "description",
    "program_goal",
    "source_citation",
    "source_license",
)


def models_in_order() -> list[tuple[type, str]]:
    return J.village_models()


@functools.cache
def by_key() -> dict[str, type]:
    """``{model key: model}`` of the village models (the app registry is fixed after start-up:
    computed once, as it is asked for every item of a chunk)."""
    return {J.model_key(m): m for m, _ in J.village_models()}


def model_of(key: str) -> type | None:
    """The model of a change's key, the village itself included (for pages and labels)."""
    if key == VILLAGE_KEY:
        return Village
    return by_key().get(key)


@functools.cache
def order_index() -> dict[str, int]:
    """Sending order: the village's own fields first, then referenced models first."""
    out = {J.model_key(m): n for n, (m, _) in enumerate(J.village_models())}
    out[VILLAGE_KEY] = -1
    return out


def village_record(village: Village) -> dict:
    """The village's own fields in the backup's form (the area by its code)."""
    row: dict[str, Any] = {"id": str(village.pk)}
    for name in VILLAGE_FIELDS:
        if name == "area":
            code = village.area.code if village.area_id else None
            row["area"] = {"area": code} if code else None
        else:
            row[name] = getattr(village, name)
    return row


def write_village(village: Village, row: dict) -> str:
    """Write the village's own fields from a peer; returns why it cannot be written (empty:
    written). Only :data:`VILLAGE_FIELDS`: the id, short name and memberships never change
    through a sync."""
    from django.core.exceptions import ValidationError

    from jejaring.villages.areas import ensure_area

    if str(row.get("id")) != str(village.pk):
        return "another village's fields"
    area = row.get("area")
    values: dict[str, Any] = {}
    if area is None:
        values["area"] = None
    elif isinstance(area, dict) and isinstance(area.get("area"), str):
        try:
            values["area"] = ensure_area(area["area"])
        except Exception:
            return f"unknown area code {area['area']!r}"
    else:
        return "not an area"
    for name in VILLAGE_FIELDS:
        if name == "area" or name not in row:
            continue
        value = row[name]
        if not isinstance(value, str):
            return f"{name}: not a text"
        values[name] = value
    fresh = Village.objects.get(pk=village.pk)
    for name, value in values.items():
        setattr(fresh, name, value)
    try:
        fresh.clean_fields(exclude=["id", "slug", "area"])
    except ValidationError as exc:
        return "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())[:300]
    fresh.save()
    for name, value in values.items():
        setattr(village, name, value)
    return ""


def content_hash(row: dict | None) -> str:
    if row is None:
        return ""
    data = {k: v for k, v in row.items() if k not in UNHASHED}
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:40]


def serialize(village: Village, key: str, ids: list) -> dict[str, dict]:
    """``{str(id): row}`` of the records of model ``key`` among ``ids`` in ``village``."""
    if key == VILLAGE_KEY:
        return (
            {str(village.pk): village_record(village)} if str(village.pk) in map(str, ids) else {}
        )
    models_ = dict(J.village_models())
    model = by_key()[key]
    path = models_[model]
    refs = J._Refs(village, set(models_))
    m2m = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
    out: dict[str, dict] = {}
    ids = list(ids)
    for start in range(0, len(ids), 1000):
        qs = model._default_manager.filter(pk__in=ids[start : start + 1000], **{path: village})
        if m2m:
            qs = qs.prefetch_related(*[f.name for f in m2m])
        for obj in qs:
            out[str(obj.pk)] = J._record(obj, model, refs, m2m)
    return out


def users_of(rows: list[dict]) -> list[str]:
    names = set()
    for row in rows:
        for value in row.values():
            if isinstance(value, dict) and isinstance(value.get("user"), str):
                names.add(value["user"])
    return sorted(names)


def write_rows(village: Village, rows_by_key: dict[str, list[dict]], label: str) -> Problems:
    """Create or update these records with the backup's checks; nothing written on errors
    (the returned problems say why)."""
    problems = Problems()
    rows_by_key = dict(rows_by_key)
    for row in rows_by_key.pop(VILLAGE_KEY, []):
        reason = write_village(village, row)
        if reason:
            problems.add("%(reason)s", reason=reason)
            return problems
    if not rows_by_key:
        return problems
    _keep_local_versions(village, rows_by_key)
    all_rows = [r for rows in rows_by_key.values() for r in rows]
    doc = {
        "format": J.FORMAT,
        "version": J.VERSION,
        "village": {"id": str(village.pk)},
        "users": users_of(all_rows),
        "records": rows_by_key,
    }
    restore = J.VillageRestore(doc, label, problems)
    plan = restore.build(village)
    if problems.has_errors:
        return problems
    restore.write(plan, lambda *a, **k: None)
    return problems


def _keep_local_versions(village: Village, rows_by_key: dict[str, list[dict]]) -> None:
    """An incoming record keeps this installation's own version counter (the write then moves
    it on): a form opened here before the sync is refused, never matched by the other side's
    counter."""
    models_ = by_key()
    for key, rows in rows_by_key.items():
        model = models_.get(key)
        if model is None or not any(f.name == "version" for f in model._meta.concrete_fields):
            continue
        ids = [r.get("id") for r in rows if isinstance(r, dict) and as_uuid(r.get("id"))]
        local = dict(model._default_manager.filter(pk__in=ids).values_list("pk", "version"))
        for row in rows:
            if isinstance(row, dict) and "version" in row:
                pk = as_uuid(row.get("id"))
                row["version"] = local.get(pk, 1) if pk in local else 1


def delete_records(village: Village, key: str, ids: list) -> None:
    if key == VILLAGE_KEY:
        return  # a village is never deleted by a peer
    model = by_key()[key]
    path = dict(J.village_models())[model]
    model._default_manager.filter(pk__in=ids, **{path: village}).delete()


def all_record_ids(village: Village) -> list[tuple[str, str]]:
    """``(model key, id)`` of every record of the village, in the order of sending (the
    village's own fields first)."""
    out = [(VILLAGE_KEY, str(village.pk))]
    for model, path in J.village_models():
        key = J.model_key(model)
        ids = model._default_manager.filter(**{path: village}).values_list("pk", flat=True)
        out.extend((key, str(pk)) for pk in sorted(ids, key=str))
    return out


def as_uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None


def is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, models.Model)


def record_ids_after(village: Village, position: list | None, limit: int) -> list[tuple[str, str]]:
    """The next ``limit`` records of the village after ``position`` (``[model index, id]``) in
    the order of :func:`all_record_ids`, read with one keyset query per model (a UUID's order
    in the database is the order of its text)."""
    out: list[tuple[str, str]] = [] if position else [(VILLAGE_KEY, str(village.pk))]
    start_idx, last = (int(position[0]), str(position[1])) if position else (-1, "")
    for n, (model, path) in enumerate(J.village_models()):
        if n < start_idx:
            continue
        qs = model._default_manager.filter(**{path: village})
        if n == start_idx:
            qs = qs.filter(pk__gt=uuid.UUID(last))
        ids = qs.order_by("pk").values_list("pk", flat=True)[: limit - len(out)]
        key = J.model_key(model)
        out.extend((key, str(pk)) for pk in ids)
        if len(out) >= limit:
            break
    return out


def count_records(village: Village) -> int:
    return 1 + sum(
        model._default_manager.filter(**{path: village}).count()
        for model, path in J.village_models()
    )


def dependents(village: Village, records: list[tuple[str, str]]) -> dict[str, list[str]]:
    """``{model key: [id]}`` of the village records that deleting ``records`` (``(model key,
    id)``) here would delete along (CASCADE) or change (a reference emptied, SET_NULL), as
    Django's own deletion would find them; the records themselves left out."""
    from django.db import router
    from django.db.models.deletion import Collector, ProtectedError, RestrictedError

    from jejaring.sync.log import logged_paths

    paths = logged_paths()
    keys = {m: J.model_key(m) for m in paths}
    by_model: dict[str, list[str]] = {}
    for key, pk in records:
        if key != VILLAGE_KEY and key in by_key():
            by_model.setdefault(key, []).append(pk)
    out: dict[str, set[str]] = {}
    own = {pk for _, pk in records}

    # A many-to-many list (a discussion's participants) loses the deleted record: the record
    # holding the list changes.
    lists: dict[type, tuple[type, str]] = {}
    for m in paths:
        for f in m._meta.many_to_many:
            through = f.remote_field.through
            if through._meta.auto_created:
                lists[through] = (m, through._meta.get_field(f.m2m_field_name()).attname)

    def add(model, pks) -> None:
        if model in keys:
            out.setdefault(keys[model], set()).update(str(p) for p in pks if str(p) not in own)

    def add_rows(model, rows) -> None:
        if model in lists:
            owner, attname = lists[model]
            add(owner, [getattr(r, attname) for r in rows])
        else:
            add(model, [r.pk for r in rows])

    for key, ids in by_model.items():
        model = by_key()[key]
        objs = list(model._default_manager.filter(pk__in=ids, **{dict(paths)[model]: village}))
        if not objs:
            continue
        collector = Collector(using=router.db_for_write(model))
        try:
            collector.collect(objs)
        except (ProtectedError, RestrictedError):
            continue  # the deletion itself will be refused (and kept as a conflict)
        for m, instances in collector.data.items():
            add_rows(m, instances)
        for qs in collector.fast_deletes:
            if getattr(qs, "model", None) in keys or getattr(qs, "model", None) in lists:
                add_rows(qs.model, list(qs))
        for (_field, _value), groups in collector.field_updates.items():
            for group in groups:
                rows = list(group)
                if rows:
                    add(type(rows[0]), [o.pk for o in rows])
    return {k: sorted(v) for k, v in out.items() if v}
