"""Who changed what: one row per create, edit, end or delete of a village's record.

django-auditlog writes the rows (its signal receivers compute the before/after values); this
model is auditlog's own log entry with the village it belongs to, so that every query for a
village's history is one indexed filter and a history can never show another village's rows.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeManager(LogEntryManager):
    """auditlog's manager, filling in the village of the changed record."""

    def log_create(self, instance, force_log: bool = False, **kwargs):
        from jejaring.audit.tracked import parent_pk_of, village_id_of

        kwargs.setdefault("village_id", village_id_of(instance))
        kwargs.setdefault("parent_pk", parent_pk_of(instance))
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        from jejaring.audit.tracked import parent_pk_of, village_id_of

        kwargs.setdefault("village_id", village_id_of(instance))
        kwargs.setdefault("parent_pk", parent_pk_of(instance))
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


class Change(AbstractLogEntry):
    """A log entry of django-auditlog (``AUDITLOG_LOGENTRY_MODEL``) tied to its village.

    No database constraint on ``village``: the entries written while a village is being deleted
    (its records' deletions) would otherwise break the delete; the village's entries are removed
    right after it (:func:`jejaring.audit.tracked.forget_village`).
    """

    village = models.ForeignKey(
        "villages.Village",
        verbose_name=_("village"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    # The record this one belongs to (an account's tie, an assessment's actor, a meeting's
    # forum): its history page shows these entries too.
    parent_pk = models.CharField(max_length=64, blank=True, db_index=True)

    objects = ChangeManager()

    class Meta(AbstractLogEntry.Meta):
        verbose_name = _("change")
        verbose_name_plural = _("changes")
        indexes = [models.Index(fields=["village", "-timestamp"], name="change_village_time")]
