"""Recommendations on small villages whose right answer is worked out by hand.

The villages are described in :mod:`.villages`; each test says why the expected answer is
right, and checks that the explanation names the facts that produced it.
"""

from __future__ import annotations

import json

import pytest

from jejaring.graph.recommend import compare, recommend
from jejaring.graph.recommend.bridges import sole_bridges
from jejaring.graph.recommend.context import build_context
from jejaring.graph.recommend.tests.villages import (
    moneylender_with_ten_captives,
    two_hamlets_one_broker,
)

# --------------------------------------------------------------------------- one broker


def test_the_only_link_between_two_hamlets_is_a_sole_bridge():
    # Removing X leaves {F, a1..a4} and {b1..b4}: the four actors of hamlet B are cut off.
    ctx = build_context(two_hamlets_one_broker())
    bridges = sole_bridges(ctx)
    assert list(bridges) == [ctx.index["X"]]
    assert bridges[ctx.index["X"]]["cut_off"] == 4
    assert bridges[ctx.index["X"]]["sides"] == ["A", "B"]


def test_the_broker_is_the_first_entry_point_reached_through_the_facilitators_contact():
    # X reaches 6 others, anyone else at most 4 (see the village's docstring); F knows a1,
    # and a1 talks with X: approach X through a1.
    out = recommend(two_hamlets_one_broker())
    first = out["entry_points"][0]
    assert first["actor"] == "X"
    assert first["facts"]["via"] == ["a1"]
    assert first["facts"]["path"] == ["F", "a1", "X"]
    assert "reachable_through" in first["reason_codes"]
    assert "broker_between_groups" in first["reason_codes"]
    assert first["facts"]["between"] == ["A", "B"]
    # Before X, nobody in B is reached: X's new reach is a1–a3 and b1–b3, all poor.
    assert first["facts"]["new_reach"] == 6
    assert first["facts"]["poor_reach"] == 6
    assert first["facts"]["hamlets"] == ["A", "B"]


def test_an_opposed_sole_bridge_is_a_blocker_with_a_second_channel_suggested():
    out = recommend(two_hamlets_one_broker(broker_stance=-1))
    blocker = out["blockers"][0]
    assert blocker["actor"] == "X"
    assert blocker["level"] == "high"
    assert blocker["reason_codes"] == ["opposed", "sole_bridge"]
    assert blocker["facts"]["cut_off"] == 4
    assert blocker["facts"]["between"] == ["A", "B"]
    channel = next(m for m in blocker["mitigations"] if m["code"] == "open_second_channel")
    assert channel["facts"]["hamlets"] == ["B"]
    # Nobody in B is on the program's side yet: start with its best-connected members,
    # b1–b3 (4 ties each) before b4 (3).
    assert set(channel["facts"]["contacts"][:3]) == {"b1", "b2", "b3"}
    # An opposed broker is not asked to introduce anyone: hamlet B has no trusted route.
    assert all(
        not item["facts"]["reachable"]
        for item in out["entry_points"]
        if item["actor"].startswith("b")
    )


def test_the_forum_seats_the_broker_and_a_voice_from_each_hamlet():
    # Requirements: hamlets A and B, welfare poor and middle, one broker. X covers A, middle
    # and the broker (weight 2.9), then anyone from B covers B and poor (2.0); the rest of the
    # seats go to more poor voices.
    forum = recommend(two_hamlets_one_broker(), forum_size=4)["forum"]
    members = forum["members"]
    assert members[0]["actor"] == "X"
    assert members[0]["reason_codes"] == [
        "covers_hamlet",
        "covers_welfare",
        "broker_between_groups",
    ]
    assert members[1]["actor"].startswith("b")
    assert {"dimension": "hamlet", "value": "B"} in members[1]["adds"]
    assert all("extra_voice" in m["reason_codes"] for m in members[2:])
    assert forum["coverage"]["share"] == 1.0


# --------------------------------------------------------------------------- moneylender


def test_moneylender_levers_follow_from_credit_and_her_stance():
    out = recommend(moneylender_with_ten_captives())
    item = out["patron_levers"][0]
    facts = item["facts"]
    assert item["actor"] == "M"
    assert (facts["clients"], facts["poor_clients"], facts["captive_clients"]) == (10, 10, 10)
    assert facts["forms"] == {"credit": 10}
    assert facts["captive_forms"] == {"credit": 10}
    assert facts["client_hamlets"] == ["Gunungsari"]
    assert item["reason_codes"] == ["poor_depend", "captive_clients", "approach_with_care"]
    levers = {lv["code"]: lv for lv in item["levers"]}
    # Stance −2: no "seed a fund" or "join as sponsor" (they need stance ≥ 0), but "listen first".
    assert list(levers) == [
        "fairer_credit_terms",
        "release_captive_borrowers",
        "written_loan_terms",
        "listen_first",
    ]
    assert levers["fairer_credit_terms"]["triggered_by"] == {"poor_clients": 10}
    assert levers["release_captive_borrowers"]["triggered_by"] == {"captive_clients": 10}
    assert levers["listen_first"]["triggered_by"] == {"stance": -2.0}
    assert levers["fairer_credit_terms"]["text"]["id"].startswith("Syarat pinjaman")


