"""Small display helpers for the engagement pages: vocabulary labels, shares, status badges."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from jejaring import vocab

register = template.Library()

_VOCABS = {
    "status": vocab.ENGAGEMENT_STATUSES,
    "stage": vocab.ENGAGEMENT_STAGES,
    "channel": vocab.CONTACT_CHANNELS,
    "group": vocab.APPROACH_GROUPS,
    "welfare": vocab.WELFARE_RANKS,
    "gender": vocab.GENDERS,
}
_LABELS = {name: {t.code: t.label for t in terms} for name, terms in _VOCABS.items()}


@register.filter
def label(code, vocabulary: str) -> str:
    """``{{ code|label:"status" }}``: the translated label of a vocabulary code."""
    text = _LABELS.get(vocabulary, {}).get(code)
    return gettext(text) if text else (code or "")


@register.filter
def pct(share) -> str:
    """A share in [0, 1] as a whole percentage; "–" when unknown."""
    if share is None:
        return "–"
    return f"{round(share * 100)}%"


@register.filter
def get(mapping, key):
    """``{{ counts|get:code }}``: a dict value in a template."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def width(part, whole) -> str:
    """A CSS percentage width for a bar segment (``part`` of ``whole``)."""
    try:
        return f"{100 * part / whole:.1f}%" if whole else "0%"
    except (TypeError, ZeroDivisionError):
        return "0%"


@register.simple_tag
def status_badge(code: str) -> str:
    from django.utils.html import format_html

    return format_html(
        '<span class="badge status status-{}">{}</span>', code, label(code, "status")
    )


@register.filter
def stance(value) -> str:
    """A stance −2..+2 with its sign."""
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else str(value)
