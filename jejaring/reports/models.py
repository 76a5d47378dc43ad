"""What the reports app keeps: a village's own changes to the list of patron levers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jejaring.core.models import Record
from jejaring.villages.models import Village


class LeverList(Record):
    """A village's changes to the shipped lever list (``levers.json``, docs/levers.md).

    ``data`` has the shape of ``levers.json`` (any part of it); it is merged over the defaults by
    :func:`jejaring.graph.recommend.levers.load_levers`, so a village keeps receiving new
    default levers while its own wording and additions stay.
    """

    village = models.OneToOneField(Village, on_delete=models.CASCADE, related_name="lever_list")
    data = models.JSONField(_("changes to the lever list"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lever list")
        verbose_name_plural = _("lever lists")

    def __str__(self) -> str:
        return f"{self.village}: levers"


class VillageRollup(models.Model):
    """A village's row in the supervisor's table, computed by a background job.

    The supervisor of a kabupaten sees hundreds of villages: computing each village's analysis
    in the request took seconds per village. The row is stored with the data version (and the
    last snapshot) it was computed from; a newer version queues a recompute and the page shows
    the stored row meanwhile, marked as being updated. "Newer" is read from the sync change log
    (every write to a village record, bulk writes too: assessments, contacts, forums,
    snapshots) and the data version. Derived data: never exported or synced.
    """

    village = models.OneToOneField(
        Village, primary_key=True, on_delete=models.CASCADE, related_name="rollup"
    )
    data_version = models.PositiveIntegerField()
    # The village's last change in the change log (jejaring.sync.models.Change) when computed.
    change_seq = models.BigIntegerField(default=0)
    computed_at = models.DateTimeField()
    row = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("supervisor roll-up")
        verbose_name_plural = _("supervisor roll-ups")

    def __str__(self) -> str:
        return f"{self.village}: v{self.data_version}"
