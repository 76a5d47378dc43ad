"""Circles of awareness in the app: proposals over the demo village, adopting, sessions and
progress, the counts the change indicators read, and above all who may see a circle."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jejaring.actors.models import Actor
from jejaring.awareness import queries, services
from jejaring.awareness.models import Circle, MemberProgress, Session
from jejaring.graph.circles import propose_circles

pytestmark = pytest.mark.django_db


def _url(name, village, **kw):
    return reverse(f"awareness:{name}", kwargs={"village": village.slug, **kw})


def test_proposals_match_the_engine_on_the_village_data(demo_village):
    data = queries.engine_input(demo_village)
    expected = propose_circles(
        data["actors"], data["ties"], captive=data["captive"], forums=data["forums"]
    )
    got = queries.proposals(demo_village)["circles"]
    assert [c["key"] for c in got] == [c["key"] for c in expected]
    assert got, "the demo village has patrons with several clients"
    first = got[0]
    assert first["title"] and all(d["sentence"] for d in first["do_not_invite"])
    assert first["patron_names"] and all(m["name"] != "?" for m in first["members"])
    # A patron's circle never lists the patron among its members or peer leaders.
    for c in got:
        banned = {d["actor"] for d in c["do_not_invite"]}
        assert not banned & {m["actor"] for m in c["members"]}
        assert not banned & {p["actor"] for p in c["peer_leaders"]}


def test_demo_has_adopted_circles_with_sessions_and_progress(demo_village):
    circles = Circle.objects.filter(village=demo_village)
    assert circles.count() == 3
    for c in circles:
        assert c.sessions.count() == 2
        assert c.sessions.filter(held=True).count() == 1
        assert c.members.exists()
    assert MemberProgress.objects.filter(circle__village=demo_village).exists()


def test_adopt_plan_log_and_progress(demo_village, personas):
    Circle.objects.filter(village=demo_village).delete()
    key = queries.proposals(demo_village)["circles"][0]["key"]
    circle = services.adopt_proposal(demo_village, key, user=personas.member)
    assert services.adopt_proposal(demo_village, key) == circle  # adopted once
    proposal = queries.proposal(demo_village, key)
    assert proposal["adopted"] == circle.pk
    assert set(circle.members.values_list("actor_id", flat=True)) == {
        Actor.objects.get(pk=m["actor"]).pk for m in proposal["members"]
    }
    topic = queries.topics(demo_village).first()
    members = [m.actor for m in circle.members.all()]
    session = services.save_session(
        circle,
        date=dt.date(2026, 11, 10),
        venue="Balai dusun",
        topics=[topic],
        attendees=members[:2],
    )
    assert session.held  # someone came: it was held
    if circle.patron_id:
        with pytest.raises(ValidationError) as refused:
            services.save_session(circle, date=dt.date(2026, 11, 11), attendees=[circle.patron])
        assert "attendees" in refused.value.message_dict
    services.record_progress(
        circle, members[0], kind="switched_provider", date=dt.date(2026, 11, 12)
    )
    outsider = (
        Actor.objects.filter(village=demo_village).exclude(pk__in=[m.pk for m in members]).first()
    )
    with pytest.raises(ValidationError) as refused:
        services.record_progress(
            circle, outsider, kind="aware_of_terms", date=dt.date(2026, 11, 12)
        )
    assert "actor" in refused.value.message_dict


def test_progress_counts_by_date(demo_village):
    Circle.objects.filter(village=demo_village).delete()
    key = queries.proposals(demo_village)["circles"][0]["key"]
    circle = services.adopt_proposal(demo_village, key)
    a, b = [m.actor for m in circle.members.all()[:2]]
    services.record_progress(circle, a, kind="aware_of_terms", date=dt.date(2026, 1, 1))
    services.record_progress(circle, a, kind="aware_of_terms", date=dt.date(2026, 2, 1))
    services.record_progress(circle, b, kind="aware_of_terms", date=dt.date(2026, 3, 1))
    services.record_progress(circle, b, kind="switched_provider", date=dt.date(2026, 3, 1))
    assert queries.progress_counts(demo_village, dt.date(2025, 12, 31)) == {
        "aware_of_terms": 0,
        "joined_alternative": 0,
        "switched_provider": 0,
        "speaks_in_forum": 0,
    }
    assert queries.progress_counts(demo_village, dt.date(2026, 2, 15))["aware_of_terms"] == 1
    assert queries.progress_counts(demo_village, dt.date(2026, 3, 1)) == {
        "aware_of_terms": 2,
        "joined_alternative": 0,
        "switched_provider": 1,
        "speaks_in_forum": 0,
    }


# --- safety -------------------------------------------------------------------------------


def _pages(village):
    circle = Circle.objects.filter(village=village).first()
    session = Session.objects.filter(circle=circle).first()
    return [
        _url("index", village),
        _url("print", village),
        _url("topics", village),
        _url("circle", village, circle=circle.pk),
        _url("session_new", village, circle=circle.pk),
        _url("progress_new", village, circle=circle.pk),
        _url("session", village, session=session.pk),
        f"/api/v1/villages/{village.slug}/circles/",
        f"/api/v1/villages/{village.slug}/circles/proposals",
        f"/api/v1/villages/{village.slug}/circles/{circle.pk}",
        f"/api/v1/villages/{village.slug}/circles/{circle.pk}/sessions",
        f"/api/v1/villages/{village.slug}/circles/{circle.pk}/progress",
        f"/api/v1/villages/{village.slug}/circles-progress-counts",
    ]


def test_readers_and_outsiders_never_see_circle_membership(
    demo_village, member_client, reader_client, outsider_client, personas
):
    from jejaring.villages.services import set_membership

    names = [
        m.actor.name for m in Circle.objects.filter(village=demo_village).first().members.all()
    ]
    for url in _pages(demo_village):
        assert member_client.get(url).status_code == 200, url
        r = reader_client.get(url)
        assert r.status_code == 403, url
        assert not any(n.encode() in r.content for n in names)
        assert outsider_client.get(url).status_code == 404, url
    set_membership(demo_village, personas.reader, "supervisor")
    for url in _pages(demo_village):
        assert reader_client.get(url).status_code == 403, url


def test_readers_do_not_see_the_menu_entry(demo_village, member_client, reader_client):
    home = reverse("villages:home", kwargs={"village": demo_village.slug})
    entry = _url("index", demo_village).encode()
    assert entry in member_client.get(home).content
    assert entry not in reader_client.get(home).content


def test_printed_list_is_pseudonymised_unless_names_are_asked_for(demo_village, member_client):
    circle = Circle.objects.filter(village=demo_village).exclude(patron=None).first()
    names = [m.actor.name for m in circle.members.all()]
    page = member_client.get(_url("print", demo_village)).content.decode()
    assert not [n for n in names if n in page]
    assert circle.name not in page and circle.patron.name not in page
    assert "L1-01" in page and "P1-1" in page
    named = member_client.get(_url("print", demo_village) + "?names=1").content.decode()
    assert all(n in named for n in names) and circle.patron.name in named


def test_every_circle_page_says_whom_not_to_invite(demo_village, member_client):
    for circle in Circle.objects.filter(village=demo_village).exclude(patron=None):
        page = member_client.get(_url("circle", demo_village, circle=circle.pk)).content.decode()
        assert 'id="do-not-invite"' in page and circle.patron.name in page


def test_pseudonymised_export_drops_circle_names(demo_village):
    from jejaring.interchange import json as json_format

    doc = json_format.export_village(demo_village, pseudonymize=True)
    text = json.dumps(doc, ensure_ascii=False)
    for c in Circle.objects.filter(village=demo_village):
        assert c.name not in text
        if c.proposal_key:
            assert c.proposal_key not in text
    assert {r["name"] for r in doc["records"]["awareness.circle"]} == {
        "Lingkar 1",
        "Lingkar 2",
        "Lingkar 3",
    }


# --- pages and API write ------------------------------------------------------------------


def test_pages_adopt_session_and_progress(demo_village, member_client):
    Circle.objects.filter(village=demo_village).delete()
    page = member_client.get(_url("index", demo_village)).content.decode()
    key = queries.proposals(demo_village)["circles"][0]["key"]
    assert key in page
    r = member_client.post(_url("adopt", demo_village), {"key": key})
    circle = Circle.objects.get(village=demo_village, proposal_key=key)
    assert r.status_code == 302 and r["Location"] == _url("circle", demo_village, circle=circle.pk)
    actor = circle.members.first().actor
    topic = queries.topics(demo_village).first()
    r = member_client.post(
        _url("session_new", demo_village, circle=circle.pk),
        {
            "date": "2026-11-20",
            "venue": "Mushola",
            "topics": [topic.pk],
            "attendees": [actor.pk],
            "said": "Bunga 10%",
        },
    )
    assert r.status_code == 302, r.content.decode()[:500]
    s = circle.sessions.get()
    assert s.held and list(s.attendees.all()) == [actor] and s.said == "Bunga 10%"
    r = member_client.post(
        _url("progress_new", demo_village, circle=circle.pk),
        {"actor": actor.pk, "kind": "aware_of_terms", "date": "2026-11-21"},
    )
    assert r.status_code == 302
    page = member_client.get(_url("circle", demo_village, circle=circle.pk)).content.decode()
    assert "Mushola" in page and "Bunga 10%" in page


def test_api_twins(demo_village, member_client, reader_client):
    Circle.objects.filter(village=demo_village).delete()
    base = f"/api/v1/villages/{demo_village.slug}/circles"
    proposals = member_client.get(f"{base}/proposals").json()
    key = proposals[0]["key"]
    assert (
        reader_client.post(
            f"{base}/adopt", {"key": key}, content_type="application/json"
        ).status_code
        == 403
    )
    r = member_client.post(f"{base}/adopt", {"key": key}, content_type="application/json")
    assert r.status_code == 201
    circle = r.json()
    actor = circle["members"][0]["actor"]
    r = member_client.post(
        f"{base}/{circle['id']}/sessions",
        {"date": "2026-11-20", "attendees": [actor], "topics": ["Harga di pasar lain"]},
        content_type="application/json",
    )
    assert (
        r.status_code == 201 and r.json()["held"] and r.json()["topics"] == ["Harga di pasar lain"]
    )
    r = member_client.post(
        f"{base}/{circle['id']}/progress",
        {"actor": actor, "kind": "joined_alternative", "date": "2026-11-21"},
        content_type="application/json",
    )
    assert r.status_code == 201
    r = member_client.post(
        f"{base}/{circle['id']}/progress",
        {"actor": actor, "kind": "flew_away", "date": "2026-11-21"},
        content_type="application/json",
    )
    assert r.status_code == 422
    detail = member_client.get(f"{base}/{circle['id']}").json()
    assert detail["sessions"] and detail["progress"] and detail["do_not_invite"]
    counts = member_client.get(
        f"/api/v1/villages/{demo_village.slug}/circles-progress-counts?at=2026-11-21"
    ).json()
    assert counts["joined_alternative"] == 1


def test_worked_example_reads_as_in_the_docs():
    """docs/recommendations.md section 6: Bu Lastri's reasons, in Indonesian."""
    from django.utils import translation

    from jejaring.graph.tests.test_circles import ACTORS, FORUMS, TIES

    names = {a: info["name"] for a, info in ACTORS.items()}
    venues = {**names, "forum1": "Forum Desa"}
    c = next(c for c in propose_circles(ACTORS, TIES, forums=FORUMS) if c["key"] == "patron:P")
    with translation.override("id"):
        queries.decorate(c, names, venues)
    assert c["title"] == "Klien Haji Darto"
    assert c["peer_leaders"][0]["sentences"] == [
        "Dipercaya 2 anggota (Ani dan Budi) lewat sering berbicara dan kekerabatan.",
        "Bukan anggota, tetapi dekat dengan anggota.",
        "Tidak bergantung pada patron mana pun.",
        "Sudah ikut Kelompok Tani Maju.",
        "Tinggal di dusun yang sama (Krajan).",
    ]
    assert c["peer_leaders"][1]["sentences"][2] == (
        "Tidak bergantung pada patron lingkar ini (bergantung pada Bu Sumi)."
    )
    assert [d["sentence"] for d in c["do_not_invite"]] == [
        "Patronnya: 2 anggota bergantung padanya.",
        "Perantara Haji Darto: apa yang dibicarakan akan sampai ke patron.",
        "Patron dari Haji Darto: apa yang dibicarakan akan sampai kepadanya.",
    ]
    assert c["venues"][1]["warning"] == (
        "Haji Darto juga ikut: bertemu di sana akan membuka siapa anggotanya."
    )


