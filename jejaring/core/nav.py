"""The village navigation. Entries whose page does not exist are left out."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

VILLAGE_NAV = [
    ("villages:home", _("Home")),
    ("actors:register", _("Stakeholders")),
    ("actors:discussions", _("Discussions")),
    ("analysis:map", _("Map")),
    ("actors:grid", _("Power–interest")),
    ("analysis:interest", _("Interest networks")),
    ("engagement:dashboard", _("Engagement")),
    ("engagement:forums", _("Forums")),
    ("reports:recommendations", _("Recommendations")),
    ("reports:report", _("Report")),
    ("interchange:index", _("Import / export")),
]


def village_nav(slug: str, current: str | None) -> list[dict]:
    items = []
    for name, label in VILLAGE_NAV:
        try:
            url = reverse(name, kwargs={"village": slug})
        except NoReverseMatch:
            continue
        app = name.split(":")[0]
        items.append({"url": url, "label": label, "active": current == name, "app": app})
    return items
