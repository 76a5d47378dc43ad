"""The forum's rules on plain data: who may lead an item, what is carried to the next meeting,
and who led the agenda meeting by meeting. Expected values are hand counts."""

from __future__ import annotations

import datetime as dt

from jejaring.engagement import meetings as rules

MEMBERS = {
    "kades": {"field": "government", "role": "chair"},
    "nyai": {"field": "women", "role": "member"},
    "fasil": {"field": "poor_households", "role": "facilitator"},
    "tani": {"field": None, "role": "member"},
}
ACTOR_FIELDS = {"nyai": ["religion", "women"], "tani": ["agriculture"], "guest": ["health"]}
FACILITATORS = {"fasil", "fasil2"}


def warnings(lead, field):
    return rules.agenda_warnings(
        {"lead": lead, "field": field}, MEMBERS, ACTOR_FIELDS, FACILITATORS
    )


def test_a_member_speaking_for_their_seat_is_fine():
    assert warnings("kades", "government") == []
    assert warnings("nyai", "women") == []
    assert warnings("kades", None) == []  # an item without a field cannot be outside it


def test_the_seat_field_decides_not_the_actors_other_fields():
    # Nyai is also a religious leader, but she sits in the forum for women.
    assert warnings("nyai", "religion") == [rules.OUTSIDE_FIELD]
    assert warnings("nyai", "agriculture") == [rules.OUTSIDE_FIELD]


def test_a_seat_without_field_falls_back_to_the_actors_fields():
    assert warnings("tani", "agriculture") == []
    assert warnings("tani", "credit") == [rules.OUTSIDE_FIELD]


def test_the_facilitator_leading_is_flagged_whatever_the_field():
    assert warnings("fasil", "poor_households") == [rules.FACILITATOR_LEADS]
    assert warnings("fasil2", "health") == [rules.FACILITATOR_LEADS]


def test_no_lead_and_guests():
    assert warnings(None, "health") == [rules.NO_LEAD]
    assert warnings("guest", "health") == [rules.NOT_MEMBER]
    assert warnings("guest", "credit") == [rules.OUTSIDE_FIELD, rules.NOT_MEMBER]


D = dt.date


def action(id_, agreed, status, done_on=None, due=None):
    return {"id": id_, "agreed": agreed, "status": status, "done_on": done_on, "due": due}


ACTIONS = [
    action("a", D(2026, 1, 10), "done", D(2026, 1, 30)),  # closed before the Feb meeting
    action("b", D(2026, 1, 10), "done", D(2026, 3, 20)),  # still open at Feb and Mar 10
    action("c", D(2026, 2, 10), "open"),
    action("d", D(2026, 2, 10), "dropped"),  # closed, date unknown
    action("e", D(2026, 3, 10), "in_progress"),
]


def ids(rows):
    return [r["id"] for r in rows]


def test_open_items_are_carried_until_done():
    assert ids(rules.carried_into(D(2026, 1, 10), ACTIONS)) == []
    assert ids(rules.carried_into(D(2026, 2, 10), ACTIONS)) == ["b"]
    assert ids(rules.carried_into(D(2026, 3, 10), ACTIONS)) == ["b", "c"]
    assert ids(rules.carried_into(D(2026, 4, 10), ACTIONS)) == ["c", "e"]


def test_times_carried_counts_later_meetings_while_open():
    dates = [D(2026, 1, 10), D(2026, 2, 10), D(2026, 3, 10), D(2026, 4, 10)]
    assert rules.times_carried(D(2026, 1, 10), "done", D(2026, 3, 20), dates) == 2
    assert rules.times_carried(D(2026, 2, 10), "open", None, dates) == 2
    assert rules.times_carried(D(2026, 1, 10), "done", D(2026, 1, 30), dates) == 0


def test_speaking_shares_meeting_by_meeting():
    meetings = [
        {
            "id": "m1",
            "date": D(2026, 1, 10),
            "items": [{"lead": "kades"}, {"lead": "fasil"}, {"lead": None}, {"lead": "nyai"}],
        },
        {
            "id": "m2",
            "date": D(2026, 2, 10),
            "items": [{"lead": "x", "lead_role": "facilitator"}, {"lead": "tani"}],
        },
        {"id": "m3", "date": D(2026, 3, 10), "items": [{"lead": None}]},
    ]
    out = rules.speaking_shares(meetings, FACILITATORS)
    assert [(r["community"], r["facilitator"], r["no_lead"]) for r in out] == [
        (2, 1, 1),
        (1, 1, 0),
        (0, 0, 1),
    ]
    assert out[0]["community_share"] == 2 / 3
    assert out[1]["community_share"] == 0.5
    assert out[2]["community_share"] is None
