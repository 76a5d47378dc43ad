"""Read side of the engagement app, shared by the pages, their JSON twins and the CLI.

Each function reads the database into plain rows, hands them to the pure rules
(:mod:`~jejaring.engagement.progress`, :mod:`~jejaring.engagement.meetings`,
:mod:`~jejaring.engagement.coverage`, :mod:`~jejaring.engagement.paths`) and returns dicts of
plain values (ids as strings, dates as :class:`datetime.date`, codes plus translated labels).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from jejaring import vocab
from jejaring.actors.models import Actor, Assessment, Category, Field, Tie
from jejaring.actors.vocabulary import available
from jejaring.engagement import coverage as cov
from jejaring.engagement import meetings as rules
from jejaring.engagement import paths, progress
from jejaring.engagement.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Contact,
    Decision,
    Engagement,
    Forum,
    ForumMember,
    Meeting,
    StatusChange,
)
from jejaring.villages.models import Village


def today() -> dt.date:
    return timezone.localdate()


def labels(terms) -> dict[str, str]:
    """``{code: translated label}`` of a vocabulary of :mod:`jejaring.vocab`."""
    return {t.code: gettext(t.label) for t in terms}


def status_labels() -> dict[str, str]:
    return labels(vocab.ENGAGEMENT_STATUSES)


def group_labels() -> dict[str, str]:
    return labels(vocab.APPROACH_GROUPS)


WARNING_LABELS = {
    rules.FACILITATOR_LEADS: gettext_noop(
        "The facilitator leads this item: let a member speak in their field."
    ),
    rules.OUTSIDE_FIELD: gettext_noop(
        "The lead speaks outside the field they represent in the forum."
    ),
    rules.NO_LEAD: gettext_noop("Nobody is named to lead this item."),
    rules.NOT_MEMBER: gettext_noop("The lead is not a member of the forum (a guest)."),
}
# The first two break the technique's rule; the page shows them as warnings, the others as notes.
SERIOUS_WARNINGS = frozenset({rules.FACILITATOR_LEADS, rules.OUTSIDE_FIELD})


def warning_list(codes: list[str]) -> list[dict[str, Any]]:
    return [
        {"code": c, "message": gettext(WARNING_LABELS[c]), "serious": c in SERIOUS_WARNINGS}
        for c in codes
    ]


# --- Actors and their approach ---------------------------------------------------------------


def actor_rows(village: Village) -> list[dict[str, Any]]:
    """Every actor with what the approach figures need (one query).

    Keys: ``id``, ``code``, ``name``, ``kind``, ``position``, ``category`` (code),
    ``category_label``, ``group`` (first-approach group or ""), ``hamlet`` (name or ""),
    ``status``, ``stage``, ``is_facilitator``, ``contacts`` (number of contacts).
    """
    category_names = {c.pk: c.label for c in available(Category, village)}
    rows = []
    qs = (
        Actor.objects.filter(village=village)
        .annotate(n_contacts=Count("contacts"))
        .values(
            "id",
            "code",
            "name",
            "kind",
            "position",
            "category_id",
            "category__code",
            "category__approach_group",
            "hamlet__name",
            "engagement__status",
            "engagement__stage",
            "is_facilitator",
            "n_contacts",
        )
        .order_by("name")
    )
    for r in qs:
        rows.append(
            {
                "id": str(r["id"]),
                "code": r["code"],
                "name": r["name"],
                "kind": r["kind"],
                "position": r["position"],
                "category": r["category__code"] or "",
                "category_label": category_names.get(r["category_id"], ""),
                "group": r["category__approach_group"] or "",
                "hamlet": r["hamlet__name"] or "",
                "status": r["engagement__status"] or "not_approached",
                "stage": r["engagement__stage"] or "follow_their_way",
                "is_facilitator": r["is_facilitator"],
                "contacts": r["n_contacts"],
            }
        )
    return rows


def _contact_values(qs) -> list[dict[str, Any]]:
    out = []
    for r in qs.values(
        "id",
        "actor_id",
        "actor__name",
        "actor__category__approach_group",
        "state",
        "planned_date",
        "held_date",
        "channel",
        "purpose",
        "who_goes",
        "via_id",
        "via__name",
        "outcome",
        "next_step",
        "next_step_due",
        "next_step_done",
    ):
        out.append(
            {
                "id": str(r["id"]),
                "actor": str(r["actor_id"]),
                "actor_name": r["actor__name"],
                "group": r["actor__category__approach_group"] or "",
                "state": r["state"],
                "planned_date": r["planned_date"],
                "held_date": r["held_date"],
                "date": r["held_date"] or r["planned_date"],
                "channel": r["channel"],
                "purpose": r["purpose"],
                "who_goes": r["who_goes"],
                "via": str(r["via_id"]) if r["via_id"] else None,
                "via_name": r["via__name"] or "",
                "outcome": r["outcome"],
                "next_step": r["next_step"],
                "next_step_due": r["next_step_due"],
                "next_step_done": r["next_step_done"],
            }
        )
    return out


def contact_rows(village: Village, **filters: Any) -> list[dict[str, Any]]:
    """The village's contacts as plain rows, newest first (``filters`` narrow the queryset)."""
    qs = Contact.objects.filter(village=village, **filters).order_by(
        "-held_date", "-planned_date", "-created_at"
    )
    return _contact_values(qs)


