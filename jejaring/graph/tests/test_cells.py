"""The analysis workbook shows names as text, never as formulas (issue 16, item 3)."""

from __future__ import annotations

import zipfile

from openpyxl import load_workbook

from jejaring.graph.output import write_xlsx
from jejaring.graph.pipeline import analyze


def test_names_that_look_like_formulas_are_string_cells(tmp_path):
    actors = tmp_path / "actors.csv"
    ties = tmp_path / "ties.csv"
    actors.write_text('id,name\na,=1+1\nb,"=HYPERLINK(""http://x"")"\nc,#N/A\n')
    ties.write_text("source,target,type\na,b,credit\nb,c,kin\n")
    out = tmp_path / "out.xlsx"
    write_xlsx(analyze(str(actors), str(ties)), out)
    archive = zipfile.ZipFile(out)
    for name in archive.namelist():
        if name.startswith("xl/worksheets/"):
            xml = archive.read(name)
            assert b"<f>" not in xml and b't="e"' not in xml, name
    ws = load_workbook(out)["actors"]
    header = [c.value for c in ws[1]]
    names = {row[header.index("name")].value for row in ws.iter_rows(min_row=2)}
    assert names == {"=1+1", '=HYPERLINK("http://x")', "#N/A"}
