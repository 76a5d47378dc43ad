"""The engagement pages as users drive them: behaviour, access, and form errors in Indonesian.

(The generic access test enumerates every URL for outsiders, readers and members; these tests
check what each page does.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from jejaring.actors.models import Actor
from jejaring.engagement import queries, services
from jejaring.engagement.models import (
    ActionItem,
    Contact,
    Engagement,
    Forum,
    ForumMember,
    Meeting,
    StatusChange,
)
from jejaring.engagement.tests.conftest import make_small_village
from jejaring.engagement.tests.test_services import make_forum

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
REQUIRED = "Bidang ini tidak boleh kosong."


def days(n):
    return (TODAY + dt.timedelta(days=n)).isoformat()


def url(name, village, **kw):
    return reverse(f"engagement:{name}", kwargs={"village": village.slug, **kw})


def html(response):
    return response.content.decode()


# --- approach --------------------------------------------------------------------------------


def test_plan_then_record_a_contact_and_see_the_status(small, small_member):
    v, a = small.village, small.a
    page = small_member.get(url("plan_contact", v) + f"?actor={a['KT'].pk}")
    assert page.status_code == 200
    # the route is suggested and the intermediary preselected
    assert "Pak Imam" in html(page) and f'value="{a["KADES"].pk}" selected' in html(page)
    r = small_member.post(
        url("plan_contact", v),
        {
            "actor": a["KT"].pk,
            "planned_date": days(-1),
            "who_goes": "Rina",
            "via": a["KADES"].pk,
            "channel": "gathering",
            "purpose": "Datang ke selapanan",
        },
    )
    contact = Contact.objects.get(actor=a["KT"])
    assert r.status_code == 302 and r["Location"] == url("actor", v, actor=a["KT"].pk)
    assert contact.via == a["KADES"] and contact.state == "planned"
    r = small_member.post(
        url("contact", v, contact=contact.pk),
        {
            "held_date": days(0),
            "channel": "gathering",
            "who_goes": "Rina",
            "outcome": "Diterima",
            "new_status": "receptive",
            "next_step": "Ikut selapanan berikut",
            "next_step_due": days(30),
            "closes_earlier_steps": "on",
        },
    )
    assert r.status_code == 302
    assert Engagement.objects.get(actor=a["KT"]).status == "receptive"
    page = html(small_member.get(url("actor", v, actor=a["KT"].pk), follow=True))
    assert "Mau menerima" in page  # the new status, in Indonesian
    assert 'id="status-history"' in page


def test_plan_contact_errors_are_in_indonesian(small, small_member):
    r = small_member.post(url("plan_contact", small.village), {"actor": small.a["KT"].pk})
    assert r.status_code == 200 and REQUIRED in html(r)
    other = make_small_village("lain")
    r = small_member.post(
        url("plan_contact", small.village),
        {"actor": other.a["KT"].pk, "planned_date": days(1)},
    )
    assert "Masukkan pilihan yang valid" in html(r)
    assert not Contact.objects.filter(village=small.village).exists()


def test_record_contact_refuses_the_future_in_indonesian(small, small_member):
    c = services.plan_contact(small.village, small.a["IMAM"], planned_date=TODAY)
    r = small_member.post(url("contact", small.village, contact=c.pk), {"held_date": days(3)})
    assert r.status_code == 200
    assert "Kontak tidak mungkin sudah terjadi di masa depan." in html(r)
    r = small_member.post(
        url("contact", small.village, contact=c.pk),
        {"held_date": days(0), "next_step_due": days(3)},
    )
    assert "Tuliskan langkah berikutnya." in html(r)
    c.refresh_from_db()
    assert c.state == "planned"


def test_log_cancel_and_tick_off(small, small_member):
    v, a = small.village, small.a
    r = small_member.post(
        url("log_contact", v),
        {
            "actor": a["SEKDES"].pk,
            "held_date": days(-2),
            "next_step": "Kirim surat",
            "next_step_due": days(-1),
        },
    )
    held = Contact.objects.get(actor=a["SEKDES"])
    assert r.status_code == 302 and held.state == "held"
    assert Engagement.objects.get(actor=a["SEKDES"]).status == "approached"
    assert str(held.pk) in {c["id"] for c in queries.dashboard(v)["overdue_contacts"]}
    small_member.post(url("contact_step", v, contact=held.pk), {"done": "1"})
    held.refresh_from_db()
    assert held.next_step_done
    planned = services.plan_contact(v, a["IMAM"], planned_date=TODAY)
    small_member.post(url("contact_cancel", v, contact=planned.pk), {"reason": "Hujan"})
    planned.refresh_from_db()
    assert planned.state == "cancelled"
    assert small_member.get(url("contact_cancel", v, contact=planned.pk)).status_code == 405


def test_status_way_and_stage_forms(small, small_member):
    v, kt = small.village, small.a["KT"]
    r = small_member.post(
        url("actor_status", v, actor=kt.pk), {"to_status": "approached", "date": days(-1)}
    )
    assert r.status_code == 302 and StatusChange.objects.filter(actor=kt).count() == 1
    small_member.post(
        url("actor_way", v, actor=kt.pk),
        {"gatherings": "Selapanan", "channels": "Ketua", "decision_making": "Musyawarah"},
    )
    assert Engagement.objects.get(actor=kt).gatherings == "Selapanan"
    r = small_member.post(
        url("actor_stage", v, actor=kt.pk), {"stage": "steer_program_way", "date": days(0)}
    )
    assert r.status_code == 400
    assert "Jelaskan bagaimana kerja beralih ke cara program." in html(r)
    r = small_member.post(
        url("actor_stage", v, actor=kt.pk),
        {"stage": "steer_program_way", "date": days(0), "note": "Dibahas di selapanan"},
    )
    assert r.status_code == 302
    assert Engagement.objects.get(actor=kt).stage == "steer_program_way"


def test_an_actor_of_another_village_is_not_found(small, small_member):
    other = make_small_village("lain")
    assert small_member.get(url("actor", small.village, actor=other.a["KT"].pk)).status_code == 404
    c = services.plan_contact(other.village, other.a["KT"], planned_date=TODAY)
    assert small_member.get(url("contact", small.village, contact=c.pk)).status_code == 404
    assert small_member.post(url("contact_cancel", small.village, contact=c.pk)).status_code == 404


def test_reader_can_read_but_not_write(demo_village, reader_client):
    kades = Actor.objects.get(village=demo_village, code="KADES")
    page = reader_client.get(url("actor", demo_village, actor=kades.pk))
    assert page.status_code == 200
    assert "Simpan cara mereka" not in html(page)  # no forms for readers
    r = reader_client.post(url("actor_way", demo_village, actor=kades.pk), {"gatherings": "x"})
    assert r.status_code == 403
    r = reader_client.post(
        url("plan_contact", demo_village), {"actor": kades.pk, "planned_date": days(1)}
    )
    assert r.status_code == 403


def test_outsider_sees_nothing(demo_village, outsider_client):
    forum = Forum.objects.get(village=demo_village)
    assert (
        outsider_client.get(url("forum_coverage", demo_village, forum=forum.pk)).status_code == 404
    )
    assert outsider_client.get(url("dashboard", demo_village)).status_code == 404


# --- dashboard and checklist -----------------------------------------------------------------


def test_dashboard_shows_the_overdue_action_of_the_demo(demo_village, member_client):
    page = html(member_client.get(url("dashboard", demo_village)))
    assert "Menyusun aturan dana bergulir bersama BPD" in page
    assert "Tindak lanjut yang terlambat" in page
    assert "data-print" in page


def test_checklist_names_every_group(demo_village, member_client):
    page = html(member_client.get(url("checklist", demo_village)))
    for label in ("Camat", "Tokoh agama dan tokoh adat", "Kelompok berpengaruh"):
        assert label in page


def test_contact_log_filters(small, small_member):
    v, a = small.village, small.a
    services.plan_contact(v, a["IMAM"], planned_date=TODAY - dt.timedelta(days=3))
    services.plan_contact(v, a["KT"], planned_date=TODAY + dt.timedelta(days=3))
    page = html(small_member.get(url("contacts", v) + "?overdue=1"))
    assert "Pak Imam" in page and "Kelompok Tani" not in page
    page = html(small_member.get(url("contacts", v) + "?group=religious_customary"))
    assert "Pak Imam" in page and "Kelompok Tani" not in page


# --- forums and meetings ---------------------------------------------------------------------


def test_create_a_forum_from_stakeholders(small, small_member):
    v, a = small.village, small.a
    r = small_member.post(
        url("forum_new", v),
        {
            "name": "Forum Warga",
            "established": days(0),
            "members": [a["KADES"].pk, a["IMAM"].pk, a["FASIL"].pk],
        },
    )
    forum = Forum.objects.get(village=v)
    assert r.status_code == 302
    seats = {
        m.actor.code: (m.field.code, m.role) for m in forum.members.select_related("actor", "field")
    }
    assert seats == {
        "KADES": ("government", "member"),
        "IMAM": ("religion", "member"),
        "FASIL": ("poor_households", "facilitator"),
    }
    r = small_member.post(url("forum_new", v), {"name": "forum warga"})
    assert "Desa ini sudah punya forum dengan nama ini." in html(r)


def test_members_fields_and_leaving(small, small_member):
    v, a, f = small.village, small.a, small.fields
    forum = make_forum(small)
    r = small_member.post(
        url("member_add", v, forum=forum.pk),
        {"actor": a["KT"].pk, "field": f["agriculture"].pk, "role": "member"},
    )
    assert r.status_code == 302
    member = ForumMember.objects.get(forum=forum, actor=a["KT"])
    small_member.post(
        url("member", v, member=member.pk), {"field": f["cooperative"].pk, "role": "member"}
    )
    member.refresh_from_db()
    assert member.field == f["cooperative"]
    small_member.post(url("member_remove", v, member=member.pk), {"left": days(0)})
    member.refresh_from_db()
    assert member.left == TODAY
    r = small_member.post(
        url("member_add", v, forum=forum.pk), {"actor": a["KADES"].pk, "role": "member"}
    )
    assert "Pemangku kepentingan ini sudah menjadi anggota." in html(r)


def test_create_a_meeting_with_agenda_attendance_and_see_the_warnings(small, small_member):
    v, a, f = small.village, small.a, small.fields
    forum = make_forum(small)
    data = {
        "date": days(-1),
        "title": "Pertemuan pertama",
        "state": "held",
        "agenda-0-title": "Pembukaan",
        "agenda-0-field": f["government"].pk,
        "agenda-0-lead": a["KADES"].pk,
        "agenda-1-title": "Tata cara",
        "agenda-1-field": f["poor_households"].pk,
        "agenda-1-lead": a["FASIL"].pk,
        "agenda-2-title": "Zakat untuk modal",
        "agenda-2-field": f["agriculture"].pk,
        "agenda-2-lead": a["IMAM"].pk,
        "present": [a["KADES"].pk, a["IMAM"].pk, a["P1"].pk],
        "guests": [a["HAJI"].pk],
    }
    r = small_member.post(url("meeting_new", v, forum=forum.pk), data)
    meeting = Meeting.objects.get(forum=forum)
    assert r.status_code == 302
    assert [i.title for i in meeting.agenda.order_by("order")] == [
        "Pembukaan",
        "Tata cara",
        "Zakat untuk modal",
    ]
    present = set(meeting.attendance.filter(present=True).values_list("actor__code", flat=True))
    assert present == {"KADES", "IMAM", "P1", "HAJI"}
    page = html(small_member.get(r["Location"]))
    assert "Pendamping memimpin butir ini" in page
    assert "Pembicara berbicara di luar bidang yang ia wakili di forum." in page
    assert 'data-warning="facilitator_leads"' in page and 'data-warning="outside_field"' in page


def test_meeting_form_errors_in_indonesian(small, small_member):
    forum = make_forum(small)
    r = small_member.post(
        url("meeting_new", small.village, forum=forum.pk),
        {"state": "held", "agenda-0-lead": small.a["KADES"].pk},
    )
    assert r.status_code == 400
    assert REQUIRED in html(r)  # the date
    assert "Beri judul butir agenda." in html(r)
    r = small_member.post(
        url("meeting_new", small.village, forum=forum.pk), {"state": "held", "date": days(5)}
    )
    assert "Pertemuan di masa depan belum mungkin terlaksana." in html(r)
    assert not Meeting.objects.filter(forum=forum).exists()


def test_decisions_and_action_items_on_the_meeting_page(small, small_member):
    v, a = small.village, small.a
    forum = make_forum(small)
    m1 = services.create_meeting(
        forum, date=TODAY - dt.timedelta(days=20), agenda=[services.AgendaEntry("Utang")]
    )
    item = m1.agenda.get()
    r = small_member.post(
        url("decision_add", v, meeting=m1.pk),
        {"decision-text": "Membentuk tim pendata", "decision-agenda_item": item.pk},
    )
    assert r.status_code == 302 and m1.decisions.get().agenda_item == item
    r = small_member.post(
        url("action_add", v, meeting=m1.pk),
        {
            "action-text": "Mendata peminjam",
            "action-owner": a["KADES"].pk,
            "action-due": days(-2),
            "action-agenda_item": item.pk,
        },
    )
    assert r.status_code == 302
    action = ActionItem.objects.get(forum=forum)
    r = small_member.post(
        url("action_add", v, meeting=m1.pk),
        {"action-text": "x", "action-owner": a["KADES"].pk, "action-due": days(-40)},
    )
    assert r.status_code == 400
    assert "Batas waktu tidak boleh sebelum pertemuan." in html(r)
    m2 = services.create_meeting(forum, date=TODAY)
    page = html(small_member.get(url("meeting", v, meeting=m2.pk)))
    assert "Mendata peminjam" in page  # carried to the next meeting
    r = small_member.post(url("action", v, action=action.pk), {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done" and action.done_on == TODAY
    m3 = services.create_meeting(forum, date=TODAY + dt.timedelta(days=7), state="planned")
    assert "Mendata peminjam" not in html(small_member.get(url("meeting", v, meeting=m3.pk)))


def test_attendance_agenda_edit_and_removal(small, small_member):
    v, a, f = small.village, small.a, small.fields
    forum = make_forum(small)
    m = services.create_meeting(forum, date=TODAY)
    small_member.post(
        url("meeting_attendance", v, meeting=m.pk), {"attendance-present": [a["KADES"].pk]}
    )
    assert set(m.attendance.filter(present=True).values_list("actor__code", flat=True)) == {"KADES"}
    small_member.post(
        url("agenda_add", v, meeting=m.pk),
        {"item-title": "Pupuk", "item-field": f["agriculture"].pk, "item-lead": a["KADES"].pk},
    )
    item = m.agenda.get()
    r = small_member.post(
        url("agenda_item", v, item=item.pk),
        {"title": "Pupuk bersubsidi", "field": f["government"].pk, "lead": a["KADES"].pk},
    )
    item.refresh_from_db()
    assert r.status_code == 302 and item.title == "Pupuk bersubsidi"
    small_member.post(url("agenda_delete", v, item=item.pk))
    assert not m.agenda.exists()


def test_coverage_page_names_what_is_missing(small, small_member, monkeypatch):
    forum = make_forum(small)
    monkeypatch.setattr(queries, "network_analysis", lambda village: None)
    page = html(small_member.get(url("forum_coverage", small.village, forum=forum.pk)))
    assert "Belum terwakili" in page
    # nobody in the forum speaks for the Kelompok Tani's field or category
    assert "Kelompok berpengaruh" in page and "Pertanian" in page


def test_demo_coverage_and_meeting_pages(demo_village, member_client, monkeypatch):
    monkeypatch.setattr(queries, "network_analysis", lambda village: None)
    forum = Forum.objects.get(village=demo_village)
    assert member_client.get(url("forum_coverage", demo_village, forum=forum.pk)).status_code == 200
    page = html(member_client.get(url("forum", demo_village, forum=forum.pk)))
    assert "Forum Dialog Warga Tegalrejo" in page and "Menyusun aturan dana bergulir" in page


def test_the_stage_form_shows_the_current_stage(small, small_member):
    """Saving the stage form untouched keeps the stage (it never falls back to the first)."""
    v, kt = small.village, small.a["KT"]
    services.change_stage(kt, "steer_program_way", date=TODAY, note="Dibahas di selapanan")
    page = html(small_member.get(url("actor", v, actor=kt.pk)))
    assert '<option value="steer_program_way" selected>' in page


def test_a_new_forum_offers_households_as_members(small, small_member):
    v, a = small.village, small.a
    page = html(small_member.get(url("forum_new", v)))
    assert "Bu Sri" in page
    r = small_member.post(
        url("forum_new", v), {"name": "Forum Warga", "members": [a["P1"].pk, a["KADES"].pk]}
    )
    assert r.status_code == 302
    forum = Forum.objects.get(village=v)
    assert set(forum.members.values_list("actor__code", flat=True)) == {"P1", "KADES"}


def test_an_empty_route_suggestion_says_what_it_needs(small, small_member):
    """Without a facilitator actor the page asks for one; with one but no trusted tie, for ties."""
    v, a = small.village, small.a
    Actor.objects.filter(village=v, is_facilitator=True).update(is_facilitator=False)
    page = html(small_member.get(url("routes", v) + f"?actor={a['P1'].pk}"))
    assert 'data-route-needs="facilitator"' in page
    assert "belum ada pendamping yang dicatat sebagai aktor" in page
    assert reverse("actors:new", kwargs={"village": v.slug}) in page
    fresh = Actor.objects.create(village=v, name="Dewi", is_facilitator=True)
    page = html(small_member.get(url("routes", v) + f"?actor={a['P1'].pk}"))
    assert 'data-route-needs="ties"' in page and "Dewi" in page
    fresh.delete()
