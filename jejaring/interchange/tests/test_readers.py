"""Files as Excel and field laptops write them are read; damaged ones are reported, located."""

from __future__ import annotations

import codecs
import io

from openpyxl import Workbook

from jejaring.interchange import csv as csv_format
from jejaring.interchange import xlsx
from jejaring.interchange.problems import Problems
from jejaring.interchange.records import parse_table
from jejaring.interchange.tests.conftest import csv_bytes, xlsx_bytes

ROWS = [["id", "nama", "dusun"], ["A1", "Pak Budi", "Krajan"], ["A2", "Bu Sri Rahayu", "Ngasem"]]


def read(data: bytes, name: str = "aktor.csv"):
    problems = Problems()
    return csv_format.read_csv(data, name, problems), problems


def test_utf8_with_and_without_bom_and_utf16_read_the_same():
    plain = csv_bytes(ROWS)
    for data in (
        plain,
        codecs.BOM_UTF8 + plain,
        "\ufeff".encode("utf-16-le") + plain.decode().encode("utf-16-le"),
    ):
        table, problems = read(data)
        assert not problems, [str(p) for p in problems]
        assert table.headers == ["id", "nama", "dusun"]
        assert [r for _, r in table.rows][1] == ["A2", "Bu Sri Rahayu", "Ngasem"]


def test_windows_1252_is_read():
    data = csv_bytes([["id", "nama"], ["A1", "José Café"]], encoding="cp1252")
    table, problems = read(data)
    assert not problems and table.rows[0][1] == ["A1", "José Café"]


def test_semicolon_and_tab_separators_are_recognised():
    for sep in (";", "\t"):
        table, _ = read(csv_bytes(ROWS, sep=sep))
        assert table.headers == ["id", "nama", "dusun"] and len(table.rows) == 2


def test_bad_bytes_are_reported_with_their_row():
    # 0x81 is undefined in Windows-1252 and invalid as UTF-8: neither reading works.
    data = b"id,nama\nA1,Budi\nA2,Sri\x81\n"
    table, problems = read(data)
    assert table is None
    [p] = problems.errors
    assert p.row == 3 and "0x81" in p.text()


def test_binary_and_excel_files_given_as_csv_are_refused_politely():
    assert read(b"\x00\x01\x02binary")[0] is None
    table, problems = read(xlsx_bytes({"aktor": ROWS}))
    assert table is None and "Excel" in str(problems.errors[0])


def test_xlsx_merged_cells_repeat_their_value_with_a_warning():
    wb = Workbook()
    ws = wb.active
    ws.title = "aktor"
    for r in [*ROWS, ["A3", "Pak Joko", None]]:
        ws.append(r)
    ws.merge_cells("C3:C4")  # "Ngasem" covers the rows of A2 and A3
    out = io.BytesIO()
    wb.save(out)
    problems = Problems()
    [table] = xlsx.read_workbook(out.getvalue(), "data.xlsx", problems)
    assert [r[2] for _, r in table.rows] == ["Krajan", "Ngasem", "Ngasem"]
    assert problems.warnings and "C3:C4" in problems.warnings[0].text()


def test_xlsx_formulas_without_saved_results_are_errors_at_their_cell():
    wb = Workbook()
    ws = wb.active
    ws.title = "aktor"
    for r in ROWS:
        ws.append(r)
    ws["B3"] = '=CONCATENATE("Bu ", "Sri")'  # openpyxl saves no computed value
    out = io.BytesIO()
    wb.save(out)
    problems = Problems()
    xlsx.read_workbook(out.getvalue(), "data.xlsx", problems)
    [p] = problems.errors
    assert (p.row, p.column) == (3, "B") and "formula" in p.message


def test_a_title_row_above_the_header_is_skipped():
    data = xlsx_bytes({"aktor": [["DATA AKTOR DESA UJI"], [], *ROWS]})
    [table] = xlsx.read_workbook(data, "data.xlsx", Problems())
    assert table.headers == ["id", "nama", "dusun"]
    assert table.rows[0][0] == 4  # the spreadsheet's own row number


def test_old_xls_and_junk_are_refused_with_a_reason():
    problems = Problems()
    assert xlsx.read_workbook(xlsx.OLE_SIGNATURE + b"\x00" * 600, "old.xls", problems) is None
    assert ".xls" in problems.errors[0].text()
    problems = Problems()
    assert xlsx.read_workbook(b"PK\x03\x04 not really a zip", "x.xlsx", problems) is None
    assert problems.has_errors


def test_cells_are_checked_and_located_by_spreadsheet_row_and_written_header():
    data = csv_bytes(
        [
            ["kode", "nama", "pengaruh", "jenis kelamin"],
            ["A1", "Budi", "7", "L"],
            ["A1", "", "2,5", "X"],
        ]
    )
    table, _ = read(data)
    problems = Problems()
    parse_table(table, "actors", problems)
    located = {(p.row, p.column) for p in problems.errors}
    assert located == {
        (2, "pengaruh"),
        (3, "kode"),
        (3, "nama"),
        (3, "pengaruh"),
        (3, "jenis kelamin"),
    }


def test_values_are_read_in_either_language():
    data = csv_bytes(
        [
            [
                "dari",
                "ke",
                "jenis hubungan",
                "frekuensi",
                "keterikatan",
                "eksklusif",
                "jumlah",
                "sejak",
            ],
            ["A1", "A2", "Kredit", "Mingguan", "mengikat", "ya", "Rp 1.500.000", "31/03/2024"],
        ]
    )
    table, _ = read(data, "hubungan.csv")
    problems = Problems()
    parsed = parse_table(table, "ties", problems)
    assert not problems.has_errors
    v = parsed.records[0].values
    assert (v["frequency"], v["attachment"], v["exclusive"]) == ("weekly", "binding", True)
    assert str(v["amount"]) == "1500000.00" and v["since"].isoformat() == "2024-03-31"
    assert v["type"] == "Kredit"  # open vocabulary: resolved against the village later