def contact_log(
    village: Village,
    *,
    state: str = "",
    group: str = "",
    overdue: bool = False,
    on: dt.date | None = None,
) -> list[dict[str, Any]]:
    """The contact log with the page's filters: state, first-approach group, only overdue."""
    filters: dict[str, Any] = {}
    if state in Contact.State.values:
        filters["state"] = state
    if group:
        filters["actor__category__approach_group"] = group
    rows = contact_rows(village, **filters)
    if overdue:
        late = {c["id"] for c in progress.overdue_follow_ups(rows, on or today())}
        rows = [r for r in rows if r["id"] in late]
    return rows


def opposed_actors(village: Village) -> set[str]:
    """Actors never to route an introduction through: resistant to the approach, or whose
    raters' latest stances average −1 or below (against the program)."""
    out = {
        str(pk)
        for pk in Engagement.objects.filter(actor__village=village, status="resistant").values_list(
            "actor_id", flat=True
        )
    }
    latest: dict[tuple, int] = {}
    for actor_id, account, rater_name, stance in (
        Assessment.objects.filter(actor__village=village, stance__isnull=False)
        .order_by("date", "created_at")
        .values_list("actor_id", "rater__username", "rater_name", "stance")
    ):
        latest[(actor_id, Assessment.who(rater_name, account))] = stance
    views: dict = defaultdict(list)
    for (actor_id, _rater), stance in latest.items():
        views[actor_id].append(stance)
    out |= {str(a) for a, v in views.items() if sum(v) / len(v) <= -1}
    return out


def route_starts(village: Village) -> dict[str, Any]:
    """What routes start from, so an empty suggestion can say what is missing: the
    facilitators recorded as actors (``facilitators``: names), how many trusted ties touch
    them (``facilitator_ties``) and how many stakeholders were met already (``met``)."""
    fac = list(Actor.objects.filter(village=village, is_facilitator=True).values_list("id", "name"))
    ids = [pk for pk, _name in fac]
    trusted = Tie.objects.filter(
        village=village, is_current=True, type__code__in=paths.TRUSTED_TIE_TYPES
    )
    return {
        "facilitators": [name for _pk, name in fac],
        "facilitator_ties": trusted.filter(source_id__in=ids).count()
        + trusted.filter(target_id__in=ids).count(),
        "met": Engagement.objects.filter(
            actor__village=village, status__in=progress.APPROACHED - {"resistant"}
        ).count(),
    }


