"""Forms of the engagement pages. They only parse and check input; services do the writing.

Actor and field choices are always limited to the page's village: a choice from another
village is not in the list and is refused like any unknown value.
"""

from __future__ import annotations

from collections import defaultdict

from django import forms
from django.utils.translation import gettext_lazy as _

from jejaring import vocab
from jejaring.actors.models import Actor, Field
from jejaring.actors.vocabulary import available
from jejaring.core.text import CleanTextMixin
from jejaring.core.versions import VersionField
from jejaring.engagement.models import ActionItem, ForumMember, Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


def _blank(label) -> list[tuple[str, str]]:
    return [("", label)]


def actor_choices(village, *, households: bool = True, facilitators: bool = True) -> list:
    """Actors of the village grouped by category (households last), for a <select>."""
    qs = Actor.objects.filter(village=village).select_related("category", "hamlet")
    if not households:
        qs = qs.exclude(kind="household")
    if not facilitators:
        qs = qs.exclude(is_facilitator=True)
    groups: dict[str, list] = defaultdict(list)
    order: dict[str, tuple] = {}
    for a in qs.order_by("name"):
        label = a.category.label if a.category_id else str(_("No category"))
        key = "household" if a.kind == "household" else label
        order[key] = (a.kind == "household", a.category.order if a.category_id else 999, label)
        text = a.name
        detail = a.position or (a.hamlet.name if a.hamlet_id else "")
        if detail:
            text = f"{a.name} — {detail}"
        groups[key].append((str(a.pk), text))
    return [
        (str(_("Households")) if key == "household" else key, groups[key])
        for key in sorted(groups, key=lambda k: order[k])
    ]


class ActorField(forms.ChoiceField):
    """A choice among the village's actors; cleans to the :class:`Actor`."""

    def __init__(self, village, *, households=True, facilitators=True, **kwargs):
        self.village = village
        required = kwargs.get("required", True)
        choices = actor_choices(village, households=households, facilitators=facilitators)
        if not required:
            choices = _blank("—") + choices
        super().__init__(choices=choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        actor = Actor.objects.filter(village=self.village, pk=value).first()
        if actor is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return actor


class FieldChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


FIELD_LABEL = _("Field")


def field_choice(village, *, required=False, label=FIELD_LABEL) -> FieldChoice:
    return FieldChoice(
        queryset=available(Field, village).order_by("order", "code"),
        required=required,
        label=label,
        empty_label="—",
    )


def channel_choices(blank=True):
    choices = [(t.code, _(t.label)) for t in vocab.CONTACT_CHANNELS]
    return _blank("—") + choices if blank else choices


def status_choices(blank_label=None):
    choices = [(t.code, _(t.label)) for t in vocab.ENGAGEMENT_STATUSES]
    return _blank(blank_label) + choices if blank_label else choices


class PlanContactForm(forms.Form):
    actor = forms.ChoiceField(label=_("Stakeholder"))
    planned_date = forms.DateField(label=_("Planned for"), widget=DATE)
    who_goes = forms.CharField(label=_("Who goes"), max_length=200, required=False)
    via = forms.ChoiceField(label=_("Through (intermediary)"), required=False)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=channel_choices())
    purpose = forms.CharField(label=_("Purpose"), widget=SHORT_TEXT, required=False)

    def __init__(self, village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"] = ActorField(village, label=_("Stakeholder"), facilitators=False)
        self.fields["via"] = ActorField(
            village,
            label=_("Through (intermediary)"),
            required=False,
            help_text=_("Someone the facilitator already knows who can introduce you."),
        )
        self.order_fields(["actor", "planned_date", "who_goes", "via", "channel", "purpose"])


class HeldContactForm(forms.Form):
    """What happened at a contact; used to record a planned one or log an unplanned one."""

    held_date = forms.DateField(label=_("Held on"), widget=DATE)
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=channel_choices())
    who_goes = forms.CharField(label=_("Who went"), max_length=200, required=False)
    outcome = forms.CharField(label=_("Outcome"), widget=SHORT_TEXT, required=False)
    new_status = forms.ChoiceField(
        label=_("Status after this contact"),
        required=False,
        help_text=_("Leave unchanged if the contact did not move the relationship."),
    )
    next_step = forms.CharField(label=_("Next step"), widget=SHORT_TEXT, required=False)
    next_step_due = forms.DateField(label=_("Next step due"), widget=DATE, required=False)
    closes_earlier_steps = forms.BooleanField(
        label=_("This contact was the follow-up of earlier contacts (close their next steps)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = status_choices(_("Unchanged"))

    def clean(self):
        data = super().clean()
        if data.get("next_step_due") and not data.get("next_step"):
            self.add_error("next_step", _("Say what the next step is."))
        return data


class LogContactForm(HeldContactForm):
    actor = forms.ChoiceField(label=_("Stakeholder"))
    purpose = forms.CharField(label=_("Purpose"), widget=SHORT_TEXT, required=False)
    via = forms.ChoiceField(label=_("Through (intermediary)"), required=False)

    def __init__(self, village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"] = ActorField(village, label=_("Stakeholder"), facilitators=False)
        self.fields["via"] = ActorField(village, label=_("Through (intermediary)"), required=False)
        self.order_fields(["actor", "held_date", "channel", "who_goes", "via", "purpose"])


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=SHORT_TEXT, required=False)


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=status_choices())
    date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), widget=SHORT_TEXT, required=False)


class TheirWayForm(forms.Form):
    gatherings = forms.CharField(
        label=_("Their gatherings"),
        widget=SHORT_TEXT,
        required=False,
        help_text=_("Pengajian, arisan, kenduri, cooperative meetings… when and where."),
    )
    channels = forms.CharField(
        label=_("Their channels"),
        widget=SHORT_TEXT,
        required=False,
        help_text=_("How news reaches them and whom they listen to."),
    )
    decision_making = forms.CharField(label=_("How they decide"), widget=SHORT_TEXT, required=False)


class StageForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[(t.code, _(t.label)) for t in vocab.ENGAGEMENT_STAGES]
    )
    date = forms.DateField(label=_("Since"), widget=DATE, required=False)
    note = forms.CharField(
        label=_("How the work moved to the program's way"), widget=SHORT_TEXT, required=False
    )


class ForumForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), widget=SHORT_TEXT, required=False)
    established = forms.DateField(label=_("Established"), widget=DATE, required=False)


class NewForumForm(ForumForm):
    members = forms.MultipleChoiceField(
        label=_("Members"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each member speaks for the first field recorded on them; change it later."),
    )

    def __init__(self, village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.fields["members"].choices = actor_choices(village)

    def clean_members(self):
        ids = self.cleaned_data["members"]
        actors = list(Actor.objects.filter(village=self.village, pk__in=ids))
        return actors


class EditForumForm(ForumForm):
    active = forms.BooleanField(label=_("Active"), required=False)
    version = VersionField()


class MemberForm(forms.Form):
    actor = forms.ChoiceField(label=_("Stakeholder"))
    field = forms.ChoiceField(label=_("Speaks for the field"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ForumMember.Role.choices)

    def __init__(self, village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"] = ActorField(village, label=_("Stakeholder"))
        self.fields["field"] = field_choice(village, label=_("Speaks for the field"))
        self.order_fields(["actor", "field", "role"])


class EditMemberForm(forms.Form):
    field = forms.ChoiceField(label=_("Speaks for the field"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=ForumMember.Role.choices)

    def __init__(self, village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"] = field_choice(village, label=_("Speaks for the field"))
        self.order_fields(["field", "role"])


class RemoveMemberForm(forms.Form):
    left = forms.DateField(label=_("Left on"), widget=DATE, required=False)


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    state = forms.ChoiceField(label=_("State"), choices=Meeting.State.choices)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea, required=False)
    # Only on the edit page: the version the meeting was opened at (core.versions).
    version = VersionField()


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, forum, *args, guests: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = forum.village
        seats = (
            ForumMember.objects.filter(forum=forum, left__isnull=True)
            .select_related("actor", "field")
            .order_by("actor__name")
        )
        self.fields["present"].choices = [
            (str(m.actor_id), f"{m.actor.name} ({m.field.label})" if m.field_id else m.actor.name)
            for m in seats
        ]
        if guests:
            self.fields["guests"] = forms.MultipleChoiceField(
                label=_("Guests who came"),
                required=False,
                choices=actor_choices(self.village),
                widget=forms.SelectMultiple(attrs={"size": 6}),
            )

    def clean(self):
        data = super().clean()
        ids = set(data.get("present", [])) | set(data.get("guests", []))
        data["actors"] = list(Actor.objects.filter(village=self.village, pk__in=ids))
        return data


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Agenda item"), max_length=200)
    field = forms.ChoiceField(label=_("Field"), required=False)
    lead = forms.ChoiceField(label=_("Led by"), required=False)
    notes = forms.CharField(label=_("Notes"), widget=SHORT_TEXT, required=False)

    def __init__(self, village, *args, lead_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"] = field_choice(village)
        self.fields["lead"] = ActorField(village, label=_("Led by"), required=False)
        if lead_choices is not None:
            self.fields["lead"].choices = lead_choices
        self.order_fields(["title", "field", "lead", "notes"])


def lead_choices(forum) -> list:
    """Members first (they should lead), then everyone else in the village as guests."""
    seats = (
        ForumMember.objects.filter(forum=forum, left__isnull=True)
        .select_related("actor", "field")
        .order_by("actor__name")
    )
    seated = [
        (str(m.actor_id), f"{m.actor.name} ({m.field.label})" if m.field_id else m.actor.name)
        for m in seats
    ]
    seated_ids = {pk for pk, _label in seated}
    others = [
        (group, [(pk, label) for pk, label in items if pk not in seated_ids])
        for group, items in actor_choices(forum.village)
    ]
    return (
        _blank("—")
        + [(str(_("Forum members")), seated)]
        + [(g, items) for g, items in others if items]
    )


class AgendaRowForm(AgendaItemForm):
    """One row of the agenda on the new-meeting page: empty rows are skipped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["notes"].widget = forms.HiddenInput()


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=SHORT_TEXT)
    agenda_item = forms.ChoiceField(label=_("Agenda item"), required=False)

    def __init__(self, meeting, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["agenda_item"].choices = _blank("—") + [
            (str(it.pk), f"{it.order}. {it.title}") for it in meeting.agenda.all()
        ]

    def clean_agenda_item(self):
        pk = self.cleaned_data.get("agenda_item")
        return self.meeting.agenda.filter(pk=pk).first() if pk else None


class ActionItemForm(DecisionForm):
    text = forms.CharField(label=_("Action"), widget=SHORT_TEXT)
    owner = forms.ChoiceField(label=_("Owner"))
    due = forms.DateField(label=_("Due"), widget=DATE)

    def __init__(self, meeting, *args, **kwargs):
        super().__init__(meeting, *args, **kwargs)
        self.fields["owner"] = ActorField(meeting.forum.village, label=_("Owner"))
        self.fields["owner"].choices = lead_choices(meeting.forum)[1:]
        self.order_fields(["text", "owner", "due", "agenda_item"])


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionItem.Status.choices)
    done_on = forms.DateField(
        label=_("Closed on"),
        widget=DATE,
        required=False,
        help_text=_("For done or dropped; today if left empty."),
    )
    due = forms.DateField(label=_("Due"), widget=DATE, required=False)
