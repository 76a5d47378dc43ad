"""Circles of critical awareness (*lingkar penyadaran kritis*): clients who share a situation
meet in sessions, and each member's progress is recorded with a date.

Circles expose clients to their patron if the list leaks: every page and API call of this app
is for the village's members who can write (facilitators and administrators) only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jejaring.actors.models import Actor
from jejaring.core.models import Record
from jejaring.villages.models import Village


class Circle(Record):
    """A circle adopted from a proposal of the engine, or made by hand."""

    class Basis(models.TextChoices):
        PATRON = "patron", _("Same patron")
        FORM = "form", _("Same form of dependency")
        HAMLET = "hamlet", _("Same hamlet")

    class Origin(models.TextChoices):
        PROPOSAL = "proposal", _("From a proposal")
        HAND = "hand", _("Made by hand")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="circles")
    name = models.CharField(_("name"), max_length=200)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    patron = models.ForeignKey(
        Actor,
        verbose_name=_("patron"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="circles_as_patron",
    )
    form = models.CharField(_("form of dependency"), max_length=30, blank=True)
    hamlet = models.CharField(_("hamlet"), max_length=150, blank=True)
    origin = models.CharField(
        _("created"), max_length=10, choices=Origin.choices, default=Origin.HAND
    )
    proposal_key = models.CharField(_("proposal"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "created_at"]
        verbose_name = _("awareness circle")
        verbose_name_plural = _("awareness circles")

    def __str__(self) -> str:
        return self.name


class CircleMember(Record):
    VILLAGE_PATH = "circle__village"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="members")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="circle_memberships")
    added_at = models.DateField(_("added on"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["added_at", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "actor"], name="circle_member_once"),
        ]
        verbose_name = _("circle member")
        verbose_name_plural = _("circle members")

    def __str__(self) -> str:
        return f"{self.actor} · {self.circle}"


class Topic(Record):
    """A topic of the sessions; each village edits its own list (seeded on first use)."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="circle_topics")
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "name"], name="circle_topic_once"),
        ]
        verbose_name = _("session topic")
        verbose_name_plural = _("session topics")

    def __str__(self) -> str:
        return self.name


class Session(Record):
    """An awareness session of a circle: planned (no attendees yet) or held."""

    VILLAGE_PATH = "circle__village"

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("date"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_actor = models.ForeignKey(
        Actor,
        verbose_name=_("gathering (group or forum)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    venue_forum = models.ForeignKey(
        "engagement.Forum",
        verbose_name=_("forum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    held = models.BooleanField(_("held"), default=False)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True, related_name="+")
    attendees = models.ManyToManyField(
        Actor, verbose_name=_("who came"), blank=True, related_name="circle_sessions"
    )
    said = models.TextField(_("what members said"), blank=True)
    decisions = models.TextField(_("what they decided"), blank=True)
    follow_up = models.TextField(_("follow-up actions"), blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("awareness session")
        verbose_name_plural = _("awareness sessions")

    def __str__(self) -> str:
        return f"{self.circle} · {self.date}"


class MemberProgress(Record):
    """A step a circle member took, with its date."""

    VILLAGE_PATH = "circle__village"

    class Kind(models.TextChoices):
        AWARE_OF_TERMS = "aware_of_terms", _("Aware of the terms")
        JOINED_ALTERNATIVE = "joined_alternative", _("Joined a group alternative")
        SWITCHED_PROVIDER = "switched_provider", _("Switched provider")
        SPEAKS_IN_FORUM = "speaks_in_forum", _("Speaks in the forum")

    circle = models.ForeignKey(Circle, on_delete=models.CASCADE, related_name="progress")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="circle_progress")
    kind = models.CharField(_("progress"), max_length=30, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["date", "created_at"]
        verbose_name = _("member progress")
        verbose_name_plural = _("member progress")

    def __str__(self) -> str:
        return f"{self.actor} · {self.get_kind_display()}"
