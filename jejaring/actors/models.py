"""The network of a village: actors, their assessments, ties and the evidence for each tie.

Vocabularies (forms, frequencies, welfare ranks…) come from :mod:`jejaring.vocab`, shared with
the analysis engine and the file formats.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from jejaring import vocab
from jejaring.core.models import Record, RecordQuerySet
from jejaring.core.versions import Versioned
from jejaring.villages.models import Hamlet, Village


class Vocabulary(Record):
    """A term of an extendable vocabulary: built in (``village`` empty) or added by a village.

    Built-in terms are translated through the message catalogue; terms a program adds carry
    their own Indonesian and English names.
    """

    village = models.ForeignKey(
        Village, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name (English)"), max_length=150)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        abstract = True
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if self.village_id is None:
            return gettext(self.name)
        if (get_language() or "id").startswith("id") and self.name_id:
            return self.name_id
        return self.name


class Category(Vocabulary):
    """Actor typology (village official, religious leader, moneylender…)."""

    approach_group = models.CharField(
        _("first-approach group"),
        max_length=30,
        blank=True,
        choices=vocab.choices(vocab.APPROACH_GROUPS),
    )

    class Meta(Vocabulary.Meta):
        constraints = [
            models.UniqueConstraint(fields=["village", "code"], name="category_unique_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(village__isnull=True),
                name="category_unique_builtin",
            ),
        ]
        verbose_name = _("category")
        verbose_name_plural = _("categories")


class Field(Vocabulary):
    """A field of work (*bidang*) an actor is active in and can speak for in the forum."""

    class Meta(Vocabulary.Meta):
        constraints = [
            models.UniqueConstraint(fields=["village", "code"], name="field_unique_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(village__isnull=True),
                name="field_unique_builtin",
            ),
        ]
        verbose_name = _("field")
        verbose_name_plural = _("fields")


class TieType(Vocabulary):
    """A kind of tie; says whether it is directed and whether it is a dependency tie.

    For directed types the arrow runs from the dependent party to the more powerful one
    (dependency ties: client → patron). ``phrase`` reads "<source> <phrase> <target>".
    """

    directed = models.BooleanField(_("directed"), default=True)
    is_dependency = models.BooleanField(_("dependency (patron–client) tie"), default=False)
    default_form = models.CharField(
        _("default form"), max_length=20, blank=True, choices=vocab.choices(vocab.DEPENDENCY_FORMS)
    )
    phrase = models.CharField(_("phrase (English)"), max_length=150, blank=True)
    phrase_id = models.CharField(_("phrase (Indonesian)"), max_length=150, blank=True)

    class Meta(Vocabulary.Meta):
        constraints = [
            models.UniqueConstraint(fields=["village", "code"], name="tietype_unique_code"),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(village__isnull=True),
                name="tietype_unique_builtin",
            ),
        ]
        verbose_name = _("tie type")
        verbose_name_plural = _("tie types")

    @property
    def phrase_label(self) -> str:
        if self.village_id is None:
            return gettext(self.phrase) if self.phrase else self.label
        if (get_language() or "id").startswith("id") and self.phrase_id:
            return self.phrase_id
        return self.phrase or self.label


class Actor(Versioned, Record):
    """A person, household, group or institution in a village's network."""

    class Consent(models.TextChoices):
        NOT_ASKED = "not_asked", _("Not asked")
        GIVEN = "given", _("Given")
        REFUSED = "refused", _("Refused")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="actors")
    # The id used in files (imports/exports); stable across re-imports.
    code = models.CharField(_("id"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=20, choices=vocab.choices(vocab.ACTOR_KINDS), default="person"
    )
    name = models.CharField(_("name"), max_length=200)
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actors",
    )
    fields = models.ManyToManyField(
        Field, verbose_name=_("fields"), blank=True, related_name="actors"
    )
    position = models.CharField(_("position / title"), max_length=200, blank=True)
    hamlet = models.ForeignKey(
        Hamlet,
        verbose_name=_("hamlet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actors",
    )
    rt = models.CharField(_("RT"), max_length=10, blank=True)
    rw = models.CharField(_("RW"), max_length=10, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, blank=True, choices=vocab.choices(vocab.GENDERS)
    )
    welfare = models.CharField(
        _("welfare rank"), max_length=20, blank=True, choices=vocab.choices(vocab.WELFARE_RANKS)
    )
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    contact = models.CharField(_("contact details"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # Columns of imported files that have no field of their own are kept here.
    attributes = models.JSONField(_("other attributes"), default=dict, blank=True)
    consent = models.CharField(
        _("consent"), max_length=20, choices=Consent.choices, default=Consent.NOT_ASKED
    )
    consent_date = models.DateField(_("consent date"), null=True, blank=True)
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Hide from reports shared outside the team.")
    )
    # Program staff (the facilitator) appear as actors so that the map shows whom they know and
    # the forum can warn when they, rather than the parties, lead an agenda item.
    is_facilitator = models.BooleanField(_("program facilitator"), default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["village", "code"], name="actor_unique_code")
        ]
        indexes = [models.Index(fields=["village", "name"])]
        verbose_name = _("actor")
        verbose_name_plural = _("actors")

    def __str__(self) -> str:
        return self.name

    @property
    def is_poor(self) -> bool:
        return self.welfare in vocab.POOR_WELFARE


class Assessment(Record):
    """One rater's view of an actor's influence, interest and stance on a date.

    Kept as dated rows, never overwritten, so that different views and change over time
    survive.
    """

    VILLAGE_PATH = "actor__village"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="assessments")
    rater = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rater"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Who rated, as written (imports, raters without an account).
    rater_name = models.CharField(_("rater name"), max_length=150, blank=True)
    date = models.DateField(_("date"))
    influence = models.PositiveSmallIntegerField(
        _("influence"),
        null=True,
        blank=True,
        validators=[MinValueValidator(vocab.SCALE_MIN), MaxValueValidator(vocab.SCALE_MAX)],
    )
    interest = models.PositiveSmallIntegerField(
        _("interest"),
        null=True,
        blank=True,
        validators=[MinValueValidator(vocab.SCALE_MIN), MaxValueValidator(vocab.SCALE_MAX)],
    )
    stance = models.SmallIntegerField(
        _("stance"),
        null=True,
        blank=True,
        validators=[MinValueValidator(vocab.STANCE_MIN), MaxValueValidator(vocab.STANCE_MAX)],
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["actor", "-date"])]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.actor} {self.date}"

    @property
    def rater_label(self) -> str:
        """Who assessed: the name typed on the form ("Rina (pendamping kedua)"), else the
        account that recorded the assessment (which is then the rater)."""
        account = (self.rater.get_full_name() or self.rater.get_username()) if self.rater_id else ""
        return self.who(self.rater_name, account)

    @staticmethod
    def who(rater_name: str | None, account: str | None) -> str:
        """The rater of an assessment from its typed name and recording account (see
        :attr:`rater_label`); views and stance changes are compared per this rater."""
        return (rater_name or "").strip() or (account or "")


