"""Import in a real browser: upload a file, see its row problem in the preview, upload the
corrected file, confirm, and find the new actors in the register."""

from __future__ import annotations

import uuid

from tests.browser.conftest import screenshot


def csv_file(name: str, rows: list[list[str]]) -> dict:
    text = "\n".join(",".join(r) for r in rows) + "\n"
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def test_upload_preview_fix_and_confirm(page):
    tag = uuid.uuid4().hex[:6].upper()
    header = ["kode", "nama", "pengaruh", "dusun"]
    bad = [
        header,
        [f"B{tag}1", f"Pak Uji {tag}", "9", "Krajan"],
        [f"B{tag}2", f"Bu Coba {tag}", "2", "Ngasem"],
    ]
    good = [
        header,
        [f"B{tag}1", f"Pak Uji {tag}", "4", "Krajan"],
        [f"B{tag}2", f"Bu Coba {tag}", "2", "Ngasem"],
    ]

    page.goto("/v/tegalrejo/data/")
    page.set_input_files("#id_files", files=[csv_file("aktor.csv", bad)])
    page.click("form.upload-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    # The preview lists the problem at its row and column, in Indonesian.
    problem = page.locator("table.problems tr[data-row='2']")
    assert problem.count() == 1
    text = problem.inner_text()
    assert "pengaruh" in text and "seharusnya bilangan bulat" in text
    screenshot(page, "interchange-preview-problem")

    page.set_input_files("#id_files", files=[csv_file("aktor.csv", good)])
    page.click("form.upload-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("table.problems .problem-error").count() == 0
    assert page.locator("#summary").inner_text().strip().startswith("2")
    page.click("#confirm-import")
    page.wait_for_load_state("networkidle")
    assert "Sudah diimpor" in page.locator("h1").inner_text()
    screenshot(page, "interchange-imported")

    page.click("text=Lihat para aktor")
    page.wait_for_load_state("networkidle")
    page.goto(f"/v/tegalrejo/actors/?q={tag}")
    body = page.locator("main").inner_text()
    assert f"Pak Uji {tag}" in body and f"Bu Coba {tag}" in body


def test_export_page_downloads_a_file(page):
    page.goto("/v/tegalrejo/data/export/")
    page.check("input[name=format][value=gexf]")
    with page.expect_download() as info:
        page.click("button[name=download]")
    download = info.value
    assert download.suggested_filename.endswith(".gexf")
