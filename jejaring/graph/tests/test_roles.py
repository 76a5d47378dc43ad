"""Tests of the actor roles.

Provenance: expected roles and facts follow from the rules in jejaring/graph/roles.py applied
by hand to the worked examples (whose patron–client measures are checked by hand in
test_patronage.py); brokerage and betweenness columns are given by hand, as the web app's
core table would give them. The property test checks each role against its rule on random
networks.
"""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings

from jejaring.graph.patronage import compute_patronage
from jejaring.graph.roles import (
    BROKER_BETWEENNESS_SHARE,
    ROLE_CODES,
    assign_roles,
    role_codes,
)
from jejaring.graph.tests.patronage_examples import (
    landowner_sharecroppers,
    make_network,
    middleman_pyramid,
    moneylender_landlord,
)
from jejaring.graph.tests.test_patronage import networks


def roles_of(net, columns=None, **kwargs):
    roles = assign_roles(net, columns or {}, compute_patronage(net), **kwargs)
    return {
        actor_id: {r["role"]: r for r in held}
        for actor_id, held in zip(net.ids, roles, strict=True)
    }


def codes(roles):
    return {actor_id: list(held) for actor_id, held in roles.items()}


def test_landowner_roles():
    # L: 3 clients → patron. L2: a single, non-captive client → no role. s1 is captive
    # (test_patronage.test_landowner_with_three_sharecroppers) and poor; s2 poor; s3 depends
    # on L2 (1.0) more than on L (0.51).
    roles = roles_of(landowner_sharecroppers())
    assert codes(roles) == {
        "L": ["patron"],
        "s1": ["client", "captive_client", "poor_household"],
        "s2": ["client", "poor_household"],
        "s3": ["client"],
        "L2": [],
    }
    facts = roles["L"]["patron"]["facts"]
    assert facts == {
        "clients": 3,
        "poor_clients": 2,
        "captive_clients": 1,
        "forms": {"land": 3},
        "patron_score": facts["patron_score"],
        "dependency_received": facts["dependency_received"],
        "reach_poor_1": 2,
        "reach_poor_2": 2,
        "top": True,
        "superior": None,
        "cluster": "L",
        "cluster_size": 3,
    }
    assert roles["s1"]["captive_client"]["facts"] == {
        "captive": [{"form": "land", "patron": "L", "reason": "no_alternative"}]
    }
    assert "two steps" in roles["s1"]["captive_client"]["rule"]
    assert roles["s3"]["client"]["facts"] == {
        "patrons": ["L2", "L"],
        "patrons_count": 2,
        "main_patron": "L2",
        "main_forms": ["land"],
        "dependency_concentration": facts_hhi(0.51, 1.0),
    }
    assert roles["s2"]["poor_household"]["facts"] == {"welfare": "very_poor"}


def facts_hhi(*weights):
    total = sum(weights)
    return sum((w / total) ** 2 for w in weights)


def test_middleman_pyramid_roles():
    # b sells to T (and borrows from T) and buys from f1, f2, f3: a broker in T's pyramid.
    # T's tie to b has two strands (market, credit): a multiplex patron.
    roles = roles_of(middleman_pyramid())
    assert codes(roles) == {
        "T": ["patron", "multiplex_patron"],
        "b": ["patron", "broker", "client", "captive_client"],
        "f1": ["client", "captive_client", "poor_household"],
        "f2": ["client", "captive_client", "poor_household"],
        "f3": ["client", "poor_household"],
        "f4": ["client", "captive_client", "poor_household"],
        "T2": [],
    }
    assert roles["b"]["broker"]["facts"] == {
        "via": "pyramid",
        "patron": "T",
        "top_patron": "T",
        "level": 1,
        "forms_from_patron": ["credit", "market"],
        "clients": 3,
        "forms_to_clients": {"market": 3},
    }
    assert roles["T"]["multiplex_patron"]["facts"] == {
        "multiplex_clients": 1,
        "examples": [{"client": "b", "strands": ["credit", "market"]}],
    }
    # "klien tanpa pilihan selain T untuk kredit": the captive facts name the patron and the form.
    assert roles["b"]["captive_client"]["facts"]["captive"] == [
        {"form": "credit", "patron": "T", "reason": "no_alternative"}
    ]
    assert roles["T"]["patron"]["facts"]["cluster_size"] == 6


def test_moneylender_landlord_roles():
    roles = roles_of(moneylender_landlord())
    assert roles["R"]["multiplex_patron"]["facts"]["examples"] == [
        {"client": "k1", "strands": ["credit", "land"]},
        {"client": "k2", "strands": ["credit", "kinship"]},
    ]
    # k3's tie is recorded as "can switch": a client, not a captive one.
    assert list(roles["k3"]) == ["client"]
    assert roles["k1"]["captive_client"]["facts"]["captive"] == [
        {"form": "credit", "patron": "R", "reason": "no_alternative"},
        {"form": "land", "patron": "R", "reason": "no_alternative"},
    ]


