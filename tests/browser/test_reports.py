"""Recommendations, the what-if and the village network report in a real browser, in both
languages, with screenshots of each page (artifacts/screenshots/reports-*.png).

Nothing here changes the demo data: the what-if is never saved.
"""

from __future__ import annotations

import re

from tests.browser.conftest import screenshot

VILLAGE = "/v/tegalrejo"


def _switch(page, language: str) -> None:
    page.click(f"button.lang-btn[value={language}]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language


def test_recommendations_and_what_if(page):
    page.goto(f"{VILLAGE}/reports/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert (
        page.get_by_role("heading", name=re.compile("Siapa yang didekati lebih dulu")).count() == 1
    )
    entries = page.locator("#entry-points li.rec-item")
    assert entries.count() >= 5
    first = entries.first
    actor = first.get_attribute("data-actor")
    before = page.locator("#coverage .stat .value").first.inner_text()
    screenshot(page, "reports-recommendations-id")

    # Mark the first entry point supportive: htmx recomputes the lists in place.
    first.locator("input[name=supportive]").check()
    page.wait_for_selector("#changes")
    assert f"supportive={actor}" in page.url
    assert page.locator(f'#entry-points li.rec-item[data-actor="{actor}"]').count() == 0
    after = page.locator("#coverage .stat .value").first.inner_text()
    assert int(after.rstrip("%")) > int(before.rstrip("%"))
    assert page.locator(f'#whatif input[name=supportive][value="{actor}"]').is_checked()
    screenshot(page, "reports-what-if-id")

    # Clearing the marks brings the list back as it was (nothing was saved).
    page.click("#whatif a.btn")
    page.wait_for_load_state("networkidle")
    assert page.locator(f'#entry-points li.rec-item[data-actor="{actor}"]').count() == 1


def test_recommendations_in_english(page):
    page.goto(f"{VILLAGE}/reports/")
    _switch(page, "en")
    assert page.get_by_role("heading", name=re.compile("Whom to approach first")).count() == 1
    assert page.locator("#blockers .badge.danger").count() >= 1
    screenshot(page, "reports-recommendations-en")
    _switch(page, "id")


def test_report_in_both_languages_with_pdf(page):
    page.goto(f"{VILLAGE}/reports/report/")
    assert page.locator("#report h1").inner_text().startswith("Laporan jaringan desa")
    assert page.locator("#map svg").count() == 1
    for section in (
        "summary",
        "map",
        "grid",
        "key-actors",
        "clusters",
        "brokers",
        "engagement",
        "forum",
        "recommendations",
    ):
        assert page.locator(f"section#{section}").count() == 1, section
    screenshot(page, "reports-report-id")
    pdf = page.request.get(f"{VILLAGE}/reports/report.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"

    _switch(page, "en")
    assert page.locator("#report h1").inner_text().startswith("Village network report")
    screenshot(page, "reports-report-en")
    page.emulate_media(media="print")
    screenshot(page, "reports-report-print")
    page.emulate_media(media="screen")
    _switch(page, "id")


def test_pseudonymised_report(page):
    page.goto(f"{VILLAGE}/reports/report/?pseudonymize=1")
    text = page.locator("#report").inner_text()
    assert "Darsih" not in text and "Rentenir 1" in text
    screenshot(page, "reports-report-pseudonymised")


def test_supervisor_view(page):
    page.goto("/supervisor/")
    row = page.locator("#villages tr[data-village=tegalrejo]")
    assert row.count() == 1
    screenshot(page, "reports-supervisor")
    row.get_by_role("link", name="Laporan").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"{VILLAGE}/reports/report/")


def test_recommendations_on_a_phone(phone_page):
    phone_page.goto(f"{VILLAGE}/reports/")
    assert phone_page.locator("#entry-points li.rec-item").count() >= 5
    screenshot(phone_page, "reports-recommendations-phone")
