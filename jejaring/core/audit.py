"""Who changed what in a village: every create, edit, end and delete, with the values before
and after.

django-auditlog writes the entries from model signals in the same transaction as the change
(a rolled-back import leaves no entry) and takes the user from the request (its middleware).
Each entry carries the village's id in ``additional_data``, so a village's history is one
filter and never mixes villages. Writes that skip signals (the importers' bulk writes, building
the demo or an example) are recorded as one entry on the village saying what was done.

The history is for the village's administrators only: it holds every value a record ever had,
including what a pseudonymised export or a read-only member never sees, and it is part of no
export.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.db import models

#: Fields whose changes say nothing to a person reading the history (or are huge blobs that a
#: machine rewrites: the analysis snapshot, the map's saved positions).
QUIET_FIELDS = ("created_at", "updated_at", "data_version")
HEAVY_FIELDS = {"analysis.snapshot": ("data",), "analysis.maplayout": ("positions",)}

_PATHS: dict[type[models.Model], str] = {}


def register() -> None:
    """Record every model holding village data (the same list the village JSON exports, so a
    model added later is recorded too), the village itself and its memberships."""
    from jejaring.interchange.json import model_key, village_models
    from jejaring.villages.models import Membership, Village

    listed = [*village_models(), (Membership, "village"), (Village, "")]
    for model, path in listed:
        _PATHS[model] = path
        if auditlog.contains(model):
            continue
        many = {
            f.name for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created
        }
        auditlog.register(
            model,
            exclude_fields=[*QUIET_FIELDS, *HEAVY_FIELDS.get(model_key(model), ())],
            m2m_fields=many,
        )


def village_id(obj: models.Model) -> str | None:
    """The id of the village ``obj`` belongs to, following its path (``tie__village``…)."""
    path = _PATHS.get(type(obj))
    if path is None:
        return None
    if path == "":
        return str(obj.pk)
    first, _, rest = path.partition("__")
    field = obj._meta.get_field(first)
    pk = getattr(obj, field.attname)
    if pk is None:
        return None
    if not rest:
        return str(pk)
    found = field.related_model._base_manager.filter(pk=pk).values_list(rest, flat=True).first()
    return str(found) if found else None


def additional_data(obj: models.Model) -> dict | None:
    village = village_id(obj)
    return {"village": village} if village else None


def record_bulk(village, what: str, *, user=None) -> LogEntry:
    """One entry for a write that bypassed the signals (an import, the demo, an example)."""
    extra = {"actor": user} if user is not None else {}
    return LogEntry.objects.log_create(
        village,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"bulk": [None, what]},
        **extra,
    )


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Record nothing per row inside (building thousands of demo rows): the caller records one
    :func:`record_bulk` entry instead."""
    with disable_auditlog():
        yield


def village_entries(village, *, object_pk: str | None = None) -> models.QuerySet[LogEntry]:
    """The village's history, newest first; only one record's with ``object_pk``."""
    qs = LogEntry.objects.filter(additional_data__village=str(village.pk))
    if object_pk:
        qs = qs.filter(object_pk=str(object_pk))
    return qs.select_related("actor", "content_type").order_by("-timestamp", "-pk")
