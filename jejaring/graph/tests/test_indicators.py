"""Indicators of change: a hand-worked example (docs/recommendations.md, "Perubahan / Change")
and a brute force over random small graphs."""

from __future__ import annotations

import itertools
import random

import pytest

from jejaring.graph.indicators import herfindahl, indicators

P = {"kind": "household", "welfare": "poor"}

# The worked example of docs/recommendations.md.
ACTORS = [
    {"id": "H1", **P, "captive": True, "engagement": "approached"},
    {"id": "H2", **P, "engagement": "receptive"},
    {"id": "H3", **P},
    {"id": "H4", "kind": "household", "welfare": "well_off"},
    {"id": "T", "engagement": "supportive"},  # trader
    {"id": "R", "engagement": "resistant"},  # moneylender
    {"id": "L"},  # landowner
    {"id": "M"},  # other patron
    {"id": "K", "is_facilitator": True},
]
TIES = [
    {"source": "H1", "target": "R", "dependency": True, "weight": 2},
    {"source": "H2", "target": "T", "dependency": True, "weight": 1},
    {"source": "H2", "target": "L", "dependency": True, "weight": 1},
    {"source": "H3", "target": "T", "dependency": True, "weight": 3},
    {"source": "H3", "target": "R", "dependency": True, "weight": 1},
    {"source": "H4", "target": "M", "dependency": True, "weight": 1},
    {"source": "H4", "target": "L", "dependency": True, "weight": 1, "current": False},
    {"source": "H1", "target": "T", "type": "kinship"},
    {"source": "H3", "target": "H4", "type": "kinship"},
]


def test_worked_example():
    out = indicators(
        ACTORS,
        TIES,
        forum_members=["T", "H4"],
        commitments=[{"status": "done"}, {"status": "broken"}, {"status": "done"}],
    )
    assert out["captive_clients"] == 1
    assert out["poor_single_patron"] == 1  # H1 (R only)
    # H1: 1; H2: ½²+½² = 0.5; H3: (¾)²+(¼)² = 0.625 → mean 2.125/3
    assert out["poor_concentration"] == pytest.approx(2.125 / 3)
    # held: T 4, R 3, L 1, M 1 → top three 8 of 9
    assert out["top3_share"] == pytest.approx(8 / 9)
    # H1 tied to T (not its patron) → covered; H2's only link to T is its patron → not;
    # H3 tied to member H4 → covered. Captive H1 covered.
    assert out["forum_poor"] == pytest.approx(2 / 3)
    assert out["forum_captive"] == 1.0
    assert out["stages"] == {
        "approached": 1,
        "not_approached": 4,
        "receptive": 1,
        "resistant": 1,
        "supportive": 1,
    }
    assert out["engaged"] == 2  # H2 receptive, T supportive
    assert out["commitments_done"] == 2
    assert "switched_provider" not in out


def test_progress_slot_present_only_when_given():
    out = indicators(ACTORS, TIES, progress={"switched_provider": 2, "joined_alternative": 0})
    assert out["switched_provider"] == 2 and out["joined_alternative"] == 0
    assert out["forum_poor"] is None  # forum unknown


def test_empty_village():
    out = indicators([], [], forum_members=[])
    assert out["poor_concentration"] is None and out["top3_share"] is None
    assert out["forum_poor"] is None and out["captive_clients"] == 0


def _brute(actors, ties, members):
    """Straight from the definitions, by enumerating patrons and subsets of patrons."""
    ids = [a["id"] for a in actors]
    by_id = {a["id"]: a for a in actors}
    poor = [
        i
        for i in ids
        if by_id[i].get("kind") == "household" and by_id[i].get("welfare") in ("poor", "very_poor")
    ]
    live = [t for t in ties if t.get("current", True) and t["source"] != t["target"]]
    dep = [t for t in live if t.get("dependency")]

    def w(c, p):
        return sum(t.get("weight", 1) for t in dep if t["source"] == c and t["target"] == p)

    def patrons(c):
        return sorted({t["target"] for t in dep if t["source"] == c})

    single = sum(1 for h in poor if len(patrons(h)) == 1)
    hh = []
    for h in poor:
        ps = patrons(h)
        if ps:
            tot = sum(w(h, p) for p in ps)
            hh.append(sum((w(h, p) / tot) ** 2 for p in ps))
    allp = sorted({t["target"] for t in dep})
    held = {p: sum(t.get("weight", 1) for t in dep if t["target"] == p) for p in allp}
    total = sum(held.values())
    best = max(
        (sum(held[p] for p in combo) for combo in itertools.combinations(allp, min(3, len(allp)))),
        default=0,
    )

    def covered(x):
        if x in members:
            return True
        for t in live:
            other = t["target"] if t["source"] == x else t["source"] if t["target"] == x else None
            if other in members and other not in patrons(x):
                return True
        return False

    captive = [i for i in ids if by_id[i].get("captive")]
    return {
        "poor_single_patron": single,
        "poor_concentration": sum(hh) / len(hh) if hh else None,
        "top3_share": best / total if total else None,
        "forum_poor": sum(map(covered, poor)) / len(poor) if poor else None,
        "forum_captive": sum(map(covered, captive)) / len(captive) if captive else None,
        "captive_clients": len(captive),
    }


@pytest.mark.parametrize("seed", range(40))
def test_against_brute_force(seed):
    rng = random.Random(seed)
    n = rng.randint(2, 9)
    actors = []
    for i in range(n):
        a = {"id": f"a{i}"}
        if rng.random() < 0.6:
            a["kind"] = "household"
            a["welfare"] = rng.choice(["poor", "very_poor", "middle"])
        a["captive"] = rng.random() < 0.3
        actors.append(a)
    ties = []
    for _ in range(rng.randint(0, 14)):
        s, t = rng.choice(actors)["id"], rng.choice(actors)["id"]
        ties.append(
            {
                "source": s,
                "target": t,
                "dependency": rng.random() < 0.7,
                "weight": rng.choice([1, 2, 3, 0.5]),
                "current": rng.random() < 0.85,
            }
        )
    members = {a["id"] for a in actors if rng.random() < 0.3}
    got = indicators(actors, ties, forum_members=members)
    want = _brute(actors, ties, members)
    for key, value in want.items():
        assert got[key] == pytest.approx(value), key


def test_herfindahl():
    assert herfindahl([1, 1, 1, 1]) == 0.25
    assert herfindahl([]) is None
