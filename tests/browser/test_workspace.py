"""The facilitator's workspace in a real browser (issue 4's acceptance path).

Log in, add an actor, record a tie with its evidence and find it on the actor page; open the
map and check that the number of nodes drawn equals the number of actors passing the filter
(counted independently by the register); change a filter; save the picture; switch the
language; visit every page reachable from the village home. Every page fails the test on a
JavaScript error (the fixtures do that); screenshots of the main pages at laptop and phone size
go to artifacts/screenshots/.

The demo server is shared by all browser tests: what a test adds carries a unique name.
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import screenshot

VILLAGE = "/v/tegalrejo"


def unique(prefix: str) -> str:
    return f"{prefix} {uuid.uuid4().hex[:6]}"


def register_count(page, query: str = "") -> int:
    page.goto(f"{VILLAGE}/actors/{query}")
    return int(page.locator("[data-register-count]").get_attribute("data-register-count"))


def open_map(page, query: str = ""):
    page.goto(f"{VILLAGE}/analysis/map/{query}")
    page.wait_for_function(
        "() => document.getElementById('village-map').dataset.nodesDrawn !== ''", timeout=30_000
    )


def nodes_drawn(page) -> int:
    drawn = page.evaluate("() => window.jejaringMap.graph.order")
    attr = int(page.locator("#village-map").get_attribute("data-nodes-drawn"))
    assert drawn == attr
    return drawn


def test_add_an_actor_and_a_tie_with_evidence_then_find_it(page):
    name = unique("Bu Uji")
    page.goto(f"{VILLAGE}/actors/new/")
    page.fill("#id_name", name)
    page.select_option("#id_hamlet", label="Ngasem")
    page.select_option("#id_welfare", value="poor")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    assert name in page.locator("h1").inner_text()

    # From the actor page: "record a tie" comes with this actor as the first party.
    page.click("a.btn.primary:has-text('Catat hubungan')")
    page.wait_for_load_state("networkidle")
    assert page.input_value("#id_source").startswith(name)
    page.fill("#id_target", "H. Slamet Riyadi [HAJI-SLAMET]")
    credit = page.locator("#id_type option", has_text="meminjam uang dari").get_attribute("value")
    page.select_option("#id_type", value=credit)
    # Choosing the type fills its usual form of dependency (tie_form.js).
    assert page.input_value("#id_form") == "credit"
    page.select_option("#id_frequency", value="weekly")
    page.select_option("#id_attachment", value="binding")
    page.fill("#id_informant_name", "Tetangga sebelah")
    page.select_option("#id_discussion", index=1)
    page.select_option("#id_evidence_confidence", value="high")
    page.fill("#id_account", "Pinjam untuk bayar sekolah, dicicil tiap pekan.")
    screenshot(page, "tie-form-laptop")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")

    # Back on the actor page, the tie is listed with its account.
    assert name in page.locator("h1").inner_text()
    tie = page.locator("#ties li.tie", has_text="meminjam uang dari H. Slamet Riyadi")
    assert tie.count() == 1
    assert "Tetangga sebelah" in tie.inner_text()
    assert "Mingguan" in tie.inner_text() and "Terikat" in tie.inner_text()
    screenshot(page, "actor-laptop")

    # The tie's own page shows the account side by side.
    tie.locator("a.tie-sentence").click()
    page.wait_for_load_state("networkidle")
    assert "Tetangga sebelah" in page.locator("table.accounts").inner_text()


def test_validation_messages_are_next_to_the_field_in_indonesian(page):
    page.goto(f"{VILLAGE}/actors/ties/new/")
    page.fill("#id_source", "Orang Yang Tidak Ada Sama Sekali")
    page.fill("#id_target", "H. Slamet Riyadi [HAJI-SLAMET]")
    page.click("button[name=save]")
    page.wait_for_load_state("networkidle")
    source_field = page.locator(".field:has(#id_source)")
    assert "Tidak ada aktor bernama" in source_field.inner_text()
    type_field = page.locator(".field:has(#id_type)")
    assert "Pilih jenis hubungan." in type_field.inner_text()


def test_actor_picker_suggests_names_as_you_type(page):
    page.goto(f"{VILLAGE}/actors/ties/new/")
    page.locator("#id_target").press_sequentially("Slamet R", delay=40)
    # The page starts with every actor in the list (pickers work offline in small villages);
    # on a loaded machine a pause between keys can fire a request for "S" or "Sla" first:
    # wait for the suggestions to the whole text, not for the first short list to arrive.
    page.wait_for_function(
        "() => { const o = [...document.querySelectorAll('#list-target option')];"
        " return o.length <= 15 && o.some(e => e.value === 'H. Slamet Riyadi [HAJI-SLAMET]'); }"
    )
    options = page.locator("#list-target option").evaluate_all("els => els.map(e => e.value)")
    assert 0 < len(options) <= 15
    assert "Sumi [BAKUL-2]" not in options


def test_register_filters_without_reloading(page):
    total = register_count(page)
    page.select_option("#id_hamlet", value="Gunungsari")
    page.wait_for_function(
        f"() => document.querySelector('[data-register-count]').dataset.registerCount !== '{total}'"
    )
    assert "hamlet=Gunungsari" in page.url
    filtered = int(page.locator("[data-register-count]").get_attribute("data-register-count"))
    assert 0 < filtered < total
    rows = page.locator("table.register tbody tr")
    assert all("Gunungsari" in t for t in rows.all_inner_texts()[:10])
    screenshot(page, "register-laptop")
    # Sorting swaps the table in place; the filter stays; a name still opens the actor page.
    page.click("th a[data-sort=welfare]")
    page.wait_for_function("() => location.search.includes('sort=welfare')")
    assert "hamlet=Gunungsari" in page.url
    first = page.locator("table.register tbody tr td.name a").first
    name = first.inner_text()
    first.click()
    page.wait_for_load_state("networkidle")
    assert name in page.locator("h1").inner_text() and "/actors/" in page.url


def test_map_draws_one_node_per_actor_passing_the_filter(page):
    everyone = register_count(page)
    krajan = register_count(page, "?hamlet=Krajan")
    krajan_households = register_count(page, "?hamlet=Krajan&category=household")
    open_map(page)
    assert nodes_drawn(page) == everyone
    ties_all = int(page.locator("#village-map").get_attribute("data-ties-drawn"))
    assert ties_all > 1000
    screenshot(page, "map-laptop")

    page.select_option("#map-hamlet", value="Krajan")
    page.wait_for_function(f"() => window.jejaringMap.graph.order === {krajan}")
    assert nodes_drawn(page) == krajan
    page.select_option("#map-category", value="household")
    page.wait_for_function(f"() => window.jejaringMap.graph.order === {krajan_households}")
    assert nodes_drawn(page) == krajan_households

    # Tie types filter the ties, not the actors.
    page.select_option("#map-category", value="")
    page.click("#map-types-box summary")
    page.click("button[data-types=dependency]")
    assert nodes_drawn(page) == krajan
    dependency_ties = int(page.locator("#village-map").get_attribute("data-ties-drawn"))
    types = page.evaluate(
        "() => { const g = window.jejaringMap.graph; const out = new Set();"
        " g.forEachEdge((e, a) => out.add(a.dependency)); return [...out]; }"
    )
    assert types == [True] and dependency_ties > 0
    # Dependency ties are drawn as arrows, client → patron.
    assert page.evaluate(
        "() => { let ok = true; window.jejaringMap.graph.forEachEdge((e, a) => {"
        " if (a.type !== 'arrow') ok = false; }); return ok; }"
    )


def test_map_colour_size_cluster_search_and_side_panel(page):
    open_map(page)
    page.select_option("#map-colour", value="stance")
    assert (
        "Sangat menentang" in page.locator("#map-legend").inner_text()
        or "Belum dinilai" in page.locator("#map-legend").inner_text()
    )
    page.select_option("#map-size", value="patron_score")
    assert "Ukuran: Skor patron" in page.locator("#map-legend").inner_text()
    # Highlight the first patron cluster.
    page.select_option("#map-cluster", index=1)
    assert "Kelompok patron" in page.locator("#map-status").inner_text()
    page.fill("#map-search", "Juragan Hartono")
    page.click("#map-search-go")
    page.wait_for_selector("#map-panel:not([hidden]) [data-panel-actor]")
    assert "Juragan Hartono" in page.locator("#map-panel").inner_text()
    assert "focus=" in page.url
    screenshot(page, "map-panel-laptop")


def test_map_picture_saves_as_png_and_svg(page):
    open_map(page)
    with page.expect_download() as png:
        page.click("#map-png")
    assert png.value.suggested_filename == "jejaring-tegalrejo-map.png"
    with page.expect_download() as svg:
        page.click("#map-svg")
    text = svg.value.path().read_text(encoding="utf-8")
    assert text.startswith("<svg") and text.count("<circle") == nodes_drawn(page)


def test_interest_network_links_to_the_map(page):
    page.goto(f"{VILLAGE}/analysis/interest/")
    first = page.locator("section.patron").first
    name = first.locator("h2 a").first.inner_text()
    screenshot(page, "interest-laptop")
    first.locator("a:has-text('Di peta')").click()
    page.wait_for_selector("#map-panel:not([hidden]) [data-panel-actor]")
    assert name in page.locator("#map-panel").inner_text()
    assert page.locator("#map-cluster").input_value() != ""


def test_switch_language_on_the_register(page):
    page.goto(f"{VILLAGE}/actors/")
    assert page.locator("h1").inner_text() == "Daftar pemangku kepentingan"
    page.click("button.lang-btn[value=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Stakeholder register"
    page.click("button.lang-btn[value=id]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Daftar pemangku kepentingan"


MAIN_PAGES = {
    "home": f"{VILLAGE}/",
    "register": f"{VILLAGE}/actors/",
    "discussions": f"{VILLAGE}/actors/discussions/",
    "grid": f"{VILLAGE}/actors/grid/",
    "venn": f"{VILLAGE}/actors/venn/",
    "interest": f"{VILLAGE}/analysis/interest/",
    "map": f"{VILLAGE}/analysis/map/",
    "tie-form": f"{VILLAGE}/actors/ties/new/",
}


@pytest.mark.parametrize("name", sorted(MAIN_PAGES))
def test_main_pages_on_a_phone(phone_page, name):
    phone_page.goto(MAIN_PAGES[name])
    phone_page.wait_for_load_state("networkidle")
    if name == "map":
        phone_page.wait_for_function(
            "() => document.getElementById('village-map').dataset.nodesDrawn !== ''"
        )
    # Nothing wider than the screen except inside scrollable table wrappers.
    overflow = phone_page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1, f"{name} is {overflow}px wider than a phone"
    screenshot(phone_page, f"{name}-phone")


@pytest.mark.parametrize("name", ["grid", "venn", "discussions", "home"])
def test_main_pages_on_a_laptop(page, name):
    page.goto(MAIN_PAGES[name])
    page.wait_for_load_state("networkidle")
    screenshot(page, f"{name}-laptop")


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SKIP = ("/logout", "/admin/", "/i18n/", "/api/")


def page_kind(url: str) -> str:
    """One visit per kind of page: ids replaced, query values dropped (names kept)."""
    parts = urlparse(url)
    names = sorted({kv.split("=")[0] for kv in parts.query.split("&") if kv})
    return UUID.sub("<id>", parts.path) + ("?" + "&".join(names) if names else "")


def test_every_page_reachable_from_the_home_page_loads(page, live_url):
    """Follow the village menu and the links of every page, breadth first (one page of each
    kind): no server error, no JavaScript error (the fixture fails on any)."""
    start = f"{live_url}{VILLAGE}/"
    queue, seen, visited = [start], {page_kind(start)}, []
    while queue and len(visited) < 120:
        url = queue.pop(0)
        try:
            response = page.goto(url)
        except Exception as exc:  # a link that downloads a file (an export) is not a page
            if "Download is starting" in str(exc):
                continue
            raise
        page.wait_for_load_state("networkidle")
        assert response is not None and response.status < 500, (url, response and response.status)
        visited.append(url)
        # getAttribute: links inside SVG pictures have no plain string .href.
        hrefs = page.locator("a[href]").evaluate_all(
            "els => els.map(e => new URL(e.getAttribute('href'), location.href).href)"
        )
        for href in hrefs:
            href = href.split("#")[0]
            if not href.startswith(live_url + VILLAGE) or any(s in href for s in SKIP):
                continue
            if href.endswith(
                (".csv", ".xlsx", ".pdf", ".json", ".gexf", ".graphml", ".zip", ".svg", ".png")
            ):
                continue
            kind = page_kind(href)
            if kind not in seen:
                seen.add(kind)
                queue.append(href)
    paths = {urlparse(u).path for u in visited}
    for expected in ("/actors/", "/actors/discussions/", "/analysis/map/", "/analysis/interest/"):
        assert f"{VILLAGE}{expected}" in paths
    assert len(visited) >= 20
