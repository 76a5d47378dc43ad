"""Forum coverage on a hand-made village whose answers are counted by hand."""

from __future__ import annotations

from jejaring.engagement import coverage as cov


def actor(id_, category, hamlet, welfare, gender, fields=(), community=None, facilitator=False):
    return {
        "id": id_,
        "category": category,
        "hamlet": hamlet,
        "welfare": welfare,
        "gender": gender,
        "fields": list(fields),
        "community": community,
        "is_facilitator": facilitator,
    }


# Ten actors in two hamlets and three network communities (0, 1, 2); the facilitator is left out
# of every count.
ACTORS = [
    actor("kades", "village_official", "Krajan", "well_off", "male", ["government"], 0),
    actor("nyai", "religious_leader", "Ngasem", "middle", "female", ["religion", "women"], 0),
    actor("haji", "landowner", "Ngasem", "well_off", "male", ["agriculture", "credit"], 1),
    actor("p1", "sharecropper", "Ngasem", "very_poor", "male", [], 1),
    actor("p2", "sharecropper", "Ngasem", "poor", "female", [], 1),
    actor("p3", "household", "Gunungsari", "very_poor", "female", [], 2),
    actor("p4", "household", "Gunungsari", "poor", "male", [], 2),
    actor("p5", "household", "Gunungsari", "very_poor", "female", [], 2),
    actor("kt", "influential_group", "Krajan", "", "", ["agriculture"], 0),
    actor("fasil", "facilitator", "", "", "female", ["poor_households"], 0, facilitator=True),
]
MEMBERS = {
    "kades": {"field": "government", "role": "chair"},
    "nyai": {"field": "women", "role": "member"},
    "haji": {"field": "credit", "role": "sponsor"},
    "p1": {"field": "poor_households", "role": "member"},
    "fasil": {"field": "poor_households", "role": "facilitator"},
}
# Three held meetings. p1 (captive client of haji) comes only when haji is there.
MEETINGS = [
    {"id": "m1", "present": {"kades", "nyai", "haji", "p1", "fasil"}},
    {"id": "m2", "present": {"kades", "haji", "p1", "p3"}},
    {"id": "m3", "present": {"kades", "nyai", "fasil"}},
]
CLUSTERS = [
    {"patron": "haji", "size": 3, "members": ["p1", "p2"]},
    {"patron": "rentenir", "size": 4, "members": ["p3", "p4", "p5"]},
]
CAPTIVES = {"p1": ["haji"], "p3": ["rentenir"], "p5": ["rentenir"]}


def rows(result, dim):
    return {
        r["value"]: (r["village"], r["members"], r["attending"]) for r in result["dimensions"][dim]
    }


def compute(**kw):
    return cov.forum_coverage(ACTORS, MEMBERS, MEETINGS, clusters=CLUSTERS, captives=CAPTIVES, **kw)


def test_categories_and_hamlets():
    r = compute()
    assert rows(r, "category") == {
        "sharecropper": (2, 1, 1),
        "household": (3, 0, 1),  # p3 came as a guest but sits in no seat
        "village_official": (1, 1, 1),
        "religious_leader": (1, 1, 1),
        "landowner": (1, 1, 1),
        "influential_group": (1, 0, 0),
    }
    assert r["missing"]["category"] == ["household", "influential_group"]
    assert rows(r, "hamlet") == {"Ngasem": (4, 3, 3), "Gunungsari": (3, 0, 1), "Krajan": (2, 1, 1)}
    assert r["missing"]["hamlet"] == ["Gunungsari"]


def test_welfare_and_gender_leave_out_blanks_and_the_facilitator():
    r = compute()
    assert rows(r, "welfare") == {
        "very_poor": (3, 1, 2),
        "poor": (2, 0, 0),
        "well_off": (2, 2, 2),
        "middle": (1, 1, 1),
    }
    assert r["missing"]["welfare"] == ["poor"]
    assert rows(r, "gender") == {"female": (4, 1, 2), "male": (4, 3, 3)}
    assert r["missing"]["gender"] == []


def test_fields_count_what_members_speak_for():
    r = compute()
    f = rows(r, "field")
    # Nyai is recorded for religion and women but sits for women; Haji for agriculture and
    # credit but sits for credit; p1 brings poor households, recorded on nobody else.
    assert f["women"] == (1, 1, 1)
    assert f["religion"] == (1, 0, 0)
    assert f["credit"] == (1, 1, 1)
    assert f["agriculture"] == (2, 0, 0)
    assert f["poor_households"] == (0, 1, 1)
    assert set(r["missing"]["field"]) == {"agriculture", "religion"}


def test_communities_below_the_floor_are_not_missing():
    r = compute()
    assert rows(r, "community") == {"0": (3, 2, 2), "1": (3, 2, 2), "2": (3, 0, 1)}
    assert r["missing"]["community"] == ["2"]
    assert compute(min_community=4)["missing"]["community"] == []


def test_patron_clusters_and_whose_voice_is_heard():
    r = compute()
    by = {c["patron"]: c for c in r["clusters"]}
    assert by["haji"]["patron_member"] and by["haji"]["client_members"] == ["p1"]
    assert by["haji"]["represented"] and not by["haji"]["patron_only"]
    assert not by["rentenir"]["represented"]
    alone = cov.cluster_coverage(
        [{"patron": "haji", "members": ["p2"]}], {"haji": {"field": "credit"}}
    )
    assert alone[0]["patron_only"] and alone[0]["size"] == 2


def test_captive_clients_who_come_only_with_their_patron():
    r = compute()
    by = {c["client"]: c for c in r["captives"]}
    # p1 came to m1 and m2, haji was at both.
    assert (by["p1"]["attended"], by["p1"]["with_patron"], by["p1"]["only_with_patron"]) == (
        2,
        2,
        True,
    )
    # p3 came once as a guest; the moneylender was not there.
    assert (by["p3"]["attended"], by["p3"]["with_patron"], by["p3"]["only_with_patron"]) == (
        1,
        0,
        False,
    )
    assert not by["p3"]["member"]
    # p5 neither sits in the forum nor came: not listed.
    assert "p5" not in by
    assert r["captives"][0]["client"] == "p1"  # flagged ones first


def test_without_the_network_analysis():
    plain = [dict(a, community=None) for a in ACTORS]
    r = cov.forum_coverage(plain, MEMBERS, MEETINGS)
    assert r["dimensions"]["community"] is None and r["missing"]["community"] is None
    assert r["clusters"] is None and r["captives"] is None
    assert r["missing"]["hamlet"] == ["Gunungsari"]
