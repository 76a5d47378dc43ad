"""A tiny workbook cannot take the server down (issue 16 #2).

The probe's 4.7 KB file named one cell ``A2000000000``: the reader grew past 3.7 GB; a cell in
column ``ZZZZZZZ`` raised MemoryError and a 500. Cell references beyond a spreadsheet's own
limits are refused with a clear message naming the sheet and row, and memory stays small.
"""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jejaring.cli.tests.test_commands import jejaring
from jejaring.interchange import xlsx
from jejaring.interchange.problems import Problems
from jejaring.interchange.tests.conftest import xlsx_bytes

pytestmark = pytest.mark.django_db


def hostile(ref: str) -> bytes:
    """A valid actors workbook whose last cell is moved to ``ref``."""
    data = xlsx_bytes({"aktor": [["id", "name"], ["A1", "Pak Satu"], ["A2", "Bu Dua"]]})
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = body.decode()
                text = re.sub(r'<dimension ref="[^"]*"/>', "", text)
                text = text.replace('r="B3"', f'r="{ref}"')
                if ref[0] == "A":  # a row far below: move the row number too
                    text = text.replace('<row r="3"', f'<row r="{ref[1:]}"')
                body = text.encode()
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize("ref", ["A2000000000", "ZZZZZZZ2", "XFE3"])
def test_a_cell_beyond_a_sheets_limits_is_refused_in_little_memory(ref):
    data = hostile(ref)
    assert len(data) < 10_000
    problems = Problems()
    tracemalloc.start()
    tables = xlsx.read_workbook(data, "aktor.xlsx", problems)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert tables is None and problems.has_errors
    assert peak < 20_000_000, peak
    [problem] = problems.errors
    assert "aktor" in problem.file and "beyond" in problem.message


def test_a_real_far_cell_within_the_limits_is_still_read():
    tables = xlsx.read_workbook(hostile("A5000"), "aktor.xlsx", Problems())
    assert tables and [r for r, _ in tables[0].rows] == [2, 5000]


def test_upload_page_and_api_answer_with_the_problem_not_a_500(demo_village, member_client):
    data = hostile("ZZZZZZZ3")
    response = member_client.post(
        f"/api/v1/villages/{demo_village.slug}/import?dry_run=true",
        {"files": [SimpleUploadedFile("aktor.xlsx", data)]},
    )
    assert response.status_code == 400
    [problem] = response.json()["problems"]
    assert problem["row"] == 3 and "aktor" in problem["file"]


def test_the_command_line_refuses_it_with_exit_2(tmp_path):
    path = tmp_path / "aktor.xlsx"
    path.write_bytes(hostile("A2000000000"))
    assert jejaring("demo", data_dir=tmp_path / "d").returncode == 0
    result = jejaring(
        "import",
        "--village",
        "tegalrejo",
        "--workbook",
        str(path),
        "--dry-run",
        data_dir=tmp_path / "d",
        env={"JEJARING_LANGUAGE": "en"},
    )
    assert result.returncode == 2, result.stderr
    assert "beyond what a spreadsheet can hold" in result.stderr
