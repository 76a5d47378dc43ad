"""Tests of the patron–client measures.

Provenance: the expected values of the worked examples are computed by hand in the comments
(from the default weights documented in DEFAULT_WEIGHTS and docs/measures.md); the
property tests compare the vectorised measures with a direct pure-Python recomputation
(`brute_force` below) on small random networks.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import defaultdict

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jejaring import vocab
from jejaring.graph.network import Network
from jejaring.graph.patronage import (
    DEFAULT_WEIGHTS,
    PROVIDER_CATEGORIES,
    compute_patronage,
    dependency_weights,
    resolve_weights,
)
from jejaring.graph.tests.patronage_examples import (
    LANDOWNER_ACTORS,
    LANDOWNER_TIES,
    MIDDLEMAN_ACTORS,
    MIDDLEMAN_TIES,
    MONEYLENDER_ACTORS,
    MONEYLENDER_TIES,
    landowner_sharecroppers,
    make_network,
    middleman_pyramid,
    moneylender_landlord,
)

REQUIRED_COLUMNS = {
    "patron_score",
    "dependency_concentration",
    "captive",
    "dependency_received",
    "clients",
    "poor_clients",
    "multiplexity",
    "reach_poor_1",
    "reach_poor_2",
    "patrons_count",
}


def col(res, name):
    values = res.actor_columns[name]
    return list(values) if isinstance(values, list) else values.tolist()


def by_id(net, res, name):
    return dict(zip(net.ids, col(res, name), strict=True))


def assert_json_ready(obj):
    # allow_nan=False rejects NaN; json itself rejects numpy scalars.
    json.dumps(obj, allow_nan=False)


# --------------------------------------------------------------------------- weights


def test_dependency_weight_is_the_product_of_the_factors():
    # Hand products of DEFAULT_WEIGHTS:
    # credit 1.0 × daily 1.5 × binding 1.5 × exclusive 1.5 × favours_patron 1.25
    #   × terms by patron 1.2 = 5.0625
    # ritual 0.5 × occasional 0.6 × loose 0.6 × can switch 0.8 × favours_client 0.8
    #   × terms by client 0.8 = 0.09216
    # market (implied by the type "purchase") with nothing else recorded = 1.0
    # kinship is not a dependency tie = 0
    net = make_network(
        [{"id": "c"}, {"id": "p"}],
        [
            {"source": "c", "target": "p", "type": "credit", "frequency": "daily",
             "attachment": "binding", "exclusive": True, "balance": "favours_patron",
             "terms_set_by": "patron"},
            {"source": "c", "target": "p", "type": "protection", "form": "ritual",
             "frequency": "occasional", "attachment": "loose", "exclusive": False,
             "balance": "favours_client", "terms_set_by": "client"},
            {"source": "c", "target": "p", "type": "purchase"},
            {"source": "c", "target": "p", "type": "kinship"},
        ],
    )  # fmt: skip
    assert dependency_weights(net).tolist() == pytest.approx([5.0625, 0.09216, 1.0, 0.0])


def test_missing_and_unknown_attribute_values_are_neutral():
    # No tie_attrs at all: the form comes from the type (credit → 1.0, employment → 1.0);
    # an unknown type gives no form: the missing-form factor 0.7. Unknown codes in the data
    # ("fortnightly", "tight") take the missing factor 1.0.
    net = Network(
        ids=["c", "p"],
        src=np.array([0, 0, 0, 0]),
        dst=np.array([1, 1, 1, 1]),
        directed=np.ones(4, bool),
        dependency=np.ones(4, bool),
        type=np.array(["credit", "employment", "mystery", ""], dtype=object),
        weight=np.ones(4),
    )
    assert dependency_weights(net).tolist() == pytest.approx([1.0, 1.0, 0.7, 0.7])
    net.tie_attrs = {
        "frequency": np.array(["fortnightly", "", None, np.nan], dtype=object),
        "attachment": np.array(["tight", "", "", ""], dtype=object),
        "exclusive": np.array([np.nan] * 4),
    }
    assert dependency_weights(net).tolist() == pytest.approx([1.0, 1.0, 0.7, 0.7])
    res = compute_patronage(net)
    assert res.patrons[0]["forms"] == {"credit": 1, "employment": 1, "unspecified": 1}


def test_self_loops_are_not_dependency():
    net = make_network([{"id": "a"}], [{"source": "a", "target": "a", "type": "credit"}])
    res = compute_patronage(net)
    assert res.tie_weight.tolist() == [0.0]
    assert col(res, "clients") == [0]
    assert res.patrons == [] and res.clients == [] and res.clusters == []


def test_weights_override_merges_with_defaults():
    w = resolve_weights({"attachment": {"binding": 3}, "form": {"fishing": 0.9}})
    assert w["attachment"] == {"loose": 0.6, "moderate": 1.0, "binding": 3.0, "": 1.0}
    assert w["form"]["fishing"] == 0.9 and w["form"]["credit"] == 1.0
    assert DEFAULT_WEIGHTS["attachment"]["binding"] == 1.5  # defaults untouched


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"colour": {"red": 1}}, "unknown weight group 'colour'"),
        ({"frequency": {"hourly": 1}}, "unknown code 'hourly' in weights['frequency']"),
        ({"attachment": {"binding": -1}}, "must be a finite number >= 0"),
        ({"attachment": {"binding": float("nan")}}, "must be a finite number >= 0"),
        ({"attachment": {"binding": "lots"}}, "must be a number"),
        ({"attachment": 2}, "must be a mapping"),
        ({"score": dict.fromkeys(DEFAULT_WEIGHTS["score"], 0)}, "at least one positive"),
    ],
)
def test_bad_weights_raise_a_clear_error(weights, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        compute_patronage(landowner_sharecroppers(), weights=weights)


def test_bad_poor_codes_raise():
    with pytest.raises(ValueError, match="unknown welfare code"):
        compute_patronage(landowner_sharecroppers(), poor=frozenset({"destitute"}))


def test_weight_zero_removes_a_form_and_other_factors_rescale():
    # Client c: credit from p1 (1.0), ritual from p2 (0.5). Default shares 1/1.5, 0.5/1.5:
    # H = (1 + 0.25) / 2.25 = 0.5556. With ritual at 0, p2 is no patron and H = 1.
    # With credit at 2: H = (4 + 0.25) / 6.25 = 0.68.
    net = make_network(
        [{"id": "c"}, {"id": "p1"}, {"id": "p2"}],
        [
            {"source": "c", "target": "p1", "type": "credit"},
            {"source": "c", "target": "p2", "type": "protection", "form": "ritual"},
        ],
    )
    assert col(compute_patronage(net), "dependency_concentration")[0] == pytest.approx(1.25 / 2.25)
    res = compute_patronage(net, weights={"form": {"ritual": 0}})
    assert col(res, "dependency_concentration")[0] == 1.0
    assert col(res, "clients") == [0, 1, 0]
    assert res.tie_weight.tolist() == [1.0, 0.0]
    res = compute_patronage(net, weights={"form": {"credit": 2}})
    assert col(res, "dependency_concentration")[0] == pytest.approx(0.68)


def test_score_parts_can_be_reweighted():
    # Only the client count: L has 3 clients (the most), L2 has 1: log(2)/log(4) = 0.5.
    res = compute_patronage(
        landowner_sharecroppers(),
        weights={"score": {"dependency": 0, "poor_clients": 0, "multiplex_clients": 0,
                           "asymmetry": 0}},
    )  # fmt: skip
    assert col(res, "patron_score") == pytest.approx([1.0, 0, 0, 0, 0.5])


# --------------------------------------------------------------------------- examples


def test_landowner_with_three_sharecroppers():
    # Weights (DEFAULT_WEIGHTS): s1→L land 1.0 × seasonal 1.0 × binding 1.5 × favours patron
    # 1.25 = 1.875; s2→L land × seasonal × moderate = 1.0; s3→L land × yearly 0.85 × loose
    # 0.6 = 0.51; s3→L2 = 1.0.
    net = landowner_sharecroppers()
    res = compute_patronage(net)
    assert res.tie_weight.tolist() == pytest.approx([1.875, 1.0, 0.51, 1.0, 0.0])
    assert by_id(net, res, "dependency_received") == pytest.approx(
        {"L": 3.385, "s1": 0, "s2": 0, "s3": 0, "L2": 1.0}
    )
    assert by_id(net, res, "clients") == {"L": 3, "s1": 0, "s2": 0, "s3": 0, "L2": 1}
    # s1 poor, s2 very poor; s3 middle
    assert by_id(net, res, "poor_clients")["L"] == 2
    assert by_id(net, res, "patrons_count") == {"L": 0, "s1": 1, "s2": 1, "s3": 2, "L2": 0}
    # s3 splits 0.51 and 1.0: H = (0.51² + 1²) / 1.51² = 1.2601 / 2.2801
    hhi = by_id(net, res, "dependency_concentration")
    assert hhi["s1"] == 1.0 and hhi["s2"] == 1.0
    assert hhi["s3"] == pytest.approx(1.2601 / 2.2801)
    assert math.isnan(hhi["L"]) and math.isnan(hhi["L2"])
    # Asymmetry of L (well-off, rank 3) over s1 (1), s2 (0), s3 (2): (2/3 + 1 + 1/3) / 3
    assert by_id(net, res, "asymmetry")["L"] == pytest.approx(2 / 3)
    # Score of L: largest D, C, P → 0.4 + 0.2 + 0.2, no multiplex client, + 0.1 × 2/3.
    # L2: 0.4 × log(2)/log(4.385) + 0.2 × log(2)/log(4) + 0 + 0 + 0.1 × 1/3.
    score = by_id(net, res, "patron_score")
    assert score["L"] == pytest.approx(0.8 + 0.1 * 2 / 3)
    assert score["L2"] == pytest.approx(0.4 * math.log(2) / math.log(4.385) + 0.2 * 0.5 + 0.1 / 3)
    assert by_id(net, res, "forms_controlled")["L"] == {"land": 3}
    # Captive: s1's only tie is to L: no other land provider within two steps → captive.
    # s2's kin s3 rents from L2: an alternative two steps away → not captive.
    # s3 has two landowners → not captive.
    assert by_id(net, res, "captive") == dict.fromkeys(net.ids, False) | {"s1": True}
    assert res.clients[0]["captive_forms"] == [
        {"form": "land", "patron": "L", "reason": "no_alternative"}
    ]
    # Reach: s1 and s2 directly; no client has clients of its own.
    assert by_id(net, res, "reach_poor_1")["L"] == 2
    assert by_id(net, res, "reach_poor_2")["L"] == 2
    # Clusters: s3 hangs from L2 (1.0 > 0.51) and links the two clusters.
    assert res.clusters == [
        {"patron": "L", "size": 3, "members": ["s1", "s2"], "brokers": [], "depth": 1,
         "poor_members": 2, "overlaps": [{"patron": "L2", "shared_clients": 1}],
         "overlapping_clusters": 1},
        {"patron": "L2", "size": 2, "members": ["s3"], "brokers": [], "depth": 1,
         "poor_members": 0, "overlaps": [{"patron": "L", "shared_clients": 1}],
         "overlapping_clusters": 1},
    ]  # fmt: skip


def _landowner_variant(extra_ties=(), drop_kinship=False, **tie_changes):
    ties = [dict(t) for t in LANDOWNER_TIES if not (drop_kinship and t["type"] == "kinship")]
    for index, changes in tie_changes.items():
        ties[int(index[1:])].update(changes)
    return make_network(LANDOWNER_ACTORS, ties + list(extra_ties))


def test_captive_without_an_alternative_reachable():
    # Without the kinship s2–s3, s2's only neighbour is L: captive.
    res = compute_patronage(_landowner_variant(drop_kinship=True))
    assert col(res, "captive") == [False, True, True, False, False]


def test_path_through_the_patron_is_no_alternative():
    # s2 – L – L2 reaches L2 only through the patron itself: still captive.
    net = _landowner_variant(
        extra_ties=[{"source": "L", "target": "L2", "type": "kinship"}], drop_kinship=True
    )
    assert col(compute_patronage(net), "captive")[2] is True


def test_direct_tie_to_another_provider_is_an_alternative():
    # s1 talks to L2 (any tie counts): L2 provides land, so s1 is no longer captive.
    net = _landowner_variant(extra_ties=[{"source": "s1", "target": "L2", "type": "communication"}])
    assert col(compute_patronage(net), "captive")[1] is False


def test_category_counts_as_a_provider():
    # A landowner with no recorded tenants (category "landowner") two steps away.
    actors = [*LANDOWNER_ACTORS, {"id": "L3", "category": "landowner"}, {"id": "x"}]
    ties = [*LANDOWNER_TIES, {"source": "s1", "target": "x", "type": "kinship"},
            {"source": "x", "target": "L3", "type": "kinship"}]  # fmt: skip
    res = compute_patronage(make_network(actors, ties))
    assert col(res, "captive")[1] is False
    assert PROVIDER_CATEGORIES["land"] == frozenset({"landowner"})


def test_recorded_exclusivity_decides():
    # t0 (s1→L) recorded as "can switch": never captive. t1 (s2→L) recorded as exclusive:
    # captive although L2 is reachable.
    net = _landowner_variant(t0={"exclusive": False}, t1={"exclusive": True})
    res = compute_patronage(net)
    assert col(res, "captive") == [False, False, True, False, False]
    assert res.clients[1]["captive_forms"] == [
        {"form": "land", "patron": "L", "reason": "exclusive"}
    ]


def test_loose_attachment_counts_against_captivity():
    # Issue 12: without the kinship s2–s3 both sharecroppers reach no other landowner and
    # are captive (test above); s1's tie recorded as loose (*longgar*) is not. s2's tie is
    # recorded exclusive but loose: the evidence against captivity wins.
    loose = {"attachment": "loose"}
    net = _landowner_variant(drop_kinship=True, t0=loose, t1={"exclusive": True, **loose})
    assert col(compute_patronage(net), "captive")[1:3] == [False, False]
    base = _landowner_variant(drop_kinship=True, t1={"exclusive": True})
    assert col(compute_patronage(base), "captive")[1:3] == [True, True]


def test_only_vital_forms_make_captives():
    net = make_network(
        [{"id": "c"}, {"id": "p"}],
        [{"source": "c", "target": "p", "type": "protection"}],
    )
    assert col(compute_patronage(net), "captive") == [False, False]


def test_middleman_buying_through_a_broker():
    # Weights: b→T purchase weekly 1.3, b→T credit binding 1.5, every other tie 1.0.
    net = middleman_pyramid()
    res = compute_patronage(net)
    ids = net.ids
    assert by_id(net, res, "dependency_received") == pytest.approx(
        dict.fromkeys(ids, 0.0) | {"T": 3.8, "b": 3.0}
    )
    assert by_id(net, res, "clients") == dict.fromkeys(ids, 0) | {"T": 2, "b": 3}
    # T reaches f4 directly, and f1, f2, f3 through b (b is middle, not poor).
    assert by_id(net, res, "reach_poor_1") == dict.fromkeys(ids, 0) | {"T": 1, "b": 3}
    assert by_id(net, res, "reach_poor_2") == dict.fromkeys(ids, 0) | {"T": 4, "b": 3}
    # The pyramid f → b → T: one cluster, b its broker, two levels.
    assert res.clusters == [
        {"patron": "T", "size": 6, "members": ["b", "f4", "f1", "f2", "f3"],
         "brokers": ["b"], "depth": 2, "poor_members": 4, "overlaps": [],
         "overlapping_clusters": 0}
    ]  # fmt: skip
    assert by_id(net, res, "superior") == {
        "T": None,
        "b": "T",
        "f1": "b",
        "f2": "b",
        "f3": "b",
        "f4": "T",
        "T2": None,
    }
    assert by_id(net, res, "pyramid_level")["f1"] == 2.0
    assert math.isnan(by_id(net, res, "pyramid_level")["T2"])
    # T: D 3.8 (largest), C 2 of 3, P 1 of 3, M 1 (b: market and credit) of 1,
    # A = mean(gap to b (middle) 1/3, gap to f4 (poor) 2/3) = 1/2.
    assert by_id(net, res, "patron_score")["T"] == pytest.approx(
        0.4 + 0.2 * math.log(3) / math.log(4) + 0.2 * math.log(2) / math.log(4) + 0.1 + 0.05
    )
    assert by_id(net, res, "forms_controlled")["T"] == {"credit": 1, "market": 2}
    # Captive: f1, f2 sell only to b and know no one else; f4 likewise to T. f3 is kin of
    # T2, a trader (a market provider by category). b reaches T2 through f3 for the market,
    # but no one but T gives it credit.
    assert by_id(net, res, "captive_forms") == {
        "T": None, "b": ["credit"], "f1": ["market"], "f2": ["market"], "f3": None,
        "f4": ["market"], "T2": None,
    }  # fmt: skip


def test_moneylender_who_is_also_the_landlord():
    # k1: credit + land with R (2 strands); k2: credit + kinship (2); k3: credit (1).
    net = moneylender_landlord()
    res = compute_patronage(net)
    assert by_id(net, res, "multiplex_clients")["R"] == 2
    assert by_id(net, res, "multiplexity")["R"] == pytest.approx(5 / 3)
    assert res.strands(1, 0) == ["credit", "land"]
    assert res.strands(0, 2) == ["credit", "kinship"]
    assert by_id(net, res, "forms_controlled")["R"] == {"credit": 3, "land": 1}
    # k1 weighs credit 1.0 + land 1.0 = 2.0; k3 "can switch" 0.8: D = 2 + 1 + 0.8.
    assert by_id(net, res, "dependency_received")["R"] == pytest.approx(3.8)
    # k3 can switch, so it is never captive; k1 is captive for both vital forms.
    assert by_id(net, res, "captive_forms") == {
        "R": None,
        "k1": ["credit", "land"],
        "k2": ["credit"],
        "k3": None,
    }
    patron = res.patrons[0]
    assert patron["multiplex_clients"] == 2 and patron["forms"] == {"credit": 3, "land": 1}


def test_concentration_against_a_hand_calculation():
    # Client c: p1 credit weekly binding = 1.3 × 1.5 = 1.95; p2 market = 1.0;
    # p3 ritual occasional = 0.5 × 0.6 = 0.3; and p1 also sells c's produce (market 1.0).
    # Overall: W = (2.95, 1.0, 0.3), total 4.25 → H = (2.95² + 1 + 0.09) / 4.25².
    # By form: credit only p1 → 1; market p1 and p2 equally → 0.5; ritual → 1.
    net = make_network(
        [{"id": "c"}, {"id": "p1"}, {"id": "p2"}, {"id": "p3"}],
        [
            {"source": "c", "target": "p1", "type": "credit", "frequency": "weekly",
             "attachment": "binding"},
            {"source": "c", "target": "p2", "type": "purchase"},
            {"source": "c", "target": "p3", "type": "protection", "form": "ritual",
             "frequency": "occasional"},
            {"source": "c", "target": "p1", "type": "purchase"},
        ],
    )  # fmt: skip
    res = compute_patronage(net)
    expected = (2.95**2 + 1 + 0.09) / 4.25**2
    assert col(res, "dependency_concentration")[0] == pytest.approx(expected)
    client = res.clients[0]
    assert client["concentration_by_form"] == pytest.approx(
        {"credit": 1.0, "market": 0.5, "ritual": 1.0}
    )
    assert [p["id"] for p in client["patrons"]] == ["p1", "p2", "p3"]
    assert [p["share"] for p in client["patrons"]] == pytest.approx(
        [2.95 / 4.25, 1 / 4.25, 0.3 / 4.25]
    )
    assert client["patrons"][0]["forms"] == ["credit", "market"]


def test_isolates_and_actors_without_dependency():
    net = make_network(
        [{"id": "a"}, {"id": "b"}, {"id": "alone"}],
        [{"source": "a", "target": "b", "type": "kinship"}],
    )
    res = compute_patronage(net)
    assert col(res, "patron_score") == [0.0, 0.0, 0.0]
    assert col(res, "clients") == [0, 0, 0]
    assert all(math.isnan(x) for x in col(res, "dependency_concentration"))
    assert col(res, "captive") == [False, False, False]
    assert col(res, "cluster") == [None, None, None]
    assert res.patrons == [] and res.clients == [] and res.clusters == []


def test_empty_network():
    net = make_network([], [])
    res = compute_patronage(net)
    assert set(res.actor_columns) >= REQUIRED_COLUMNS
    assert all(len(v) == 0 for v in res.actor_columns.values())
    assert res.tie_weight.shape == (0,)
    assert res.patrons == [] and res.clients == [] and res.clusters == []


def test_network_without_any_attribute_columns():
    net = Network(
        ids=["c", "p", "q"],
        src=np.array([0, 1]),
        dst=np.array([1, 2]),
        directed=np.ones(2, bool),
        dependency=np.ones(2, bool),
        type=np.array(["credit", "credit"], dtype=object),
        weight=np.ones(2),
    )
    res = compute_patronage(net)
    assert col(res, "clients") == [0, 1, 1]
    assert col(res, "poor_clients") == [0, 0, 0]
    assert all(math.isnan(x) for x in col(res, "asymmetry"))
    # c → p → q: a pyramid of two levels.
    assert col(res, "superior") == ["p", "q", None]


def test_poor_set_can_be_widened():
    net = landowner_sharecroppers()
    res = compute_patronage(net, poor=frozenset({"very_poor", "poor", "middle"}))
    assert by_id(net, res, "poor_clients")["L"] == 3


def test_influence_stands_in_for_a_missing_welfare_rank():
    # Welfare unknown on both sides: gap by influence (5 − 1) / 5 = 0.8.
    net = make_network(
        [{"id": "c", "influence": 1}, {"id": "p", "influence": 5}],
        [{"source": "c", "target": "p", "type": "credit"}],
    )
    assert col(compute_patronage(net), "asymmetry")[1] == pytest.approx(0.8)


def test_mutual_dependency_uses_strength_for_the_pyramid():
    # a and b depend on each other (credit one way, land the other); b also has c and d as
    # clients, so b is stronger: a hangs from b, and b is the top patron.
    net = make_network(
        [{"id": "a"}, {"id": "b"}, {"id": "c"}, {"id": "d"}],
        [
            {"source": "a", "target": "b", "type": "credit"},
            {"source": "b", "target": "a", "type": "land"},
            {"source": "c", "target": "b", "type": "credit"},
            {"source": "d", "target": "b", "type": "credit"},
        ],
    )
    res = compute_patronage(net)
    assert col(res, "superior") == ["b", None, "b", "b"]
    assert col(res, "cluster") == ["b"] * 4


def test_results_are_json_ready():
    for net in (landowner_sharecroppers(), middleman_pyramid(), moneylender_landlord()):
        res = compute_patronage(net)
        assert_json_ready(res.patrons)
        assert_json_ready(res.clients)
        assert_json_ready(res.clusters)
        assert_json_ready(res.weights)
        for name, values in res.actor_columns.items():
            assert len(values) == net.n, name


def test_engine_modules_do_not_import_django():
    code = (
        "import sys, jejaring.graph.patronage, jejaring.graph.roles;"
        "sys.exit('django' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --------------------------------------------------------------------------- brute force


def brute_force(net: Network, weights=None, poor=vocab.POOR_WELFARE) -> dict:
    """The measures recomputed tie by tie in plain Python, from their definitions."""
    table = resolve_weights(weights)
    n, ids = net.n, net.ids
    attrs = net.tie_attrs

    def text(name, k):
        value = attrs[name][k] if name in attrs else ""
        return value if isinstance(value, str) else ""

    live = []  # (client, patron, form, weight, exclusive)
    for k in range(net.m):
        s, d = int(net.src[k]), int(net.dst[k])
        if not net.dependency[k] or s == d:
            continue
        spec = vocab.TIE_TYPE_BY_CODE.get(net.type[k])
        form = text("form", k) or (spec.form if spec else "")
        w = table["form"].get(form, table["form"][""])
        for group in ("frequency", "attachment", "balance", "terms_set_by"):
            w *= table[group].get(text(group, k), table[group][""])
        x = attrs["exclusive"][k] if "exclusive" in attrs else np.nan
        exclusive = "yes" if x == 1 else "no" if x == 0 else ""
        w *= table["exclusive"][exclusive]
        if w > 0:
            # A loose attachment is evidence that the client can leave, like "can switch".
            leave = "no" if text("attachment", k) == "loose" else exclusive
            live.append((s, d, form, w, leave if leave == "no" else exclusive))

    welfare = [net.attrs["welfare"][i] if "welfare" in net.attrs else "" for i in range(n)]
    is_poor = [w in poor for w in welfare]
    W = defaultdict(float)
    forms_of = defaultdict(set)
    by_form = defaultdict(lambda: defaultdict(float))  # (c, f) -> p -> weight
    excl = defaultdict(set)  # (c, f, p) -> exclusivity values
    for c, p, f, w, e in live:
        W[c, p] += w
        forms_of[c, p].add(f)
        by_form[c, f][p] += w
        excl[c, f, p].add(e)
    clients = defaultdict(set)
    patrons = defaultdict(set)
    for c, p in W:
        clients[p].add(c)
        patrons[c].add(p)

    D = [sum(w for (c, p), w in W.items() if p == i) for i in range(n)]
    sent = [sum(w for (c, p), w in W.items() if c == i) for i in range(n)]
    hhi = [
        sum((W[i, p] / sent[i]) ** 2 for p in patrons[i]) if patrons[i] else math.nan
        for i in range(n)
    ]

    # strands between two actors, either direction
    strands = defaultdict(set)
    for c, p, f, _, _ in live:
        strands[frozenset((c, p))].add(("form", f))
    for k in range(net.m):
        s, d = int(net.src[k]), int(net.dst[k])
        if not net.dependency[k] and s != d:
            strands[frozenset((s, d))].add(("type", net.type[k]))
    n_strands = {(c, p): len(strands[frozenset((c, p))]) for c, p in W}
    M = [sum(1 for c in clients[i] if n_strands[c, i] >= 2) for i in range(n)]
    mult = [
        sum(n_strands[c, i] for c in clients[i]) / len(clients[i]) if clients[i] else math.nan
        for i in range(n)
    ]

    rank_of = vocab.WELFARE_RANK
    influence = net.attrs.get("influence", np.full(n, np.nan))

    def gap(c, p):
        if welfare[c] in rank_of and welfare[p] in rank_of:
            g = (rank_of[welfare[p]] - rank_of[welfare[c]]) / 3
        elif not (math.isnan(influence[c]) or math.isnan(influence[p])):
            g = (influence[p] - influence[c]) / 5
        else:
            return None
        return min(max(g, 0.0), 1.0)

    A = []
    for i in range(n):
        gaps = [g for c in clients[i] if (g := gap(c, i)) is not None]
        A.append(sum(gaps) / len(gaps) if gaps else math.nan)

    C = [len(clients[i]) for i in range(n)]
    P = [sum(is_poor[c] for c in clients[i]) for i in range(n)]

    def scaled(xs, i):
        top = max(xs, default=0)
        return math.log1p(xs[i]) / math.log1p(top) if top > 0 else 0.0

    parts = table["score"]
    score = [
        (
            parts["dependency"] * scaled(D, i)
            + parts["clients"] * scaled(C, i)
            + parts["poor_clients"] * scaled(P, i)
            + parts["multiplex_clients"] * scaled(M, i)
            + parts["asymmetry"] * (0.0 if math.isnan(A[i]) else A[i])
        )
        / sum(parts.values())
        if C[i]
        else 0.0
        for i in range(n)
    ]

    # reach to poor households: breadth-first over inbound dependency, two steps
    def reach(i, steps):
        seen, frontier = set(), {i}
        for _ in range(steps):
            frontier = {c for x in frontier for c in clients[x]} - {i}
            seen |= frontier
        return sum(is_poor[x] for x in seen)

    # captive
    neighbours = defaultdict(set)
    for k in range(net.m):
        s, d = int(net.src[k]), int(net.dst[k])
        if s != d:
            neighbours[s].add(d)
            neighbours[d].add(s)
    category = [net.attrs["category"][i] if "category" in net.attrs else "" for i in range(n)]
    captive = defaultdict(list)
    for (c, f), ps in sorted(by_form.items()):
        if f not in vocab.VITAL_FORMS or len(ps) != 1:
            continue
        (p,) = ps
        flags = excl[c, f, p]
        if "no" in flags:
            continue
        if "yes" in flags:
            captive[c].append((f, ids[p], "exclusive"))
            continue
        providers = {q for (_, q, g, _, _) in live if g == f}
        providers |= {q for q in range(n) if category[q] in PROVIDER_CATEGORIES.get(f, ())}
        near = {q for q in neighbours[c] if q != p}
        two = near | {q for r in near for q in neighbours[r] if q != p}
        if not (two - {c, p}) & providers:
            captive[c].append((f, ids[p], "no_alternative"))

    # pyramids
    order = sorted(range(n), key=lambda i: (score[i], D[i], -i))
    rank = {i: r for r, i in enumerate(order)}
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(W)
    component = {}
    for k, comp in enumerate(nx.strongly_connected_components(g)):
        component.update(dict.fromkeys(comp, k))
    superior = [None] * n
    for c in range(n):
        allowed = [p for p in patrons[c] if component[p] != component[c] or rank[p] > rank[c]]
        if allowed:
            superior[c] = max(allowed, key=lambda p: (W[c, p], rank[p]))
    top = []
    for i in range(n):
        x = i
        while superior[x] is not None:
            x = superior[x]
        top.append(x)

    return {
        "dependency_received": D,
        "dependency_sent": sent,
        "clients": C,
        "poor_clients": P,
        "patrons_count": [len(patrons[i]) for i in range(n)],
        "dependency_concentration": hhi,
        "multiplex_clients": M,
        "multiplexity": mult,
        "asymmetry": A,
        "patron_score": score,
        "reach_poor_1": [reach(i, 1) for i in range(n)],
        "reach_poor_2": [reach(i, 2) for i in range(n)],
        "captive": [bool(captive.get(i)) for i in range(n)],
        "captive_records": {ids[c]: sorted(v) for c, v in captive.items()},
        "superior": [None if s is None else ids[s] for s in superior],
        "cluster": [ids[top[i]] if (superior[i] is not None or C[i]) else None
                    for i in range(n)],
        "forms_controlled": [
            {f or "unspecified": sum(1 for c in clients[i] if f in forms_of[c, i])
             for f in sorted({f for c in clients[i] for f in forms_of[c, i]})} or None
            for i in range(n)
        ],
    }  # fmt: skip


TYPES = ["credit", "land", "purchase", "employment", "protection", "supply", "kinship",
         "advice", "communication", "", "custom"]  # fmt: skip
FORMS = ["", "", "credit", "land", "market", "employment", "ritual", "information", "fishing"]
WELFARE = ["", "very_poor", "poor", "middle", "well_off"]
CATEGORIES = ["", "household", "moneylender", "landowner", "trader", "employer"]


@st.composite
def networks(draw):
    n = draw(st.integers(1, 7))
    actors = [
        {
            "id": f"a{i}",
            "welfare": draw(st.sampled_from(WELFARE)),
            "category": draw(st.sampled_from(CATEGORIES)),
            "influence": draw(st.one_of(st.none(), st.integers(0, 5))),
        }
        for i in range(n)
    ]
    ties = []
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(TYPES))
        tie = {
            "source": f"a{draw(st.integers(0, n - 1))}",
            "target": f"a{draw(st.integers(0, n - 1))}",
            "type": kind,
            "form": draw(st.sampled_from(FORMS)),
            "frequency": draw(st.sampled_from(["", "daily", "seasonal", "occasional", "odd"])),
            "attachment": draw(st.sampled_from(["", "loose", "binding"])),
            "balance": draw(st.sampled_from(["", "favours_patron", "favours_client"])),
            "exclusive": draw(st.sampled_from([None, None, True, False])),
        }
        if kind not in vocab.TIE_TYPE_BY_CODE:
            tie["dependency"] = draw(st.booleans())
        ties.append(tie)
    weights = draw(
        st.sampled_from([None, {"form": {"ritual": 0.0}}, {"attachment": {"binding": 2.5}}])
    )
    return make_network(actors, ties), weights


def _close(a, b):
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == pytest.approx(b)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks())
def test_vectorised_measures_agree_with_brute_force(case):
    net, weights = case
    res = compute_patronage(net, weights=weights)
    expected = brute_force(net, weights)
    for name in (
        "dependency_received", "dependency_sent", "clients", "poor_clients",
        "patrons_count", "dependency_concentration", "multiplex_clients", "multiplexity",
        "asymmetry", "patron_score", "reach_poor_1", "reach_poor_2", "captive",
        "superior", "cluster", "forms_controlled",
    ):  # fmt: skip
        got = col(res, name)
        for i, (g, e) in enumerate(zip(got, expected[name], strict=True)):
            assert _close(g, e), (name, net.ids[i], g, e)
    records = {
        c["id"]: sorted((r["form"], r["patron"], r["reason"]) for r in c["captive_forms"])
        for c in res.clients
        if c["captive_forms"]
    }
    assert records == expected["captive_records"]


@settings(max_examples=200, deadline=None)
@given(networks())
def test_concentration_properties(case):
    net, weights = case
    res = compute_patronage(net, weights=weights)
    hhi = col(res, "dependency_concentration")
    count = col(res, "patrons_count")
    for h, k in zip(hhi, count, strict=True):
        if k == 0:
            assert math.isnan(h)
        else:
            assert 1 / k - 1e-12 <= h <= 1 + 1e-12
            if k == 1:
                assert h == 1.0
    for client in res.clients:
        for value in client["concentration_by_form"].values():
            assert 0 < value <= 1 + 1e-12
    score = col(res, "patron_score")
    assert all(0 <= s <= 1 + 1e-12 for s in score)
    assert_json_ready(res.patrons)
    assert_json_ready(res.clients)
    assert_json_ready(res.clusters)
    # Clusters partition the actors in them; superiors are patrons of the actor.
    members = [m for cluster in res.clusters for m in [cluster["patron"], *cluster["members"]]]
    assert len(members) == len(set(members))
    assert set(members) == {i for i, c in zip(net.ids, col(res, "cluster"), strict=True) if c}
    for client in res.clients:
        superior = col(res, "superior")[net.ids.index(client["id"])]
        assert superior is None or superior in {p["id"] for p in client["patrons"]}


def test_deterministic_on_a_seeded_random_network():
    rng = np.random.default_rng(7)
    n, m = 300, 1500
    forms = np.array(["credit", "land", "market", "ritual", ""], dtype=object)
    net = Network(
        ids=[f"x{i}" for i in range(n)],
        src=rng.integers(0, n, m),
        dst=rng.integers(0, n, m),
        directed=np.ones(m, bool),
        dependency=rng.random(m) < 0.7,
        type=np.array(["credit"] * m, dtype=object),
        weight=np.ones(m),
        attrs={"welfare": np.array(WELFARE, dtype=object)[rng.integers(0, 5, n)]},
        tie_attrs={"form": forms[rng.integers(0, 5, m)]},
    )
    a, b = compute_patronage(net), compute_patronage(net)
    for name in a.actor_columns:
        assert all(_close(x, y) for x, y in zip(col(a, name), col(b, name), strict=True))
    assert a.clusters == b.clusters and a.clients == b.clients and a.patrons == b.patrons


@pytest.mark.parametrize(
    ("actors", "ties", "build"),
    [
        (LANDOWNER_ACTORS, LANDOWNER_TIES, landowner_sharecroppers),
        (MIDDLEMAN_ACTORS, MIDDLEMAN_TIES, middleman_pyramid),
        (MONEYLENDER_ACTORS, MONEYLENDER_TIES, moneylender_landlord),
    ],
)
def test_examples_read_the_same_through_the_public_builder(actors, ties, build):
    # docs/measures.md builds the examples with Network.from_records.
    a = compute_patronage(Network.from_records(actors, ties))
    b = compute_patronage(build())
    for name in a.actor_columns:
        assert all(_close(x, y) for x, y in zip(col(a, name), col(b, name), strict=True)), name


@settings(max_examples=200, deadline=None)
@given(networks(), st.sampled_from(["", 'Haji "Slamet"', "Bu Ñoño\\", "Dusun\u2028Krajan"]))
def test_client_json_texts_equal_json_dumps_of_the_entries(case, suffix):
    # The district writer's texts must be the very JSON of the entries (ids that need
    # escaping included): a consumer cannot tell which path wrote the file.
    import dataclasses

    from jejaring.graph.patronage import iter_clients_json

    net, weights = case
    net = dataclasses.replace(net, ids=[i + suffix for i in net.ids])
    res = compute_patronage(net, weights=weights)
    expected = [
        json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in res.iter_clients()
    ]
    assert list(iter_clients_json(res)) == expected


@settings(max_examples=150, deadline=None)
@given(networks(), st.sampled_from([1, 2, 3]))
def test_clients_built_in_small_blocks_equal_one_block(case, block):
    # A district's clients are built a block of clients at a time (memory stays flat):
    # the block boundaries must not show in the entries or their JSON texts.
    from jejaring.graph import patronage
    from jejaring.graph.patronage import iter_clients_json

    net, weights = case
    res = compute_patronage(net, weights=weights)
    whole, whole_json = list(res.iter_clients()), list(iter_clients_json(res))
    saved = patronage._CLIENT_BLOCK
    patronage._CLIENT_BLOCK = block
    try:
        assert list(res.iter_clients()) == whole
        assert list(iter_clients_json(res)) == whole_json
    finally:
        patronage._CLIENT_BLOCK = saved
