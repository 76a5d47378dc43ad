"""The project's form renderer writes every select exactly as Django's own templates do."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings

from jejaring.core.forms_renderer import Renderer

CHOICES = [
    ("", "—"),
    (1, "Satu"),
    ("dua", '<b>Dua</b> & "tiga"'),
    ("Kelompok", [("a", "A"), ("b", "B")]),
    (None, "Kosong"),
]


class Tagged(forms.Select):
    """An option with attributes of its own (True, False and text values)."""

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        option["attrs"].update(
            {"data-x": "1 < 2", "hidden": option["value"] == "b", "data-y": True}
        )
        return option


class OwnTemplate(forms.Select):
    """An option drawn by a template of its own must still be included."""

    option_template_name = "django/forms/widgets/input_option.html"


@pytest.mark.parametrize(
    "widget",
    [
        forms.Select(choices=CHOICES),
        forms.Select(choices=CHOICES, attrs={"class": "x", "required": True, "disabled": False}),
        forms.SelectMultiple(choices=CHOICES),
        forms.NullBooleanSelect(),
        Tagged(choices=CHOICES),
        OwnTemplate(choices=CHOICES),
    ],
    ids=["select", "attrs", "multiple", "null-boolean", "option-attrs", "option-template"],
)
@pytest.mark.parametrize("value", [None, "", 1, "dua", "b", ["a", 1], "unknown"])
def test_a_select_is_written_as_djangos_own_template_writes_it(widget, value):
    if isinstance(widget, forms.NullBooleanSelect) and isinstance(value, list):
        pytest.skip("a yes/no select takes one value")
    ours = widget.render("pilih", value, attrs={"id": "id_pilih"}, renderer=Renderer())
    django = widget.render("pilih", value, attrs={"id": "id_pilih"}, renderer=DjangoTemplates())
    assert ours == django
    assert ours.count("<option") + ours.count("<label>") >= 3


@pytest.mark.django_db
def test_the_register_filters_render_the_same_with_either_renderer(demo_village):
    from jejaring.actors.forms import RegisterFilterForm
    from jejaring.actors.queries import filter_choices

    village = demo_village
    choices = filter_choices(village)
    data = {"q": "", "category": "", "welfare": "poor"}
    with override_settings(FORM_RENDERER="django.forms.renderers.DjangoTemplates"):
        django = str(RegisterFilterForm(village, data, choices=choices))
    ours = str(RegisterFilterForm(village, data, choices=choices))
    assert ours == django
    assert ours.count("<option") > 5
