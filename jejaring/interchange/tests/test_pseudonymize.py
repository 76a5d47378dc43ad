"""Pseudonymised exports carry no names, free text or contact details; codes stay stable."""

from __future__ import annotations

import io
import zipfile

import pytest

from jejaring.actors.models import Actor
from jejaring.interchange import services as S
from jejaring.interchange.export import ExportFilter, pseudonym

pytestmark = pytest.mark.django_db


def contents(file: S.ExportFile) -> str:
    if file.filename.endswith(".zip"):
        archive = zipfile.ZipFile(io.BytesIO(file.data))
        return "\n".join(archive.read(n).decode() for n in archive.namelist())
    if file.filename.endswith(".xlsx"):
        from openpyxl import load_workbook

        wb = load_workbook(io.BytesIO(file.data), read_only=True)
        return "\n".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    return file.data.decode()


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "graphml", "gexf", "json"])
def test_no_name_of_any_actor_is_left(demo_village, fmt):
    Actor.objects.filter(village=demo_village, code="DARSIH").update(
        contact="0812-3456-7890", notes="utang keluarga Tarjo 2 juta"
    )
    text = contents(S.export(demo_village, fmt, flt=ExportFilter(pseudonymize=True)))
    names = set(Actor.objects.filter(village=demo_village).values_list("name", flat=True))
    # Core of each name ("KK Samidi (Sidomulyo, RT 05)" → "Samidi"); hamlets may stay.
    leaked = [n for n in names if n.split(" (")[0] in text]
    assert not leaked, leaked[:5]
    assert "0812-3456-7890" not in text and "utang keluarga" not in text
    for code in ("HAJI-SLAMET", "KADES", "DARSIH"):
        assert code not in text


def test_codes_are_stable_between_exports(demo_village):
    a = contents(S.export(demo_village, "csv", flt=ExportFilter(pseudonymize=True)))
    b = contents(S.export(demo_village, "csv", flt=ExportFilter(pseudonymize=True)))
    assert a == b
    darsih = Actor.objects.get(village=demo_village, code="DARSIH")
    assert pseudonym(demo_village, darsih.pk) in a


@pytest.mark.parametrize("fmt", ["csv", "graphml", "json"])
def test_sensitive_and_refusing_actors_are_left_out_when_shared(demo_village, fmt):
    darsih = Actor.objects.get(village=demo_village, code="DARSIH")
    kyai = Actor.objects.get(village=demo_village, code="KYAI")
    Actor.objects.filter(pk=darsih.pk).update(sensitive=True)
    Actor.objects.filter(pk=kyai.pk).update(consent=Actor.Consent.REFUSED)
    shared = contents(S.export(demo_village, fmt, flt=ExportFilter(pseudonymize=True)))
    for withheld in (darsih, kyai):
        # Neither the actor nor anything pointing at them (ties, evidence, assessments…).
        assert pseudonym(demo_village, withheld.pk) not in shared
        assert str(withheld.pk) not in shared
    other = Actor.objects.get(village=demo_village, code="KADES")
    assert pseudonym(demo_village, other.pk) in shared
    # Inside the team (not pseudonymised) nothing is left out.
    assert "DARSIH" in contents(S.export(demo_village, fmt))


def test_a_shared_json_file_cannot_be_linked_back_to_the_village_or_its_records(demo_village):
    """Issue 16 #13: no real record id, village id, slug, name, area or hamlet name."""
    import json

    from jejaring.villages.models import Hamlet

    doc = json.loads(S.export(demo_village, "json", flt=ExportFilter(pseudonymize=True)).data)
    text = json.dumps(doc)
    real_ids = {str(demo_village.pk)} | {
        str(pk)
        for model in (Actor, Hamlet)
        for pk in model.objects.filter(village=demo_village).values_list("pk", flat=True)
    }
    assert not [i for i in real_ids if i in text]
    assert demo_village.slug not in text and demo_village.name not in text
    for hamlet in Hamlet.objects.filter(village=demo_village):
        assert f'"{hamlet.name}"' not in text
    assert doc["village"]["area"] is None
    # References still hold together: every tie's ends are actors of the file.
    actors = {r["id"] for r in doc["records"]["actors.actor"]}
    assert all({t["source"], t["target"]} <= actors for t in doc["records"]["actors.tie"])
    # Stable between exports of this installation.
    again = json.loads(S.export(demo_village, "json", flt=ExportFilter(pseudonymize=True)).data)
    assert {r["id"] for r in again["records"]["actors.actor"]} == actors
    assert again["village"]["slug"] == doc["village"]["slug"]
