"""Export → import into an empty village → export gives the same data, for every format that
imports back. The demo village is the data: 350 actors, 1,400 ties of all types, past ties,
evidence, assessments, engagement and a forum."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest
from openpyxl import load_workbook

from jejaring.interchange import json as json_format
from jejaring.interchange import services as S
from jejaring.villages.models import Village
from jejaring.villages.services import create_village

pytestmark = pytest.mark.django_db


def reimport(village, fmt: str, language: str = "id"):
    first = S.export(village, fmt, language=language)
    if fmt == "csv":
        archive = zipfile.ZipFile(io.BytesIO(first.data))
        files = [S.InputFile(n, archive.read(n)) for n in archive.namelist()]
    else:
        files = [S.InputFile(first.filename, first.data)]
    empty = create_village("Salinan", slug=f"salinan-{fmt}")
    S.import_files(empty, files)
    return first, S.export(empty, fmt, language=language), empty


def test_csv_round_trip_is_byte_identical(demo_village):
    import datetime as dt

    from jejaring.actors.models import Tie

    # A past tie (ended) and a tie between the same pair now: both must survive.
    old = Tie.objects.filter(village=demo_village, type__code="credit").first()
    Tie.objects.filter(pk=old.pk).update(
        is_current=False, end_date=dt.date(2025, 6, 30), start_date=dt.date(2024, 1, 1)
    )
    Tie.objects.create(
        village=demo_village,
        source=old.source,
        target=old.target,
        type=old.type,
        form="credit",
        start_date=dt.date(2025, 7, 1),
    )
    first, second, copy = reimport(demo_village, "csv")
    a, b = (zipfile.ZipFile(io.BytesIO(x.data)) for x in (first, second))
    assert a.namelist() == b.namelist() == ["actors.csv", "ties.csv"]
    for name in a.namelist():
        assert a.read(name) == b.read(name), name
    # The files hold the whole network: every actor and tie, current and past.
    assert copy.actors.count() == demo_village.actors.count()
    assert copy.ties.count() == demo_village.ties.count()
    # The demo's own past ties (loans paid off during its year of history) and the one above.
    past = demo_village.ties.filter(is_current=False).count()
    assert past > 1
    assert copy.ties.filter(is_current=False).count() == past


def sheet_values(data: bytes) -> dict[str, list[tuple]]:
    wb = load_workbook(io.BytesIO(data), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


@pytest.mark.parametrize("language", ["id", "en"])
def test_xlsx_round_trip_gives_the_same_cells(demo_village, language):
    first, second, _ = reimport(demo_village, "xlsx", language)
    a, b = sheet_values(first.data), sheet_values(second.data)
    assert a == b
    actors = "aktor" if language == "id" else "actors"
    assert len(a[actors]) == demo_village.actors.count() + 1  # and the header


def graph_of(data: bytes) -> tuple[dict, list]:
    g = nx.read_graphml(io.BytesIO(data))
    nodes = {n: dict(d) for n, d in g.nodes(data=True)}
    edges = sorted(
        (u, v, k, tuple(sorted(d.items()))) for u, v, k, d in g.edges(keys=True, data=True)
    )
    return nodes, edges


def test_graphml_round_trip_gives_the_same_graph(demo_village):
    first, second, _ = reimport(demo_village, "graphml")
    assert graph_of(first.data) == graph_of(second.data)


def test_graphml_is_read_back_by_networkx_with_its_attributes(demo_village):
    g = nx.read_graphml(io.BytesIO(S.export(demo_village, "graphml").data))
    assert g.number_of_nodes() == demo_village.actors.count()
    assert g.number_of_edges() == demo_village.ties.count()
    assert g.nodes["HAJI-SLAMET"]["name"] == "H. Slamet Riyadi"
    credit = [d for _, _, d in g.edges(data=True) if d["type"] == "credit"]
    assert credit and all(d["directed"] is True for d in credit)
    assert any(d["directed"] is False for _, _, d in g.edges(data=True))  # kinship


def test_json_round_trip_into_an_empty_installation_restores_everything(demo_village):
    doc = json_format.export_village(demo_village)
    records = doc["records"]
    for key in (
        "engagement.engagement",
        "engagement.contact",
        "engagement.statuschange",
        "engagement.forum",
        "engagement.forummember",
        "engagement.meeting",
        "engagement.agendaitem",
        "engagement.attendance",
        "engagement.decision",
        "engagement.actionitem",
        "actors.evidence",
        "actors.assessment",
        "actors.discussion",
        "actors.fact",
        "awareness.circle",
        "awareness.circlemember",
        "awareness.topic",
        "awareness.session",
        "awareness.memberprogress",
    ):
        assert records[key], f"the demo should have {key}"
    data = json_format.dumps(doc)
    slug = demo_village.slug
    demo_village.delete()  # the installation no longer has the village
    assert not Village.objects.filter(slug=slug).exists()
    restored, counts, problems = json_format.import_village(data)
    assert restored.slug == slug and not problems.has_errors
    again = json_format.export_village(restored)
    doc.pop("exported_at")
    again.pop("exported_at")
    assert again == doc


def test_json_import_into_the_same_village_updates_and_adds_nothing(demo_village):
    data = json_format.dumps(json_format.export_village(demo_village))
    counts_before = {k: len(v) for k, v in json.loads(data)["records"].items()}
    json_format.import_village(data, village=demo_village)
    after = json_format.export_village(demo_village)
    assert {k: len(v) for k, v in after["records"].items()} == counts_before
