"""What the web app keeps of analyses: snapshots, stored map layouts and a result cache."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jejaring.core.models import Record
from jejaring.villages.models import Village


class Snapshot(Record):
    """The network and its measures frozen at a date, to compare before and after."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="snapshots")
    name = models.CharField(_("name"), max_length=200)
    taken_at = models.DateTimeField(_("taken at"))
    note = models.TextField(_("note"), blank=True)
    data_version = models.PositiveIntegerField(default=0)
    # {"actors": [...], "ties": [...], "analysis": {...}} in the engine's JSON shape.
    data = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-taken_at"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return f"{self.village}: {self.name}"


class MapLayout(Record):
    """Node positions computed on the server, kept so the map does not jump between visits."""

    village = models.OneToOneField(Village, on_delete=models.CASCADE, related_name="map_layout")
    data_version = models.PositiveIntegerField(default=0)
    algorithm = models.CharField(max_length=40, default="fr")
    # {actor uuid: [x, y]}
    positions = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("map layout")
        verbose_name_plural = _("map layouts")


class AnalysisCache(Record):
    """An engine result for one village, data version and set of options."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="+")
    data_version = models.PositiveIntegerField()
    key = models.CharField(max_length=64)
    result = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["village", "key"], name="analysis_cache_unique")
        ]
