"""Which records are tracked, how each finds its village, and the writes signals do not see.

django-auditlog's receivers record every ``save()`` and ``delete()`` of the models registered
here, in the transaction of the change (the services run in ``transaction.atomic``). Bulk
writes (``bulk_create``, ``QuerySet.update``, the importers' prepared inserts) send no signals:
their callers write the entries themselves with :func:`record_import` or :func:`record_rows`.
"""

from __future__ import annotations

from typing import Any

from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete, pre_delete

JSON = settings.AUDITLOG_STORE_JSON_CHANGES

# Every record's id and timestamps: the entry names its record and has its own time.
ALWAYS_LEFT_OUT = ("id", "created_at", "updated_at", "version")

# (app_label.Model, fields left out of the history, many-to-many fields recorded)
TRACKED: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("villages.Village", ("data_version",), ()),
    ("villages.Hamlet", (), ()),
    ("villages.Membership", (), ()),
    ("actors.Category", (), ()),
    ("actors.Field", (), ()),
    ("actors.TieType", (), ()),
    ("actors.Actor", (), ("fields",)),
    ("actors.Assessment", (), ()),
    ("actors.Discussion", (), ("participants",)),
    ("actors.Fact", (), ()),
    ("actors.Tie", (), ()),
    ("actors.Evidence", (), ()),
    ("engagement.Engagement", (), ()),
    ("engagement.StatusChange", (), ()),
    ("engagement.Contact", (), ()),
    ("engagement.Forum", (), ()),
    ("engagement.ForumMember", (), ()),
    ("engagement.Meeting", (), ()),
    ("engagement.AgendaItem", (), ()),
    ("engagement.Attendance", (), ()),
    ("engagement.Decision", (), ()),
    ("engagement.ActionItem", (), ()),
    # The frozen network itself is large and never edited: its name, note and date are enough.
    ("analysis.Snapshot", ("data", "data_version"), ()),
    ("interchange.NameReview", (), ()),
    ("interchange.ActorAlias", (), ()),
    ("reports.LeverList", (), ()),
    ("change.Commitment", (), ()),
    ("change.CommitmentEvent", (), ()),
    ("change.ChangeSettings", (), ()),
]


def tracked_models() -> list[type[models.Model]]:
    return [apps.get_model(label) for label, _, _ in TRACKED]


def register_all() -> None:
    """Register every tracked model with auditlog (called once, from the app's ``ready``)."""
    for label, exclude, m2m in TRACKED:
        model = apps.get_model(label)
        if auditlog.contains(model):
            continue
        left_out = {*ALWAYS_LEFT_OUT, *exclude}
        # The record's own columns only: not the relations pointing at it from other records.
        fields = [f.name for f in model._meta.concrete_fields if f.name not in left_out]
        auditlog.register(model, include_fields=fields, m2m_fields=set(m2m))
        pre_delete.connect(_remember_village, sender=model, dispatch_uid=f"audit-village-{label}")
    post_delete.connect(
        forget_village, sender=apps.get_model("villages.Village"), dispatch_uid="audit-forget"
    )


def village_id_of(instance: models.Model) -> Any:
    """The id of the village ``instance`` belongs to (None for installation-wide records).

    Follows the model's path to its village (``VILLAGE_PATH``, see
    :func:`jejaring.core.access.village_lookup`) one object at a time.
    """
    remembered = getattr(instance, "_audit_village_id", None)
    if remembered is not None:
        return remembered
    if instance._meta.label == "villages.Village":
        return instance.pk
    from jejaring.core.access import village_lookup

    try:
        path = village_lookup(type(instance)).split("__")
    except TypeError:
        return None
    obj: Any = instance
    for part in path[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    return getattr(obj, f"{path[-1]}_id", None)


def parent_pk_of(instance: models.Model) -> str:
    """The id of the record ``instance`` hangs from on its way to the village ('' if none)."""
    from jejaring.core.access import village_lookup

    try:
        path = village_lookup(type(instance)).split("__")
    except TypeError:
        return ""
    if len(path) < 2:
        return ""
    value = getattr(instance, f"{path[0]}_id", None)
    return "" if value is None else str(value)


def _remember_village(sender, instance, **kwargs) -> None:
    """Before a delete, while the records it hangs from are still there, note the village."""
    instance._audit_village_id = village_id_of(instance)


def forget_village(sender, instance, **kwargs) -> None:
    """A deleted village takes its history with it (the entries name its people)."""
    from jejaring.audit.models import Change

    Change.objects.filter(village_id=instance.pk).delete()


def record_rows(rows: list[models.Model], action: int, *, user=None) -> None:
    """Write one entry per row for rows written in bulk (no signals were sent for them).

    ``action`` is ``Change.Action.CREATE`` (after values only) or ``DELETE`` (before only).
    """
    from jejaring.audit.models import Change

    for row in rows:
        if action == Change.Action.CREATE:
            changes = model_instance_diff(None, row, use_json_for_changes=JSON)
        else:
            changes = model_instance_diff(row, None, use_json_for_changes=JSON)
        Change.objects.log_create(row, action=action, changes=changes or {}, actor=user)


def record_import(village, *, user=None, kind: str, source: str, summary: dict) -> None:
    """One entry for an import: who, when, which files and what it created or updated.

    The importers write rows in bulk without signals, so the import itself is the unit of
    the history (the records' own later edits are tracked one by one).
    """
    from jejaring.audit.models import Change

    counts = {k: v for k, v in _flat_counts(summary).items() if v}
    Change.objects.log_create(
        village,
        action=Change.Action.UPDATE,
        changes={"import": [None, source]},
        additional_data={"import": {"kind": kind, "source": source, "counts": counts}},
        actor=user,
        force_log=True,
    )


def _flat_counts(summary: dict, prefix: str = "") -> dict[str, int]:
    out: dict[str, int] = {}
    for key, value in (summary or {}).items():
        name = f"{prefix}{key}"
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            out[name] = value
        elif isinstance(value, dict):
            out.update(_flat_counts(value, f"{name}."))
    return out


def record_updates(before: list[models.Model], after: list[models.Model]) -> None:
    """Entries for rows changed by ``QuerySet.update`` (read before and after the update)."""
    from jejaring.audit.models import Change

    now = {row.pk: row for row in after}
    for old in before:
        new = now.get(old.pk)
        if new is None:
            continue
        changes = model_instance_diff(old, new, use_json_for_changes=JSON)
        if changes:
            Change.objects.log_create(new, action=Change.Action.UPDATE, changes=changes)


def tracked_update(rows: models.QuerySet, **values: Any) -> int:
    """``rows.update(**values)`` with one history entry per changed row of a tracked model.

    ``QuerySet.update`` sends no signals; the rows are read before and after instead. Records
    with a version (jejaring.core.versions) move it on, so a form opened before is refused.
    """
    if any(f.name == "version" for f in rows.model._meta.concrete_fields):
        values.setdefault("version", models.F("version") + 1)
    if not auditlog.contains(rows.model):
        return rows.update(**values)
    before = list(rows)
    n = rows.update(**values)
    record_updates(before, list(rows.model._default_manager.filter(pk__in=[r.pk for r in before])))
    return n
