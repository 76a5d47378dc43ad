"""The Sinkronisasi page in a real browser on a phone (390 px), in Indonesian: a facilitator
downloads a sync file, applies a file from another installation that changed an actor the
village also has (a conflict), finds the conflict on the village page and resolves it field
by field. Every page on the way fits the phone and holds no English.

The demo server is shared with other tests: the conflict is resolved by taking only the
actor's notes from the other side (its name stays), so other tests find the actor unchanged.
"""

from __future__ import annotations

import gzip
import json
import uuid
from pathlib import Path

from tests.browser.conftest import screenshot
from tests.browser.test_every_page import _TEXTS_JS, PHONE_WIDTH, english_in

V = "/v/tegalrejo"


def _fits_and_speaks_indonesian(page, what: str) -> None:
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{what}: {width} px wide"
    english = [(t, english_in(t)) for t in page.evaluate(_TEXTS_JS) if english_in(t)]
    assert not english, f"English on {what}: {english}"


def test_sync_page_download_apply_conflict_and_resolve(phone_page):
    page = phone_page
    page.goto(f"{V}/")
    page.click(f"a[href='{V}/sync/']")
    assert page.locator("h1").inner_text() == "Sinkronisasi"
    _fits_and_speaks_indonesian(page, "the sync page")
    screenshot(page, "sync-page-phone")

    # Download: this installation (the server here) writes the village to a file.
    with page.expect_download() as info:
        page.click("#sync-download")
    raw = Path(info.value.path()).read_bytes()
    doc = json.loads(gzip.decompress(raw))
    assert doc["format"] == "jejaring-sync" and doc["items"]

    # A file from another installation that changed one of the village's actors.
    actor = next(
        i for i in doc["items"] if i["model"] == "actors.actor" and (i["data"] or {}).get("name")
    )
    tag = uuid.uuid4().hex[:6]
    theirs = {
        **actor["data"],
        "name": actor["data"]["name"] + f" {tag}",
        "notes": f"Catatan dari laptop {tag}",
    }
    other = {
        "format": doc["format"],
        "version": doc["version"],
        "from": str(uuid.uuid4()),
        "village": doc["village"],
        "upto": 1,
        "seen": {},
        "items": [{"model": "actors.actor", "id": actor["id"], "data": theirs}],
    }
    page.set_input_files(
        "#bundle",
        files=[
            {
                "name": "dari-laptop.json",
                "mimeType": "application/json",
                "buffer": json.dumps(other).encode(),
            }
        ],
    )
    page.click("#sync-apply button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "1 konflik" in page.locator("main").inner_text()
    _fits_and_speaks_indonesian(page, "the sync page after applying a file")

    # The village page lists it.
    page.goto(f"{V}/")
    listed = page.locator(".sync-home a[href$='#conflicts']")
    assert "konflik" in listed.inner_text()
    _fits_and_speaks_indonesian(page, "the village page")
    listed.click()
    page.wait_for_load_state("networkidle")
    link = page.locator("ul.conflicts a", has_text=actor["data"]["name"])
    assert link.count() == 1
    link.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Konflik")
    body = page.locator("main").inner_text()
    assert theirs["name"] in body and theirs["notes"] in body
    _fits_and_speaks_indonesian(page, "the conflict page")
    screenshot(page, "sync-conflict-phone")

    # Field by field: the other side's notes, this side's name.
    page.check("input[name='field:notes'][value=remote]")
    page.check("input[name='field:name'][value=local]")
    page.click("button[name=choice][value=merge]")
    page.wait_for_load_state("networkidle")
    assert "Konflik diselesaikan" in page.locator("main").inner_text()
    assert page.locator("ul.conflicts a", has_text=actor["data"]["name"]).count() == 0
    _fits_and_speaks_indonesian(page, "the sync page after resolving")

    page.goto(f"{V}/actors/{actor['id']}/")
    shown = page.locator("main").inner_text()
    assert theirs["notes"] in shown and theirs["name"] not in shown
