"""Forms of the Change pages: they parse and check input; services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from jejaring.change.models import Commitment
from jejaring.engagement.forms import DATE, SHORT_TEXT, actor_choices


def lever_choices(village=None) -> list[tuple[str, str]]:
    """Every lever of the village's list (the shipped one with the village's changes, as the
    recommendations use it), by form; values are the engine's lever codes."""
    from jejaring.analysis.explain import form_label
    from jejaring.graph.recommend.levers import load_levers
    from jejaring.reports.services import lever_changes

    try:
        table = load_levers(lever_changes(village) if village is not None else None)
    except ValueError:
        table = load_levers()
    lang = (get_language() or "id")[:2]
    out: list = [("", _("— none —"))]
    groups = [(form, part.get("levers", [])) for form, part in table["forms"].items()]
    groups.append(("any", table["any"].get("levers", [])))
    for form, levers in groups:
        label = str(_("any form")) if form == "any" else str(form_label(form))
        out.append(
            (
                label,
                [
                    (lv["code"], lv.get(lang) or lv.get("id") or lv.get("en") or lv["code"])
                    for lv in levers
                ],
            )
        )
    return out


class CommitmentForm(forms.Form):
    patron = forms.ChoiceField(label=_("Patron"))
    kind = forms.ChoiceField(label=_("What was agreed"), choices=Commitment.Kind.choices)
    text = forms.CharField(label=_("In words"), required=False, widget=SHORT_TEXT)
    lever = forms.ChoiceField(label=_("Lever that suggested it"), required=False)
    made_on = forms.DateField(label=_("Made on"), widget=DATE)
    where = forms.ChoiceField(label=_("Made at"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=Commitment.Status.choices, initial="agreed"
    )
    follow_up = forms.DateField(label=_("Follow up on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Evidence"), required=False, widget=SHORT_TEXT)

    def __init__(self, *args, village, **kwargs):
        super().__init__(*args, **kwargs)
        from jejaring.engagement.models import Contact, Meeting

        self.village = village
        self.fields["patron"].choices = [("", _("— choose —")), *actor_choices(village)]
        self.fields["lever"].choices = lever_choices(village)
        where: list = [("", _("— not recorded —"))]
        meetings = Meeting.objects.filter(forum__village=village).order_by("-date")[:50]
        where.append(
            (
                str(_("Forum meeting")),
                [
                    (f"m:{m.pk}", f"{m.date.isoformat()} {m.title or m.forum.name}")
                    for m in meetings
                ],
            )
        )
        contacts = (
            Contact.objects.filter(village=village, held_date__isnull=False)
            .select_related("actor")
            .order_by("-held_date")[:50]
        )
        where.append(
            (
                str(_("Contact")),
                [(f"c:{c.pk}", f"{c.held_date.isoformat()} {c.actor.name}") for c in contacts],
            )
        )
        self.fields["where"].choices = where

    def clean(self):
        data = super().clean()
        if data.get("kind") == "other" and not (data.get("text") or "").strip():
            self.add_error("text", _("Say in words what was agreed."))
        return data

    def resolved(self) -> dict:
        """The cleaned data with the patron, meeting and contact as objects of this village."""
        from jejaring.actors.models import Actor
        from jejaring.engagement.models import Contact, Meeting

        d = dict(self.cleaned_data)
        d["patron"] = Actor.objects.get(village=self.village, pk=d["patron"])
        where = d.pop("where") or ""
        d["meeting"] = d["contact"] = None
        if where.startswith("m:"):
            d["meeting"] = Meeting.objects.get(forum__village=self.village, pk=where[2:])
        elif where.startswith("c:"):
            d["contact"] = Contact.objects.get(village=self.village, pk=where[2:])
        return d


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    note = forms.CharField(label=_("Evidence"), required=False, widget=SHORT_TEXT)
    follow_up = forms.DateField(label=_("Next follow-up"), required=False, widget=DATE)


class SettingsForm(forms.Form):
    every_days = forms.IntegerField(
        label=_("Take a snapshot every (days)"),
        required=False,
        min_value=1,
        max_value=366,
        help_text=_("Empty: no schedule. Taken when this page is opened after the date."),
    )
    at_meetings = forms.BooleanField(
        label=_("Take a snapshot when a forum meeting is logged"), required=False
    )


class CompareForm(forms.Form):
    before = forms.ChoiceField(label=_("Before"))
    after = forms.ChoiceField(label=_("After"))

    def __init__(self, *args, snapshots, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(s.pk), f"{s.taken_at.date().isoformat()} · {s.name}") for s in snapshots]
        self.fields["before"].choices = choices
        self.fields["after"].choices = [*choices, ("now", _("now"))]
        if choices:  # newest first: compare the oldest with now unless asked otherwise
            self.fields["before"].initial = choices[-1][0]
            self.fields["after"].initial = "now"
