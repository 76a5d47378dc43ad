"""Patrons' commitments (*janji patron*) and the village's change settings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from jejaring.actors.models import Actor
from jejaring.core.models import Record
from jejaring.villages.models import Village


class Commitment(Record):
    """What a patron agreed to contribute, where, and whether it was delivered."""

    class Kind(models.TextChoices):
        FAIR_PRICE = "fair_price", _("fairer price")
        LOWER_INTEREST = "lower_interest", _("lower interest")
        DEMO_PLOT = "demo_plot", _("land for a demonstration plot")
        FORUM_SUPPORT = "forum_support", _("funds or venue for the forum")
        RELEASE_DEBT = "release_debt", _("releasing a debt")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("commitment", "proposed")
        AGREED = "agreed", pgettext_lazy("commitment", "agreed")
        DONE = "done", pgettext_lazy("commitment", "done")
        BROKEN = "broken", pgettext_lazy("commitment", "broken")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="commitments")
    patron = models.ForeignKey(
        Actor, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("patron")
    )
    kind = models.CharField(_("what was agreed"), max_length=30, choices=Kind.choices)
    text = models.TextField(_("in words"), blank=True)
    lever = models.CharField(_("lever that suggested it"), max_length=80, blank=True)
    meeting = models.ForeignKey(
        "engagement.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("forum meeting"),
    )
    contact = models.ForeignKey(
        "engagement.Contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("contact"),
    )
    made_on = models.DateField(_("made on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    follow_up = models.DateField(_("follow up on"), null=True, blank=True)

    class Meta:
        ordering = ["-made_on", "-created_at"]
        verbose_name = _("patron's commitment")
        verbose_name_plural = _("patrons' commitments")

    def __str__(self) -> str:
        return f"{self.patron}: {self.get_kind_display()}"


class CommitmentEvent(Record):
    """Dated evidence: a status change (or a note) on a commitment, and who recorded it."""

    VILLAGE_PATH = "commitment__village"

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=Commitment.Status.choices)
    note = models.TextField(_("evidence"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(_("recorded by"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "created_at"]
        verbose_name = _("commitment evidence")
        verbose_name_plural = _("commitment evidence")


class ChangeSettings(Record):
    """When the village's snapshots are taken by themselves."""

    village = models.OneToOneField(
        Village, on_delete=models.CASCADE, related_name="change_settings"
    )
    every_days = models.PositiveIntegerField(
        _("take a snapshot every (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: no schedule."),
    )
    at_meetings = models.BooleanField(
        _("take a snapshot when a forum meeting is logged"), default=False
    )

    class Meta:
        verbose_name = _("change settings")
        verbose_name_plural = _("change settings")
