"""Helpers of the interchange tests: small villages and files written in a few lines."""

from __future__ import annotations

import csv
import io

import pytest


def csv_bytes(rows: list[list], *, sep: str = ",", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    for r in rows:
        writer.writerow(r)
    return out.getvalue().encode(encoding)


def xlsx_bytes(sheets: dict[str, list[list]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def model_counts() -> dict[str, int]:
    """Rows per model of every app: to show that a rejected import wrote nothing."""
    from django.apps import apps

    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in ("villages", "actors", "engagement", "analysis", "interchange")
    }


@pytest.fixture
def village(db):
    from jejaring.villages.services import create_village

    return create_village("Desa Uji", slug="desa-uji", hamlets=["Krajan", "Ngasem"])


@pytest.fixture
def indonesian():
    from django.utils import translation

    with translation.override("id"):
        yield


ACTORS = [
    [
        "id",
        "name",
        "kind",
        "category",
        "hamlet",
        "gender",
        "welfare",
        "influence",
        "interest",
        "stance",
        "position",
        "field",
    ],
    [
        "A1",
        "Pak Budi Santoso",
        "person",
        "village_official",
        "Krajan",
        "male",
        "middle",
        4,
        3,
        1,
        "Kepala Desa",
        "government",
    ],
    [
        "A2",
        "Bu Darmi",
        "person",
        "moneylender",
        "Ngasem",
        "female",
        "well_off",
        3,
        2,
        -1,
        "",
        "credit",
    ],
    [
        "A3",
        "KK Paiman",
        "household",
        "household",
        "Ngasem",
        "male",
        "very_poor",
        "",
        "",
        "",
        "",
        "",
    ],
]
TIES = [
    [
        "source",
        "target",
        "type",
        "form",
        "frequency",
        "attachment",
        "exclusive",
        "informant",
        "note",
    ],
    ["A3", "A2", "credit", "credit", "monthly", "binding", "yes", "A3", "utang musim tanam"],
    ["A3", "A1", "advice", "", "occasional", "loose", "", "", ""],
]
