"""The Perubahan (Change) page and the commitment form, in a real browser at 1280 and 390 px.

The demo village carries a year of monthly snapshots, so every chart has points; the test
records a commitment, adds evidence that it was kept, and finds it on the dashboard and in the
'commitments done' chart. The demo server is shared with other tests: nothing relies on exact
counts of what other tests create.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.browser.conftest import _new_page, log_in, screenshot

V = "/v/tegalrejo/change"


def _width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_change_page_charts_and_a_commitment(browser, live_url, request, width):
    gen = _new_page(browser, live_url, {"width": width, "height": 900}, request)
    page, _errors = next(gen)
    log_in(page)

    page.goto(f"{V}/")
    assert page.locator("h1").inner_text() == "Perubahan"
    charts = page.locator("figure.change-figure")
    assert charts.count() >= 7
    # Each chart has a line through the monthly snapshots and its numbers as a table.
    first = charts.first
    assert first.locator("svg polyline").count() >= 1
    assert first.locator("svg circle").count() >= 13
    first.locator("summary").click()
    rows = first.locator("tbody tr")
    assert rows.count() >= 13
    assert rows.last.locator("td").first.inner_text().startswith("sekarang")
    assert _width(page) <= width, "the Change page is wider than the screen"
    screenshot(page, f"change-page-{width}")

    # Before/after between the oldest snapshot and now, in sentences.
    page.locator("#id_before").select_option(index=page.locator("#id_before option").count() - 1)
    page.locator("#id_after").select_option("now")
    page.click("#before-after button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator(".change-sentences li").count() > 0
    assert "Tidak lagi bergantung pada Darsih" in page.locator("#before-after").inner_text()

    # Record a commitment, then evidence that it was kept.
    words = f"Uji peramban {uuid.uuid4().hex[:6]}: lahan demplot 0,25 ha"
    page.goto(f"{V}/commitments/")
    page.select_option("#id_patron", label="Broto Sumarto — Pemilik sawah")
    page.select_option("#id_kind", "demo_plot")
    page.fill("#id_text", words)
    page.select_option("#id_lever", "land_for_demonstration")
    page.fill("#id_made_on", dt.date.today().isoformat())
    page.select_option("#id_status", "agreed")
    page.fill("#id_follow_up", (dt.date.today() + dt.timedelta(days=2)).isoformat())
    assert _width(page) <= width, "the commitment form is wider than the screen"
    screenshot(page, f"change-commitment-form-{width}")
    page.click("button.primary:has-text('Catat')")
    page.wait_for_load_state("networkidle")
    assert "Broto Sumarto" in page.locator("h1").inner_text()
    assert words in page.content()

    page.goto("/v/tegalrejo/engagement/")
    assert "Janji yang perlu ditindaklanjuti" in page.locator("#commitment-follow-ups").inner_text()
    page.locator("#commitment-follow-ups a", has_text="Broto Sumarto").first.click()
    page.wait_for_load_state("networkidle")
    page.select_option("#id_status", "done")
    page.fill("#id_date", dt.date.today().isoformat())
    page.fill("#id_note", "Demplot sudah ditanami.")
    page.click("button.primary:has-text('Catat')")
    page.wait_for_load_state("networkidle")
    assert "ditepati" in page.locator("dl.facts").inner_text()
    assert page.locator(".change-events li").count() == 2
    screenshot(page, f"change-commitment-{width}")
    next(gen, None)
