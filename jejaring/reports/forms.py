"""Forms of the reports app: the what-if (a GET form, nothing saved) and lever editing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jejaring import vocab
from jejaring.graph.recommend.forum import MAX_SIZE, MIN_SIZE
from jejaring.reports.queries import DEFAULT_FORUM_SIZE


class WhatIfForm(forms.Form):
    """Marks for the what-if. ``approached``/``supportive`` hold the current marks (checkboxes
    beside the listed actors and in the "marked" list); ``add_*`` add several actors at once
    (a facilitator plans a whole round of visits, not one person)."""

    approached = forms.MultipleChoiceField(required=False, label=_("Approached"))
    supportive = forms.MultipleChoiceField(required=False, label=_("Supportive"))
    add_approached = forms.MultipleChoiceField(required=False, label=_("Mark as approached"))
    add_supportive = forms.MultipleChoiceField(required=False, label=_("Mark as supportive"))
    forum_size = forms.IntegerField(
        required=False,
        min_value=MIN_SIZE,
        max_value=MAX_SIZE,
        initial=DEFAULT_FORUM_SIZE,
        label=_("Forum seats"),
    )

    def __init__(self, *args, choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("approached", "supportive"):
            self.fields[name].choices = choices
        for name in ("add_approached", "add_supportive"):
            self.fields[name].choices = choices

    def marks(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            "approached": [*data.get("approached", []), *data.get("add_approached", [])],
            "supportive": [*data.get("supportive", []), *data.get("add_supportive", [])],
        }

    def size(self) -> int:
        return self.cleaned_data.get("forum_size") or DEFAULT_FORUM_SIZE


WHEN_LABELS = (
    ("always", _("Always")),
    ("poor_clients", _("When poor households depend on the patron")),
    ("captive_clients", _("When the patron has captive clients")),
    ("not_opposed", _("When the patron is not against the program")),
    ("opposed", _("When the patron is against the program")),
)


class LeverForm(forms.Form):
    """A lever the village adds, in its own words."""

    form = forms.ChoiceField(label=_("Dependency form"))
    text = forms.CharField(
        label=_("What the patron could do"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
    )
    when = forms.ChoiceField(label=_("Suggest it"), choices=WHEN_LABELS, initial="always")

    def __init__(self, *args, forms_available: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = {t.code: t.label for t in vocab.DEPENDENCY_FORMS}
        self.fields["form"].choices = [("any", _("Any form"))] + [
            (code, _(labels[code]) if code in labels else code) for code in forms_available
        ]


class LeverJsonForm(forms.Form):
    """The village's changes to the lever list as JSON (for program staff)."""

    data = forms.JSONField(
        label=_("Changes to the lever list (JSON)"), widget=forms.Textarea(attrs={"rows": 12})
    )
