"""The demo village is realistic enough to try every feature, and reproducible."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count

from jejaring import vocab
from jejaring.actors.models import Actor, Assessment, Discussion, Evidence, Tie
from jejaring.demo import build_demo_village
from jejaring.engagement.models import ActionItem, AgendaItem, Attendance, Contact, Meeting

pytestmark = pytest.mark.django_db


def test_households_and_hamlets(demo_village):
    households = Actor.objects.filter(village=demo_village, kind="household").count()
    assert 250 <= households <= 400
    assert 3 <= demo_village.hamlets.count() <= 5
    assert demo_village.area.code == "33.10.04.2012"
    assert [a.level for a in demo_village.area.lineage()] == [1, 2, 3, 4]


def test_every_kind_of_stakeholder_is_there(demo_village):
    present = set(
        Actor.objects.filter(village=demo_village).values_list("category__code", flat=True)
    )
    needed = {
        "village_official",
        "village_council",
        "district_head",
        "religious_leader",
        "customary_leader",
        "influential_group",
        "agricultural_extension",
        "family_planning",
        "cooperative_supervisor",
        "trader",
        "landowner",
        "sharecropper",
        "moneylender",
        "craftsman",
        "supplier",
        "employer",
        "household",
    }
    assert needed <= present
    poor = Actor.objects.filter(village=demo_village, welfare__in=vocab.POOR_WELFARE).count()
    assert poor > 100


def test_dependency_ties_carry_form_frequency_and_attachment(demo_village):
    dep = Tie.objects.filter(village=demo_village, type__is_dependency=True)
    assert dep.count() > 400
    assert not dep.filter(form="").exists()
    assert dep.exclude(frequency="").count() == dep.count()
    assert dep.exclude(attachment="").count() == dep.count()
    forms = set(dep.values_list("form", flat=True))
    assert {"credit", "land", "market", "employment", "inputs"} <= forms
    # Client → patron: borrowers point at the lender.
    haji = Actor.objects.get(village=demo_village, code="HAJI-SLAMET")
    assert dep.filter(target=haji, form="credit").count() >= 10
    # He is a multiplex patron: landlord and lender of the same households.
    landlord_of = set(dep.filter(target=haji, form="land").values_list("source", flat=True))
    lender_of = set(dep.filter(target=haji, form="credit").values_list("source", flat=True))
    assert len(landlord_of & lender_of) >= 5


def test_discussions_with_evidence_and_conflicting_accounts(demo_village):
    assert Discussion.objects.filter(village=demo_village).count() >= 30
    ev = Evidence.objects.filter(tie__village=demo_village)
    assert ev.exclude(discussion=None).count() == ev.count()
    several = (
        Tie.objects.filter(village=demo_village).annotate(n=Count("evidence")).filter(n__gte=2)
    )
    assert several.count() > 50
    conflicting = [
        t
        for t in several.prefetch_related("evidence")[:400]
        if len({e.reported.get("attachment") for e in t.evidence.all()}) > 1
    ]
    assert conflicting, "some ties should have accounts that disagree"
    assert Tie.objects.filter(village=demo_village, evidence=None).exists()


def test_assessments_by_two_raters_at_two_dates(demo_village):
    rows = Assessment.objects.filter(actor__village=demo_village)
    kades = rows.filter(actor__code="KADES")
    assert set(kades.values_list("rater_name", flat=True)).__len__() == 2
    assert len({d.replace(day=1) for d in kades.values_list("date", flat=True)}) == 2
    assert rows.values("actor").distinct().count() > 50


def test_forum_with_meetings(demo_village):
    forum = demo_village.forums.get()
    held = Meeting.objects.filter(forum=forum, state="held")
    assert held.count() >= 3
    assert AgendaItem.objects.filter(meeting__forum=forum).count() >= 9
    assert Attendance.objects.filter(meeting__forum=forum).count() > 20
    assert ActionItem.objects.filter(forum=forum, status="open").exists()
    assert forum.members.count() >= 12


def test_approach_history_covers_first_approach_groups(demo_village):
    groups = set(
        Contact.objects.filter(village=demo_village, state="held").values_list(
            "actor__category__approach_group", flat=True
        )
    )
    assert {code for code, _ in vocab.choices(vocab.APPROACH_GROUPS)} <= groups
    assert Contact.objects.filter(village=demo_village, state="planned").exists()


def test_approach_history_spans_months_with_dated_status_changes(demo_village):
    from conftest import DEMO_TODAY
    from jejaring.engagement import queries
    from jejaring.engagement.models import Engagement, StatusChange

    held = Contact.objects.filter(village=demo_village, state="held")
    dates = sorted(held.values_list("held_date", flat=True))
    assert (dates[-1] - dates[0]).days >= 100  # several months of contacts
    assert held.count() >= 60
    # every held contact moved the status one step along the way, on its own date
    changes = StatusChange.objects.filter(actor__village=demo_village)
    assert changes.count() == held.count()
    assert not changes.filter(contact__isnull=True).exists()
    assert all(c.date == c.contact.held_date for c in changes.select_related("contact"))
    assert Contact.objects.filter(village=demo_village, state="cancelled").exists()
    assert held.exclude(via=None).count() >= 10  # first visits through an intermediary
    ways = Engagement.objects.filter(actor__village=demo_village).exclude(gatherings="")
    assert ways.count() >= 25
    assert ways.filter(stage="steer_program_way").exclude(steer_note="").exists()
    assert {"resistant", "active_partner"} <= set(ways.values_list("status", flat=True))
    # the dashboard has something overdue on every kind, and something planned ahead
    dash = queries.dashboard(demo_village, on=DEMO_TODAY)
    kinds = {c["kind"] for c in dash["overdue_contacts"]}
    assert kinds == {"planned", "next_step"}
    assert 2 <= len(dash["overdue_contacts"]) <= 10
    assert dash["overdue_actions"] and dash["upcoming"]


def test_forum_history_carries_an_overdue_action_and_flags_broken_rules(demo_village):
    from conftest import DEMO_TODAY
    from jejaring.engagement import queries
    from jejaring.engagement.models import Decision

    forum = demo_village.forums.get()
    held = list(Meeting.objects.filter(forum=forum, state="held").order_by("date"))
    assert Decision.objects.filter(meeting__forum=forum).count() >= 5
    # attendance is complete: absences are recorded too
    assert Attendance.objects.filter(meeting__forum=forum, present=False).exists()
    late = ActionItem.objects.get(forum=forum, status="open", due__lt=DEMO_TODAY)
    assert late.meeting == held[1]
    detail = queries.meeting_detail(held[2])
    assert [c["id"] for c in detail["carried"]] == [str(late.pk)]
    flagged = [
        w["code"]
        for m in held
        for it in queries.meeting_detail(m)["agenda"]
        for w in it["warnings"]
        if w["serious"]
    ]
    assert sorted(flagged) == ["facilitator_leads", "outside_field"]
    # a captive sharecropper of H. Slamet sits in the forum and came only when he was there
    haji = Actor.objects.get(village=demo_village, code="HAJI-SLAMET")
    captive = (
        forum.members.filter(
            actor__ties_out__target=haji,
            actor__ties_out__exclusive=True,
            actor__kind="household",
        )
        .distinct()
        .get()
        .actor
    )
    came = set(
        Attendance.objects.filter(actor=captive, present=True).values_list("meeting", flat=True)
    )
    with_haji = set(
        Attendance.objects.filter(actor=haji, present=True).values_list("meeting", flat=True)
    )
    assert came and came <= with_haji


def signature(village):
    actors = list(
        Actor.objects.filter(village=village)
        .order_by("code")
        .values_list("code", "name", "welfare", "hamlet__name")
    )
    ties = sorted(
        Tie.objects.filter(village=village).values_list(
            "source__code",
            "target__code",
            "type__code",
            "form",
            "frequency",
            "attachment",
            "exclusive",
        )
    )
    return actors, ties


def test_same_seed_same_village_other_seed_other_village(demo_village):
    from conftest import DEMO_TODAY

    copy = build_demo_village(today=DEMO_TODAY, slug="tegalrejo-copy")
    assert signature(copy) == signature(demo_village)
    other = build_demo_village(today=DEMO_TODAY, slug="tegalrejo-other", seed=7)
    assert signature(other)[1] != signature(demo_village)[1]


def test_dates_follow_today(demo_village):
    from conftest import DEMO_TODAY

    latest = Discussion.objects.filter(village=demo_village).order_by("-date").first().date
    assert DEMO_TODAY - dt.timedelta(days=14) <= latest <= DEMO_TODAY