def route_suggestions(village: Village, actor: Actor, *, limit: int = 3) -> list[dict[str, Any]]:
    """Whom to go through to reach ``actor``: routes from the program over trusted ties.

    The program knows its facilitators' acquaintances and everyone it has met in the approach;
    actors against the program are never suggested as go-betweens. Each route: ``path``
    [{id, name, position}], ``facilitator``, ``known``, ``introducer`` (ids or None), ``direct``,
    ``steps``.
    """
    ties = Tie.objects.filter(
        village=village, is_current=True, type__code__in=paths.TRUSTED_TIE_TYPES
    ).values_list("source_id", "target_id", "strength")
    facilitators = [
        str(pk)
        for pk in Actor.objects.filter(village=village, is_facilitator=True).values_list(
            "id", flat=True
        )
    ]
    met = [
        str(pk)
        for pk in Engagement.objects.filter(
            actor__village=village, status__in=progress.APPROACHED - {"resistant"}
        ).values_list("actor_id", flat=True)
    ]
    routes = paths.suggest_routes(
        ((str(a), str(b), s) for a, b, s in ties),
        facilitators,
        str(actor.pk),
        met=met,
        avoid=opposed_actors(village),
        limit=limit,
    )
    ids = {pk for r in routes for pk in r.path}
    people = {
        str(a["id"]): a
        for a in Actor.objects.filter(village=village, id__in=ids).values("id", "name", "position")
    }
    return [
        {
            "path": [
                {"id": pk, "name": people[pk]["name"], "position": people[pk]["position"]}
                for pk in r.path
            ],
            "facilitator": r.facilitator,
            "from_facilitator": r.from_facilitator,
            "known": r.known,
            "known_name": people[r.known]["name"] if r.known else "",
            "introducer": r.introducer,
            "direct": r.direct,
            "steps": r.steps,
        }
        for r in routes
    ]


def actor_engagement(village: Village, actor: Actor) -> dict[str, Any]:
    """One stakeholder's approach: status, stage, their way, history, contacts, forums."""
    engagement = Engagement.objects.filter(actor=actor).first()
    history = list(
        StatusChange.objects.filter(actor=actor)
        .select_related("contact")
        .order_by("date", "created_at")
    )
    contacts = _contact_values(
        Contact.objects.filter(village=village, actor=actor).order_by(
            "-held_date", "-planned_date", "-created_at"
        )
    )
    seats = list(
        ForumMember.objects.filter(actor=actor, forum__village=village).select_related(
            "forum", "field"
        )
    )
    status = engagement.status if engagement else "not_approached"
    return {
        "actor": actor,
        "engagement": engagement,
        "status": status,
        "step": progress.step(status),
        "stage": engagement.stage if engagement else "follow_their_way",
        "history": history,
        "contacts": contacts,
        "overdue": {c["id"] for c in progress.overdue_follow_ups(contacts, today())},
        "seats": seats,
    }


def checklist(village: Village) -> list[dict[str, Any]]:
    """The technique's first-approach groups with their actors, status and next contact."""
    rows = [r for r in actor_rows(village) if r["group"] and not r["is_facilitator"]]
    contacts = contact_rows(village, actor__category__approach_group__gt="")
    last_held: dict[str, dt.date] = {}
    next_planned: dict[str, dt.date] = {}
    for c in contacts:
        if c["state"] == "held" and c["held_date"]:
            last_held[c["actor"]] = max(last_held.get(c["actor"], c["held_date"]), c["held_date"])
        elif c["state"] == "planned" and c["planned_date"]:
            cur = next_planned.get(c["actor"])
            next_planned[c["actor"]] = min(cur, c["planned_date"]) if cur else c["planned_date"]
    for r in rows:
        r["last_contact"] = last_held.get(r["id"])
        r["next_contact"] = next_planned.get(r["id"])
    groups = progress.checklist(rows)
    names = group_labels()
    for g in groups:
        g["label"] = names[g["group"]]
    return groups


