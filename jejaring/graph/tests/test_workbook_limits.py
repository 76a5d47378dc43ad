"""``jejaring analyze`` reads sheets within bounded memory (issue 16, item 2) and says where a
CSV quote is never closed (item 8).

openpyxl's read-only mode, which the engine used, filled in every empty row up to a cell a
5 KB file claims at row 2,000,000,000 (gigabytes, then MemoryError), raised a bare ValueError
(a traceback on the command line) for column ``ZZZZZZZ``, and trusted a too-small
``<dimension>`` to drop real rows without a word.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from jejaring.graph.errors import InputError
from jejaring.graph.tables import read_workbook


def workbook(last_row: int = 3, last_col: str = "B", dimension: str | None = None) -> bytes:
    """An actors/ties workbook whose third actor row is moved to ``last_col``/``last_row``;
    ``dimension`` replaces the sheet's size claim (None: removed)."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in (
        ("actors", [["id", "name"], ["a", "Pak A"], ["b", "Bu B"]]),
        ("ties", [["source", "target", "type"], ["a", "b", "kin"]]),
    ):
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buffer = io.BytesIO()
    wb.save(buffer)
    src = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r"<dimension [^>]*>", "", body.decode())
                if dimension:
                    text = text.replace(
                        "<sheetViews>", f'<dimension ref="{dimension}"/><sheetViews>'
                    )
                text = text.replace('<row r="3"', f'<row r="{last_row}"')
                text = text.replace('r="A3"', f'r="A{last_row}"')
                text = text.replace('r="B3"', f'r="{last_col}{last_row}"')
                body = text.encode()
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("row", "col", "where"),
    [(2_000_000_000, "B", "row 2000000000"), (3, "ZZZZZZZ", "row 3"), (3, "XFE", "row 3")],
)
def test_a_cell_beyond_a_spreadsheets_limits_is_refused_in_little_memory(tmp_path, row, col, where):
    path = tmp_path / "desa.xlsx"
    path.write_bytes(workbook(row, col))
    assert path.stat().st_size < 6000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=rf"desa.xlsx \[actors\], {where}: .*limits"):
            read_workbook(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_a_too_small_dimension_claim_drops_no_row(tmp_path):
    path = tmp_path / "desa.xlsx"
    path.write_bytes(workbook(5000, dimension="A1:B2"))
    actors = read_workbook(path)["actors"]
    assert list(actors.rows) == [2, 5000]


def test_the_command_line_says_which_sheet_and_row_without_a_traceback(tmp_path):
    path = tmp_path / "desa.xlsx"
    path.write_bytes(workbook(3, "ZZZZZZZ"))
    done = subprocess.run(
        [sys.executable, "-m", "jejaring", "analyze", "--workbook", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "desa.xlsx [actors], row 3" in done.stderr


def test_an_unterminated_quote_in_a_csv_is_reported_at_its_row(tmp_path):
    """It used to swallow every later row into one name: actors b and c vanished silently."""
    from jejaring.graph.tables import read_table

    path = tmp_path / "aktor.csv"
    path.write_text('id,name\na,Pak A\nb,"Bu B\nc,Pak C\nd,Bu D\n')
    with pytest.raises(InputError, match=r"aktor.csv, row 3: a quote .* never closed"):
        read_table(path, "actors")


def test_a_workbook_that_unpacks_too_large_is_refused_before_reading(tmp_path, monkeypatch):
    from jejaring.interchange import xlsxsheets

    path = tmp_path / "desa.xlsx"
    path.write_bytes(workbook())
    monkeypatch.setattr(xlsxsheets, "MAX_UNPACKED", 2000)
    with pytest.raises(InputError, match=r"desa.xlsx: the workbook unpacks to more than"):
        read_workbook(path)
