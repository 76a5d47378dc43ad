"""Approach progress on small hand-made villages; every expected number is a hand count."""

from __future__ import annotations

import datetime as dt

from jejaring import vocab
from jejaring.engagement import progress

D = dt.date

# Eight stakeholders in two hamlets (hand-made). Status path and groups as in vocab.
ROWS = [
    {
        "id": "1",
        "name": "Kades",
        "category": "village_official",
        "group": "officials",
        "hamlet": "Krajan",
        "status": "active_partner",
        "kind": "person",
    },
    {
        "id": "2",
        "name": "Sekdes",
        "category": "village_official",
        "group": "officials",
        "hamlet": "Krajan",
        "status": "not_approached",
        "kind": "person",
    },
    {
        "id": "3",
        "name": "Kadus",
        "category": "village_official",
        "group": "officials",
        "hamlet": "Ngasem",
        "status": "receptive",
        "kind": "person",
    },
    {
        "id": "4",
        "name": "Kyai",
        "category": "religious_leader",
        "group": "religious_customary",
        "hamlet": "Ngasem",
        "status": "supportive",
        "kind": "person",
    },
    {
        "id": "5",
        "name": "Rentenir",
        "category": "moneylender",
        "group": "",
        "hamlet": "Ngasem",
        "status": "resistant",
        "kind": "person",
    },
    {
        "id": "6",
        "name": "PPL",
        "category": "agricultural_extension",
        "group": "agency_staff",
        "hamlet": "",
        "status": "approached",
        "kind": "person",
    },
    {
        "id": "7",
        "name": "Toke",
        "category": "trader",
        "group": "",
        "hamlet": "Krajan",
        "status": "not_approached",
        "kind": "person",
    },
    {
        "id": "8",
        "name": "KT",
        "category": "influential_group",
        "group": "influential_groups",
        "hamlet": "Krajan",
        "status": "approached",
        "kind": "group",
    },
]


def test_tally_counts_and_shares():
    t = progress.tally(r["status"] for r in ROWS)
    assert t["total"] == 8
    assert t["counts"] == {
        "not_approached": 2,
        "approached": 2,
        "receptive": 1,
        "supportive": 1,
        "active_partner": 1,
        "resistant": 1,
    }
    assert t["approached"] == 6  # everyone but the two not approached, resistant included
    assert t["engaged"] == 3  # receptive, supportive, active partner
    assert t["approached_share"] == 6 / 8 and t["engaged_share"] == 3 / 8
    empty = progress.tally([])
    assert empty["total"] == 0 and empty["approached_share"] is None


def test_progress_by_category_and_hamlet():
    by_cat = {g["key"]: g for g in progress.progress_by(ROWS, "category")}
    assert (by_cat["village_official"]["total"], by_cat["village_official"]["approached"]) == (3, 2)
    assert by_cat["village_official"]["engaged"] == 2
    assert by_cat["moneylender"]["resistant"] == 1
    hamlets = progress.progress_by(ROWS, "hamlet")
    # largest first; the actor without hamlet comes last under ""
    assert [(g["key"], g["total"], g["approached"]) for g in hamlets] == [
        ("Krajan", 4, 2),
        ("Ngasem", 3, 3),
        ("", 1, 1),
    ]


def test_households_count_once_work_with_them_started():
    assert progress.in_scope({"kind": "person"})
    assert not progress.in_scope({"kind": "person", "is_facilitator": True})
    assert not progress.in_scope({"kind": "household", "status": "not_approached", "contacts": 0})
    assert progress.in_scope({"kind": "household", "status": "not_approached", "contacts": 1})
    assert progress.in_scope({"kind": "household", "status": "receptive", "contacts": 0})


def test_checklist_lists_every_group_in_the_techniques_order():
    groups = progress.checklist(ROWS)
    assert [g["group"] for g in groups] == [t.code for t in vocab.APPROACH_GROUPS]
    by = {g["group"]: g for g in groups}
    # Officials: Sekdes not approached, so the group is not done; the least advanced first.
    assert [a["name"] for a in by["officials"]["actors"]] == ["Sekdes", "Kadus", "Kades"]
    assert (by["officials"]["approached"], by["officials"]["total"], by["officials"]["done"]) == (
        2,
        3,
        False,
    )
    assert by["religious_customary"]["done"] and by["agency_staff"]["done"]
    # Nobody registered as camat: the group is shown, empty and not done.
    assert by["district_head"]["total"] == 0 and not by["district_head"]["done"]
    # Actors outside the first-approach groups are not on the checklist.
    assert all(a["group"] for g in groups for a in g["actors"])