def test_a_circle_made_by_hand_is_read_by_the_engine(demo_village):
    """A hand-made circle: whom not to invite comes from its members' own patrons."""
    from jejaring.actors.models import Tie

    dep = (
        Tie.objects.filter(village=demo_village, is_current=True, type__is_dependency=True)
        .select_related("source", "target")
        .order_by("pk")
    )
    ties = list(dep[:200])
    patron = ties[0].target
    clients = [t.source for t in ties if t.target_id == patron.pk][:3]
    circle = services.create_circle(
        demo_village, name="Dibuat tangan", basis="patron", patron=patron, members=clients
    )
    reading = queries.current_reading(circle)
    assert reading["do_not_invite"][0]["actor"] == str(patron.pk)
    # "N members depend on them" is true of this circle: its three members, not all clients.
    assert reading["do_not_invite"][0]["facts"]["clients"] == len(clients)
    assert {m["actor"] for m in reading["members"]} <= {str(a.pk) for a in clients}
    for p in reading["peer_leaders"]:
        assert set(p["facts"]["trusted_by"]) <= {str(a.pk) for a in clients}
    # Without a patron: every patron of the members is not to be invited.
    loose = services.create_circle(demo_village, name="Campuran", basis="hamlet", members=clients)
    reading = queries.current_reading(loose)
    their_patrons = {
        str(t.target_id)
        for t in Tie.objects.filter(
            village=demo_village, is_current=True, type__is_dependency=True, source__in=clients
        )
    }
    assert their_patrons <= {d["actor"] for d in reading["do_not_invite"]}
    with pytest.raises(ValidationError):
        services.add_member(circle, patron)


