"""The sections of the village network report, in order (the HTML page, the PDF and the tests
read this one list)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

SECTIONS = (
    ("summary", _("Summary")),
    ("map", _("Network map")),
    ("grid", _("Stakeholder grid")),
    ("key-actors", _("Key actors and their roles")),
    ("clusters", _("Patron clusters and poverty exposure")),
    ("brokers", _("Brokers between groups")),
    ("engagement", _("Engagement progress")),
    ("forum", _("Forum coverage")),
    ("change", _("Change over time")),
    ("recommendations", _("Recommendations")),
)


def section_title(key: str) -> str:
    return str(dict(SECTIONS)[key])
