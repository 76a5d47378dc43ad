"""No input crashes an importer or half-writes a village (property-based, hypothesis).

Each importer (actors/ties CSV and Excel, GraphML, village JSON, KoboToolbox Excel, ODK
Central zip) gets random bytes, random tables, and valid files with defects injected: missing
columns, unknown and duplicate ids, wrong types, bad encodings, empty sheets, formulas, merged
cells. The properties: the only exception is :class:`ImportRejected`; when it is raised no
row of any table changed; every problem about a cell names its row and column; every message
is translated into Indonesian.
"""

from __future__ import annotations

import io
import os

import pytest
from django.utils import translation
from django.utils.translation import gettext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from jejaring.interchange import services as S
from jejaring.interchange.problems import ImportRejected
from jejaring.interchange.tests.conftest import csv_bytes, model_counts

pytestmark = pytest.mark.django_db

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,  # the same examples every run
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

#: Problems about a whole file rather than a cell (they cannot name a row and column).
FILE_LEVEL = {
    "the file is empty",
    "the sheet is empty",
    "this is not a text (CSV) file",
    "this is an Excel workbook or a zip file, not a CSV file",
    "this is not an Excel (.xlsx) workbook",
    "this Excel workbook is damaged or not an .xlsx file",
    "this is an old Excel 97-2003 (.xls) file: save it as .xlsx and try again",
    "the workbook has no sheet with data",
    "no table of actors or ties was found",
    "this is not a Jejaring village export",
    "this is not a well-formed XML file",
    "this is not a GraphML file",
    "the GraphML file holds no graph",
    "the file declares a DTD or entities, which are not accepted",
    "this is not a readable zip file",
    "the JSON file is not UTF-8 text",
    "the zip has no CSV file of submissions (with a KEY column)",
    "the export has no sheet with a _uuid column",
    "a second table of actors: give one at most",
    "a second table of ties: give one at most",
    "this export has version %(version)s; this Jejaring reads version %(expected)s",
    "the workbook is too large once unpacked",
}


def attempt(village, files: list[S.InputFile]):
    """Import ``files``; return the problems when rejected (after checking nothing changed)."""
    before = model_counts()
    with translation.override("id"):
        try:
            S.import_files(village, files)
        except ImportRejected as exc:
            assert model_counts() == before, "a rejected import wrote something"
            for p in exc.problems:
                assert gettext(p.message) != p.message or p.message.startswith("%"), (
                    f"not translated: {p.message}"
                )
                if p.is_error and p.message not in FILE_LEVEL:
                    assert p.row is not None, str(p)
            return exc.problems
    return None


# --------------------------------------------------------------------------- random bytes


@SETTINGS
@given(
    data=st.binary(max_size=3000),
    name=st.sampled_from(
        ["aktor.csv", "data.xlsx", "desa.json", "jaringan.graphml", "kobo.zip", "hubungan.txt"]
    ),
)
def test_random_bytes_never_crash_or_write(village, data, name):
    attempt(village, [S.InputFile(name, data)])


@SETTINGS
@given(
    text=st.text(max_size=2000),
    name=st.sampled_from(["aktor.csv", "desa.json", "jaringan.graphml"]),
)
def test_random_text_never_crashes_or_writes(village, text, name):
    attempt(village, [S.InputFile(name, text.encode("utf-8"))])


CELLS = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-10, 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.sampled_from(["ya", "tidak", "credit", "Mingguan", "A1", "A2", "31/02/2024", "=1+1"]),
)
HEADERS = st.lists(
    st.sampled_from(
        [
            "id",
            "kode",
            "nama",
            "name",
            "source",
            "dari",
            "target",
            "ke",
            "jenis",
            "type",
            "pengaruh",
            "frekuensi",
            "eksklusif",
            "sejak",
            "jumlah",
            "",
            "x",
            "kesejahteraan",
            "bidang",
            "dusun",
            "kekuatan",
        ]
    ),
    min_size=1,
    max_size=8,
)