def test_hand_made_circle_pages_and_api(demo_village, member_client, reader_client):
    actors = list(Actor.objects.filter(village=demo_village, kind="household").order_by("name")[:3])
    r = member_client.post(
        _url("circle_new", demo_village),
        {"name": "Lingkar ibu-ibu", "basis": "hamlet", "members": [a.pk for a in actors[:2]]},
    )
    assert r.status_code == 302
    circle = Circle.objects.get(village=demo_village, name="Lingkar ibu-ibu")
    assert circle.origin == "hand" and circle.members.count() == 2
    r = member_client.post(
        _url("member_add", demo_village, circle=circle.pk), {"actor": actors[2].pk}
    )
    assert circle.members.count() == 3
    member = circle.members.get(actor=actors[0])
    assert (
        reader_client.post(_url("member_remove", demo_village, circle_member=member.pk)).status_code
        == 403
    )
    member_client.post(_url("member_remove", demo_village, circle_member=member.pk))
    assert circle.members.count() == 2
    base = f"/api/v1/villages/{demo_village.slug}/circles/"
    patron = Actor.objects.filter(village=demo_village, category__code="moneylender").first()
    r = member_client.post(
        base,
        {
            "name": "Lewat API",
            "basis": "patron",
            "patron": str(patron.pk),
            "members": [str(patron.pk)],
        },
        content_type="application/json",
    )
    assert r.status_code == 422  # the patron is never a member
    r = member_client.post(
        base,
        {
            "name": "Lewat API",
            "basis": "patron",
            "patron": str(patron.pk),
            "members": [str(actors[0].pk)],
        },
        content_type="application/json",
    )
    assert r.status_code == 201 and [m["actor"] for m in r.json()["members"]] == [str(actors[0].pk)]
    r = member_client.post(
        f"{base}{r.json()['id']}/members",
        {"actor": str(actors[1].pk)},
        content_type="application/json",
    )
    assert r.status_code == 201 and len(r.json()["members"]) == 2