class Discussion(Record):
    """An informal discussion, interview or visit, and what it revealed."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", _("Informal discussion")
        INTERVIEW = "interview", _("Interview")
        VISIT = "visit", _("Visit")
        GROUP = "group", _("Group discussion")
        SURVEY = "survey", _("Survey interview")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="discussions")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INFORMAL)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    title = models.CharField(_("topic"), max_length=200, blank=True)
    participants = models.ManyToManyField(
        Actor, verbose_name=_("participants"), blank=True, related_name="discussions"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    # Identifies the source record of an import (e.g. a KoboToolbox ``_uuid``) so that
    # re-importing the same export adds nothing twice.
    external_id = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["-date", "-created_at"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} {self.date}"


class Fact(Record):
    """Something a discussion revealed that is not a tie (an actor's interest, a conflict…)."""

    VILLAGE_PATH = "discussion__village"

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="facts")
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="facts"
    )
    statement = models.TextField(_("statement"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("fact")
        verbose_name_plural = _("facts")

    def __str__(self) -> str:
        return self.statement[:60]


class TieQuerySet(RecordQuerySet):
    def current(self):
        return self.filter(is_current=True)


class Tie(Versioned, Record):
    """A relation between two actors of the same village.

    For a directed tie, source → target reads "source depends on / looks to target"; for a
    dependency tie the source is the client and the target the patron.
    """

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="ties")
    source = models.ForeignKey(
        Actor, verbose_name=_("from"), on_delete=models.CASCADE, related_name="ties_out"
    )
    target = models.ForeignKey(
        Actor, verbose_name=_("to"), on_delete=models.CASCADE, related_name="ties_in"
    )
    # RESTRICT, not PROTECT: a tie type in use cannot be deleted on its own, but deleting a
    # village removes its own tie types together with its ties.
    type = models.ForeignKey(
        TieType, verbose_name=_("type"), on_delete=models.RESTRICT, related_name="ties"
    )
    directed = models.BooleanField(_("directed"), default=True)
    # Optional id from a file, to match the same tie when a file is imported again.
    code = models.CharField(_("id"), max_length=100, blank=True)
    form = models.CharField(
        _("form of dependency"),
        max_length=20,
        blank=True,
        choices=vocab.choices(vocab.DEPENDENCY_FORMS),
    )
    frequency = models.CharField(
        _("frequency"), max_length=20, blank=True, choices=vocab.choices(vocab.FREQUENCIES)
    )
    attachment = models.CharField(
        _("attachment"), max_length=20, blank=True, choices=vocab.choices(vocab.ATTACHMENTS)
    )
    exclusive = models.BooleanField(
        _("exclusive (cannot switch)"),
        null=True,
        blank=True,
        help_text=_("Can the client switch to someone else? Yes = exclusive, cannot switch."),
    )
    terms_set_by = models.CharField(
        _("who sets the terms"),
        max_length=20,
        blank=True,
        choices=vocab.choices(vocab.TERMS_SET_BY),
    )
    balance = models.CharField(
        _("benefit balance"), max_length=20, blank=True, choices=vocab.choices(vocab.BALANCES)
    )
    reciprocation = models.CharField(_("what the client gives back"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    strength = models.PositiveSmallIntegerField(
        _("strength"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    weight = models.FloatField(_("weight"), null=True, blank=True)
    start_date = models.DateField(_("since"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, blank=True, choices=vocab.choices(vocab.CONFIDENCES)
    )
    note = models.TextField(_("note"), blank=True)
    attributes = models.JSONField(_("other attributes"), default=dict, blank=True)

    objects = TieQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["village", "is_current"]),
            models.Index(fields=["source", "target"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="tie_not_self"
            ),
        ]
        verbose_name = _("tie")
        verbose_name_plural = _("ties")

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.type})"


class Evidence(Record):
    """One informant's account of a tie, from one discussion.

    Several accounts of the same tie are kept side by side (``reported`` holds the attribute
    values this informant gave), never overwritten.
    """

    VILLAGE_PATH = "tie__village"

    tie = models.ForeignKey(Tie, on_delete=models.CASCADE, related_name="evidence")
    informant = models.ForeignKey(
        Actor,
        verbose_name=_("informant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts_given",
    )
    informant_name = models.CharField(_("informant (as written)"), max_length=200, blank=True)
    discussion = models.ForeignKey(
        Discussion,
        verbose_name=_("discussion"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=10, blank=True, choices=vocab.choices(vocab.CONFIDENCES)
    )
    account = models.TextField(_("account"), blank=True)
    reported = models.JSONField(_("attributes as reported"), default=dict, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(max_length=200, blank=True, db_index=True)

    class Meta:
        ordering = ["reported_on", "created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return f"{self.tie} — {self.informant or self.informant_name}"
