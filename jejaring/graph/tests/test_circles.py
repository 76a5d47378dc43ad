"""Circles of critical awareness: the hand-worked example of docs/recommendations.md (section 6)
reproduced exactly, and the invariants checked on random villages (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jejaring.graph.circles import TRUST_TYPES, propose_circles

# The example village of docs/recommendations.md, section 6.
ACTORS = {
    "P": {"name": "Haji Darto", "hamlet": "Krajan", "category": "moneylender"},
    "R": {"name": "Bu Sumi", "hamlet": "Krajan", "category": "moneylender"},
    "B": {"name": "Pak Joko", "hamlet": "Krajan", "welfare": "middle"},
    "S": {"name": "Toko Makmur", "hamlet": "Krajan", "category": "supplier"},
    "c1": {"name": "Ani", "hamlet": "Krajan", "kind": "household", "welfare": "very_poor"},
    "c2": {"name": "Budi", "hamlet": "Krajan", "kind": "household", "welfare": "poor"},
    "c3": {"name": "Citra", "hamlet": "Sawah", "kind": "household", "welfare": "middle"},
    "c4": {"name": "Dewi", "hamlet": "Sawah", "kind": "household", "welfare": "poor"},
    "c5": {"name": "Eko", "hamlet": "Sawah", "kind": "household", "welfare": "middle"},
    "M": {"name": "Pak Maman", "hamlet": "Sawah", "kind": "household", "welfare": "middle"},
    "L": {"name": "Bu Lastri", "hamlet": "Krajan", "kind": "household", "welfare": "middle"},
    "F": {"name": "Fasilitator", "is_facilitator": True},
    "K": {"name": "Kelompok Tani Maju", "kind": "group"},
    "A": {"name": "Arisan RT 02", "kind": "group"},
}


def dep(s, t, form, type_=None, exclusive=None):
    return {
        "source": s,
        "target": t,
        "type": type_ or form,
        "form": form,
        "dependency": True,
        "directed": True,
        "exclusive": exclusive,
    }


def tie(s, t, type_, directed):
    return {
        "source": s,
        "target": t,
        "type": type_,
        "form": "",
        "dependency": False,
        "directed": directed,
    }


TIES = [
    dep("c1", "P", "credit", exclusive=True),
    dep("c2", "P", "credit"),
    dep("B", "P", "credit"),
    dep("c3", "B", "credit"),
    dep("c4", "R", "credit"),
    dep("c5", "R", "credit"),
    dep("M", "R", "credit"),
    dep("P", "S", "goods_credit"),
    tie("c1", "L", "kinship", False),
    tie("L", "c2", "communication", False),
    tie("c1", "M", "advice", True),
    tie("c2", "B", "advice", True),
    tie("F", "c1", "communication", False),
    tie("c1", "K", "membership", True),
    tie("c2", "K", "membership", True),
    tie("c4", "K", "membership", True),
    tie("L", "K", "membership", True),
    tie("c2", "A", "membership", True),
    tie("P", "A", "membership", True),
]

FORUMS = {"forum1": {"name": "Forum Desa", "members": ["c4", "c5", "L"]}}


def circles():
    return {c["key"]: c for c in propose_circles(ACTORS, TIES, forums=FORUMS)}


def test_example_circles_and_order():
    out = propose_circles(ACTORS, TIES, forums=FORUMS)
    assert [(c["key"], c["rank"]) for c in out] == [
        ("form:credit", 1),
        ("patron:P", 2),
        ("patron:R", 3),
    ]


def test_example_patron_circle():
    c = circles()["patron:P"]
    assert [(m["actor"], m["poor"], m["captive"]) for m in c["members"]] == [
        ("c1", True, True),
        ("c2", True, False),
    ]
    assert c["members"][0]["captive_forms"] == ["credit"]
    assert [(v["name"], v["attending"], v["reason_codes"], v["facts"]) for v in c["venues"]] == [
        ("Kelompok Tani Maju", ["c1", "c2"], ["members_attend"], {}),
        ("Arisan RT 02", ["c2"], ["members_attend", "patron_attends"], {"unsafe": ["P"]}),
    ]
    assert c["peer_leaders"] == [
        {
            "actor": "L",
            "reason_codes": [
                "trusted_by",
                "near_member",
                "independent",
                "attends_venue",
                "same_hamlet",
            ],
            "facts": {
                "trusted_by": ["c1", "c2"],
                "count": 2,
                "tie_types": ["communication", "kinship"],
                "own_patrons": [],
                "venue": "K",
                "hamlet": "Krajan",
            },
            "rank": 1,
        },
        {
            "actor": "M",
            "reason_codes": ["trusted_by", "near_member", "independent"],
            "facts": {
                "trusted_by": ["c1"],
                "count": 1,
                "tie_types": ["advice"],
                "own_patrons": ["R"],
            },
            "rank": 2,
        },
    ]
    assert c["do_not_invite"] == [
        {"actor": "P", "reason_codes": ["patron"], "facts": {"clients": 2}},
        {"actor": "B", "reason_codes": ["broker"], "facts": {"of": ["P"]}},
        {"actor": "S", "reason_codes": ["patron_of_patron"], "facts": {"of": ["P"]}},
    ]


def test_example_second_patron_circle():
    c = circles()["patron:R"]
    assert [m["actor"] for m in c["members"]] == ["c4", "c5", "M"]
    assert [(v["name"], v["count"]) for v in c["venues"]] == [
        ("Forum Desa", 2),
        ("Kelompok Tani Maju", 1),
    ]
    assert c["peer_leaders"] == []  # nobody trusted by Dewi, Eko or Maman is outside Bu Sumi
    assert [d["actor"] for d in c["do_not_invite"]] == ["R"]


def test_example_form_circle():
    c = circles()["form:credit"]
    assert c["patrons"] == ["R", "P", "B"]
    assert [m["actor"] for m in c["members"]] == ["c1", "c2", "c4", "c3", "c5", "M"]
    assert [m["patrons"] for m in c["members"]] == [["P"], ["P"], ["R"], ["B"], ["R"], ["R"]]
    assert [
        (p["actor"], p["facts"]["trusted_by"], p["reason_codes"][1]) for p in c["peer_leaders"]
    ] == [
        ("L", ["c1", "c2"], "near_member"),
        ("M", ["c1"], "member"),
    ]
    assert [(d["actor"], d["reason_codes"]) for d in c["do_not_invite"]] == [
        ("R", ["patron"]),
        ("P", ["patron"]),
        ("B", ["patron"]),
        ("S", ["patron_of_patron"]),
    ]


def test_split_by_hamlet():
    out = {c["key"]: c for c in propose_circles(ACTORS, TIES, forums=FORUMS, split_at=4)}
    assert sorted(out) == [
        "form:credit:hamlet:Krajan",
        "form:credit:hamlet:Sawah",
        "patron:P",
        "patron:R",
    ]
    assert [m["actor"] for m in out["form:credit:hamlet:Krajan"]["members"]] == ["c1", "c2"]
    assert [m["actor"] for m in out["form:credit:hamlet:Sawah"]["members"]] == [
        "c4",
        "c3",
        "c5",
        "M",
    ]


def test_captive_from_the_analysis_replaces_exclusive():
    out = propose_circles(ACTORS, TIES, captive={"c2": [("P", "credit")]})
    c = {c["key"]: c for c in out}["patron:P"]
    assert [(m["actor"], m["captive"]) for m in c["members"]] == [("c2", True), ("c1", False)]


def test_deterministic_whatever_the_tie_order():
    a = propose_circles(ACTORS, TIES, forums=FORUMS)
    b = propose_circles(ACTORS, list(reversed(TIES)), forums=FORUMS)
    assert a == b


# ---- invariants on random villages ---------------------------------------------------------

N = 12
FORMS = ["credit", "land", "market"]


@st.composite
def villages(draw):
    ids = [f"a{i}" for i in range(N)]
    actors = {
        a: {
            "name": draw(st.sampled_from(["Ani", "Budi", "Citra", "Dewi"])),
            "hamlet": draw(st.sampled_from(["", "X", "Y"])),
            "kind": "household",
            "welfare": draw(st.sampled_from(["very_poor", "poor", "middle"])),
            "is_facilitator": draw(st.booleans()) and draw(st.booleans()) and draw(st.booleans()),
        }
        for a in ids
    }
    pair = st.tuples(st.sampled_from(ids), st.sampled_from(ids)).filter(lambda p: p[0] != p[1])
    ties = []
    for s, t in draw(st.lists(pair, max_size=25)):
        ties.append(dep(s, t, draw(st.sampled_from(FORMS)), exclusive=draw(st.booleans())))
    for s, t in draw(st.lists(pair, max_size=25)):
        typ = draw(st.sampled_from([*sorted(TRUST_TYPES), "membership"]))
        ties.append(tie(s, t, typ, typ in ("kinship", "marriage", "communication")))
    return actors, ties, draw(st.integers(min_value=2, max_value=6))


@settings(max_examples=150, deadline=None)
@given(villages())
def test_invariants(village):
    actors, ties, split_at = village
    out = propose_circles(actors, ties, split_at=split_at)
    patrons_of: dict[str, dict[str, set[str]]] = {}
    for t in ties:
        if t["dependency"]:
            patrons_of.setdefault(t["source"], {}).setdefault(t["target"], set()).add(t["form"])
    clients_of: dict[str, set[str]] = {}
    for c, ps in patrons_of.items():
        for p in ps:
            clients_of.setdefault(p, set()).add(c)
    keys = [c["key"] for c in out]
    assert len(keys) == len(set(keys))
    assert [c["rank"] for c in out] == list(range(1, len(out) + 1))
    ranks = [(-c["poor_captive_count"], -c["poor_count"], -c["size"], c["key"]) for c in out]
    assert ranks == sorted(ranks)
    for c in out:
        members = [m["actor"] for m in c["members"]]
        assert len(members) >= 1 and len(set(members)) == len(members)
        # every member depends on the circle's patron, or on one of its patrons for its form
        for m in members:
            if c["basis"] == "patron":
                assert c["patron"] in patrons_of.get(m, {})
            else:
                assert any(
                    c["form"] in forms and p in c["patrons"] for p, forms in patrons_of[m].items()
                )
            if c["hamlet"]:
                assert actors[m]["hamlet"] == c["hamlet"]
        # brokers of the circle's patrons, patrons and their patrons: not members, not leaders
        banned = set(c["patrons"])
        for p in c["patrons"]:
            banned |= {b for b in clients_of.get(p, ()) if clients_of.get(b)}
            banned |= set(patrons_of.get(p, {}))
        assert {d["actor"] for d in c["do_not_invite"]} == banned
        assert not banned & set(members)
        for leader in c["peer_leaders"]:
            x = leader["actor"]
            assert x not in banned
            assert not actors[x]["is_facilitator"]
            if c["basis"] == "patron":
                assert c["patron"] not in patrons_of.get(x, {})
            for m in leader["facts"]["trusted_by"]:
                assert m in members and m != x
                assert not set(patrons_of.get(m, {})) & set(patrons_of.get(x, {}))
                assert x not in patrons_of.get(m, {})
        counts = [-pl["facts"]["count"] for pl in c["peer_leaders"]]
        assert counts == sorted(counts)
        # members: poor and captive first, then poor, then captive
        tiers = [
            (not (m["poor"] and m["captive"]), not m["poor"], not m["captive"])
            for m in c["members"]
        ]
        assert tiers == sorted(tiers)
        venues = [(bool(v["facts"]), -v["count"]) for v in c["venues"]]
        assert venues == sorted(venues)


def _naive_patron_circles(actors, ties):
    """An independent, literal reading of the rules for circles of one patron (no hamlet split):
    members, whom not to invite, and every eligible peer leader with whom they are trusted by."""
    patrons_of: dict[str, set[str]] = {}
    for t in ties:
        if t["dependency"]:
            patrons_of.setdefault(t["source"], set()).add(t["target"])
    everyone = set(actors)

    def clients(p):
        return {c for c in everyone if p in patrons_of.get(c, set())}

    def trusts(m, x):
        for t in ties:
            if t["dependency"] or t["type"] not in TRUST_TYPES:
                continue
            if t["source"] == m and t["target"] == x:
                return True
            if not t["directed"] and t["source"] == x and t["target"] == m:
                return True
        return False

    out = {}
    for p in sorted(everyone):
        brokers = {b for b in clients(p) if clients(b)}
        members = clients(p) - brokers - {p}
        if len(members) < 2:
            continue
        banned = {p} | brokers | patrons_of.get(p, set())
        leaders = {}
        for x in everyone - banned:
            if actors[x].get("is_facilitator"):
                continue
            by = {
                m
                for m in members
                if m != x
                and trusts(m, x)
                and x not in patrons_of.get(m, set())
                and not (patrons_of.get(m, set()) & patrons_of.get(x, set()))
            }
            if by:
                leaders[x] = by
        out[f"patron:{p}"] = (members, banned, leaders)
    return out


@settings(max_examples=150, deadline=None)
@given(villages())
def test_patron_circles_match_a_brute_force_reading(village):
    actors, ties, _split_at = village
    out = {
        c["key"]: c
        for c in propose_circles(actors, ties, split_at=10**6, peer_count=10**6, venue_count=10**6)
        if c["basis"] == "patron"
    }
    expected = _naive_patron_circles(actors, ties)
    assert set(out) == set(expected)
    for key, (members, banned, leaders) in expected.items():
        c = out[key]
        assert {m["actor"] for m in c["members"]} == members
        assert {d["actor"] for d in c["do_not_invite"]} == banned
        assert {p["actor"]: set(p["facts"]["trusted_by"]) for p in c["peer_leaders"]} == leaders
