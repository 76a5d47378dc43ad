"""What the pages, the API and the CLI read, on the small hand-made village."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jejaring.engagement import queries, services
from jejaring.engagement.tests.test_services import make_forum

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + dt.timedelta(days=n)


def test_dashboard_progress_by_category_and_hamlet(small):
    a = small.a
    services.log_contact(
        small.village, a["KADES"], services.HeldContact(held_date=days(-9), new_status="supportive")
    )
    services.log_contact(small.village, a["IMAM"], services.HeldContact(held_date=days(-8)))
    services.change_status(a["HAJI"], "resistant", date=days(-7))
    # a household met once enters the figures; the other does not
    services.log_contact(small.village, a["P1"], services.HeldContact(held_date=days(-6)))
    d = queries.dashboard(small.village)
    # In scope: KADES SEKDES IMAM KT HAJI (not households, not the facilitator) + P1 = 6
    assert d["overall"]["total"] == 6
    assert d["overall"]["approached"] == 4 and d["overall"]["engaged"] == 1
    by_cat = {g["key"]: (g["total"], g["approached"]) for g in d["by_category"]}
    assert by_cat == {
        "village_official": (2, 1),
        "religious_leader": (1, 1),
        "influential_group": (1, 0),
        "landowner": (1, 1),
        "household": (1, 1),
    }
    by_hamlet = {g["key"]: (g["total"], g["approached"]) for g in d["by_hamlet"]}
    assert by_hamlet == {"Ngasem": (4, 3), "Krajan": (2, 1)}
    groups = {g["group"]: (g["approached"], g["total"]) for g in d["groups"]}
    assert groups["officials"] == (1, 2) and groups["district_head"] == (0, 0)


def test_dashboard_lists_what_is_overdue(small):
    a = small.a
    late_step = services.log_contact(
        small.village,
        a["KADES"],
        services.HeldContact(held_date=days(-20), next_step="Kunjungan", next_step_due=days(-2)),
    )
    services.plan_contact(small.village, a["IMAM"], planned_date=days(-4))
    services.plan_contact(small.village, a["KT"], planned_date=days(4))
    forum = make_forum(small)
    meeting = services.create_meeting(forum, date=days(-30))
    action = services.add_action_item(meeting, text="Mendata", owner=a["SEKDES"], due=days(-1))
    d = queries.dashboard(small.village)
    assert [(c["actor_name"], c["kind"], c["days_late"]) for c in d["overdue_contacts"]] == [
        ("Pak Imam", "planned", 4),
        ("Pak Kades", "next_step", 2),
    ]
    assert d["overdue_contacts"][1]["id"] == str(late_step.pk)
    assert [x["id"] for x in d["overdue_actions"]] == [str(action.pk)]
    assert [c["actor_name"] for c in d["upcoming"]] == ["Kelompok Tani"]


def test_dashboard_query_count_does_not_grow_with_the_village(
    demo_village, django_assert_max_num_queries
):
    # 11 queries on the demo's 350 actors and ~70 contacts (measured): a fixed number, not one
    # per actor or contact.
    with django_assert_max_num_queries(12):
        queries.dashboard(demo_village)


def test_routes_go_through_people_the_facilitator_knows(small):
    a = small.a
    (route,) = queries.route_suggestions(small.village, a["KT"])
    # FASIL talks with the Kades, the Kades is kin of the Imam, the Kelompok Tani asks the Imam
    # for advice: three steps (hand count on the fixture).
    assert [p["name"] for p in route["path"]] == ["Rina", "Pak Kades", "Pak Imam", "Kelompok Tani"]
    assert route["known"] == str(a["KADES"].pk) and route["introducer"] == str(a["IMAM"].pk)
    # once the Imam is met, he is the one to ask
    services.log_contact(small.village, a["IMAM"], services.HeldContact(held_date=TODAY))
    (route,) = queries.route_suggestions(small.village, a["KT"])
    assert route["known"] == str(a["IMAM"].pk) and route["steps"] == 2
    # a resistant Imam is never a go-between
    services.change_status(a["IMAM"], "resistant", date=TODAY)
    assert queries.route_suggestions(small.village, a["KT"]) == []
    # credit and land ties carry no introduction: nobody reaches Bu Sri
    assert queries.route_suggestions(small.village, a["P1"]) == []


def test_meeting_detail_warns_and_carries(small):
    a, f = small.a, small.fields
    forum = make_forum(small)
    m1 = services.create_meeting(
        forum,
        date=days(-30),
        agenda=[
            services.AgendaEntry("Pembukaan", f["government"], a["KADES"]),
            services.AgendaEntry("Tata cara", f["poor_households"], a["FASIL"]),
            services.AgendaEntry("Zakat", f["agriculture"], a["IMAM"]),
        ],
    )
    open_action = services.add_action_item(m1, text="Mendata", owner=a["SEKDES"], due=days(-10))
    done_action = services.add_action_item(m1, text="Undang PPL", owner=a["KADES"], due=days(-20))
    services.update_action_item(done_action, status="done", done_on=days(-25))
    m2 = services.create_meeting(forum, date=days(-5))
    d1 = queries.meeting_detail(m1)
    assert [[w["code"] for w in it["warnings"]] for it in d1["agenda"]] == [
        [],
        ["facilitator_leads"],
        ["outside_field"],
    ]
    assert d1["serious_warnings"] == 2
    d2 = queries.meeting_detail(m2)
    assert [c["id"] for c in d2["carried"]] == [str(open_action.pk)]
    assert d2["carried"][0]["overdue"]
    detail = queries.forum_detail(forum)
    assert [(s["community"], s["facilitator"]) for s in detail["speaking"]] == [(2, 1)]
    carried = {x["text"]: x["carried"] for x in detail["actions"]}
    assert carried == {"Mendata": 1, "Undang PPL": 0}


def test_coverage_reads_communities_clusters_and_captives_from_the_analysis(small, monkeypatch):
    a = small.a
    forum = make_forum(small)
    services.create_meeting(forum, date=days(-3), present=[a["KADES"], a["P1"], a["HAJI"]])
    pk = {code: str(x.pk) for code, x in a.items()}
    analysis = {
        "actors": [
            {"id": pk[c], "community": comm, "pagerank": pr, "roles": []}
            for c, comm, pr in [
                ("KADES", 0, 0.3),
                ("SEKDES", 0, 0.1),
                ("IMAM", 0, 0.2),
                ("KT", 0, 0.1),
                ("HAJI", 1, 0.4),
                ("P1", 1, 0.1),
                ("P2", 1, 0.05),
                ("FASIL", 0, 0.1),
            ]
        ],
        "clusters": [{"patron": pk["HAJI"], "size": 3, "members": [pk["P1"], pk["P2"]]}],
        "clients": [
            {
                "id": pk["P1"],
                "captive": True,
                "patrons": [{"id": pk["HAJI"]}],
                "captive_forms": [{"form": "credit", "patron": pk["HAJI"], "reason": "exclusive"}],
            },
            {
                "id": pk["P2"],
                "captive": False,
                "patrons": [{"id": pk["HAJI"]}],
                "captive_forms": [],
            },
        ],
    }
    monkeypatch.setattr(queries, "network_analysis", lambda village: analysis)
    cov = queries.forum_coverage(forum)
    comm = {
        r["value"]: (r["village"], r["members"], r["label"]) for r in cov["dimensions"]["community"]
    }
    # Community 0 (facilitator left out): Kades, Sekdes, Imam, KT; named by pagerank.
    assert comm["0"] == (4, 2, "Pak Kades, Pak Imam, Pak Sekdes")
    assert comm["1"] == (3, 1, "Pak Haji, Bu Sri, Pak Darmo")
    (cluster,) = cov["clusters"]
    assert cluster["patron_name"] == "Pak Haji" and cluster["client_names"] == ["Bu Sri"]
    assert not cluster["patron_member"]  # Haji came as a guest but holds no seat
    (captive,) = cov["captives"]
    assert captive["client_name"] == "Bu Sri" and captive["only_with_patron"]
    assert "Ngasem" not in cov["missing"]["hamlet"]
    assert cov["missing_labels"]["category"]  # translated labels for the page


def test_coverage_without_analysis(small, monkeypatch):
    forum = make_forum(small)
    monkeypatch.setattr(queries, "network_analysis", lambda village: None)
    cov = queries.forum_coverage(forum)
    assert cov["clusters"] is None and cov["dimensions"]["community"] is None
    assert not cov["analysis_available"]