def test_single_captive_client_makes_a_patron():
    net = make_network(
        [{"id": "c"}, {"id": "p"}],
        [{"source": "c", "target": "p", "type": "credit", "exclusive": True}],
    )
    roles = roles_of(net)
    assert roles["p"]["patron"]["rule"] == "a captive client depends on it"
    assert roles["c"]["captive_client"]["facts"]["captive"][0]["reason"] == "exclusive"
    assert "exclusive" in roles["c"]["captive_client"]["rule"]


def _hamlet_brokers():
    """The hamlet network with hand-made brokerage columns: g and l have the highest
    betweenness (the top 2 of 14); z3 is next and brokers too, but is not in the top 10 %."""
    net = _hamlet_network()
    return net, _columns(
        net,
        betweenness_normalized={"g": 0.3, "l": 0.2, "z3": 0.1},
        brokerage_gatekeeper={"g": 2},
        brokerage_representative={"g": 1},
        brokerage_liaison={"l": 2, "z3": 1},
    )


def _hamlet_network():
    # g (Krajan) links a1 (Krajan) to b1, b2 (Sidomulyo); l (Sukamaju) links a2 (Krajan) to
    # b2 (Sidomulyo); eight more actors in a chain give the network 14 actors, so the top
    # 10 % by betweenness are ceil(1.4) = 2 actors.
    hamlets = {"g": "Krajan", "a1": "Krajan", "a2": "Krajan", "b1": "Sidomulyo",
               "b2": "Sidomulyo", "l": "Sukamaju"}  # fmt: skip
    hamlets |= {f"z{i}": "Sukamaju" for i in range(8)}
    actors = [{"id": k, "hamlet": v} for k, v in hamlets.items()]
    pairs = [("a1", "g"), ("g", "b1"), ("g", "b2"), ("a2", "l"), ("l", "b2")]
    pairs += [(f"z{i}", f"z{i + 1}") for i in range(7)]
    ties = [{"source": s, "target": t, "type": "communication"} for s, t in pairs]
    return make_network(actors, ties)


def _columns(net, **values):
    n = net.n
    out = {
        name: np.zeros(n)
        for name in (
            "betweenness_normalized",
            "brokerage_coordinator",
            "brokerage_gatekeeper",
            "brokerage_representative",
            "brokerage_consultant",
            "brokerage_liaison",
        )
    }
    for key, per_actor in values.items():
        for actor_id, value in per_actor.items():
            out[key][net.ids.index(actor_id)] = value
    return out


def test_brokers_between_groups():
    # Hand-made columns: g and l have the highest betweenness (the top 2 of 14); z3 is
    # next and brokers too, but is not in the top 10 %.
    net, columns = _hamlet_brokers()
    roles = roles_of(net, columns)
    assert list(roles["g"]) == ["broker", "gatekeeper"]
    assert list(roles["l"]) == ["broker", "liaison"]
    assert list(roles["z3"]) == []
    facts = roles["g"]["broker"]["facts"]
    # g's neighbours: a1 in Krajan, b1 and b2 in Sidomulyo → "between Sidomulyo and Krajan"
    assert facts == {
        "via": "groups",
        "group_by": "hamlet",
        "own_group": "Krajan",
        "between": ["Sidomulyo", "Krajan"],
        "neighbour_groups": {"Krajan": 1, "Sidomulyo": 2},
        "brokerage": {"coordinator": 0, "gatekeeper": 2, "representative": 1,
                      "consultant": 0, "liaison": 0},
        "betweenness_normalized": 0.3,
    }  # fmt: skip
    assert roles["l"]["liaison"]["facts"]["between"] == ["Krajan", "Sidomulyo"]
    assert f"top {BROKER_BETWEENNESS_SHARE:.0%}" in roles["g"]["broker"]["rule"]


def test_group_brokers_fall_back_to_communities():
    net = _hamlet_network()
    net.attrs["hamlet"] = np.full(net.n, "", dtype=object)
    columns = _columns(net, betweenness_normalized={"g": 0.3}, brokerage_liaison={"g": 1})
    columns["community"] = np.array([0, 0, 1, 1, 1, 2] + [2] * 8)  # g, a1, a2, b1, b2, l, z…
    facts = roles_of(net, columns)["g"]["broker"]["facts"]
    assert facts["group_by"] == "community"
    assert facts["own_group"] == "0"
    assert facts["neighbour_groups"] == {"0": 1, "1": 2}


def test_no_group_brokers_without_brokerage_columns():
    net = _hamlet_network()
    roles = roles_of(net, {"betweenness_normalized": np.ones(net.n)})
    assert all("broker" not in held for held in roles.values())


