"""analyze(): the result object, its JSON (DESIGN.md keys), sampling, and the CLI.

Expected values are hand counts on tiny networks or NetworkX on the same graph (named at
each assertion).
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from jejaring.graph import analyze, paths
from jejaring.graph.pipeline import ACTOR_KEYS, NETWORK_KEYS
from jejaring.graph.tests.engine_helpers import net_from_nx, nx_values, random_graph

REPO = Path(__file__).resolve().parents[3]

ACTORS = [
    {
        "id": "H",
        "name": "Haji Salim",
        "category": "landowner",
        "welfare": "well_off",
        "dusun": "Krajan",
    },
    {"id": "A", "name": "Pak Amir", "welfare": "poor", "dusun": "Krajan"},
    {"id": "B", "name": "Bu Tini", "welfare": "poor", "dusun": "Ngasem"},
    {"id": "C", "name": "Pak Cipto", "welfare": "very_poor", "dusun": "Ngasem"},
    {"id": "Z", "name": "Mbah Zaenal", "dusun": "Ngasem"},
]
TIES = [
    {"source": "A", "target": "H", "type": "land", "form": "land", "exclusive": "ya"},
    {"source": "B", "target": "H", "type": "land"},
    {"source": "C", "target": "H", "type": "credit"},
    {"source": "A", "target": "B", "type": "kinship"},
]

#: The keys DESIGN.md's CLI contract names for each actor record.
DESIGN_ACTOR_KEYS = {
    "id", "name", "degree", "in_degree", "out_degree", "betweenness", "betweenness_normalized",
    "closeness", "pagerank", "eigenvector", "constraint", "effective_size", "community",
    "brokerage", "patron_score", "dependency_concentration", "roles",
}  # fmt: skip


def test_json_has_the_design_keys_and_no_nan():
    res = analyze(ACTORS, TIES)
    out = res.to_dict()
    assert list(out) == [
        "network",
        "actors",
        "patrons",
        "clients",
        "clusters",
        "recommendations",
        "warnings",
    ]
    assert list(out["network"]) == list(NETWORK_KEYS)
    rec = out["actors"][0]
    assert set(rec) >= DESIGN_ACTOR_KEYS
    assert list(rec)[: len(ACTOR_KEYS)] == list(ACTOR_KEYS)
    assert set(rec["brokerage"]) == {
        "coordinator",
        "gatekeeper",
        "representative",
        "consultant",
        "liaison",
    }
    # Explained recommendations: one list, each item tagged with its kind and naming an actor.
    kinds = {r["kind"] for r in out["recommendations"]}
    assert kinds <= {"approach", "patron_lever", "blocker", "forum_seat"} and "approach" in kinds
    ids = {a["id"] for a in out["actors"]}
    assert all(r["actor"] in ids and r["reason_codes"] for r in out["recommendations"])
    # The isolate Z has no constraint (NaN inside) and JSON says null; allow_nan=False proves
    # that no NaN is left anywhere.
    text = json.dumps(out, allow_nan=False)
    z = next(r for r in json.loads(text)["actors"] if r["id"] == "Z")
    assert z["constraint"] is None and z["roles"] == ["isolate"]
    # write_json streams exactly the same object.
    import io

    buf = io.StringIO()
    res.write_json(buf)
    assert json.loads(buf.getvalue()) == json.loads(text)


def test_hand_counted_village():
    res = analyze(ACTORS, TIES)
    s = res.summary
    # 4 ties; the kinship tie is two arcs in the directed analysis: 5 arcs.
    assert (s["actors"], s["ties"], s["edges"], s["dependency_ties"]) == (5, 4, 5, 3)
    assert s["ties_by_type"] == {"land": 2, "credit": 1, "kinship": 1}
    assert s["group_by"] == "hamlet" and s["isolates"] == 1 and s["components"] == 2
    h = res.ids.index("H")
    assert res.columns["in_degree"][h] == 3 and "patron" in [r["role"] for r in res.roles[h]]
    # A (Krajan) → B (Ngasem) → H (Krajan) with no A → H? There is one: closed, not counted.
    # B → A → H: B (Ngasem) → A (Krajan) → H (Krajan), no B → H? There is: closed too.
    assert all(int(res.columns[f"brokerage_{r}"].sum()) == 0 for r in ("gatekeeper", "liaison"))


def test_options_types_undirected_weighted_group_by():
    res = analyze(ACTORS, TIES, types=["kekerabatan"])
    assert res.summary["ties"] == 1 and not res.summary["directed"]
    assert res.summary["types"] == ["kinship"]
    res = analyze(ACTORS, TIES, undirected=True, group_by="category", brokerage_z=True)
    assert not res.summary["directed"] and res.summary["group_by"] == "category"
    rec = res.to_dict()["actors"][0]
    assert set(rec["brokerage_z"]) == set(rec["brokerage"])
    res = analyze(ACTORS, TIES, group_by=None)
    assert res.summary["group_by"] is None
    from jejaring.graph.errors import InputError

    with pytest.raises(InputError, match="no actor attribute 'caste'"):
        analyze(ACTORS, TIES, group_by="caste")


def test_to_pandas_and_to_networkx():
    res = analyze(ACTORS, TIES)
    frames = res.to_pandas()
    assert set(frames) == {"network", "actors", "patrons", "clients", "clusters"}
    assert list(frames["actors"]["id"]) == res.ids
    assert {"hamlet", "welfare", "brokerage_liaison", "patron_score"} <= set(frames["actors"])
    G = res.to_networkx()
    assert isinstance(G, nx.DiGraph) and G.number_of_edges() == 5
    assert G.nodes["H"]["name"] == "Haji Salim" and G.nodes["H"]["hamlet"] == "Krajan"
    assert G.edges["A", "B"]["types"] == "kinship"


def test_progress_callback_reaches_the_end():
    seen = []
    analyze(ACTORS, TIES, progress=lambda step, done, total: seen.append((step, done, total)))
    assert seen[-1][1] == seen[-1][2] and seen[0][0] == "read"


def test_sampled_paths_are_seeded_and_near_exact():
    # Provenance: the exact values (NetworkX-equal, see test_engine_measures) of the same
    # graph; the estimates must be reproducible, and mostly within 3 standard errors.
    G = random_graph(300, 0.02, 4, directed=True, isolates=0)
    net = net_from_nx(G)
    exact = paths.shortest_path_measures(net, workers=1)
    a = paths.shortest_path_measures(net, exact_max=10, samples=120, seed=3, workers=1)
    b = paths.shortest_path_measures(net, exact_max=10, samples=120, seed=3, workers=2)
    c = paths.shortest_path_measures(net, exact_max=10, samples=120, seed=4, workers=1)
    assert not a.exact and a.sources == 120
    assert np.array_equal(a.betweenness, b.betweenness)
    assert not np.array_equal(a.betweenness, c.betweenness)
    ok = exact.betweenness > 0
    within = np.abs(a.betweenness - exact.betweenness)[ok] <= 3 * a.betweenness_se[ok]
    assert within.mean() > 0.85
    assert np.corrcoef(a.closeness, exact.closeness)[0, 1] > 0.95
    assert 0 < a.betweenness_relative_error < 0.5
    # Sampling every actor is the exact computation.
    full = paths.shortest_path_measures(net, exact_max=10, samples=300, workers=1)
    assert full.exact and np.allclose(full.betweenness, exact.betweenness)


def test_sampled_estimator_is_unbiased_on_average():
    # Averaged over 40 seeds, the estimated total betweenness is within 3% of the exact one
    # (Brandes & Pich 2007: the estimator is unbiased).
    G = random_graph(80, 0.05, 2, directed=False, isolates=0)
    net = net_from_nx(G)
    exact = nx_values(net, nx.betweenness_centrality(G, normalized=False)).sum()
    est = [
        paths.shortest_path_measures(
            net, exact_max=5, samples=20, seed=s, workers=1
        ).betweenness.sum()
        for s in range(40)
    ]
    assert np.mean(est) == pytest.approx(exact, rel=0.03)


def _cli(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jejaring", "analyze", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=120,
    )


@pytest.fixture
def village_files(tmp_path):
    a = tmp_path / "aktor.csv"
    a.write_text("id;nama;dusun;kesejahteraan\n" + "".join(
        f"{r['id']};{r['name']};{r['dusun']};{r.get('welfare', '')}\n" for r in ACTORS
    ), encoding="utf-8")  # fmt: skip
    t = tmp_path / "hubungan.csv"
    t.write_text(
        "sumber,tujuan,jenis\n"
        + "".join(f"{r['source']},{r['target']},{r['type']}\n" for r in TIES)
    )
    return a, t


def test_cli_json_text_and_xlsx(village_files, tmp_path):
    a, t = village_files
    done = _cli("--actors", str(a), "--ties", str(t))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["network"]["actors"] == 5 and out["actors"][0]["id"] == "H"
    done = _cli("--actors", str(a), "--ties", str(t), "--format", "text")
    assert done.returncode == 0 and done.stdout.startswith("Network: 5 actors, 4 ties (directed")
    xlsx = tmp_path / "hasil.xlsx"
    done = _cli("--actors", str(a), "--ties", str(t), "--format", "xlsx", "-o", str(xlsx))
    assert done.returncode == 0, done.stderr
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames == ["network", "actors", "patrons", "clients", "clusters"]
    header = next(wb["actors"].iter_rows(values_only=True))
    assert header[:5] == ("id", "name", "kind", "category", "hamlet")


def test_cli_bad_input_exits_2_naming_file_row_and_column(village_files):
    a, t = village_files
    t.write_text(t.read_text() + "A,Q,credit\n")
    done = _cli("--actors", str(a), "--ties", str(t))
    assert done.returncode == 2
    assert "hubungan.csv, row 6, column 'tujuan': unknown actor id 'Q'" in done.stderr
    assert done.stdout == ""
    done = _cli("--actors", str(a))
    assert done.returncode == 2 and "--ties" in done.stderr


def test_cli_type_filter_and_seed(village_files):
    a, t = village_files
    done = _cli(
        "--actors", str(a), "--ties", str(t), "--type", "land,credit", "--seed", "7", "--undirected"
    )
    net = json.loads(done.stdout)["network"]
    assert (net["ties"], net["directed"], net["seed"]) == (3, False, 7)


def test_engine_never_imports_django():
    code = (
        "import sys, jejaring.graph, jejaring.graph.patronage, jejaring.graph.roles;"
        "from jejaring.graph import analyze;"
        "analyze(None, [{'source': 'a', 'target': 'b'}]).to_dict();"
        "print('django' in sys.modules)"
    )
    assert _fresh_python(code) == ["False"]


def test_package_names_load_on_first_use():
    # One module of the engine imports alone; the engine's names still load on first use.
    code = (
        "import sys, jejaring.graph.sweep;"
        "light = 'jejaring.graph.pipeline' not in sys.modules;"
        "import jejaring.graph.pipeline;"
        "from jejaring.graph import analyze, Network;"
        "print(light, callable(analyze) and analyze.__name__, Network.__name__)"
    )
    assert _fresh_python(code) == ["True", "analyze", "Network"]


def _fresh_python(code: str) -> list[str]:
    """The words ``code`` prints in a new interpreter (what it imports is its own)."""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_nan_in_summary_becomes_null():
    res = analyze(None, [{"source": "a", "target": "b", "type": "kinship"}])
    net = res.to_dict()["network"]
    assert math.isnan(res.summary["reciprocity"]) and net["reciprocity"] is None


def test_streamed_json_equals_records_with_z_scores_and_without_details():
    import io

    res = analyze(ACTORS, TIES, brokerage_z=True)
    buf = io.StringIO()
    res.write_json(buf, details=False)
    streamed = json.loads(buf.getvalue())
    expected = json.loads(json.dumps(res.to_dict(details=False), allow_nan=False))
    assert streamed == expected
    assert "role_details" not in streamed["actors"][0]
    assert set(streamed["actors"][0]["brokerage_expected"]) == set(
        streamed["actors"][0]["brokerage"]
    )


def test_recommendations_can_be_switched_off():
    from jejaring.graph import analyze

    actors = [
        {"id": "h", "name": "H", "welfare": "well_off"},
        {"id": "a", "name": "A", "welfare": "poor"},
    ]
    ties = [{"source": "a", "target": "h", "type": "credit"}]
    assert analyze(actors, ties).to_dict()["recommendations"]
    assert analyze(actors, ties, recommend=False).to_dict()["recommendations"] == []


def test_district_roles_from_codes_give_the_same_output(monkeypatch):
    # Above DETAILS_MAX actors the roles are found as codes on whole arrays, the rules and
    # facts only when asked for: the output is the same as from the full roles.
    import io

    from jejaring.graph import pipeline
    from jejaring.graph.roles import LazyRoles

    G = nx.gnp_random_graph(120, 0.05, seed=7, directed=True)
    kinds = ("land", "credit", "kinship", "market")
    actors = ACTORS + [
        {"id": str(u), "welfare": ("poor", "middle", "well_off")[u % 3], "dusun": f"D{u % 4}"}
        for u in G
    ]
    ties = TIES + [
        {"source": str(u), "target": str(v), "type": kinds[(u + v) % 4]} for u, v in G.edges()
    ]
    village = analyze(actors, ties, recommend=False)
    monkeypatch.setattr(pipeline, "DETAILS_MAX", 10)
    district = analyze(actors, ties, recommend=False)
    assert isinstance(district.roles, LazyRoles) and not isinstance(village.roles, LazyRoles)
    held = {r for rs in village.roles for r in dict.fromkeys(x["role"] for x in rs)}
    assert {"patron", "broker", "client", "captive_client", "poor_household"} <= held
    assert list(district.actor_records(details=False)) == list(village.actor_records(details=False))
    for details in (False, True, None):
        one, two = io.StringIO(), io.StringIO()
        village.write_json(one, details=details, fork=False)
        district.write_json(two, details=details, fork=False)
        assert one.getvalue() == two.getvalue(), details
    assert district.roles == village.roles and len(district.roles) == district.network.n