def writable(cell):
    """What openpyxl can store: no control characters, no NaN or infinity."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(cell, str):
        return ILLEGAL_CHARACTERS_RE.sub("", cell)
    if isinstance(cell, float) and (cell != cell or abs(cell) == float("inf")):
        return None
    return cell


@SETTINGS
@given(
    headers=HEADERS, rows=st.lists(st.lists(CELLS, max_size=9), max_size=12), as_xlsx=st.booleans()
)
def test_random_tables_never_crash(village, headers, rows, as_xlsx):
    if as_xlsx:
        wb = Workbook()
        ws = wb.active
        ws.title = "aktor"
        ws.append(headers)
        for r in rows:
            ws.append([writable(c) for c in r])
        out = io.BytesIO()
        wb.save(out)
        files = [S.InputFile("data.xlsx", out.getvalue())]
    else:
        files = [S.InputFile("tabel.csv", csv_bytes([headers, *rows]))]
    attempt(village, files)


# --------------------------------------------------------------------------- injected defects

ACTORS = [
    ["id", "nama", "jenis", "pengaruh", "sikap", "kesejahteraan"],
    ["A1", "Pak Budi", "person", 3, 1, "poor"],
    ["A2", "Bu Sri", "person", 4, 0, "middle"],
    ["A3", "KK Paiman", "household", 1, -1, "very_poor"],
]
TIES = [
    ["dari", "ke", "jenis", "frekuensi", "kekuatan", "sejak", "eksklusif"],
    ["A3", "A2", "credit", "monthly", 4, "2024-01-31", "ya"],
    ["A3", "A1", "advice", "weekly", 2, "", "tidak"],
]

# (table, row index, column index, bad value, expected column header)
CELL_DEFECTS = [
    ("actors", 1, 3, "banyak", "pengaruh"),  # not a number
    ("actors", 2, 3, 9, "pengaruh"),  # out of 0..5
    ("actors", 3, 4, 1.5, "sikap"),  # not a whole number
    ("actors", 1, 5, "kaya raya sekali", "kesejahteraan"),  # unknown welfare rank
    ("actors", 2, 0, "A1", "id"),  # duplicate id
    ("actors", 3, 1, "", "nama"),  # empty name
    ("ties", 1, 1, "A9", "ke"),  # unknown actor
    ("ties", 2, 1, "A3", "ke"),  # a tie to oneself
    ("ties", 1, 3, "tiap jam", "frekuensi"),  # unknown frequency
    ("ties", 2, 4, 0, "kekuatan"),  # strength below 1
    ("ties", 1, 5, "31/02/2024", "sejak"),  # no such date
    ("ties", 2, 6, "mungkin", "eksklusif"),  # not yes/no
]


def tables_with(defects):
    actors = [list(r) for r in ACTORS]
    ties = [list(r) for r in TIES]
    for table, r, c, value, _ in defects:
        (actors if table == "actors" else ties)[r][c] = value
    return actors, ties


@SETTINGS
@given(
    defects=st.lists(st.sampled_from(CELL_DEFECTS), min_size=1, max_size=4, unique=True),
    as_xlsx=st.booleans(),
)
def test_bad_cells_are_each_located_and_nothing_is_written(village, defects, as_xlsx):
    actors, ties = tables_with(defects)
    if as_xlsx:
        from jejaring.interchange.tests.conftest import xlsx_bytes

        files = [S.InputFile("data.xlsx", xlsx_bytes({"aktor": actors, "hubungan": ties}))]
    else:
        files = [
            S.InputFile("aktor.csv", csv_bytes(actors)),
            S.InputFile("hubungan.csv", csv_bytes(ties)),
        ]
    problems = attempt(village, files)
    assert problems is not None, "a defective file was imported"
    located = {(p.row, p.column) for p in problems.errors}
    for _table, r, _c, _value, header in defects:
        if header == "id" and any(d[0] == "ties" and d[3] == "A1" for d in defects):
            continue
        assert (r + 1, header) in located, (defects, located)


@SETTINGS
@given(
    drop=st.sampled_from([("actors", 0), ("actors", 1), ("ties", 0), ("ties", 1)]),
    as_xlsx=st.booleans(),
)
def test_a_missing_required_column_is_named(village, drop, as_xlsx):
    actors, ties = tables_with([])
    table = actors if drop[0] == "actors" else ties
    for row in table:
        del row[drop[1]]
    files = [
        S.InputFile("aktor.csv", csv_bytes(actors)),
        S.InputFile("hubungan.csv", csv_bytes(ties)),
    ]
    problems = attempt(village, files)
    assert problems is not None
    expected = {
        ("actors", 0): "id",
        ("actors", 1): "name",
        ("ties", 0): "source",
        ("ties", 1): "target",
    }[drop]
    assert any(p.row == 1 and p.column == expected for p in problems.errors)


@SETTINGS
@given(row=st.integers(1, 3), byte=st.sampled_from([b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d"]))
def test_bad_encodings_name_row_and_column(village, row, byte):
    lines = csv_bytes(ACTORS).split(b"\n")
    lines[row] = (
        lines[row]
        .replace(b"Pak", b"P" + byte, 1)
        .replace(b"Bu ", b"B" + byte + b" ", 1)
        .replace(b"KK", b"K" + byte)
    )
    problems = attempt(village, [S.InputFile("aktor.csv", b"\n".join(lines))])
    [p] = problems.errors
    assert (p.row, p.column) == (row + 1, "nama")


def test_formulas_without_results_and_empty_sheets_are_refused(village):
    wb = Workbook()
    ws = wb.active
    ws.title = "aktor"
    for r in ACTORS:
        ws.append(r)
    ws["D3"] = "=2+2"
    wb.create_sheet("hubungan")  # empty
    out = io.BytesIO()
    wb.save(out)
    problems = attempt(village, [S.InputFile("data.xlsx", out.getvalue())])
    assert any((p.row, p.column) == (3, "D") for p in problems.errors)
    assert any(p.message == "the sheet is empty" for p in problems.errors)


def test_merged_cells_are_accepted_with_a_warning_naming_them(village):
    wb = Workbook()
    ws = wb.active
    ws.title = "aktor"
    for r in ACTORS:
        ws.append(r)
    ws["F3"] = None
    ws.merge_cells("F2:F3")  # one welfare rank for two rows
    out = io.BytesIO()
    wb.save(out)
    result = S.import_files(village, [S.InputFile("data.xlsx", out.getvalue())])
    assert any("F2:F3" in p.text() for p in result.problems.warnings)
    from jejaring.actors.models import Actor

    assert Actor.objects.get(village=village, code="A2").welfare == "poor"


# --------------------------------------------------------------------------- 10 MB of junk

JUNK = os.urandom(10 * 1024 * 1024)


@pytest.mark.parametrize(
    "name", ["aktor.csv", "data.xlsx", "desa.json", "jaringan.graphml", "kobo.zip"]
)
def test_ten_megabytes_of_junk_are_refused_quickly(village, name):
    problems = attempt(village, [S.InputFile(name, JUNK)])
    assert problems is not None and problems.has_errors


def test_ten_megabytes_of_text_junk_are_refused_with_capped_problems(village):
    line = b"id,nama,pengaruh\n" + b"X,Y,zzz\n" * (10 * 1024 * 1024 // 8)
    problems = attempt(village, [S.InputFile("aktor.csv", line)])
    assert problems.error_count > 1000 and len(problems.kept) <= 200  # counted, not all kept


def test_junk_inside_a_kobo_shaped_workbook(village):
    from jejaring.interchange.tests.conftest import xlsx_bytes

    data = xlsx_bytes(
        {
            "form": [["respondent", "_uuid", "_index"], ["??", "u1", 1]],
            "r_credit": [["credit_who", "_parent_index"], ["x", 5]],
        }
    )
    problems = attempt(village, [S.InputFile("kobo.xlsx", data)])
    assert problems is not None
    assert all(p.row is not None for p in problems.errors)