def _action_values(qs) -> list[dict[str, Any]]:
    out = []
    for r in qs.values(
        "id",
        "text",
        "status",
        "due",
        "done_on",
        "owner_id",
        "owner__name",
        "forum_id",
        "forum__name",
        "meeting_id",
        "meeting__date",
        "meeting__title",
    ):
        out.append(
            {
                "id": str(r["id"]),
                "text": r["text"],
                "status": r["status"],
                "due": r["due"],
                "done_on": r["done_on"],
                "owner": str(r["owner_id"]) if r["owner_id"] else None,
                "owner_name": r["owner__name"] or "",
                "forum": str(r["forum_id"]),
                "forum_name": r["forum__name"],
                "meeting": str(r["meeting_id"]),
                "agreed": r["meeting__date"],
                "meeting_title": r["meeting__title"],
            }
        )
    return out


def action_rows(village: Village, **filters: Any) -> list[dict[str, Any]]:
    """Action items of the village's forums as plain rows, by due date."""
    return _action_values(
        ActionItem.objects.filter(forum__village=village, **filters).order_by("due", "created_at")
    )


def stance_changes(village: Village) -> list[dict[str, Any]]:
    """Successive assessments by the same rater where an actor's stance moved (names added)."""
    rows = []
    for r in Assessment.objects.filter(actor__village=village, stance__isnull=False).values(
        "actor_id", "actor__name", "rater_id", "rater__username", "rater_name", "date", "stance"
    ):
        rows.append(
            {
                "actor": str(r["actor_id"]),
                "rater": Assessment.who(r["rater_name"], r["rater__username"]),
                "date": r["date"],
                "stance": r["stance"],
                "name": r["actor__name"],
            }
        )
    names = {r["actor"]: r["name"] for r in rows}
    changes = progress.stance_changes(rows)
    for c in changes:
        c["actor_name"] = names[c["actor"]]
    return changes


def rater_views(village: Village) -> list[dict[str, Any]]:
    """Actors whose raters see their stance differently: each rater's latest stance side by
    side (raters as in :meth:`Assessment.who`), the widest disagreement first. Two raters'
    different views are two views, never one person's change of stance."""
    latest: dict[tuple, tuple] = {}
    for r in (
        Assessment.objects.filter(actor__village=village, stance__isnull=False)
        .order_by("date", "created_at")
        .values("actor_id", "actor__name", "rater__username", "rater_name", "date", "stance")
    ):
        who = Assessment.who(r["rater_name"], r["rater__username"])
        latest[(str(r["actor_id"]), who)] = (r["actor__name"], r["date"], r["stance"])
    by_actor: dict[str, list[dict[str, Any]]] = defaultdict(list)
    names: dict[str, str] = {}
    for (actor, who), (name, date, stance) in latest.items():
        names[actor] = name
        by_actor[actor].append({"rater": who, "date": date, "stance": stance})
    out = []
    for actor, views in by_actor.items():
        stances = [v["stance"] for v in views]
        if len(views) > 1 and max(stances) != min(stances):
            views.sort(key=lambda v: (v["stance"], v["rater"]))
            out.append(
                {
                    "actor": actor,
                    "actor_name": names[actor],
                    "views": views,
                    "spread": max(stances) - min(stances),
                }
            )
    out.sort(key=lambda x: (-x["spread"], x["actor_name"]))
    return out


def timeline(village: Village, *, months: int | None = None) -> list[dict[str, Any]]:
    """Contacts, forum meetings and moves to the program's way, grouped by month.

    ``months`` keeps only that many months back from today (planned events ahead stay).
    """
    events: list[dict[str, Any]] = []
    for c in contact_rows(village, state__in=["held", "planned"]):
        if c["date"] is None:
            continue
        events.append({"kind": f"contact_{c['state']}", "date": c["date"], **_without_date(c)})
    for m in Meeting.objects.filter(forum__village=village).values(
        "id", "date", "title", "state", "forum__name"
    ):
        events.append(
            {
                "kind": f"meeting_{m['state']}",
                "date": m["date"],
                "id": str(m["id"]),
                "title": m["title"],
                "forum_name": m["forum__name"],
            }
        )
    for e in Engagement.objects.filter(actor__village=village, steered_on__isnull=False).values(
        "actor_id", "actor__name", "steered_on", "steer_note"
    ):
        events.append(
            {
                "kind": "steered",
                "date": e["steered_on"],
                "actor": str(e["actor_id"]),
                "actor_name": e["actor__name"],
                "note": e["steer_note"],
            }
        )
    if months:
        start = (today().replace(day=1) - dt.timedelta(days=31 * (months - 1))).replace(day=1)
        events = [e for e in events if e["date"] >= start]
    return progress.timeline(events)


