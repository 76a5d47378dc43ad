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
