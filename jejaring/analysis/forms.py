from django import forms
from django.utils.translation import gettext_lazy as _


class SnapshotForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("e.g. “Before the forum” or “End of year one”."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
