"""Forms of the import/export pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jejaring.actors.models import Category, TieType
from jejaring.actors.vocabulary import available
from jejaring.interchange.export import ExportFilter
from jejaring.villages.models import Hamlet


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        widget=MultipleFileInput(
            attrs={
                "multiple": True,
                "accept": ".csv,.txt,.xlsx,.xlsm,.zip,.json,.graphml,.xml",
            }
        ),
        help_text=_(
            "An Excel workbook (the template), one or two CSV files (actors, ties), a "
            "KoboToolbox .xlsx or ODK Central .zip export of the field form, a GraphML file, "
            "or a village exported as JSON."
        ),
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False)


FORMAT_CHOICES = [
    ("xlsx", _("Excel (.xlsx) — same layout as the template")),
    ("csv", _("CSV (zip with actors.csv and ties.csv)")),
    ("graphml", _("GraphML (NetworkX, igraph, yEd)")),
    ("gexf", _("GEXF 1.3 (Gephi)")),
    ("json", _("JSON — the whole village (backup, moving to another computer)")),
]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=FORMAT_CHOICES, initial="xlsx", widget=forms.RadioSelect
    )
    types = forms.MultipleChoiceField(
        label=_("Tie types"), required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label=_("Actor categories"), required=False, widget=forms.CheckboxSelectMultiple
    )
    hamlets = forms.MultipleChoiceField(
        label=_("Hamlets"), required=False, widget=forms.CheckboxSelectMultiple
    )
    current_only = forms.BooleanField(label=_("Current ties only"), required=False)
    dependency_only = forms.BooleanField(
        label=_("Patron–client (dependency) ties only"), required=False
    )
    pseudonymize = forms.BooleanField(
        label=_("Pseudonymise"),
        required=False,
        help_text=_(
            "Replace names with stable codes and leave out notes, positions and contact "
            "details: for sharing with researchers."
        ),
    )

    def __init__(self, village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = [(t.code, t.label) for t in available(TieType, village)]
        self.fields["categories"].choices = [
            (c.code, c.label) for c in available(Category, village)
        ]
        self.fields["hamlets"].choices = [
            (h.name, h.name) for h in Hamlet.objects.filter(village=village)
        ]

    def export_filter(self) -> ExportFilter:
        d = self.cleaned_data
        return ExportFilter(
            types=d.get("types") or [],
            categories=d.get("categories") or [],
            hamlets=d.get("hamlets") or [],
            current_only=bool(d.get("current_only")),
            dependency_only=bool(d.get("dependency_only")),
            pseudonymize=bool(d.get("pseudonymize")),
        )


class ReviewForm(forms.Form):
    review = forms.UUIDField(widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("merge", "merge"), ("separate", "separate")])


class ExampleForm(forms.Form):
    key = forms.CharField(max_length=40)
