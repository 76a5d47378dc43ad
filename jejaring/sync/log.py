"""Append a :class:`~jejaring.sync.models.Change` for every write to a village record.

``post_save``, ``post_delete`` and ``m2m_changed`` cover single writes and deletions (also
those cascading); :class:`jejaring.core.models.RecordQuerySet` calls :func:`bulk_written` for
``bulk_create``, ``bulk_update`` and ``update``, which send no signals. Writes made while a
sync applies a peer's changes are logged with that peer as their origin (:func:`applying`).
"""

from __future__ import annotations

import contextlib
import contextvars
import uuid
import zlib
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

_context: contextvars.ContextVar[dict | None] = contextvars.ContextVar("sync_context", default=None)
_paths: dict[type, str] | None = None
_keys: dict[type, str] = {}


def logged_paths() -> dict[type, str]:
    """``{model: path to the village}`` for every model the JSON backup exports."""
    global _paths
    if _paths is None:
        from jejaring.interchange.json import model_key, village_models
        from jejaring.villages.models import Village

        _paths = dict(village_models())
        _keys.update({m: model_key(m) for m in _paths})
        _keys[Village] = model_key(Village)  # its own fields (jejaring.sync.records.VILLAGE_KEY)
    return _paths


@contextlib.contextmanager
def applying(origin: uuid.UUID | None = None, *, resolves: bool = False, off: bool = False):
    """Writes inside are logged as coming from ``origin`` (or as resolving a conflict; or,
    with ``off``, not at all)."""
    token = _context.set({"origin": origin, "resolves": resolves, "off": off})
    try:
        yield
    finally:
        _context.reset(token)


def _villages_of(model: type, objs: list) -> list[Any]:
    path = logged_paths()[model]
    if path == "village":
        return [getattr(o, "village_id", None) for o in objs]
    first, rest = path.split("__", 1)
    field = model._meta.get_field(first)
    ids = {getattr(o, field.attname) for o in objs}
    ids.discard(None)
    found: dict = {}
    if ids:
        found = dict(
            field.related_model._default_manager.filter(pk__in=list(ids)).values_list("pk", rest)
        )
    return [found.get(getattr(o, field.attname)) for o in objs]


def _lock(village_ids: Iterable) -> None:
    """On PostgreSQL, changes of one village are numbered in the order they commit: a reader
    never sees seq 7 before seq 6 appears."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for vid in sorted({str(v) for v in village_ids}):
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [zlib.crc32(vid.encode()) + 7])


def write(model: type, rows: list[tuple[Any, Any]], op: str) -> None:
    """Log ``(village id, record id)`` rows of ``model``."""
    from jejaring.sync.models import Change

    ctx = _context.get() or {}
    if ctx.get("off"):
        return
    rows = [(v, pk) for v, pk in rows if v is not None and pk is not None]
    if not rows:
        return
    key = _keys[model]
    with transaction.atomic():
        _lock(v for v, _ in rows)
        Change.objects.bulk_create(
            [
                Change(
                    village_id=v,
                    model=key,
                    record_id=pk,
                    op=op,
                    origin=ctx.get("origin"),
                    resolves=bool(ctx.get("resolves")),
                )
                for v, pk in rows
            ],
            batch_size=2000,
        )


def bulk_written(model: type, objs: list, op: str = "s") -> None:
    if model not in logged_paths() or not objs:
        return
    write(model, list(zip(_villages_of(model, objs), [o.pk for o in objs], strict=True)), op)


def bulk_updated(model: type, pks: list) -> None:
    if model not in logged_paths() or not pks:
        return
    path = logged_paths()[model]
    villages = dict(model._default_manager.filter(pk__in=pks).values_list("pk", path))
    write(model, [(villages.get(pk), pk) for pk in pks], "s")


def _saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    bulk_written(sender, [instance])


def _pre_delete(sender, instance, **kwargs) -> None:
    instance._sync_village_id = _villages_of(sender, [instance])[0]


def _deleted(sender, instance, **kwargs) -> None:
    village = getattr(instance, "_sync_village_id", None)
    write(sender, [(village, instance.pk)], "d")


def _m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        if type(instance) in logged_paths():
            bulk_written(type(instance), [instance])
    elif model in logged_paths() and pk_set:
        bulk_updated(model, list(pk_set))


def _village_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    """The village's own fields (name, goal, area…) travel like a record: an edit is logged
    under ``villages.village``. Its creation is not (a new village travels whole)."""
    if raw or created:
        return
    logged_paths()
    write(sender, [(instance.pk, instance.pk)], "s")


def _village_deleted(sender, instance, **kwargs) -> None:
    from jejaring.sync.models import Change

    Change.objects.filter(village_id=instance.pk).delete()


def connect_all() -> None:
    from jejaring.villages.models import Village

    for model in logged_paths():
        uid = f"sync-{model._meta.label_lower}"
        post_save.connect(_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(_pre_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
        for f in model._meta.many_to_many:
            m2m_changed.connect(_m2m, sender=f.remote_field.through, dispatch_uid=f"{uid}-{f.name}")
    post_save.connect(_village_saved, sender=Village, dispatch_uid="sync-village")
    post_delete.connect(_village_deleted, sender=Village, dispatch_uid="sync-village")


def is_logged(model: type[models.Model]) -> bool:
    return model in logged_paths()
