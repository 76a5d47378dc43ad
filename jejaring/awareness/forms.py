"""Forms of the awareness pages; choices are limited to the circle's village."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jejaring import vocab
from jejaring.actors.models import Actor
from jejaring.awareness import queries
from jejaring.awareness.models import Circle, MemberProgress
from jejaring.core.text import CleanTextMixin
from jejaring.engagement.forms import DATE, SHORT_TEXT
from jejaring.engagement.models import Forum


class ActorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class SessionForm(CleanTextMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    held = forms.BooleanField(label=_("Already held (record what happened)"), required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    venue_actor = forms.ModelChoiceField(
        label=_("Gathering (group)"), queryset=Actor.objects.none(), required=False
    )
    venue_forum = forms.ModelChoiceField(
        label=_("Forum"), queryset=Forum.objects.none(), required=False
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    attendees = ActorChoice(
        label=_("Who came"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    said = forms.CharField(label=_("What members said"), required=False, widget=SHORT_TEXT)
    decisions = forms.CharField(label=_("What they decided"), required=False, widget=SHORT_TEXT)
    follow_up = forms.CharField(label=_("Follow-up actions"), required=False, widget=SHORT_TEXT)

    def __init__(self, circle, *args, **kwargs):
        super().__init__(*args, **kwargs)
        village = circle.village
        self.fields["venue_actor"].queryset = Actor.objects.filter(
            village=village, kind__in=["group", "institution"]
        ).order_by("name")
        self.fields["venue_forum"].queryset = Forum.objects.filter(village=village)
        self.fields["topics"].queryset = queries.topics(village)
        self.fields["attendees"].queryset = Actor.objects.filter(
            circle_memberships__circle=circle
        ).order_by("name")


class ProgressForm(CleanTextMixin, forms.Form):
    actor = forms.ModelChoiceField(label=_("Member"), queryset=Actor.objects.none())
    kind = forms.ChoiceField(label=_("Progress"), choices=MemberProgress.Kind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=SHORT_TEXT)

    def __init__(self, circle, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = Actor.objects.filter(
            circle_memberships__circle=circle
        ).order_by("name")
        self.fields["actor"].label_from_instance = lambda a: a.name


class TopicForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("New topic"), max_length=200)


class CircleForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    basis = forms.ChoiceField(label=_("What the members share"), choices=Circle.Basis.choices)
    patron = forms.ModelChoiceField(
        label=_("Patron (not invited)"), queryset=Actor.objects.none(), required=False
    )
    form = forms.ChoiceField(label=_("Form of dependency"), required=False)
    hamlet = forms.ChoiceField(label=_("Hamlet"), required=False)
    members = ActorChoice(
        label=_("Members"),
        queryset=Actor.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=SHORT_TEXT)

    def __init__(self, village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actors = Actor.objects.filter(village=village, is_facilitator=False).order_by("name")
        self.fields["patron"].queryset = actors
        self.fields["patron"].label_from_instance = lambda a: a.name
        self.fields["members"].queryset = actors
        self.fields["form"].choices = [("", "—")] + [
            (t.code, _(t.label)) for t in vocab.DEPENDENCY_FORMS
        ]
        self.fields["hamlet"].choices = [("", "—")] + [
            (h, h) for h in village.hamlets.order_by("name").values_list("name", flat=True)
        ]


class MemberForm(forms.Form):
    actor = forms.ModelChoiceField(label=_("Add a member"), queryset=Actor.objects.none())

    def __init__(self, circle, *args, **kwargs):
        super().__init__(*args, **kwargs)
        qs = (
            Actor.objects.filter(village=circle.village, is_facilitator=False)
            .exclude(circle_memberships__circle=circle)
            .order_by("name")
        )
        if circle.patron_id:
            qs = qs.exclude(pk=circle.patron_id)
        self.fields["actor"].queryset = qs
        self.fields["actor"].label_from_instance = lambda a: a.name