def test_isolates():
    net = make_network(
        [{"id": "a"}, {"id": "b"}, {"id": "alone"}, {"id": "loop"}],
        [
            {"source": "a", "target": "b", "type": "kinship"},
            {"source": "loop", "target": "loop", "type": "advice"},
        ],
    )
    assert codes(roles_of(net)) == {"a": [], "b": [], "alone": ["isolate"], "loop": ["isolate"]}
    # The core table's degree is used when given.
    degree = {"degree": np.array([1, 1, 0, 2])}
    assert codes(roles_of(net, degree))["loop"] == []


def test_empty_network():
    net = make_network([], [])
    assert assign_roles(net, {}, compute_patronage(net)) == []


@settings(max_examples=200, deadline=None)
@given(networks())
def test_roles_follow_their_rules(case):
    net, weights = case
    res = compute_patronage(net, weights=weights)
    rng = np.random.default_rng(len(net.ids) + net.m)
    columns = {
        "betweenness_normalized": rng.random(net.n),
        "brokerage_gatekeeper": rng.integers(0, 3, net.n).astype(float),
        "brokerage_liaison": rng.integers(0, 3, net.n).astype(float),
    }
    roles = assign_roles(net, columns, res)
    json.dumps(roles, allow_nan=False)
    col = res.actor_columns
    keep = net.src != net.dst
    degree = np.bincount(np.r_[net.src[keep], net.dst[keep]], minlength=net.n)
    for i, held in enumerate(roles):
        names = [r["role"] for r in held]
        assert names == sorted(names, key=ROLE_CODES.index)
        assert all(r["rule"] for r in held)
        assert ("client" in names) == (col["patrons_count"][i] > 0)
        assert ("captive_client" in names) == bool(col["captive"][i])
        captive_patrons = {c["id"]: {x["patron"] for x in c["captive_forms"]} for c in res.clients}
        is_patron = col["clients"][i] >= 2 or any(
            net.ids[i] in ps for ps in captive_patrons.values()
        )
        assert ("patron" in names) == is_patron
        assert ("isolate" in names) == (degree[i] == 0)
        if "multiplex_patron" in names:
            assert "patron" in names and col["multiplex_clients"][i] > 0


def test_broker_in_a_pyramid_and_between_groups():
    # Pak Bejo (b) is T's pyramid broker; give him the top betweenness and liaison brokerage
    # by hand: he is also a broker between hamlets, and holds "broker" twice.
    net = middleman_pyramid()
    columns = _columns(net, betweenness_normalized={"b": 0.5}, brokerage_liaison={"b": 3})
    held = assign_roles(net, columns, compute_patronage(net))[1]
    assert [(r["role"], r["facts"].get("via")) for r in held] == [
        ("patron", None),
        ("broker", "pyramid"),
        ("broker", "groups"),
        ("liaison", "groups"),
        ("client", None),
        ("captive_client", None),
    ]
    # b (Sidomulyo) has neighbours T (Krajan) and f1, f2, f3 (Sidomulyo).
    assert held[2]["facts"]["neighbour_groups"] == {"Krajan": 1, "Sidomulyo": 3}
    assert held[2]["facts"]["between"] == ["Sidomulyo", "Krajan"]


def _same_codes(net, columns, res=None):
    res = compute_patronage(net) if res is None else res
    full = assign_roles(net, columns, res)
    fast = role_codes(net, columns, res)
    assert len(fast) == net.n
    expected = [list(dict.fromkeys(r["role"] for r in held)) for held in full]
    assert [fast.codes(i) for i in range(net.n)] == expected
    texts = fast.json_texts(0, net.n)
    assert [json.loads(t) for t in texts] == expected
    assert texts == [json.dumps(e, separators=(",", ":")) for e in expected]


def test_role_codes_match_assign_roles_on_the_examples():
    for make in (landowner_sharecroppers, middleman_pyramid, moneylender_landlord):
        _same_codes(make(), {})
    _same_codes(middleman_pyramid(), _columns(
        middleman_pyramid(), betweenness_normalized={"b": 0.5}, brokerage_liaison={"b": 3}
    ))  # fmt: skip
    net, columns = _hamlet_brokers()
    _same_codes(net, columns)
    _same_codes(net, {"betweenness_normalized": np.ones(net.n)})
    _same_codes(make_network([], []), {})


@settings(max_examples=200, deadline=None)
@given(networks())
def test_role_codes_match_assign_roles(case):
    # Small integer counts: ties between the cross-group kinds are frequent, and the
    # dominant kind must be broken the same way.
    net, weights = case
    res = compute_patronage(net, weights=weights)
    rng = np.random.default_rng(len(net.ids) * 31 + net.m)
    columns = {"betweenness_normalized": rng.integers(0, 3, net.n) / 2.0}
    for kind in ("gatekeeper", "representative", "liaison", "consultant", "coordinator"):
        if rng.random() < 0.8:
            columns[f"brokerage_{kind}"] = rng.integers(0, 3, net.n).astype(float)
    if rng.random() < 0.5:
        keep = net.src != net.dst
        columns["degree"] = np.bincount(np.r_[net.src[keep], net.dst[keep]], minlength=net.n)
    _same_codes(net, columns, res)
