"""Building the network in practice: approaches, their log and stages, and dialogue forums."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jejaring import vocab
from jejaring.actors.models import Actor, Field
from jejaring.core.models import Record
from jejaring.core.versions import Versioned
from jejaring.villages.models import Village


class Engagement(Record):
    """Where the approach to one actor stands, and how the work with them is done.

    The stage follows the field technique: first *follow their way* (their own gatherings,
    channels and way of deciding, recorded here), later *steer to the program's way*.
    """

    VILLAGE_PATH = "actor__village"

    actor = models.OneToOneField(Actor, on_delete=models.CASCADE, related_name="engagement")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=vocab.choices(vocab.ENGAGEMENT_STATUSES),
        default="not_approached",
    )
    stage = models.CharField(
        _("stage"),
        max_length=20,
        choices=vocab.choices(vocab.ENGAGEMENT_STAGES),
        default="follow_their_way",
    )
    gatherings = models.TextField(
        _("their gatherings"), blank=True, help_text=_("pengajian, arisan, kenduri, meetings…")
    )
    channels = models.TextField(_("their channels"), blank=True)
    decision_making = models.TextField(_("how they decide"), blank=True)
    steered_on = models.DateField(_("moved to the program's way on"), null=True, blank=True)
    steer_note = models.TextField(_("how the work moved to the program's way"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")

    def __str__(self) -> str:
        return f"{self.actor}: {self.get_status_display()}"


class StatusChange(Record):
    """One step of an actor's engagement status, so the history can be read back."""

    VILLAGE_PATH = "actor__village"

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="status_changes")
    date = models.DateField(_("date"))
    from_status = models.CharField(
        max_length=20, blank=True, choices=vocab.choices(vocab.ENGAGEMENT_STATUSES)
    )
    to_status = models.CharField(max_length=20, choices=vocab.choices(vocab.ENGAGEMENT_STATUSES))
    contact = models.ForeignKey(
        "Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="status_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["date", "created_at"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")


class Contact(Record):
    """A planned or held contact with a stakeholder."""

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="contacts")
    actor = models.ForeignKey(
        Actor, verbose_name=_("stakeholder"), on_delete=models.CASCADE, related_name="contacts"
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    planned_date = models.DateField(_("planned for"), null=True, blank=True)
    held_date = models.DateField(_("held on"), null=True, blank=True)
    channel = models.CharField(
        _("channel"), max_length=20, blank=True, choices=vocab.choices(vocab.CONTACT_CHANNELS)
    )
    purpose = models.TextField(_("purpose"), blank=True)
    who_goes = models.CharField(_("who goes"), max_length=200, blank=True)
    via = models.ForeignKey(
        Actor,
        verbose_name=_("through (intermediary)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contacts_brokered",
    )
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.TextField(_("next step"), blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_done = models.BooleanField(_("next step done"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-held_date", "-planned_date", "-created_at"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_state_display()})"


class Forum(Versioned, Record):
    """A dialogue forum (*forum dialog, musyawarah*) where the parties speak in their own field."""

    village = models.ForeignKey(Village, on_delete=models.CASCADE, related_name="forums")
    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    established = models.DateField(_("established"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    def __str__(self) -> str:
        return self.name


class ForumMember(Record):
    """An actor sitting in a forum, with the field they speak for."""

    VILLAGE_PATH = "forum__village"

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")
        SPONSOR = "sponsor", _("Sponsor")
        FACILITATOR = "facilitator", _("Facilitator")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="forum_memberships")
    field = models.ForeignKey(
        Field,
        verbose_name=_("speaks for the field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateField(_("joined"), null=True, blank=True)
    left = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["forum", "actor"], name="forum_member_unique")
        ]
        verbose_name = _("forum member")
        verbose_name_plural = _("forum members")

    def __str__(self) -> str:
        return f"{self.actor} ({self.field})"


class Meeting(Versioned, Record):
    VILLAGE_PATH = "forum__village"

    class State(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.HELD)
    minutes = models.TextField(_("minutes"), blank=True)

    class Meta:
        ordering = ["date", "created_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.forum} {self.date}"


class AgendaItem(Record):
    """An item of a meeting, led by a member speaking in their own field."""

    VILLAGE_PATH = "meeting__forum__village"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("title"), max_length=200)
    field = models.ForeignKey(
        Field,
        verbose_name=_("field"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead = models.ForeignKey(
        Actor,
        verbose_name=_("lead speaker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items_led",
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["order", "created_at"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class Attendance(Record):
    VILLAGE_PATH = "meeting__forum__village"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "actor"], name="attendance_unique")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")


class Decision(Record):
    VILLAGE_PATH = "meeting__forum__village"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(Record):
    """A task agreed in a meeting; carried to the next meetings until done."""

    VILLAGE_PATH = "forum__village"

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="action_items")
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("agreed at")
    )
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        Actor,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="action_items",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due", "created_at"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self) -> str:
        return self.text[:60]
