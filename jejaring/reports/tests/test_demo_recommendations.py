"""The recommendations on the demo village: non-empty, explained, and stable for a fixed seed.

Expected people come from the demo's story (jejaring/demo/builder.py): H. Slamet Riyadi lends
and lets land to many sharecroppers (stance 0); Darsih lends to captive poor clients in
Gunungsari and is resistant; Juragan Hartono buys rice through three collectors (a pyramid).
"""

from __future__ import annotations

import json

import pytest

from jejaring.actors.models import Actor
from jejaring.reports import queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def codes(demo_village):
    return {
        str(pk): code
        for pk, code in Actor.objects.filter(village=demo_village).values_list("id", "code")
    }


@pytest.fixture
def result(demo_village):
    return queries.recommendations(demo_village)["result"]


def test_every_list_is_non_empty_and_every_item_explains_itself(result):
    for key in ("entry_points", "patron_levers", "blockers"):
        assert result[key], key
        for rank, item in enumerate(result[key], start=1):
            assert item["rank"] == rank
            assert item["reason_codes"], (key, item["actor"])
            assert {"stance", "engagement", "via"} <= set(item["facts"]), key
    assert len(result["forum"]["members"]) == 15
    for member in result["forum"]["members"]:
        assert member["reason_codes"] and "speaks_for" in member["facts"]


def test_haji_slamet_is_a_patron_with_land_and_credit_levers(result, codes):
    item = next(x for x in result["patron_levers"] if codes[x["actor"]] == "HAJI-SLAMET")
    facts = item["facts"]
    # The facts that produced the explanation are the ones the sentence names.
    assert {"land", "credit"} <= set(facts["forms"])
    assert facts["poor_clients"] > 0 and facts["captive_clients"] > 0
    assert facts["stance"] == 0
    levers = {lv["code"] for lv in item["levers"]}
    assert {"fairer_share", "fairer_credit_terms", "join_forum_as_sponsor"} <= levers
    # He is the village head's brother-in-law: reachable over trusted ties.
    assert facts["reachable"]


def test_darsih_is_a_high_risk_blocker_because_of_her_captive_poor_clients(result, codes):
    item = next(x for x in result["blockers"] if codes[x["actor"]] == "DARSIH")
    assert item["level"] == "high"
    assert "resistant" in item["reason_codes"]
    assert "many_captive_clients" in item["reason_codes"]
    assert item["facts"]["client_hamlets"][0] == "Gunungsari"
    assert item["facts"]["captive_poor"] > 0


def test_the_rice_trader_heads_a_pyramid_of_collectors(result, codes):
    item = next(x for x in result["patron_levers"] if codes[x["actor"]] == "TOKE")
    assert "heads_pyramid" in item["reason_codes"]
    assert {codes[b] for b in item["facts"]["brokers"]} & {"BAKUL-1", "BAKUL-2", "BAKUL-3"}


def test_entry_points_start_from_what_the_facilitators_know(result, codes):
    for item in result["entry_points"]:
        via = [codes[v] for v in item["facts"]["via"]]
        assert "FASIL" not in via and "FASIL-2" not in via
        if "known_to_facilitator" in item["reason_codes"]:
            assert via == []


def test_the_forum_suggestion_covers_everything_and_compares_with_the_current_forum(result, codes):
    forum = result["forum"]
    assert forum["coverage"]["missing"] == []
    assert forum["current"] is not None
    current = {codes[a] for a in forum["current"]["members"]}
    assert {"KADES", "HAJI-SLAMET"} <= current
    assert set(forum["comparison"]) == {"add", "keep", "reconsider"}


def test_the_lists_are_the_same_for_the_same_seed(demo_village):
    a = queries.recommendations(demo_village, seed=5)["result"]
    b = queries.recommendations(demo_village, seed=5)["result"]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
