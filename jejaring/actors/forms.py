"""Forms of the actors app. Errors appear next to their field, in the user's language.

Actor pickers are text fields: the facilitator types a name (or the id) the way they speak;
with JavaScript, htmx fills a ``<datalist>`` with suggestions as they type, without it the
server resolves what was typed and says clearly when a name is unknown or ambiguous.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from jejaring import vocab
from jejaring.actors.models import (
    Actor,
    Assessment,
    Category,
    Discussion,
    Field,
    Tie,
    TieType,
)
from jejaring.actors.queries import RegisterQuery
from jejaring.actors.services import REPORTED, TIE_ATTRIBUTES
from jejaring.actors.vocabulary import available
from jejaring.core.text import CleanTextMixin
from jejaring.core.versions import VersionField
from jejaring.villages.models import Hamlet, Village

STANCE_LABELS = {
    -2: _("Strongly against"),
    -1: _("Against"),
    0: _("Neutral"),
    1: _("For"),
    2: _("Strongly for"),
}
SCALE_CHOICES = [("", "—")] + [
    (str(i), str(i)) for i in range(vocab.SCALE_MIN, vocab.SCALE_MAX + 1)
]


def _stance_choice(k: int, label) -> tuple[str, Any]:
    number = "0" if k == 0 else f"{k:+d}".replace("-", "−")
    return (str(k), format_lazy("{} {}", number, label))


STANCE_CHOICES = [("", "—")] + [_stance_choice(k, v) for k, v in STANCE_LABELS.items()]
YES_NO_UNKNOWN = [
    ("", _("Unknown")),
    ("false", _("Yes, there are others")),
    ("true", _("No: bound to this one (exclusive)")),
]
# "Name [CODE]", the form a suggestion puts in the box.
PICKED = re.compile(r"^(?P<name>.*?)\s*\[(?P<code>[^\[\]]+)\]\s*$")


class DateInput(forms.DateInput):
    """A native date picker; its value must be ISO (yyyy-mm-dd) whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def tchoices(terms, blank: Any = None) -> list[tuple[str, Any]]:
    """Choices of a :mod:`jejaring.vocab` vocabulary with labels translated at render time."""
    out = [(t.code, gettext_lazy(t.label)) for t in terms]
    return ([("", blank)] if blank is not None else []) + out


def translate_choices(field: forms.Field) -> None:
    """Translate the (English) labels of a model field's vocabulary choices in a form."""
    field.choices = [(v, gettext_lazy(str(label)) if v else label) for v, label in field.choices]


def actor_choice_label(actor: Actor) -> str:
    """What a picker shows and accepts back for ``actor``."""
    return f"{actor.name} [{actor.code}]"


def resolve_actor(village: Village, text: str) -> Actor:
    """The actor of ``village`` that ``text`` names: ``Name [CODE]``, a code, a UUID or a name.

    Raises :class:`ValidationError` (translated) when nothing or more than one actor matches.
    """
    text = (text or "").strip()
    qs = Actor.objects.filter(village=village)
    m = PICKED.match(text)
    if m:
        actor = qs.filter(code=m["code"].strip()).first()
        if actor is not None:
            return actor
        text = m["name"]
    actor = qs.filter(code=text).first()
    if actor is not None:
        return actor
    try:
        import uuid

        actor = qs.filter(pk=uuid.UUID(text)).first()
        if actor is not None:
            return actor
    except ValueError:
        pass
    matches = list(qs.filter(name__iexact=text)[:6])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        options = ", ".join(actor_choice_label(a) for a in matches[:5])
        raise ValidationError(
            _("Several actors are called “%(name)s”: pick one (%(options)s)."),
            code="ambiguous",
            params={"name": text, "options": options},
        )
    raise ValidationError(
        _("No actor called “%(name)s”. Check the spelling or tick “new actor” to add them."),
        code="unknown",
        params={"name": text},
    )


