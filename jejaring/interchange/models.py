"""What the data exchange keeps: name reviews, actor aliases and the import jobs of the web app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jejaring.actors.models import Actor
from jejaring.core.models import Record
from jejaring.villages.models import Village


class NameReview(Record):
    """A newly imported actor whose name looks like another actor's ("H. Slamet" and
    "Pak Haji Slamet"): a person decides whether they are one actor (merge) or two.

    The import never merges by itself: two people in a village often share a name, and a
    wrong merge would join two households' debts.
    """

    class State(models.TextChoices):
        OPEN = "open", _("To review")
        SEPARATE = "separate", _("Different actors")

    class Reason(models.TextChoices):
        SAME_NAME = "same_name", _("Same name apart from titles")
        SPELLING = "spelling", _("Same name spelled differently")
        PART = "part", _("One name is part of the other")
        SIMILAR = "similar", _("Similar names")
        ALIAS = "alias", _("Same as a name merged earlier")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="name_reviews")
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("imported actor"),
        on_delete=models.CASCADE,
        related_name="name_reviews",
    )
    candidate = models.ForeignKey(
        Actor,
        verbose_name=_("looks like"),
        on_delete=models.CASCADE,
        related_name="name_reviews_as_candidate",
    )
    score = models.FloatField(_("similarity"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.OPEN)
    source = models.CharField(_("source"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-score", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "candidate"], name="name_review_unique_pair")
        ]
        verbose_name = _("name review")
        verbose_name_plural = _("name reviews")

    def __str__(self) -> str:
        return f"{self.actor} ~ {self.candidate} ({self.score:.2f})"


class ActorAlias(Record):
    """Another id and name an actor was known by, kept when two actors are merged.

    Later imports that still use the old id land on the merged actor (stable ids), and the old
    spelling of the name is recognised.
    """

    VILLAGE_PATH = "actor__village"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    code = models.CharField(_("id"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("actor alias")
        verbose_name_plural = _("actor aliases")

    def __str__(self) -> str:
        return f"{self.name or self.code} → {self.actor}"


class ImportJob(Record):
    """An upload in the web app, between the preview and the confirmation.

    Operational record only (excluded from village exports): the files wait in the data folder
    until the import is confirmed or the job is more than a day old.
    """

    class State(models.TextChoices):
        CHECKING = "checking", _("Being checked")
        CHECKED = "checked", _("Checked, waiting for confirmation")
        REJECTED = "rejected", _("Has problems")
        IMPORTING = "importing", _("Being imported")
        IMPORTED = "imported", _("Imported")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="import_jobs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20)
    # [{"name": original file name, "path": path inside MEDIA_ROOT}]
    files = models.JSONField(default=list)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    problems = models.JSONField(default=list)
    problem_count = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The background job checking or importing a large upload (state and progress for every
    # web process; its failure and retry).
    work = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return ", ".join(f["name"] for f in self.files) or str(self.pk)

    @property
    def file_names(self) -> str:
        return ", ".join(f["name"] for f in self.files)
