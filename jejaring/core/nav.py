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
    ("awareness:index", _("Awareness circles")),
    ("reports:recommendations", _("Recommendations")),
    ("change:index", _("Change")),
    ("reports:report", _("Report")),
    ("interchange:index", _("Import / export")),
]


#: Pages below a menu entry, by view-name prefix (longest first wins); a page that is no menu
#: entry itself marks the entry of its section as current, so the menu always shows where
#: one is (issue 12).
SECTIONS = [
    ("actors:discussion", "actors:discussions"),
    ("actors:fact", "actors:discussions"),
    ("actors:participant", "actors:discussions"),
    ("actors:grid", "actors:grid"),
    ("actors:venn", "actors:grid"),
    ("actors:", "actors:register"),
    ("analysis:interest", "analysis:interest"),
    ("analysis:", "analysis:map"),
    ("engagement:forum", "engagement:forums"),
    ("engagement:member", "engagement:forums"),
    ("engagement:meeting", "engagement:forums"),
    ("engagement:agenda", "engagement:forums"),
    ("engagement:decision", "engagement:forums"),
    ("engagement:action", "engagement:forums"),
    ("engagement:", "engagement:dashboard"),
    ("awareness:", "awareness:index"),
    ("reports:report", "reports:report"),
    ("reports:", "reports:recommendations"),
    ("interchange:", "interchange:index"),
    ("change:", "change:index"),
    ("audit:actor", "actors:register"),
    ("audit:tie", "actors:register"),
    ("audit:forum", "engagement:forums"),
    ("audit:", "villages:home"),
    ("villages:", "villages:home"),
    ("sync:", "villages:home"),
]


def section_of(view_name: str | None) -> str | None:
    """The menu entry a page belongs to (its own view name when it is an entry)."""
    if not view_name:
        return None
    if any(view_name == name for name, _label in VILLAGE_NAV):
        return view_name
    matches = [entry for prefix, entry in SECTIONS if view_name.startswith(prefix)]
    return matches[0] if matches else None


#: Menu entries only members who can write see (their pages refuse everyone else).
WRITERS_ONLY = {"awareness:index"}


def village_nav(slug: str, current: str | None, *, can_write: bool = True) -> list[dict]:
    current = section_of(current)
    items = []
    for name, label in VILLAGE_NAV:
        if name in WRITERS_ONLY and not can_write:
            continue
        try:
            url = reverse(name, kwargs={"village": slug})
        except NoReverseMatch:
            continue
        app = name.split(":")[0]
        items.append({"url": url, "label": label, "active": current == name, "app": app})
    return items
