"""The JSON twins: same services and rules as the pages, village ids checked, 422 naming the
field on bad input."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from jejaring.engagement import queries
from jejaring.engagement.models import Contact, Engagement, Forum, Meeting
from jejaring.engagement.tests.conftest import make_small_village

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return (TODAY + dt.timedelta(days=n)).isoformat()


def post(client, path, body):
    return client.post(
        f"/api/v1/villages/{path}", json.dumps(body), content_type="application/json"
    )


def get(client, path):
    return client.get(f"/api/v1/villages/{path}")


def test_plan_and_record_a_contact(small, small_member):
    a = small.a
    r = post(
        small_member,
        "kecil/engagement/contacts",
        {
            "actor": str(a["KT"].pk),
            "planned_date": days(-1),
            "via": str(a["KADES"].pk),
            "purpose": "Kenalan",
        },
    )
    assert r.status_code == 201, r.content
    contact = r.json()
    assert contact["state"] == "planned" and contact["via_name"] == "Pak Kades"
    r = post(
        small_member,
        f"kecil/engagement/contacts/{contact['id']}/record",
        {"held_date": days(0), "outcome": "Diterima", "new_status": "receptive"},
    )
    assert r.status_code == 200 and r.json()["state"] == "held"
    data = get(small_member, f"kecil/engagement/stakeholders/{a['KT'].pk}").json()
    assert data["status"] == "receptive"
    assert [(h["from_status"], h["to_status"], h["date"]) for h in data["history"]] == [
        ("not_approached", "receptive", days(0))
    ]
    assert get(small_member, f"kecil/engagement/contacts/{contact['id']}").json()["status_changes"]


def test_ids_from_another_village_are_refused_with_the_field_named(small, small_member):
    other = make_small_village("lain")
    r = post(
        small_member,
        "kecil/engagement/contacts",
        {"actor": str(other.a["KT"].pk), "planned_date": days(1)},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "actor"]
    r = post(
        small_member, "kecil/engagement/contacts", {"actor": "not-a-uuid", "planned_date": days(1)}
    )
    assert r.status_code == 422
    # a service refusal: held in the future
    r = post(
        small_member,
        "kecil/engagement/contacts/log",
        {"actor": str(small.a["KT"].pk), "held_date": days(3)},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "held_date"]
    assert not Contact.objects.filter(village=small.village).exists()
    # another village's contact in this village's path: not found
    assert get(small_member, f"lain/engagement/contacts/{other.a['KT'].pk}").status_code == 404


def test_routes_status_way_and_stage(small, small_member):
    a = small.a
    routes = get(small_member, f"kecil/engagement/stakeholders/{a['KT'].pk}/routes").json()
    assert [p["name"] for p in routes[0]["path"]] == [
        "Rina",
        "Pak Kades",
        "Pak Imam",
        "Kelompok Tani",
    ]
    r = post(
        small_member, f"kecil/engagement/stakeholders/{a['KT'].pk}/way", {"gatherings": "Selapanan"}
    )
    assert r.json()["gatherings"] == "Selapanan"
    r = post(
        small_member,
        f"kecil/engagement/stakeholders/{a['KT'].pk}/stage",
        {"stage": "steer_program_way"},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "note"]
    r = post(
        small_member,
        f"kecil/engagement/stakeholders/{a['KT'].pk}/status",
        {"to_status": "approached"},
    )
    assert r.json()["status"] == "approached"
    assert Engagement.objects.get(actor=a["KT"]).status == "approached"


def test_forum_meeting_warnings_and_coverage(small, small_member, monkeypatch):
    a = small.a
    r = post(
        small_member,
        "kecil/forums",
        {
            "name": "Forum Warga",
            "members": [
                {"actor": str(a["KADES"].pk), "field": "government", "role": "chair"},
                {"actor": str(a["IMAM"].pk), "field": "religion"},
                {"actor": str(a["FASIL"].pk), "field": "poor_households", "role": "facilitator"},
            ],
        },
    )
    assert r.status_code == 201, r.content
    forum = r.json()
    r = post(
        small_member,
        "kecil/forums/" + forum["id"] + "/members",
        {"actor": str(a["P1"].pk), "field": "nope"},
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "field"]
    r = post(
        small_member,
        f"kecil/forums/{forum['id']}/meetings",
        {
            "date": days(-1),
            "agenda": [
                {"title": "Pembukaan", "field": "government", "lead": str(a["KADES"].pk)},
                {"title": "Tata cara", "field": "poor_households", "lead": str(a["FASIL"].pk)},
                {"title": "Zakat", "field": "credit", "lead": str(a["IMAM"].pk)},
            ],
            "present": [str(a["KADES"].pk), str(a["IMAM"].pk)],
        },
    )
    assert r.status_code == 201, r.content
    meeting = r.json()
    assert [[w["code"] for w in it["warnings"]] for it in meeting["agenda"]] == [
        [],
        ["facilitator_leads"],
        ["outside_field"],
    ]
    assert meeting["items_breaking_the_rule"] == 2
    assert {x["name"]: x["present"] for x in meeting["attendance"]} == {
        "Pak Kades": True,
        "Pak Imam": True,
        "Rina": False,
    }
    r = post(
        small_member,
        f"kecil/meetings/{meeting['id']}/actions",
        {"text": "Mendata", "owner": str(a["SEKDES"].pk), "due": days(-1)},
    )
    assert r.status_code == 201
    action = r.json()
    assert get(small_member, "kecil/actions?show=overdue").json()[0]["id"] == action["id"]
    r = post(small_member, f"kecil/actions/{action['id']}", {"status": "done"})
    assert r.json()["status"] == "done" and r.json()["done_on"] == days(0)
    monkeypatch.setattr(queries, "network_analysis", lambda village: None)
    cov = get(small_member, f"kecil/forums/{forum['id']}/coverage").json()
    assert "influential_group" in cov["missing"]["category"]
    assert cov["speaking"][0]["facilitator"] == 1
    assert Meeting.objects.filter(forum__village=small.village).count() == 1


def test_demo_dashboard_json(demo_village, member_client):
    d = member_client.get(f"/api/v1/villages/{demo_village.slug}/engagement/dashboard").json()
    texts = [a["text"] for a in d["overdue_actions"]]
    assert "Menyusun aturan dana bergulir bersama BPD" in texts
    assert {g["group"] for g in d["groups"]} == {
        "officials",
        "district_head",
        "religious_customary",
        "influential_groups",
        "agency_staff",
    }
    forum = Forum.objects.get(village=demo_village)
    data = member_client.get(f"/api/v1/villages/{demo_village.slug}/forums/{forum.pk}").json()
    assert len([m for m in data["meetings"] if m["state"] == "held"]) >= 3


def test_reader_cannot_write_even_with_a_valid_body(demo_village, reader_client):
    from jejaring.actors.models import Actor

    kades = Actor.objects.get(village=demo_village, code="KADES")
    r = reader_client.post(
        f"/api/v1/villages/{demo_village.slug}/engagement/contacts",
        json.dumps({"actor": str(kades.pk), "planned_date": days(1)}),
        content_type="application/json",
    )
    assert r.status_code == 403