def test_pdf_list_is_pseudonymised_unless_names_are_asked_for(
    demo_village, member_client, reader_client
):
    from pypdf import PdfReader

    circle = Circle.objects.filter(village=demo_village).exclude(patron=None).first()
    names = [m.actor.name for m in circle.members.all()] + [circle.patron.name, circle.name]

    def text(url):
        r = member_client.get(url)
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        import io

        return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)

    url = _url("print_pdf", demo_village)
    coded = " ".join(text(url).split())
    assert not [n for n in names if n in coded]
    assert "L1-01" in coded and demo_village.name not in coded
    named = " ".join(text(url + "?names=1").split())
    assert circle.patron.name in named
    assert reader_client.get(url).status_code == 403


def test_reading_counts_only_the_circles_own_members(demo_village):
    circle = next(
        c
        for c in Circle.objects.filter(village=demo_village)
        if queries.current_reading(c)["peer_leaders"]
    )
    leader = queries.current_reading(circle)["peer_leaders"][0]
    gone = leader["facts"]["trusted_by"]
    circle.members.filter(actor_id__in=gone).delete()
    reading = queries.current_reading(circle)
    left = {str(a) for a in circle.members.values_list("actor_id", flat=True)}
    assert all(set(p["facts"]["trusted_by"]) <= left for p in reading["peer_leaders"])
    assert all(set(v["attending"]) <= left for v in reading["venues"])
    assert leader["actor"] not in {p["actor"] for p in reading["peer_leaders"]} or not (
        set(gone)
        & set(
            next(p for p in reading["peer_leaders"] if p["actor"] == leader["actor"])["facts"][
                "trusted_by"
            ]
        )
    )


