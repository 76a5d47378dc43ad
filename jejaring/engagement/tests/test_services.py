"""The engagement services: one transaction per action, history kept dated, villages apart."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jejaring.engagement import services
from jejaring.engagement.models import (
    ActionItem,
    Attendance,
    Contact,
    Engagement,
    ForumMember,
    StatusChange,
)
from jejaring.engagement.tests.conftest import make_small_village

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def days(n):
    return TODAY + dt.timedelta(days=n)


def history(actor):
    return list(
        StatusChange.objects.filter(actor=actor)
        .order_by("date", "created_at")
        .values_list("date", "from_status", "to_status")
    )


def test_plan_then_record_moves_the_status_with_the_contacts_date(small):
    kades = small.a["KADES"]
    contact = services.plan_contact(
        small.village, kades, planned_date=days(-3), purpose="Perkenalan", via=small.a["SEKDES"]
    )
    assert (
        contact.state == "planned"
        and Engagement.objects.get(actor=kades).status == "not_approached"
    )
    services.record_contact(
        contact,
        services.HeldContact(
            held_date=days(-2),
            channel="visit",
            outcome="Diterima",
            next_step="Datang lagi",
            next_step_due=days(10),
            new_status="receptive",
        ),
    )
    contact.refresh_from_db()
    assert contact.state == "held" and contact.held_date == days(-2)
    assert Engagement.objects.get(actor=kades).status == "receptive"
    assert history(kades) == [(days(-2), "not_approached", "receptive")]
    assert StatusChange.objects.get(actor=kades).contact == contact


def test_meeting_someone_for_the_first_time_approaches_them(small):
    imam = small.a["IMAM"]
    services.log_contact(small.village, imam, services.HeldContact(held_date=days(-1)))
    assert Engagement.objects.get(actor=imam).status == "approached"
    # a second contact without a new status changes nothing
    services.log_contact(small.village, imam, services.HeldContact(held_date=TODAY))
    assert history(imam) == [(days(-1), "not_approached", "approached")]


def test_a_contact_recorded_late_slots_into_the_history(small):
    kt = small.a["KT"]
    services.log_contact(
        small.village, kt, services.HeldContact(held_date=days(-10), new_status="approached")
    )
    services.log_contact(
        small.village, kt, services.HeldContact(held_date=days(-2), new_status="supportive")
    )
    # Recorded today, but it happened in between.
    services.log_contact(
        small.village, kt, services.HeldContact(held_date=days(-5), new_status="receptive")
    )
    assert history(kt) == [
        (days(-10), "not_approached", "approached"),
        (days(-5), "approached", "receptive"),
        (days(-2), "receptive", "supportive"),
    ]
    assert Engagement.objects.get(actor=kt).status == "supportive"


def test_a_held_contact_closes_the_earlier_next_steps(small):
    kades = small.a["KADES"]
    first = services.log_contact(
        small.village,
        kades,
        services.HeldContact(
            held_date=days(-20), next_step="Kunjungan lanjutan", next_step_due=days(-5)
        ),
    )
    second = services.log_contact(
        small.village,
        kades,
        services.HeldContact(held_date=days(-3), next_step="Undang forum", next_step_due=days(5)),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.next_step_done and not second.next_step_done
    third = services.log_contact(
        small.village,
        kades,
        services.HeldContact(held_date=days(-1), closes_earlier_steps=False),
    )
    second.refresh_from_db()
    assert not second.next_step_done and not third.next_step_done


def test_refusals_name_the_field(small):
    other = make_small_village("lain")
    with pytest.raises(ValidationError) as e:
        services.plan_contact(small.village, other.a["KADES"], planned_date=TODAY)
    assert "actor" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.plan_contact(
            small.village, small.a["KADES"], planned_date=TODAY, via=other.a["SEKDES"]
        )
    assert "via" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.plan_contact(
            small.village, small.a["KADES"], planned_date=TODAY, via=small.a["KADES"]
        )
    assert "via" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.log_contact(
            small.village, small.a["KADES"], services.HeldContact(held_date=days(2))
        )
    assert "held_date" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        services.log_contact(
            small.village,
            small.a["KADES"],
            services.HeldContact(held_date=TODAY, next_step="x", next_step_due=days(-1)),
        )
    assert "next_step_due" in e.value.message_dict
    # nothing half-written
    assert not Contact.objects.filter(village=small.village).exists()
    assert not StatusChange.objects.filter(actor__village=small.village).exists()


def test_cancel_and_next_step(small):
    c = services.plan_contact(small.village, small.a["IMAM"], planned_date=days(2))
    services.cancel_contact(c, reason="Beliau ke luar kota")
    assert c.state == "cancelled" and c.outcome == "Beliau ke luar kota"
    with pytest.raises(ValidationError):
        services.cancel_contact(c)
    with pytest.raises(ValidationError):
        services.record_contact(c, services.HeldContact(held_date=TODAY))
    with pytest.raises(ValidationError):
        services.set_next_step_done(c)


def test_status_change_without_contact_and_no_duplicate(small):
    haji = small.a["HAJI"]
    change = services.change_status(haji, "resistant", date=days(-1), note="Menolak lewat kabar")
    assert change.from_status == "not_approached" and change.contact is None
    assert services.change_status(haji, "resistant", date=TODAY) is None
    with pytest.raises(ValidationError):
        services.change_status(haji, "friendly")


def test_their_way_then_ours(small):
    kt = small.a["KT"]
    e = services.record_their_way(
        kt, gatherings=" Selapanan ", channels="Ketua", decision_making="Musyawarah"
    )
    assert (e.gatherings, e.stage) == ("Selapanan", "follow_their_way")
    with pytest.raises(ValidationError) as err:
        services.change_stage(kt, "steer_program_way", date=days(-1))
    assert "note" in err.value.message_dict
    e = services.change_stage(
        kt, "steer_program_way", date=days(-1), note="Program dibahas di selapanan"
    )
    assert (e.stage, e.steered_on) == ("steer_program_way", days(-1))
    e = services.change_stage(kt, "follow_their_way")
    assert e.stage == "follow_their_way" and e.steered_on is None
    assert e.steer_note == "Program dibahas di selapanan"


def make_forum(small):
    f = small.fields
    return services.create_forum(
        small.village,
        name="Forum Desa",
        established=days(-60),
        members=[
            (small.a["KADES"], f["government"], "chair"),
            (small.a["IMAM"], f["religion"], "member"),
            (small.a["P1"], f["poor_households"], "member"),
            (small.a["FASIL"], f["poor_households"], "facilitator"),
        ],
    )


def test_forum_members_join_leave_and_rejoin(small):
    forum = make_forum(small)
    assert forum.members.count() == 4
    with pytest.raises(ValidationError):
        services.create_forum(small.village, name="forum desa")  # same name, other case
    m = services.add_member(forum, small.a["KT"], field=small.fields["agriculture"])
    with pytest.raises(ValidationError):
        services.add_member(forum, small.a["KT"])
    services.remove_member(m, left=TODAY)
    again = services.add_member(forum, small.a["KT"], field=small.fields["agriculture"])
    assert again.pk == m.pk and again.left is None
    other = make_small_village("lain")
    with pytest.raises(ValidationError):
        services.add_member(forum, other.a["KT"])


def test_meeting_with_agenda_attendance_and_carried_actions(small):
    forum = make_forum(small)
    a, f = small.a, small.fields
    m1 = services.create_meeting(
        forum,
        date=days(-30),
        title="Pertama",
        agenda=[
            services.AgendaEntry("Pembukaan", f["government"], a["KADES"]),
            services.AgendaEntry("Tata cara", f["poor_households"], a["FASIL"]),
        ],
        present=[a["KADES"], a["P1"], a["HAJI"]],  # Haji came as a guest
    )
    rows = {
        r.actor.code: r.present
        for r in Attendance.objects.filter(meeting=m1).select_related("actor")
    }
    # Every member is recorded (absent ones too), plus the guest.
    assert rows == {"KADES": True, "P1": True, "HAJI": True, "IMAM": False, "FASIL": False}
    assert [i.order for i in m1.agenda.all()] == [1, 2]
    action = services.add_action_item(m1, text="Mendata peminjam", owner=a["SEKDES"], due=days(-5))
    with pytest.raises(ValidationError) as e:
        services.add_action_item(m1, text="x", owner=a["SEKDES"], due=days(-40))
    assert "due" in e.value.message_dict
    services.update_action_item(action, status="done", done_on=days(-3))
    assert action.done_on == days(-3)
    services.update_action_item(action, status="open")
    assert action.done_on is None
    assert ActionItem.objects.get(pk=action.pk).status == "open"
    with pytest.raises(ValidationError):
        services.create_meeting(forum, date=days(3), state="held")
    planned = services.create_meeting(forum, date=days(3), state="planned")
    assert not planned.attendance.exists()


def test_agenda_items_keep_their_order(small):
    forum = make_forum(small)
    m = services.create_meeting(
        forum,
        date=TODAY,
        agenda=[services.AgendaEntry(t) for t in ("satu", "dua", "tiga")],
    )
    services.delete_agenda_item(m.agenda.get(title="dua"))
    item = services.add_agenda_item(m, services.AgendaEntry("empat"))
    assert [(i.order, i.title) for i in m.agenda.order_by("order")] == [
        (1, "satu"),
        (2, "tiga"),
        (3, "empat"),
    ]
    assert item.order == 3
    with pytest.raises(ValidationError) as e:
        services.create_meeting(forum, date=TODAY, agenda=[services.AgendaEntry(" ")])
    assert "agenda-0-title" in e.value.message_dict


def test_remove_member_dates(small):
    forum = make_forum(small)
    member = ForumMember.objects.get(forum=forum, actor=small.a["IMAM"])
    with pytest.raises(ValidationError):
        services.remove_member(member, left=days(-100))  # before joining
    services.remove_member(member, left=TODAY)
    with pytest.raises(ValidationError):
        services.remove_member(member)
