"""The pictures show what was recorded (issue 12, items 7–8), at laptop and phone size.

Every recorded tie type is drawn thick and opaque enough to see; the village head, officials,
top patrons and brokers are always labelled; the graph fills the canvas on a phone.
Screenshots: artifacts/screenshots/pictures-*.png.
"""

from __future__ import annotations

from tests.browser.conftest import screenshot

VILLAGE = "/v/tegalrejo"

EDGES = """() => {
  const g = window.jejaringMap.graph; const out = {};
  g.forEachEdge((e, a) => {
    const alpha = a.color.length === 9 ? parseInt(a.color.slice(7), 16) / 255 : 1;
    const t = window.jejaringMap.data.types[a.tieType].code;
    out[t] = Math.min(out[t] === undefined ? 99 : out[t], a.size * alpha);
  });
  return out;
}"""


def _open_map(page):
    page.goto(f"{VILLAGE}/analysis/map/")
    page.wait_for_function(
        "() => document.getElementById('village-map').dataset.nodesDrawn !== ''", timeout=30_000
    )
    page.wait_for_timeout(500)


def _check_map(page, name):
    _open_map(page)
    visibility = page.evaluate(EDGES)
    # kinship, authority, communication, membership, advice… every type drawn, none faint.
    assert len(visibility) >= 5
    assert all(v >= 0.9 for v in visibility.values()), visibility
    forced = page.evaluate(
        "() => { const g = window.jejaringMap.graph; const out = [];"
        " g.forEachNode((n, a) => { if (a.forceLabel) out.push(a.label); }); return out; }"
    )
    assert "Juragan Hartono" in forced and 3 <= len(forced) <= 40, forced
    screenshot(page, f"pictures-map-{name}")
    return forced


def test_map_shows_every_tie_type_and_names_the_key_actors(page):
    _check_map(page, "laptop")


def test_map_on_a_phone_fills_the_canvas(phone_page):
    _check_map(phone_page, "phone")
    box = phone_page.locator("#map-canvas").bounding_box()
    assert box["width"] >= 340


def _check_grid(page, name):
    page.goto(f"{VILLAGE}/actors/grid/")
    labels = page.locator(".grid-labels text")
    assert labels.count() >= 3
    # Labels stay inside the picture and do not overlap each other.
    svg = page.locator("svg.grid-svg").bounding_box()
    boxes = [labels.nth(i).bounding_box() for i in range(labels.count())]
    for b in boxes:
        assert b["x"] >= svg["x"] - 1 and b["x"] + b["width"] <= svg["x"] + svg["width"] + 1
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"] + 1
                or b["x"] + b["width"] <= a["x"] + 1
                or a["y"] + a["height"] <= b["y"] + 1
                or b["y"] + b["height"] <= a["y"] + 1
            )
            assert apart, (a, b)
    screenshot(page, f"pictures-grid-{name}")


def test_grid_names_the_top_dots(page):
    _check_grid(page, "laptop")


def test_grid_names_the_top_dots_on_a_phone(phone_page):
    _check_grid(phone_page, "phone")
