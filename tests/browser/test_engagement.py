"""Networking in practice, in a real browser on the demo village: plan a contact and record it,
run a forum meeting, read the forum's coverage, and find the overdue item on the dashboard.

The demo server is shared with other browser tests, so what is created here carries unique
titles and nothing relies on exact counts.
"""

from __future__ import annotations

import datetime as dt
import uuid

from tests.browser.conftest import screenshot

V = "/v/tegalrejo/engagement"


def today() -> str:
    return dt.date.today().isoformat()


def in_days(n: int) -> str:
    return (dt.date.today() + dt.timedelta(days=n)).isoformat()


def test_plan_a_contact_record_it_and_see_the_status_change(page):
    purpose = f"Uji peramban {uuid.uuid4().hex[:6]}: perkenalan"
    page.goto(f"{V}/contacts/plan/")
    # Karyadi (village council) has not been approached; choosing him loads whom to go through.
    page.select_option("#id_actor", label="Karyadi — Anggota BPD")
    routes = page.locator("#routes")
    routes.locator("h2", has_text="Karyadi").wait_for()
    go_through = routes.locator("[data-use-via]").first
    go_through.click()
    assert page.input_value("#id_via") == go_through.get_attribute("data-use-via")
    page.fill("#id_planned_date", today())
    page.fill("#id_purpose", purpose)
    screenshot(page, "engagement-plan-contact")
    page.click("button.primary:has-text('Simpan rencana')")
    page.wait_for_load_state("networkidle")
    assert "Karyadi" in page.locator("h1").inner_text()
    assert "Belum didekati" in page.locator("#current-status").inner_text()

    page.locator("#contacts tr", has_text=purpose).locator("a").first.click()
    page.wait_for_load_state("networkidle")
    page.fill("#id_held_date", today())
    page.fill("#id_outcome", "Mau mendengar; bertanya tentang dana bergulir.")
    page.select_option("#id_new_status", label="Mau menerima")
    page.fill("#id_next_step", "Mengundang ke forum")
    page.fill("#id_next_step_due", in_days(14))
    page.click("#record-contact button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Mau menerima" in page.locator("#current-status").inner_text()
    history = page.locator("#status-history tr", has_text="Mau menerima")
    assert "Belum didekati" in history.inner_text()
    assert page.locator(".path li.current").inner_text() == "Mau menerima"
    screenshot(page, "engagement-actor-after-contact")


def test_forum_meeting_with_agenda_attendance_and_an_action_item(page):
    title = f"Uji peramban {uuid.uuid4().hex[:6]}"
    page.goto(f"{V}/forums/")
    page.click("text=Forum Dialog Warga Tegalrejo")
    page.wait_for_load_state("networkidle")
    page.click("a.btn:has-text('Pertemuan baru')")
    page.wait_for_load_state("networkidle")
    page.fill("#id_date", today())
    page.fill("#id_title", title)
    page.fill("#id_agenda-0-title", "Hasil panen dan harga gabah")
    page.select_option("#id_agenda-0-field", label="Pertanian")
    page.select_option("#id_agenda-0-lead", label="Kelompok Tani Sri Rejeki (Pertanian)")
    page.fill("#id_agenda-1-title", "Aturan bicara di forum")
    page.select_option("#id_agenda-1-field", label="Rumah tangga miskin")
    page.select_option("#id_agenda-1-lead", label="Rina Pratiwi (Rumah tangga miskin)")
    for name in (
        "H. Sutrisno (Pemerintahan desa)",
        "Kelompok Tani Sri Rejeki (Pertanian)",
        "Ir. Agus Salim (Pertanian)",
    ):
        page.get_by_label(name, exact=True).check()
    screenshot(page, "engagement-new-meeting")
    page.click("button.primary:has-text('Simpan pertemuan')")
    page.wait_for_load_state("networkidle")
    assert title in page.locator("h1").inner_text()
    # The facilitator leading an item is flagged at once, on the page and on the item.
    assert page.locator("#agenda-warning").is_visible()
    assert page.locator("[data-warning=facilitator_leads]").is_visible()
    attendance = page.locator("#attendance").inner_text()
    assert "Ir. Agus Salim" in attendance and "(3)" in attendance

    page.click("#actions summary")
    page.fill("#id_action-text", "Mengumpulkan harga gabah dari tiga tengkulak")
    page.select_option("#id_action-owner", label="Kelompok Tani Sri Rejeki (Pertanian)")
    page.fill("#id_action-due", in_days(21))
    page.click("#actions form button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = page.locator("#actions tr", has_text="Mengumpulkan harga gabah")
    assert "Kelompok Tani Sri Rejeki" in row.inner_text()
    screenshot(page, "engagement-meeting")


def test_read_the_forums_coverage(page):
    page.goto(f"{V}/forums/")
    page.click("text=Forum Dialog Warga Tegalrejo")
    page.wait_for_load_state("networkidle")
    page.click("a.btn:has-text('Keterwakilan')")
    page.wait_for_load_state("networkidle")
    assert "Siapa yang terwakili di forum" in page.locator("h1").inner_text()
    missing = page.locator("#missing").inner_text()
    for heading in ("Kategori", "Bidang", "Dusun", "Peringkat kesejahteraan", "Jenis kelamin"):
        assert heading in missing
    assert page.locator("#dim-hamlet tbody tr").count() == 4  # the demo's four hamlets
    assert page.locator("#speaking tbody tr").count() >= 3
    # From the network analysis: communities, patron clusters, captive clients.
    assert page.locator("#dim-community tbody tr").count() >= 1
    assert page.locator("#clusters tbody tr").count() >= 1
    assert page.locator("#captives").is_visible()
    screenshot(page, "engagement-coverage")


def test_dashboard_shows_the_overdue_items_and_prints(page):
    page.goto(f"{V}/")
    overdue_actions = page.locator("#overdue-actions")
    assert "Menyusun aturan dana bergulir bersama BPD" in overdue_actions.inner_text()
    # the demo's planned visit to the mobile lender was never made
    assert page.locator("#overdue tr", has_text="Untung").count() == 1
    assert page.locator("#overdue-count").inner_text() != "0"
    screenshot(page, "engagement-dashboard")
    page.emulate_media(media="print")
    assert not page.locator(".subnav").first.is_visible()
    assert not page.locator("[data-print]").is_visible()
    assert overdue_actions.is_visible()
    screenshot(page, "engagement-dashboard-print")


def test_dashboard_and_checklist_on_a_phone(phone_page):
    phone_page.goto(f"{V}/checklist/")
    assert phone_page.locator("#group-district_head").is_visible()
    screenshot(phone_page, "engagement-checklist-phone")
    phone_page.goto(f"{V}/")
    assert phone_page.locator("#overdue-actions").is_visible()
    screenshot(phone_page, "engagement-dashboard-phone")