def _without_date(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "date"}


def dashboard(
    village: Village, *, on: dt.date | None = None, timeline_months: int | None = None
) -> dict[str, Any]:
    """Everything the facilitation dashboard shows (and its JSON twin returns).

    ``timeline_months`` keeps the timeline to that many recent months (None: all of it).
    """
    on = on or today()
    rows = [r for r in actor_rows(village) if progress.in_scope(r)]
    category_names = {r["category"]: r["category_label"] for r in rows}
    by_category = progress.progress_by(rows, "category")
    for g in by_category:
        g["label"] = category_names.get(g["key"]) or gettext("No category")
    by_hamlet = progress.progress_by(rows, "hamlet")
    for g in by_hamlet:
        g["label"] = g["key"] or gettext("Outside the hamlets")
    groups = checklist(village)
    contacts = contact_rows(village, state__in=["held", "planned"])
    actions = action_rows(village)
    return {
        "today": on,
        "overall": progress.tally(r["status"] for r in rows),
        "by_category": by_category,
        "by_hamlet": by_hamlet,
        "groups": [{k: v for k, v in g.items() if k != "actors"} for g in groups],
        "overdue_contacts": progress.overdue_follow_ups(contacts, on),
        "overdue_actions": progress.overdue_actions(actions, on),
        "upcoming": sorted(
            (c for c in contacts if c["state"] == "planned" and c["planned_date"] >= on),
            key=lambda c: c["planned_date"],
        )[:10],
        "stance_changes": stance_changes(village),
        "rater_views": rater_views(village),
        "timeline": timeline(village, months=timeline_months),
        "timeline_months": timeline_months,
    }


# --- Forums ------------------------------------------------------------------------------------


def _members(forum: Forum, *, current_only: bool = True) -> dict[str, dict[str, Any]]:
    qs = ForumMember.objects.filter(forum=forum)
    if current_only:
        qs = qs.filter(left__isnull=True)
    return {
        str(m["actor_id"]): {"field": m["field__code"], "role": m["role"]}
        for m in qs.values("actor_id", "field__code", "role")
    }


def _actor_fields(village: Village) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for actor_id, code in Actor.fields.through.objects.filter(actor__village=village).values_list(
        "actor_id", "field__code"
    ):
        out[str(actor_id)].append(code)
    return out


def _facilitators(village: Village) -> set[str]:
    return {
        str(pk)
        for pk in Actor.objects.filter(village=village, is_facilitator=True).values_list(
            "id", flat=True
        )
    }


def forum_list(village: Village) -> list[dict[str, Any]]:
    """The village's forums with member, meeting and open action counts."""
    forums = (
        Forum.objects.filter(village=village)
        .annotate(
            n_members=Count("members", filter=Q(members__left__isnull=True), distinct=True),
            n_meetings=Count(
                "meetings", filter=Q(meetings__state=Meeting.State.HELD), distinct=True
            ),
            n_open=Count(
                "action_items",
                filter=Q(action_items__status__in=list(progress.OPEN_ACTION_STATUSES)),
                distinct=True,
            ),
        )
        .order_by("-active", "name")
    )
    out = []
    for f in forums:
        last = f.meetings.filter(state=Meeting.State.HELD).order_by("-date").first()
        nxt = f.meetings.filter(state=Meeting.State.PLANNED).order_by("date").first()
        out.append(
            {
                "forum": f,
                "members": f.n_members,
                "meetings": f.n_meetings,
                "open_actions": f.n_open,
                "last_meeting": last,
                "next_meeting": nxt,
            }
        )
    return out