def test_topics_are_added_renamed_and_removed_only_when_unused(demo_village, member_client):
    url = _url("topics", demo_village)
    assert member_client.post(url, {"add": "1", "name": "Upah buruh tani"}).status_code == 302
    new = queries.topics(demo_village).get(name="Upah buruh tani")
    member_client.post(url, {"rename": new.pk, "name": "Upah harian buruh tani"})
    new.refresh_from_db()
    assert new.name == "Upah harian buruh tani"
    member_client.post(url, {"remove": new.pk})
    assert not queries.topics(demo_village).filter(pk=new.pk).exists()
    used = Session.objects.filter(circle__village=demo_village).first().topics.first()
    member_client.post(url, {"remove": used.pk})
    assert queries.topics(demo_village).filter(pk=used.pk).exists()  # sessions keep their topics


def test_readers_exports_leave_circles_out(demo_village, member_client, reader_client):
    """A viewer may download the village as JSON, but not who sits in which circle."""
    page = f"/v/{demo_village.slug}/data/export/?download=1&format=json"
    api = f"/api/v1/villages/{demo_village.slug}/export?format=json"
    for url in (page, api):
        read = json.loads(reader_client.get(url).content)
        assert all(not read["records"][k] for k in read["records"] if k.startswith("awareness."))
        full = json.loads(member_client.get(url).content)
        assert full["records"]["awareness.circlemember"] and full["records"]["awareness.circle"]


def test_api_updates_a_session_and_a_circles_status(demo_village, member_client, reader_client):
    session = Session.objects.filter(circle__village=demo_village, held=False).first()
    actor = session.circle.members.first().actor
    url = f"/api/v1/villages/{demo_village.slug}/circles/sessions/{session.pk}"
    body = {"date": "2026-11-15", "attendees": [str(actor.pk)], "said": "Sudah dihitung bersama"}
    assert reader_client.put(url, body, content_type="application/json").status_code == 403
    r = member_client.put(url, body, content_type="application/json")
    assert r.status_code == 200 and r.json()["held"] and r.json()["attendees"] == [str(actor.pk)]
    session.refresh_from_db()
    assert session.said == "Sudah dihitung bersama"
    status = f"/api/v1/villages/{demo_village.slug}/circles/{session.circle_id}/status"
    assert (
        member_client.post(status, {"status": "paused"}, content_type="application/json").json()[
            "status"
        ]
        == "paused"
    )
    assert (
        member_client.post(status, {"status": "gone"}, content_type="application/json").status_code
        == 422
    )