class ActorPickerWidget(forms.TextInput):
    """A text box tied to a ``<datalist>`` that htmx fills with matching actors."""

    def __init__(self, list_id: str, search_url: str = "", attrs=None):
        base = {"list": list_id, "autocomplete": "off", "class": "actor-picker"}
        if search_url:
            base.update(
                {
                    "hx-get": search_url,
                    "hx-trigger": "input changed delay:250ms",
                    # A newer text aborts the request for an older one: on a slow link
                    # the list never shows suggestions for what was typed before.
                    "hx-sync": "this:replace",
                    "hx-target": f"#{list_id}",
                    "hx-swap": "innerHTML",
                    "hx-vals": f'{{"list": "{list_id}"}}',
                }
            )
        base.update(attrs or {})
        super().__init__(base)


class ActorPickerField(forms.CharField):
    """Takes what the facilitator typed; the form resolves it (it needs the village)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 250)
        super().__init__(*args, **kwargs)


class VillageFormMixin:
    """Forms that take the village first and limit every choice to it."""

    village: Village

    def picker(self, name: str, search_url: str) -> None:
        field = self.fields[name]
        list_id = f"list-{name}"
        field.widget = ActorPickerWidget(list_id, search_url)
        field.list_id = list_id

    def resolve(self, name: str, *, new_flag: str | None = None) -> Actor | None:
        """The actor typed in ``name`` (None when empty), or an error on that field."""
        text = self.cleaned_data.get(name, "")
        if not text:
            return None
        if new_flag and self.cleaned_data.get(new_flag):
            return None
        try:
            return resolve_actor(self.village, text)
        except ValidationError as e:
            self.add_error(name, e)
            return None


# --------------------------------------------------------------------------- register


class RegisterFilterForm(forms.Form):
    """The register's search box and filters (GET). Unknown values are simply ignored."""

    q = forms.CharField(label=_("Search"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    field = forms.ChoiceField(label=_("Field"), required=False)
    hamlet = forms.ChoiceField(label=_("Hamlet"), required=False)
    welfare = forms.ChoiceField(
        label=_("Welfare"),
        required=False,
        choices=tchoices(vocab.WELFARE_RANKS, blank=_("All")),
    )
    stance = forms.ChoiceField(
        label=_("Stance"),
        required=False,
        choices=[("", _("All"))]
        + [_stance_choice(k, v) for k, v in STANCE_LABELS.items()]
        + [("unknown", _("Not assessed"))],
    )
    status = forms.ChoiceField(
        label=_("Engagement"),
        required=False,
        choices=tchoices(vocab.ENGAGEMENT_STATUSES, blank=_("All")),
    )
    scope = forms.ChoiceField(
        label=_("Who"),
        required=False,
        choices=[
            ("", _("Everyone")),
            ("stakeholders", _("Stakeholders (not households)")),
            ("households", _("Households")),
            ("facilitators", _("Program staff")),
        ],
    )
    assessed = forms.ChoiceField(
        label=_("Assessment"),
        required=False,
        choices=[
            ("", _("All")),
            ("never", _("Never assessed")),
            ("stale", _("Older than 3 months")),
            ("recent", _("In the last 3 months")),
        ],
    )
    sort = forms.CharField(label=_("Sort by"), required=False, widget=forms.Select)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, village: Village, *args, choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        from jejaring.actors.queries import filter_choices

        choices = choices or filter_choices(village)
        everyone = [("", _("All"))]
        self.fields["category"].choices = everyone + choices["category"]
        self.fields["field"].choices = everyone + choices["field"]
        self.fields["hamlet"].choices = everyone + choices["hamlet"] + [("-", _("No hamlet"))]
        self.fields["sort"].widget.choices = sort_choices()

    def query(self) -> RegisterQuery:
        """The valid part of what was asked (an invalid filter is dropped, not an error)."""
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
        sort = str(data.pop("sort", "name"))
        desc = sort.startswith("-")
        return RegisterQuery(
            **{k: v for k, v in data.items() if k != "page"},
            sort=sort.lstrip("-") or "name",
            desc=desc,
            page=data.get("page") or 1,
        )


def sort_choices() -> list[tuple[str, str]]:
    """Every sortable column, both ways: "Name ↑", "Patron score ↓"…"""
    from jejaring.actors.presentation import BASE_COLUMNS
    from jejaring.analysis.results import MEASURES

    out = []
    for key, label in [*BASE_COLUMNS, *((m.key, m.label) for m in MEASURES)]:
        out.append((key, format_lazy("{} ↑", label)))
        out.append((f"-{key}", format_lazy("{} ↓", label)))
    return out


class BulkForm(forms.Form):
    """Change the category or hamlet of the actors ticked in the register."""

    actors = forms.ModelMultipleChoiceField(
        queryset=Actor.objects.none(),
        label=_("Actors"),
        error_messages={"required": _("Tick at least one actor in the list.")},
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(), label=_("Set category"), required=False
    )
    hamlet = forms.ModelChoiceField(
        queryset=Hamlet.objects.none(), label=_("Set hamlet"), required=False
    )
    welfare = forms.ChoiceField(
        label=_("Set welfare"), required=False, choices=tchoices(vocab.WELFARE_RANKS, blank="—")
    )

    def __init__(self, village: Village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actors"].queryset = Actor.objects.filter(village=village)
        self.fields["category"].queryset = available(Category, village)
        self.fields["hamlet"].queryset = Hamlet.objects.filter(village=village)

    def clean(self):
        data = super().clean()
        if not data.get("category") and not data.get("hamlet") and not data.get("welfare"):
            raise ValidationError(_("Choose a category, a hamlet or a welfare rank to set."))
        return data


# --------------------------------------------------------------------------- actors


class ActorForm(CleanTextMixin, forms.ModelForm):
    # The version the form was opened at: a save over someone else's is refused (core.versions).
    version = VersionField()

    class Meta:
        model = Actor
        fields = [
            "name",
            "kind",
            "category",
            "fields",
            "position",
            "hamlet",
            "rt",
            "rw",
            "gender",
            "welfare",
            "household_size",
            "contact",
            "code",
            "consent",
            "consent_date",
            "sensitive",
            "is_facilitator",
            "notes",
        ]
        widgets = {
            "fields": forms.CheckboxSelectMultiple,
            "consent_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"code": _("Leave empty to get one; used in files you import or export.")}

    def __init__(self, village: Village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.fields["category"].queryset = available(Category, village)
        self.fields["fields"].queryset = available(Field, village)
        self.fields["hamlet"].queryset = Hamlet.objects.filter(village=village)
        self.fields["code"].required = False
        for name in ("kind", "gender", "welfare"):
            translate_choices(self.fields[name])
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_code(self):
        code = (self.cleaned_data.get("code") or "").strip()
        if code:
            clash = Actor.objects.filter(village=self.village, code=code)
            if self.instance.pk:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise ValidationError(
                    _("Another actor of this village already has the id “%(code)s”."),
                    code="duplicate",
                    params={"code": code},
                )
        return code

    def actor_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("fields", "version")}
        return data


class DeleteActorForm(forms.Form):
    """Confirm the deletion, or name the actor to merge this one into."""

    merge_into = ActorPickerField(
        label=_("Merge into"),
        required=False,
        help_text=_("The ties, evidence and history of this actor move to the one you name."),
    )
    confirm = forms.BooleanField(
        label=_("Yes, delete this actor"),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, village: Village, actor: Actor, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.actor = actor
        VillageFormMixin.picker(self, "merge_into", search_url)

    def clean(self):
        data = super().clean()
        data["merge_target"] = VillageFormMixin.resolve(self, "merge_into")
        if data["merge_target"] is not None and data["merge_target"].pk == self.actor.pk:
            self.add_error("merge_into", _("An actor cannot be merged into itself."))
        return data


def optional_int_choice(label, choices) -> forms.TypedChoiceField:
    """A drop-down of whole numbers that may be left empty (None)."""
    return forms.TypedChoiceField(
        label=label, choices=choices, coerce=int, empty_value=None, required=False
    )


class AssessmentForm(forms.ModelForm):
    influence = optional_int_choice(_("Influence (0–5)"), SCALE_CHOICES)
    interest = optional_int_choice(_("Interest (0–5)"), SCALE_CHOICES)
    stance = optional_int_choice(_("Stance towards the program goal"), STANCE_CHOICES)

    class Meta:
        model = Assessment
        fields = ["date", "influence", "interest", "stance", "rater_name", "note"]
        widgets = {
            "date": DateInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"rater_name": _("Leave empty when you are the rater.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = dt.date.today

    def clean(self):
        data = super().clean()
        if all(data.get(k) is None for k in ("influence", "interest", "stance")):
            raise ValidationError(_("Give at least one of influence, interest or stance."))
        return data


# --------------------------------------------------------------------------- ties


def tie_type_choices(village: Village):
    """Tie types labelled the way facilitators speak: "borrows money from (Credit)"."""
    return [(t.pk, f"{t.phrase_label} — {t.label}") for t in available(TieType, village)]


class TieAttributesMixin(forms.Form):
    """The attributes the field technique traces for a tie."""

    form = forms.ChoiceField(
        label=_("Form of dependency"),
        required=False,
        choices=tchoices(vocab.DEPENDENCY_FORMS, blank="—"),
    )
    frequency = forms.ChoiceField(
        label=_("Frequency"), required=False, choices=tchoices(vocab.FREQUENCIES, blank="—")
    )
    attachment = forms.ChoiceField(
        label=_("Attachment"), required=False, choices=tchoices(vocab.ATTACHMENTS, blank="—")
    )
    exclusive = forms.TypedChoiceField(
        label=_("Can the client switch?"),
        required=False,
        choices=YES_NO_UNKNOWN,
        coerce=lambda v: v == "true",
        empty_value=None,
    )
    balance = forms.ChoiceField(
        label=_("Benefit balance"), required=False, choices=tchoices(vocab.BALANCES, blank="—")
    )
    terms_set_by = forms.ChoiceField(
        label=_("Who sets the terms"),
        required=False,
        choices=tchoices(vocab.TERMS_SET_BY, blank="—"),
    )
    reciprocation = forms.CharField(
        label=_("What the client gives back"), required=False, max_length=300
    )
    amount = forms.DecimalField(
        label=_("Amount (Rp)"), required=False, max_digits=16, decimal_places=2, min_value=0
    )
    strength = optional_int_choice(
        _("Strength (1–5)"), [("", "—")] + [(str(i), str(i)) for i in range(1, 6)]
    )
    start_date = forms.DateField(label=_("Since"), required=False, widget=DateInput())
    confidence = forms.ChoiceField(
        label=_("Confidence"), required=False, choices=tchoices(vocab.CONFIDENCES, blank="—")
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    #: The tie's attributes this form edits: all but the numeric weight (set by imports).
    ATTRIBUTE_FIELDS = tuple(k for k in TIE_ATTRIBUTES if k != "weight")

    def attributes(self) -> dict[str, Any]:
        return {k: self.cleaned_data.get(k) for k in self.ATTRIBUTE_FIELDS}


class EvidenceFieldsMixin(forms.Form):
    """Who reported the tie, in which discussion, when and how sure."""

    informant = ActorPickerField(
        label=_("Told by (informant)"),
        required=False,
        help_text=_("Someone in the register; or write a name below."),
    )
    informant_name = forms.CharField(
        label=_("Informant not in the register"), required=False, max_length=200
    )
    discussion = forms.ModelChoiceField(
        queryset=Discussion.objects.none(), label=_("In the discussion"), required=False
    )
    reported_on = forms.DateField(label=_("Reported on"), required=False, widget=DateInput())
    evidence_confidence = forms.ChoiceField(
        label=_("How sure is the informant?"),
        required=False,
        choices=tchoices(vocab.CONFIDENCES, blank="—"),
    )
    account = forms.CharField(
        label=_("What was said"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def setup_evidence(self, village: Village, search_url: str) -> None:
        self.fields["discussion"].queryset = Discussion.objects.filter(village=village).order_by(
            "-date", "-created_at"
        )
        self.fields["discussion"].label_from_instance = lambda d: f"{d.date:%d-%m-%Y} — {d}"
        VillageFormMixin.picker(self, "informant", search_url)

    def evidence(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "informant": d.get("informant_actor"),
            "informant_name": d.get("informant_name") or "",
            "discussion": d.get("discussion"),
            "reported_on": d.get("reported_on"),
            "confidence": d.get("evidence_confidence") or "",
            "account": d.get("account") or "",
        }


class QuickTieForm(VillageFormMixin, TieAttributesMixin, EvidenceFieldsMixin):
    """ "A borrows money from B, weekly, binding" – the tie as the facilitator says it."""

    source = ActorPickerField(label=_("Who"))
    source_new = forms.BooleanField(label=_("new actor"), required=False)
    type = forms.TypedChoiceField(
        label=_("Tie"),
        choices=(),
        coerce=str,
        error_messages={"required": _("Choose the kind of tie.")},
    )
    target = ActorPickerField(label=_("With whom"))
    target_new = forms.BooleanField(label=_("new actor"), required=False)
    new_category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        label=_("Category of a new actor"),
        required=False,
    )
    new_hamlet = forms.ModelChoiceField(
        queryset=Hamlet.objects.none(), label=_("Hamlet of a new actor"), required=False
    )
    new_welfare = forms.ChoiceField(
        label=_("Welfare of a new actor"),
        required=False,
        choices=tchoices(vocab.WELFARE_RANKS, blank="—"),
    )

    field_order = ["source", "source_new", "type", "target", "target_new"]

    def __init__(self, village: Village, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.types = {str(t.pk): t for t in available(TieType, village)}
        self.fields["type"].choices = [("", "—")] + [
            (pk, f"{t.phrase_label} — {t.label}") for pk, t in self.types.items()
        ]
        self.fields["new_category"].queryset = available(Category, village)
        self.fields["new_hamlet"].queryset = Hamlet.objects.filter(village=village)
        self.picker("source", search_url)
        self.picker("target", search_url)
        self.setup_evidence(village, search_url)

    def clean_type(self):
        value = self.cleaned_data.get("type")
        if value not in self.types:
            raise ValidationError(_("Choose the kind of tie."), code="invalid")
        return self.types[value]

    def clean(self):
        data = super().clean()
        data["source_actor"] = self.resolve("source", new_flag="source_new")
        data["target_actor"] = self.resolve("target", new_flag="target_new")
        data["informant_actor"] = self.resolve("informant")
        same_text = (data.get("source") or "").strip().lower() == (
            data.get("target") or ""
        ).strip().lower()
        src, dst = data["source_actor"], data["target_actor"]
        if (src is not None and dst is not None and src.pk == dst.pk) or (
            same_text and data.get("source") and (data.get("source_new") or data.get("target_new"))
        ):
            self.add_error("target", _("A tie needs two different actors."))
        return data

    def new_actor_name(self, which: str) -> str | None:
        if self.cleaned_data.get(f"{which}_new"):
            return self.cleaned_data.get(which, "").strip() or None
        return None


class TieEditForm(TieAttributesMixin):
    type = forms.ModelChoiceField(queryset=TieType.objects.none(), label=_("Type"))
    end_date = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    version = VersionField()

    field_order = ["type"]

    def __init__(self, village: Village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = available(TieType, village)
        self.fields["type"].label_from_instance = lambda t: f"{t.phrase_label} — {t.label}"

    @classmethod
    def initial_for(cls, tie: Tie) -> dict[str, Any]:
        initial = {k: getattr(tie, k) for k in cls.ATTRIBUTE_FIELDS}
        initial["type"] = tie.type_id
        initial["end_date"] = tie.end_date
        initial["version"] = tie.version
        if tie.exclusive is not None:
            initial["exclusive"] = "true" if tie.exclusive else "false"
        return initial

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the tie started."))
        return data

    def changes(self) -> dict[str, Any]:
        data = self.attributes()
        for key in ("form", "frequency", "attachment", "balance", "terms_set_by", "confidence"):
            data[key] = data[key] or ""
        data["reciprocation"] = data["reciprocation"] or ""
        data["note"] = data["note"] or ""
        data["type"] = self.cleaned_data["type"]
        data["end_date"] = self.cleaned_data.get("end_date")
        return data


class EndTieForm(forms.Form):
    end_date = forms.DateField(label=_("Ended on"), widget=DateInput(), initial=dt.date.today)
    note = forms.CharField(
        label=_("Why or how it ended"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, tie: Tie, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tie = tie

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if self.tie.start_date and end < self.tie.start_date:
            raise ValidationError(_("The end date is before the tie started."))
        return end


class DeleteTieForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete this tie and its evidence"),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class EvidenceForm(VillageFormMixin, EvidenceFieldsMixin, TieAttributesMixin):
    """Another informant's account of a tie, with the attributes as they told them."""

    ATTRIBUTE_FIELDS = REPORTED

    def __init__(self, village: Village, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        for name in ("confidence", "note"):
            del self.fields[name]
        self.setup_evidence(village, search_url)

    def clean(self):
        data = super().clean()
        data["informant_actor"] = self.resolve("informant")
        if not any(data.get(k) for k in ("informant", "informant_name", "discussion", "account")):
            raise ValidationError(
                _("Say who reported the tie, in which discussion, or what was said.")
            )
        return data


# --------------------------------------------------------------------------- discussions


class DiscussionForm(CleanTextMixin, forms.ModelForm):
    participant_names = forms.CharField(
        label=_("Participants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: a name or an id from the register."),
    )
    add_new = forms.BooleanField(
        label=_("Add the names not in the register as new actors"),
        required=False,
        help_text=_("Each new participant is added to the register with the category below."),
    )
    new_category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        label=_("Category of the new participants"),
        required=False,
    )
    new_hamlet = forms.ModelChoiceField(
        queryset=Hamlet.objects.none(), label=_("Hamlet of the new participants"), required=False
    )

    class Meta:
        model = Discussion
        fields = ["kind", "date", "place", "title", "notes"]
        widgets = {
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, village: Village, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.fields["date"].initial = dt.date.today
        self.fields["new_category"].queryset = available(Category, village)
        self.fields["new_hamlet"].queryset = Hamlet.objects.filter(village=village)
        #: Names typed that are not in the register, added as actors when ``add_new`` is ticked.
        self.new_names: list[str] = []
        if self.instance.pk and not self.is_bound:
            self.initial["participant_names"] = "\n".join(
                actor_choice_label(a) for a in self.instance.participants.order_by("name")
            )

    def clean(self):
        data = super().clean()
        add_new = data.get("add_new")
        lines = [ln.strip() for ln in self.data.get("participant_names", "").splitlines()]
        actors, errors, new_names = [], [], []
        for number, line in enumerate(lines, start=1):
            if not line:
                continue
            try:
                actors.append(resolve_actor(self.village, line))
            except ValidationError as e:
                if e.code == "unknown" and add_new:
                    if line.lower() not in {n.lower() for n in new_names}:
                        new_names.append(line)
                    continue
                message = " ".join(e.messages)
                if e.code == "unknown":
                    message = _(
                        "No actor called “%(name)s”. Check the spelling, or tick “Add the names "
                        "not in the register as new actors” below."
                    ) % {"name": line}
                errors.append(
                    ValidationError(
                        _("Line %(line)s: %(error)s"),
                        params={"line": number, "error": message},
                    )
                )
        if errors:
            self.add_error("participant_names", errors)
        data["participant_names"] = list({a.pk: a for a in actors}.values())
        self.new_names = new_names
        return data


class FactForm(VillageFormMixin, forms.Form):
    actor = ActorPickerField(label=_("About (optional)"), required=False)
    statement = forms.CharField(
        label=_("What the discussion revealed"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, village: Village, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.picker("actor", search_url)

    def clean(self):
        data = super().clean()
        data["actor_obj"] = self.resolve("actor")
        return data


class ParticipantForm(VillageFormMixin, forms.Form):
    participant = ActorPickerField(label=_("Add a participant"))

    def __init__(self, village: Village, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.village = village
        self.picker("participant", search_url)

    def clean(self):
        data = super().clean()
        data["actor"] = self.resolve("participant")
        return data


__all__ = [
    "ActorForm",
    "AssessmentForm",
    "BulkForm",
    "DeleteActorForm",
    "DeleteTieForm",
    "DiscussionForm",
    "EndTieForm",
    "EvidenceForm",
    "FactForm",
    "ParticipantForm",
    "QuickTieForm",
    "RegisterFilterForm",
    "TieEditForm",
    "resolve_actor",
]