def test_moneylender_is_the_first_blocker_and_her_brother_could_speak_to_her():
    out = recommend(moneylender_with_ten_captives())
    blocker = out["blockers"][0]
    assert blocker["actor"] == "M"
    assert blocker["level"] == "high"
    # Resistant; influence 4; 10 captive and 10 poor clients; c6–c10 reach the village only
    # through her, so she is also the sole bridge to 5 households.
    assert blocker["reason_codes"] == [
        "resistant",
        "high_influence",
        "many_captive_clients",
        "many_poor_clients",
        "sole_bridge",
    ]
    assert blocker["facts"]["captive_clients"] == 10
    assert blocker["facts"]["cut_off"] == 5
    mitigations = {m["code"]: m for m in blocker["mitigations"]}
    assert mitigations["speak_through"]["facts"] == {"who": ["R"], "allies": True}
    assert mitigations["serve_interests"]["facts"]["interests"] == ["loans_repaid", "good_name"]
    assert mitigations["strengthen_alternatives"]["facts"] == {"forms": ["credit"], "providers": {}}
    assert mitigations["offer_forum_seat"]["facts"] == {"field": "credit"}


def test_forum_gives_her_captive_clients_a_voice_of_their_own():
    out = recommend(moneylender_with_ten_captives(), forum_size=5, current_forum=["K", "M", "F"])
    forum = out["forum"]
    voices = [m for m in forum["members"] if "voice_of_captive_clients" in m["reason_codes"]]
    assert voices and voices[0]["actor"].startswith("c")
    assert voices[0]["facts"]["voice_for_clients_of"] == ["M"]
    assert forum["coverage"]["share"] == 1.0
    assert forum["warnings"] == []
    # The current forum seats M without any of her clients: flagged, and the voice is missing.
    current = forum["current"]
    assert current["warnings"] == [
        {
            "code": "patron_speaks_alone",
            "facts": {"patron": "M", "captive_clients": 10, "poor_clients": 10},
        }
    ]
    missing = {(r["dimension"], r["value"]) for r in current["coverage"]["missing"]}
    assert missing == {
        ("welfare", "very_poor"),
        ("captive_voice", "M"),
        ("field", "poor_households"),
    }
    assert forum["comparison"]["keep"] == ["K", "M"]
    assert forum["comparison"]["reconsider"] == []


# --------------------------------------------------------------------------- what-if


def test_what_if_supportive_raises_coverage_and_removes_the_entry_point():
    net = two_hamlets_one_broker()
    base = recommend(net)
    marked = recommend(net, what_if={"supportive": ["X"]})
    diff = compare(base, marked)
    assert diff["coverage"]["weighted"][1] > diff["coverage"]["weighted"][0]
    assert "X" in diff["entry_points"]["removed"]
    assert all(item["actor"] != "X" for item in marked["entry_points"])
    assert marked["what_if"] == {"approached": [], "supportive": ["X"]}


def test_what_if_approached_makes_the_actor_known_and_an_introducer():
    # Marking b1 approached: the facilitator knows b1, so b2 is reached through b1 alone.
    net = two_hamlets_one_broker(broker_stance=-1)
    out = recommend(net, what_if={"b1": "approached"}, entry_count=20)
    by_actor = {item["actor"]: item for item in out["entry_points"]}
    assert by_actor["b1"]["facts"]["via"] == []
    assert "known_to_facilitator" in by_actor["b1"]["reason_codes"]
    assert by_actor["b2"]["facts"]["via"] == ["b1"]
    # X is against the program: b1 is the way in, not X.
    assert by_actor["X"]["facts"]["via"] == ["b1"]


def test_what_if_rejects_unknown_actors_and_marks():
    net = two_hamlets_one_broker()
    with pytest.raises(ValueError, match="nobody"):
        recommend(net, what_if={"supportive": ["nobody"]})
    with pytest.raises(ValueError, match="unknown what-if mark"):
        recommend(net, what_if={"X": "friendly"})


def test_same_seed_same_lists():
    net = moneylender_with_ten_captives()
    a = json.dumps(recommend(net, seed=3), sort_keys=True)
    b = json.dumps(recommend(net, seed=3), sort_keys=True)
    assert a == b
