"""The base every Jejaring record shares."""

from __future__ import annotations

import uuid

from django.db import models


class RecordQuerySet(models.QuerySet):
    """Bulk writes clean their text like ``save`` does (jejaring.core.text): importers write
    with ``bulk_create``, which skips the ``pre_save`` signal."""

    def bulk_create(self, objs, *args, **kwargs):
        from jejaring.core.text import clean_instance

        objs = list(objs)
        for obj in objs:
            clean_instance(obj)
        out = super().bulk_create(objs, *args, **kwargs)
        _sync_log().bulk_written(self.model, objs)
        return out

    def bulk_update(self, objs, fields, *args, **kwargs):
        from jejaring.core.text import clean_instance

        objs = list(objs)
        for obj in objs:
            clean_instance(obj)
        # A bulk edit moves each record's version on, so a form opened before it is refused
        # (jejaring.core.versions).
        if any(f.name == "version" for f in self.model._meta.concrete_fields):
            from django.db.models import F

            for obj in objs:  # counted on from what is saved, whatever the object holds
                obj.version = F("version") + 1
            if "version" not in fields:
                fields = [*fields, "version"]
        out = super().bulk_update(objs, fields, *args, **kwargs)
        _sync_log().bulk_written(self.model, objs)
        return out

    def update(self, **kwargs):
        """``QuerySet.update`` sends no signals: the rows it touches are logged for sync."""
        log = _sync_log()
        if not log.is_logged(self.model):
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        n = super().update(**kwargs)
        log.bulk_updated(self.model, pks)
        return n


def _sync_log():
    """Every write to a village record is logged for synchronisation (jejaring.sync.log)."""
    from jejaring.sync import log

    return log


class Record(models.Model):
    """A row with a UUID primary key and timestamps.

    UUIDs rather than sequential ids so that villages can move between installations (a
    laptop in the field, a program server) and be merged without renumbering.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        abstract = True
