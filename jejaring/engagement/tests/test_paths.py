"""Routes to a stakeholder over trusted ties: hand-made villages with known answers, and
networkx as an independent check of the number of steps on random graphs."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from jejaring.engagement.paths import Route, adjacency, suggest_routes

# A small village, drawn by hand:
#
#   F ── kades ── haji ── tani ── imam
#   │      │
#   guru ──┘
#   F2 ── bidan          adat ── mbah
#
# strengths: F-kades 4, kades-haji 5, haji-tani 2, F-guru 2, guru-kades 3, imam-tani 4,
# F2-bidan 5, adat-mbah 3; adat and mbah are cut off from the facilitators.
TIES = [
    ("F", "kades", 4),
    ("kades", "haji", 5),
    ("haji", "tani", 2),
    ("F", "guru", 2),
    ("guru", "kades", 3),
    ("imam", "tani", 4),
    ("F2", "bidan", 5),
    ("adat", "mbah", 3),
]


def paths(routes):
    return [r.path for r in routes]


def test_shortest_chain_through_someone_the_facilitator_knows():
    routes = suggest_routes(TIES, ["F", "F2"], "haji")
    # Hand count: F-kades-haji is 2 steps; F-guru-kades-haji is 3.
    assert paths(routes) == [("F", "kades", "haji")]
    (r,) = routes
    assert r.facilitator == "F" and r.known == "kades" and r.introducer == "kades"
    assert r.steps == 2 and not r.direct


def test_longer_chain_names_both_the_known_person_and_the_introducer():
    (r,) = suggest_routes(TIES, ["F"], "tani", limit=1)
    assert r.path == ("F", "kades", "haji", "tani")
    assert r.known == "kades" and r.introducer == "haji" and r.steps == 3


def test_alternatives_are_one_per_introducer_best_first():
    ties = [
        ("F", "a", 5),
        ("a", "t", 5),
        ("F", "b", 1),
        ("b", "t", 1),
        ("F", "c", 3),
        ("c", "t", 3),
    ]
    # All three are 2 steps; weakness (5 - strength) sums: via a 0, via c 4, via b 8.
    assert paths(suggest_routes(ties, ["F"], "t")) == [
        ("F", "a", "t"),
        ("F", "c", "t"),
        ("F", "b", "t"),
    ]
    assert paths(suggest_routes(ties, ["F"], "t", limit=2)) == [("F", "a", "t"), ("F", "c", "t")]


def test_fewer_steps_beat_stronger_ties():
    ties = [("F", "x", 1), ("x", "t", 1), ("F", "s1", 5), ("s1", "s2", 5), ("s2", "t", 5)]
    assert suggest_routes(ties, ["F"], "t", limit=1)[0].path == ("F", "x", "t")


def test_a_facilitators_own_acquaintance_needs_no_intermediary():
    (r,) = suggest_routes(TIES, ["F", "F2"], "bidan")
    assert r.direct and r.path == ("F2", "bidan") and r.known is None and r.introducer is None


def test_someone_met_in_the_approach_counts_as_known():
    # From F, imam is 4 steps away (F-kades-haji-tani-imam); the program has met tani already,
    # which makes it 2: the facilitators to tani, tani to imam.
    assert suggest_routes(TIES, ["F"], "imam", limit=1)[0].steps == 4
    (r,) = suggest_routes(TIES, ["F"], "imam", met=["tani"], limit=1)
    assert r.path == ("tani", "imam") and not r.from_facilitator
    assert r.known == "tani" and r.introducer == "tani" and r.steps == 2
    # someone cut off from the facilitators is reached through whoever was met near them
    (cut,) = suggest_routes(TIES, ["F"], "mbah", met=["adat"])
    assert cut.path == ("adat", "mbah")
    (met,) = suggest_routes(TIES, ["F"], "imam", met=["imam"])
    assert met.direct and met.facilitator is None


def test_a_facilitators_own_chain_is_preferred_at_equal_length():
    # kades is met and is also the facilitator's acquaintance: both chains to haji are 2 steps;
    # the one naming the facilitator comes first, though the met start has no weak first step.
    (r,) = suggest_routes(TIES, ["F"], "haji", met=["kades"], limit=1)
    assert r.path == ("F", "kades", "haji") and r.from_facilitator


def test_opponents_are_never_go_betweens():
    routes = suggest_routes(TIES, ["F"], "haji", avoid=["kades"])
    assert routes == []  # every route to haji passes kades
    (r,) = suggest_routes(TIES, ["F"], "tani", avoid=["haji"], met=["imam"], limit=1)
    assert r.path == ("imam", "tani")


def test_no_route_unknown_actor_or_facilitator_target():
    assert suggest_routes(TIES, ["F"], "mbah") == []
    assert suggest_routes(TIES, ["F"], "nobody") == []
    assert suggest_routes(TIES, ["F"], "F") == []
    assert suggest_routes([], [], "kades") == []


def test_direction_and_duplicates_do_not_matter():
    ties = [("t", "a", 2), ("a", "F", 2), ("F", "a", 5)]
    assert adjacency(ties)["a"] == {"t": 3, "F": 0}  # the strongest of the two a-F ties
    assert suggest_routes(ties, ["F"], "t")[0].path == ("F", "a", "t")


def test_unknown_strength_counts_as_three():
    ties = [("F", "a", None), ("a", "t", None), ("F", "b", 2), ("b", "t", 2)]
    assert suggest_routes(ties, ["F"], "t", limit=1)[0].path == ("F", "a", "t")
    assert suggest_routes(ties, ["F"], "t")[0].weakness == 4


@pytest.mark.parametrize("seed", range(8))
def test_step_counts_match_networkx_on_random_villages(seed):
    """Independent check: the best route has as many steps as networkx's shortest path from a
    virtual node joined to every facilitator (minus that virtual step)."""
    rng = random.Random(seed)
    n = 60
    g = nx.gnm_random_graph(n, 90, seed=seed)
    ties = [(str(a), str(b), rng.randint(1, 5)) for a, b in g.edges()]
    facilitators = ["0", "1"]
    h = nx.Graph()
    h.add_nodes_from(str(i) for i in range(n))
    h.add_edges_from((a, b) for a, b, _ in ties)
    h.add_edges_from(("start", f) for f in facilitators)
    for target in map(str, range(2, n)):
        routes = suggest_routes(ties, facilitators, target)
        if nx.has_path(h, "start", target):
            expected = nx.shortest_path_length(h, "start", target) - 1
            assert routes and routes[0].steps == expected, target
            # each returned chain really is made of ties
            for r in routes:
                assert all(h.has_edge(a, b) for a, b in zip(r.path, r.path[1:], strict=False))
        else:
            assert routes == []


def test_same_input_same_answer():
    shuffled = list(reversed(TIES))
    assert paths(suggest_routes(TIES, ["F2", "F"], "tani")) == paths(
        suggest_routes(shuffled, ["F", "F2"], "tani")
    )


def test_route_properties():
    r = Route(("F", "a", "b", "t"), 3)
    assert (r.facilitator, r.known, r.introducer, r.steps, r.direct) == ("F", "a", "b", 3, False)
