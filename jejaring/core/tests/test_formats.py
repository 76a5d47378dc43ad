"""One Indonesian form for dates and numbers on every page: "5 Des 2026", "0,96" (issue 12,
item 17)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

DAY_MONTH_YEAR = re.compile(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Mei|Jun|Jul|Agu|Sep|Okt|Nov|Des) \d{4}\b")
NUMERIC_DATE = re.compile(r"\b\d{2}-\d{2}-\d{4}\b")


def test_dates_and_numbers_render_the_indonesian_way():
    with translation.override("id"):
        text = Template("{{ d|date }} | {{ x }} | {{ x|floatformat:2 }} | {{ n|floatformat:'0g' }}")
        out = text.render(Context({"d": dt.date(2026, 12, 5), "x": 0.96, "n": 1250000}))
    assert out == "5 Des 2026 | 0,96 | 0,96 | 1.250.000"


@pytest.mark.parametrize(
    "name",
    ["villages:home", "actors:discussions", "engagement:contacts", "engagement:forums"],
)
def test_pages_show_dates_in_one_form(member_client, demo_village, name):
    page = member_client.get(reverse(name, kwargs={"village": demo_village.slug}))
    html = page.content.decode()
    assert page.status_code == 200
    assert not NUMERIC_DATE.findall(html), NUMERIC_DATE.findall(html)[:3]
    assert DAY_MONTH_YEAR.search(html), "no date shown on the page"


def test_an_account_date_reads_like_the_other_dates():
    from jejaring.actors.queries import account_value_label

    with translation.override("id"):
        assert account_value_label("start_date", "2026-12-05") == "5 Des 2026"