TODAY = D(2026, 11, 1)
CONTACTS = [
    # a next step two days late
    {"id": "c1", "state": "held", "next_step_due": D(2026, 10, 30), "next_step_done": False},
    # done: not overdue
    {"id": "c2", "state": "held", "next_step_due": D(2026, 10, 1), "next_step_done": True},
    # due today: not yet overdue
    {"id": "c3", "state": "held", "next_step_due": TODAY, "next_step_done": False},
    # a planned visit ten days ago that did not take place
    {"id": "c4", "state": "planned", "planned_date": D(2026, 10, 22)},
    # planned ahead
    {"id": "c5", "state": "planned", "planned_date": D(2026, 11, 5)},
    # cancelled contacts are never overdue
    {"id": "c6", "state": "cancelled", "planned_date": D(2026, 9, 1)},
    # held without a next step
    {"id": "c7", "state": "held", "next_step_due": None, "next_step_done": False},
]


def test_overdue_follow_ups():
    late = progress.overdue_follow_ups(CONTACTS, TODAY)
    assert [(c["id"], c["kind"], c["days_late"]) for c in late] == [
        ("c4", "planned", 10),
        ("c1", "next_step", 2),
    ]


def test_overdue_actions():
    actions = [
        {"id": "a1", "status": "open", "due": D(2026, 10, 20)},
        {"id": "a2", "status": "in_progress", "due": D(2026, 10, 31)},
        {"id": "a3", "status": "done", "due": D(2026, 9, 1)},
        {"id": "a4", "status": "dropped", "due": D(2026, 9, 1)},
        {"id": "a5", "status": "open", "due": TODAY},
        {"id": "a6", "status": "open", "due": None},
    ]
    late = progress.overdue_actions(actions, TODAY)
    assert [(a["id"], a["days_late"]) for a in late] == [("a1", 12), ("a2", 1)]


def test_stance_changes_compare_the_same_raters_successive_views():
    rows = [
        {"actor": "kades", "rater": "Rina", "date": D(2026, 6, 1), "stance": 0},
        {"actor": "kades", "rater": "Rina", "date": D(2026, 10, 1), "stance": 2},
        # Andi saw him at 1 both times: no change for Andi, even though Rina said 0 earlier
        {"actor": "kades", "rater": "Andi", "date": D(2026, 6, 2), "stance": 1},
        {"actor": "kades", "rater": "Andi", "date": D(2026, 10, 2), "stance": 1},
        {"actor": "toke", "rater": "Rina", "date": D(2026, 6, 1), "stance": -1},
        {"actor": "toke", "rater": "Rina", "date": D(2026, 8, 1), "stance": None},
        {"actor": "toke", "rater": "Rina", "date": D(2026, 9, 1), "stance": -2},
    ]
    out = progress.stance_changes(rows)
    assert [
        (c["actor"], c["rater"], c["from_stance"], c["to_stance"], c["delta"]) for c in out
    ] == [
        ("kades", "Rina", 0, 2, 2),
        ("toke", "Rina", -1, -2, -1),
    ]


def test_status_on_a_date():
    changes = [
        {"date": D(2026, 6, 1), "to_status": "approached"},
        {"date": D(2026, 7, 1), "to_status": "receptive"},
        {"date": D(2026, 9, 1), "to_status": "supportive"},
    ]
    assert progress.status_on(changes, D(2026, 5, 31)) == "not_approached"
    assert progress.status_on(changes, D(2026, 7, 1)) == "receptive"
    assert progress.status_on(changes, D(2026, 12, 1)) == "supportive"


def test_step_on_the_path():
    assert progress.step("not_approached") == 0
    assert progress.step("active_partner") == 4
    assert progress.step("resistant") is None


def test_timeline_groups_by_month_newest_first():
    events = [
        {"date": D(2026, 9, 3), "kind": "a"},
        {"date": D(2026, 10, 20), "kind": "b"},
        {"date": D(2026, 10, 2), "kind": "c"},
    ]
    months = progress.timeline(events)
    assert [m["month"] for m in months] == [D(2026, 10, 1), D(2026, 9, 1)]
    assert [e["kind"] for e in months[0]["events"]] == ["b", "c"]
