"""Exports never hold a live formula, and the round trip gives the values back (issue 16 #3)."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest

from jejaring.actors.models import Actor
from jejaring.interchange import services as S
from jejaring.interchange.cells import csv_text, from_csv_text
from jejaring.villages.services import create_village

pytestmark = pytest.mark.django_db

HOSTILE = {
    "name": '=HYPERLINK("http://x";"klik")',
    "position": "+62 812 3456",
    "contact": "@rumah",
    "rt": "-",
}


@pytest.fixture
def hostile_actor(demo_village):
    actor = Actor.objects.filter(village=demo_village).order_by("code").first()
    Actor.objects.filter(pk=actor.pk).update(**HOSTILE)
    return actor


def test_csv_cells_are_neutralised(demo_village, hostile_actor):
    archive = zipfile.ZipFile(io.BytesIO(S.export(demo_village, "csv").data))
    rows = list(csv.reader(io.StringIO(archive.read("actors.csv").decode())))
    row = next(r for r in rows if hostile_actor.code in r)
    for value in HOSTILE.values():
        assert value not in row and "'" + value in row


def test_xlsx_cells_are_text_not_formulas(demo_village, hostile_actor):
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(S.export(demo_village, "xlsx").data))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells}
    assert set(HOSTILE.values()) <= values


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_round_trip_gives_the_values_back(demo_village, hostile_actor, fmt):
    exported = S.export(demo_village, fmt)
    if fmt == "csv":
        archive = zipfile.ZipFile(io.BytesIO(exported.data))
        files = [S.InputFile(n, archive.read(n)) for n in ("actors.csv", "ties.csv")]
    else:
        files = [S.InputFile(exported.filename, exported.data)]
    copy = create_village("Salinan", slug=f"salinan-{fmt}")
    S.import_files(copy, files, match_names=False)
    again = Actor.objects.get(village=copy, code=hostile_actor.code)
    assert {k: getattr(again, k) for k in HOSTILE} == HOSTILE


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+62 812", "-", "@home", "\tx", "\rx", "'=quoted", "''-x", "-3", "+5", "plain"],
)
def test_the_csv_rule_undoes_exactly_what_it_did(value):
    assert from_csv_text(csv_text(value)) == value
    assert csv_text("-3") == "-3" and csv_text("=1") == "'=1"


def _sheet_xml(data: bytes) -> list[bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]


def test_xlsx_headers_and_error_codes_are_text_too_and_import_back():
    """An extra column named ``=…`` became a formula header and a name ``#N/A`` an error cell,
    which the importer read as an error; both are plain text now."""
    from openpyxl import load_workbook

    village = create_village("Desa Rumus", slug="desa-rumus")
    Actor.objects.create(village=village, code="a1", name="#N/A", attributes={"=jumlah": "3"})
    Actor.objects.create(village=village, code="a2", name="=1+1")
    exported = S.export(village, "xlsx", language="id")
    for xml in _sheet_xml(exported.data):
        assert b"<f>" not in xml and b't="e"' not in xml
    ws = load_workbook(io.BytesIO(exported.data))["aktor"]
    assert "=jumlah" in [c.value for c in ws[1]]
    copy = create_village("Salinan", slug="salinan")
    S.import_files(copy, [S.InputFile(exported.filename, exported.data)], match_names=False)
    again = {a.code: a for a in Actor.objects.filter(village=copy)}
    assert again["a1"].name == "#N/A" and again["a1"].attributes == {"=jumlah": "3"}
    assert again["a2"].name == "=1+1"


def test_the_field_form_pick_list_is_guarded_but_keeps_the_values(demo_village):
    from jejaring.interchange import xlsform

    actor = Actor.objects.filter(village=demo_village).order_by("code").first()
    Actor.objects.filter(pk=actor.pk).update(name="@rumah", position="")
    form, _, choices = xlsform.build(demo_village)
    for xml in _sheet_xml(form):
        assert b"<f>" not in xml
    rows = list(csv.reader(io.StringIO(choices.decode())))
    label = next(r[1] for r in rows if r[0] == xlsform.actor_value(actor))
    assert label.startswith("'@rumah")
    assert not [r for r in rows[1:] if r[1].startswith(("=", "+", "-", "@"))]
