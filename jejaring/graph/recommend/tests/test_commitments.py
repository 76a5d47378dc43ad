"""Patrons' commitments in the patron recommendations, by hand (docs/recommendations.md §2)."""

from __future__ import annotations

from jejaring.graph.recommend import recommend
from jejaring.graph.recommend.levers import commitment_facts
from jejaring.graph.recommend.tests.villages import moneylender_with_ten_captives


def _patron(out, actor="M"):
    (item,) = [i for i in out["patron_levers"] if i["actor"] == actor]
    return item


def test_commitment_facts_by_hand():
    rows = [
        {"patron": "p", "lever": "fair_buying_price", "status": "done"},
        {"patron": "p", "lever": "", "status": "broken"},
        {"patron": "p", "lever": "honest_weighing", "status": "agreed"},
        {"patron": "q", "lever": "fair_wages", "status": "done"},
    ]
    got = commitment_facts(rows, "p")
    assert got["counts"] == {"proposed": 0, "agreed": 1, "done": 1, "broken": 1}
    assert got["used"] == ["fair_buying_price"]
    assert got["broken_levers"] == [""]


def test_without_commitments_nothing_changes():
    net = moneylender_with_ten_captives()
    plain = _patron(recommend(net))
    assert "commitment_kept" not in plain["reason_codes"]
    assert all("used" not in lv for lv in plain["levers"])
    assert "commitments" not in plain["facts"]


def test_a_kept_commitment_marks_its_lever_used():
    net = moneylender_with_ten_captives()
    levers = [lv["code"] for lv in _patron(recommend(net))["levers"]]
    assert "fairer_credit_terms" in levers
    out = recommend(
        net, commitments=[{"patron": "M", "lever": "fairer_credit_terms", "status": "done"}]
    )
    item = _patron(out)
    assert "commitment_kept" in item["reason_codes"]
    assert "commitment_broken" not in item["reason_codes"]
    used = [lv["code"] for lv in item["levers"] if lv["used"]]
    assert used == ["fairer_credit_terms"]
    assert item["facts"]["commitments"]["done"] == 1
    # The lever list and the ranking are otherwise unchanged.
    assert [lv["code"] for lv in item["levers"]] == levers


def test_a_broken_commitment_is_a_warning():
    net = moneylender_with_ten_captives()
    out = recommend(
        net,
        commitments=[
            {"patron": "M", "lever": "release_captive_borrowers", "status": "broken"},
            {"patron": "K", "lever": "", "status": "done"},  # not a patron: ignored
        ],
    )
    item = _patron(out)
    assert "commitment_broken" in item["reason_codes"]
    assert item["facts"]["broken_levers"] == ["release_captive_borrowers"]
    assert not any(lv["used"] for lv in item["levers"])
