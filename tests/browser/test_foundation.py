"""The acceptance path of the foundation, in a real browser: log in as demo/demo and see the
village with its counts, in Indonesian; switch to English."""

from __future__ import annotations

from tests.browser.conftest import screenshot


def test_demo_login_shows_village_home_in_indonesian(page):
    assert page.locator("html").get_attribute("lang") == "id"
    assert "Tegalrejo" in page.locator("h1").inner_text()
    actors = page.locator("[data-count=actors]").inner_text()
    ties = page.locator("[data-count=ties]").inner_text()
    # Counts are grouped the Indonesian way: 1.368, not 1368 nor 1,368.
    assert "." in ties and "," not in ties
    assert int(actors.replace(".", "")) > 250 and int(ties.replace(".", "")) > 1000
    screenshot(page, "home-laptop")


def test_language_switch_to_english_and_back(page):
    page.click("button.lang-btn[value=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Home").count() >= 1
    page.click("button.lang-btn[value=id]")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "id"


def test_home_on_a_phone(phone_page):
    assert "Tegalrejo" in phone_page.locator("h1").inner_text()
    screenshot(phone_page, "home-phone")