def _agenda_rows(meeting_ids, village: Village, forum: Forum) -> dict[str, list[dict]]:
    """Agenda items per meeting with their warnings.

    Former members count as members: they held the seat when they led an earlier item.
    """
    members = _members(forum, current_only=False)
    fields = _actor_fields(village)
    facilitators = _facilitators(village)
    out: dict[str, list[dict]] = defaultdict(list)
    for it in (
        AgendaItem.objects.filter(meeting_id__in=meeting_ids)
        .select_related("field", "lead")
        .order_by("meeting_id", "order", "created_at")
    ):
        lead = str(it.lead_id) if it.lead_id else None
        codes = rules.agenda_warnings(
            {"lead": lead, "field": it.field.code if it.field_id else None},
            members,
            fields,
            facilitators,
        )
        out[str(it.meeting_id)].append(
            {
                "item": it,
                "id": str(it.pk),
                "order": it.order,
                "title": it.title,
                "field": it.field.code if it.field_id else None,
                "field_label": it.field.label if it.field_id else "",
                "lead": lead,
                "lead_name": it.lead.name if it.lead_id else "",
                "lead_role": members.get(lead, {}).get("role") if lead else None,
                "notes": it.notes,
                "warnings": warning_list(codes),
                "serious": any(c in SERIOUS_WARNINGS for c in codes),
            }
        )
    return out


def forum_detail(forum: Forum) -> dict[str, Any]:
    """A forum's members (current and former), meetings, action items and who leads the items."""
    village = forum.village
    members = list(
        ForumMember.objects.filter(forum=forum)
        .select_related("actor", "actor__category", "actor__hamlet", "field")
        .order_by("left", "actor__name")
    )
    meetings = list(Meeting.objects.filter(forum=forum).order_by("date", "created_at"))
    agenda = _agenda_rows([m.pk for m in meetings], village, forum)
    present = defaultdict(int)
    for meeting_id, n in (
        Attendance.objects.filter(meeting__forum=forum, present=True)
        .values_list("meeting_id")
        .annotate(n=Count("id"))
    ):
        present[str(meeting_id)] = n
    meeting_rows = []
    for m in meetings:
        items = agenda.get(str(m.pk), [])
        meeting_rows.append(
            {
                "meeting": m,
                "id": str(m.pk),
                "items": len(items),
                "present": present[str(m.pk)],
                "warnings": sum(1 for it in items if any(w["serious"] for w in it["warnings"])),
            }
        )
    facilitators = _facilitators(village)
    shares = rules.speaking_shares(
        [
            {"id": str(m.pk), "date": m.date, "title": m.title, "items": agenda.get(str(m.pk), [])}
            for m in meetings
            if agenda.get(str(m.pk))
        ],
        facilitators,
    )
    actions = _action_values(ActionItem.objects.filter(forum=forum).order_by("due", "created_at"))
    # Carried into meetings that took place; a planned meeting has not carried anything yet.
    dates = [m.date for m in meetings if m.state == Meeting.State.HELD]
    on = today()
    for a in actions:
        a["carried"] = rules.times_carried(a["agreed"], a["status"], a["done_on"], dates)
        a["overdue"] = (
            a["status"] in progress.OPEN_ACTION_STATUSES and a["due"] is not None and a["due"] < on
        )
    return {
        "forum": forum,
        "members": [m for m in members if m.left is None],
        "former_members": [m for m in members if m.left is not None],
        "meetings": meeting_rows,
        "speaking": shares,
        "actions": actions,
        "open_actions": [a for a in actions if a["status"] in progress.OPEN_ACTION_STATUSES],
    }


