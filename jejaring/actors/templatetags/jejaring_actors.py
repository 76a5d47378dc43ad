"""Template helpers of the workspace pages (stance words and colours, measures, links)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from jejaring import vocab
from jejaring.actors.forms import STANCE_LABELS
from jejaring.actors.presentation import page_url, stance_colour
from jejaring.analysis.results import MEASURE_BY_KEY, number, role_label

register = template.Library()


@register.filter
def stance_text(value) -> str:
    """ "+1 For", "−2 Strongly against"; "" when not assessed."""
    if value is None or value == "":
        return ""
    v = round(float(value))
    label = STANCE_LABELS.get(v)
    return f"{stance_number(v)} {gettext(str(label))}" if label is not None else str(value)


def stance_number(v: int) -> str:
    return "0" if v == 0 else f"{v:+d}".replace("-", "−")


@register.filter(name="vocab")
def vocab_label(value) -> str:
    """A vocabulary label (English source) in the active language."""
    return gettext(str(value)) if value else ""


@register.filter(name="stance_colour")
def stance_colour_filter(value) -> str:
    return stance_colour(value)


@register.filter
def measure(row, key: str) -> str:
    """A measure of an engine row formatted with the measure's digits ("" when missing)."""
    if not row:
        return ""
    value = number(row.get(key))
    if value is None:
        return ""
    m = MEASURE_BY_KEY.get(key)
    digits = m.digits if m else 3
    return f"{value:.{digits}f}"


STATUS_LABELS = {t.code: t.label for t in vocab.ENGAGEMENT_STATUSES}


@register.filter
def status_label(code: str) -> str:
    label = STATUS_LABELS.get(code)
    return gettext(label) if label else code


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter(name="role_label")
def role_label_filter(code: str) -> str:
    return role_label(code)


@register.simple_tag(takes_context=True)
def page_link(context, number_: int) -> str:
    return page_url(context["request"], number_)


@register.filter
def captive_why(record: dict) -> str:
    """Why a client is captive, from a ``{"form", "reason"}`` record ("no other source of …")."""
    from jejaring.analysis.explain import captive_why as why

    return why(record.get("form", ""), record.get("reason", ""))


@register.filter
def form_label(code: str) -> str:
    """A dependency form code as words ("credit" → "kredit")."""
    from jejaring.analysis.explain import form_label as label

    return label(code)
