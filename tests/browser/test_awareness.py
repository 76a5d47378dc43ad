"""Circles of critical awareness in a real browser, on a laptop and on a phone: read the
proposals, adopt a circle, plan and log a session, record a member's progress, and see it on
the Perubahan page's indicator chart.

The demo server is shared with other browser tests: each run adopts the first proposal not yet
adopted and relies on no exact count.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from tests.browser.conftest import _new_page, log_in, screenshot

V = "/v/tegalrejo/circles"


@pytest.mark.parametrize("width", [1280, 390])
def test_proposal_to_session_to_progress(browser, live_url, request, width):
    gen = _new_page(browser, live_url, {"width": width, "height": 900}, request)
    page, _ = next(gen)
    log_in(page)
    page.goto(f"{V}/")
    assert "Lingkar penyadaran kritis" in page.locator("h1").inner_text()
    card = page.locator(
        "section.card[data-circle]", has=page.locator("button:has-text('Pakai lingkar ini')")
    ).first
    assert "Jangan diundang" in card.inner_text()
    title = card.locator("h3").inner_text()
    screenshot(page, f"awareness-proposals-{width}")
    card.locator("button:has-text('Pakai lingkar ini')").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == title
    assert "Jangan diundang" in page.locator("#do-not-invite").inner_text()

    said = f"Bunga sebenarnya 12% sebulan ({uuid.uuid4().hex[:6]})"
    page.click("a:has-text('Rencanakan atau catat pertemuan')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_date", dt.date.today().isoformat())
    page.fill("#id_venue", "Rumah Bu RT")
    page.locator("input[name=topics]").first.check()
    page.locator("input[name=attendees]").first.check()
    page.fill("#id_said", said)
    page.fill("#id_decisions", "Mencatat harga di pasar lain")
    page.click("button.primary:has-text('Simpan')")
    page.wait_for_load_state("networkidle")
    assert said in page.content()
    assert "Pertemuan tersimpan" in page.content()

    page.click("a:has-text('Catat kemajuan anggota')")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_actor", index=1)
    page.select_option("#id_kind", label="Bersuara di forum")
    page.fill("#id_date", dt.date.today().isoformat())
    page.fill("#id_note", "Bertanya tentang harga gabah")
    page.click("button.primary:has-text('Simpan')")
    page.wait_for_load_state("networkidle")
    assert "Kemajuan tercatat" in page.content()
    assert "Bersuara di forum" in page.locator("ol.timeline").inner_text()
    screenshot(page, f"awareness-circle-{width}")
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # A member who switched provider shows on the Perubahan page's indicator chart.
    page.click("a:has-text('Catat kemajuan anggota')")
    page.wait_for_load_state("networkidle")
    page.select_option("#id_actor", index=1)
    page.select_option("#id_kind", label="Berganti penyedia")
    page.fill("#id_date", dt.date.today().isoformat())
    page.click("button.primary:has-text('Simpan')")
    page.wait_for_load_state("networkidle")
    assert "Kemajuan tercatat" in page.content()
    page.goto("/v/tegalrejo/change/")
    chart = page.locator("#ind-switched_provider")
    assert chart.count() == 1 and chart.locator("svg").count() == 1
    now = chart.locator("tbody tr").last.locator("td.num").text_content()
    assert int(now.replace(".", "")) >= 1
    screenshot(page, f"awareness-change-{width}")
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    next(gen, None)