def meeting_detail(meeting: Meeting) -> dict[str, Any]:
    """A meeting: agenda with warnings, attendance, decisions, actions agreed and carried."""
    forum = meeting.forum
    village = forum.village
    agenda = _agenda_rows([meeting.pk], village, forum).get(str(meeting.pk), [])
    attendance = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("actor")
        .order_by("-present", "actor__name")
    )
    seat_of = {
        m.actor_id: m for m in ForumMember.objects.filter(forum=forum).select_related("field")
    }
    attendance_rows = [
        {"actor": a.actor, "present": a.present, "seat": seat_of.get(a.actor_id)}
        for a in attendance
    ]
    decisions = list(
        Decision.objects.filter(meeting=meeting)
        .select_related("agenda_item")
        .order_by("created_at")
    )
    agreed = _action_values(
        ActionItem.objects.filter(meeting=meeting).order_by("due", "created_at")
    )
    earlier = _action_values(
        ActionItem.objects.filter(forum=forum, meeting__date__lt=meeting.date).order_by(
            "due", "created_at"
        )
    )
    on = today()
    carried = rules.carried_into(meeting.date, earlier)
    for a in agreed + carried:
        a["overdue"] = (
            a["status"] in progress.OPEN_ACTION_STATUSES and a["due"] is not None and a["due"] < on
        )
    siblings = list(Meeting.objects.filter(forum=forum).order_by("date", "created_at"))
    i = siblings.index(meeting)
    return {
        "meeting": meeting,
        "forum": forum,
        "agenda": agenda,
        "attendance": attendance_rows,
        "present_count": sum(1 for a in attendance if a.present),
        "decisions": decisions,
        "actions": agreed,
        "carried": carried,
        "previous": siblings[i - 1] if i > 0 else None,
        "next": siblings[i + 1] if i + 1 < len(siblings) else None,
        "serious_warnings": sum(1 for it in agenda if any(w["serious"] for w in it["warnings"])),
    }


# --- Coverage -----------------------------------------------------------------------------------


def network_analysis(village: Village) -> dict | None:
    """The engine's result for the village, or None while the analysis service is not installed."""
    # ImportError only: the engine is built alongside this app; any other failure is a bug that
    # must show, not a page quietly missing its network part.
    try:
        from jejaring.analysis.services import village_analysis

        return village_analysis(village)
    except ImportError:
        return None


def _captives_from(analysis: dict, village: Village) -> dict[str, list[str]]:
    """Captive clients and their patrons, read from the analysis.

    The engine lists clients with their patrons and, for captive ones, the patron of each vital
    form they cannot switch away from; when only the ``captive_client`` role is given, the
    client's patrons are read from its current dependency ties.
    """
    out: dict[str, list[str]] = {}
    for c in analysis.get("clients") or []:
        if c.get("captive"):
            patrons = [f["patron"] for f in c.get("captive_forms") or [] if f.get("patron")]
            out[c["id"]] = sorted(set(patrons or [p["id"] for p in c.get("patrons", [])]))
    if out or analysis.get("clients"):
        return out
    captive = [
        a["id"] for a in analysis.get("actors", []) if "captive_client" in a.get("roles", [])
    ]
    ties = Tie.objects.filter(
        village=village, is_current=True, type__is_dependency=True, source_id__in=captive
    ).values_list("source_id", "target_id")
    by_client: dict[str, set[str]] = defaultdict(set)
    for s, t in ties:
        by_client[str(s)].add(str(t))
    return {c: sorted(by_client.get(c, ())) for c in captive}


