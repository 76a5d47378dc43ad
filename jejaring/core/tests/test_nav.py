"""The village menu marks the section of every page, not only of its own entries (issue 12)."""

from __future__ import annotations

import pytest

from jejaring.core.nav import VILLAGE_NAV, section_of, village_nav

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("page", "section"),
    [
        ("actors:actor", "actors:register"),
        ("actors:tie_edit", "actors:register"),
        ("actors:discussion", "actors:discussions"),
        ("actors:venn", "actors:grid"),
        ("engagement:meeting", "engagement:forums"),
        ("engagement:forum_coverage", "engagement:forums"),
        ("engagement:contact", "engagement:dashboard"),
        ("analysis:snapshot", "analysis:map"),
        ("reports:levers", "reports:recommendations"),
        ("interchange:examples", "interchange:index"),
        ("villages:settings", "villages:home"),
    ],
)
def test_a_page_marks_its_section(page, section):
    assert section_of(page) == section
    active = [i for i in village_nav("tegalrejo", page) if i["active"]]
    assert len(active) == 1 and active[0]["url"].startswith("/v/tegalrejo/")


def test_every_entry_marks_itself():
    for name, _label in VILLAGE_NAV:
        assert section_of(name) == name


def test_the_browser_finds_an_icon_without_a_link(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("jejaring.svg")