def forum_coverage(forum: Forum, *, min_community: int = 3) -> dict[str, Any]:
    """Which parts of the village the forum speaks for, by category, field, hamlet, welfare,
    gender, network community and patron cluster; captive clients' attendance; who led the
    agenda, meeting by meeting. Values come with labels for the page."""
    village = forum.village
    analysis = network_analysis(village)
    community_of: dict[str, Any] = {}
    pagerank: dict[str, float] = {}
    if analysis:
        for a in analysis.get("actors", []):
            community_of[a["id"]] = a.get("community")
            pagerank[a["id"]] = a.get("pagerank") or 0.0
    fields = _actor_fields(village)
    actors = []
    names = {}
    for r in Actor.objects.filter(village=village).values(
        "id", "name", "category__code", "hamlet__name", "welfare", "gender", "is_facilitator"
    ):
        pk = str(r["id"])
        names[pk] = r["name"]
        actors.append(
            {
                "id": pk,
                "category": r["category__code"] or "",
                "hamlet": r["hamlet__name"] or "",
                "welfare": r["welfare"],
                "gender": r["gender"],
                "fields": fields.get(pk, []),
                "community": community_of.get(pk),
                "is_facilitator": r["is_facilitator"],
            }
        )
    members = _members(forum)
    held = list(Meeting.objects.filter(forum=forum, state=Meeting.State.HELD).order_by("date"))
    present: dict[str, set[str]] = defaultdict(set)
    for meeting_id, actor_id in Attendance.objects.filter(
        meeting__in=held, present=True
    ).values_list("meeting_id", "actor_id"):
        present[str(meeting_id)].add(str(actor_id))
    meeting_rows = [
        {"id": str(m.pk), "date": m.date, "title": m.title, "present": present[str(m.pk)]}
        for m in held
    ]
    result = cov.forum_coverage(
        actors,
        members,
        meeting_rows,
        clusters=analysis.get("clusters") if analysis else None,
        captives=_captives_from(analysis, village) if analysis else None,
        min_community=min_community,
    )
    if result["dimensions"]["community"] is not None:
        rows = result["dimensions"]["community"]
        keep = [r for r in rows if r["village"] >= min_community or r["represented"]]
        result["small_communities"] = len(rows) - len(keep)
        result["dimensions"]["community"] = keep
    _label_dimensions(result, village, names, pagerank, community_of)
    if result["clusters"] is not None:
        for c in result["clusters"]:
            c["patron_name"] = names.get(c["patron"], c["patron"])
            c["client_names"] = [names.get(x, x) for x in c["client_members"]]
    if result["captives"] is not None:
        why = {
            str(c["id"]): [
                {"form": f.get("form", ""), "reason": f.get("reason", "")}
                for f in c.get("captive_forms") or []
            ]
            for c in (analysis or {}).get("clients", [])
            if c.get("captive")
        }
        for c in result["captives"]:
            c["client_name"] = names.get(c["client"], c["client"])
            c["patron_names"] = [names.get(x, x) for x in c["patrons"]]
            c["captive_why"] = why.get(str(c["client"]), [])
    detail = forum_detail(forum)
    result["speaking"] = detail["speaking"]
    result["analysis_available"] = analysis is not None
    result["forum"] = forum
    result["members"] = len(members)
    result["meetings_held"] = len(held)
    return result


def _label_dimensions(result, village, names, pagerank, community_of) -> None:
    category = {c.code: c.label for c in available(Category, village)}
    field = {f.code: f.label for f in available(Field, village)}
    welfare = labels(vocab.WELFARE_RANKS)
    gender = labels(vocab.GENDERS)
    # A community is named by its most central members, so the facilitator can recognise it.
    by_community: dict[str, list[str]] = defaultdict(list)
    for pk, c in community_of.items():
        if c is not None:
            by_community[str(c)].append(pk)
    community = {
        c: ", ".join(names[p] for p in sorted(pks, key=lambda p: -pagerank.get(p, 0))[:3])
        for c, pks in by_community.items()
    }
    tables = {
        "category": category,
        "field": field,
        "hamlet": {},
        "welfare": welfare,
        "gender": gender,
        "community": community,
    }
    for dim, rows in result["dimensions"].items():
        if rows is None:
            continue
        for r in rows:
            r["label"] = tables[dim].get(r["value"], r["value"])
    result["missing_labels"] = {
        dim: [tables[dim].get(v, v) for v in values] if values is not None else None
        for dim, values in result["missing"].items()
    }
