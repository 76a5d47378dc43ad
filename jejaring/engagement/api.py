"""JSON twins of the engagement pages: the same queries and services, under
``/api/v1/villages/{slug}/...``.

Membership of the village in the path is checked before the request body is read (a custom
session auth), so an outsider gets 404 and a read-only member 403 whatever they send. Ids in
bodies are actor/agenda ids of the same village; an id from elsewhere is refused with 422
naming the field. Field (*bidang*) terms are given by code.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Router
from ninja.errors import ValidationError
from ninja.security import SessionAuth

from jejaring.actors.models import Actor, Field
from jejaring.actors.vocabulary import available
from jejaring.core.access import SAFE_METHODS, get_in_village, get_village
from jejaring.core.text import CleanSchema as Schema
from jejaring.engagement import queries, services
from jejaring.engagement.models import (
    ActionItem,
    AgendaItem,
    Contact,
    Forum,
    ForumMember,
    Meeting,
)


class VillageMember(SessionAuth):
    """Session auth that also checks the village in the path (404 outsider, 403 read-only)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        slug = request.resolver_match.kwargs.get("slug") if request.resolver_match else None
        if slug is not None:
            get_village(request, slug, write=request.method not in SAFE_METHODS)
        return user


router = Router(auth=VillageMember())


def _created(value):
    """A 201 answer: ``Status`` from django-ninja 1.7 on, the older tuple before it."""
    try:
        from ninja.responses import Status
    except ImportError:  # django-ninja < 1.7
        return 201, value
    return Status(201, value)


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError([{"loc": ["body", field], "msg": message, "type": "value_error"}])


def _call(fn, *args, **kwargs):
    """Run a service; its refusals become a 422 listing the fields concerned."""
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        errors = []
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                errors += [
                    {"loc": ["body", field], "msg": m, "type": "value_error"} for m in messages
                ]
        else:
            errors = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
        raise ValidationError(errors) from exc


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _actor(village, pk, field: str, *, required: bool = False) -> Actor | None:
    """The actor of ``village`` with id ``pk``; an empty id is None, or a 422 when required
    (never the 500 a service would give on a missing actor)."""
    if pk in (None, "") or (isinstance(pk, str) and not pk.strip()):
        if required:
            raise _invalid(field, "an actor id is required")
        return None
    key = _uuid(pk)
    actor = Actor.objects.filter(village=village, pk=key).first() if key else None
    if actor is None:
        raise _invalid(field, "unknown actor in this village")
    return actor


def _field(village, code, name: str = "field") -> Field | None:
    if not code:
        return None
    term = (
        available(Field, village).filter(code=code).order_by("village").first()
    )  # the village's own term before the built-in one of the same code
    if term is None:
        raise _invalid(name, f"unknown field code {code!r}")
    return term


# --- Approach ----------------------------------------------------------------------------------


@router.get("/{slug}/engagement/dashboard", response=dict)
def dashboard(request, slug: str):
    """Approach progress by category and hamlet, first-approach groups, overdue follow-ups and
    action items, upcoming contacts, stance changes and the timeline (as on the page)."""
    village = get_village(request, slug)
    return queries.dashboard(village)


@router.get("/{slug}/engagement/checklist", response=list[dict])
def checklist(request, slug: str):
    """The first-approach groups with their actors, status, last and next contact."""
    return queries.checklist(get_village(request, slug))


@router.get("/{slug}/engagement/contacts", response=list[dict])
def contacts(request, slug: str, state: str = "", group: str = "", overdue: bool = False):
    """The contact log (``state``: planned, held, cancelled; ``group``: first-approach group)."""
    village = get_village(request, slug)
    return queries.contact_log(village, state=state, group=group, overdue=overdue)


class PlanIn(Schema):
    actor: str
    planned_date: dt.date
    purpose: str = ""
    who_goes: str = ""
    via: str | None = None
    channel: str = ""


def _contact_out(contact: Contact) -> dict[str, Any]:
    rows = queries.contact_rows(contact.village, pk=contact.pk)
    return rows[0]


@router.post("/{slug}/engagement/contacts", response={201: dict})
def plan_contact(request, slug: str, payload: PlanIn):
    """Plan a contact: who goes, when, through whom (``via``, an actor id) and why."""
    village = get_village(request, slug, write=True)
    contact = _call(
        services.plan_contact,
        village,
        _actor(village, payload.actor, "actor", required=True),
        planned_date=payload.planned_date,
        purpose=payload.purpose,
        who_goes=payload.who_goes,
        via=_actor(village, payload.via, "via"),
        channel=payload.channel,
        user=request.user,
    )
    return _created(_contact_out(contact))


class HeldIn(Schema):
    held_date: dt.date
    channel: str = ""
    who_goes: str = ""
    outcome: str = ""
    next_step: str = ""
    next_step_due: dt.date | None = None
    new_status: str | None = None
    closes_earlier_steps: bool = True


def _held(payload: HeldIn) -> services.HeldContact:
    return services.HeldContact(**payload.model_dump())


class LogIn(HeldIn):
    actor: str
    purpose: str = ""
    via: str | None = None


@router.post("/{slug}/engagement/contacts/log", response={201: dict})
def log_contact(request, slug: str, payload: LogIn):
    """Record a contact that took place without being planned (and the status it led to)."""
    village = get_village(request, slug, write=True)
    held = HeldIn(**payload.model_dump(exclude={"actor", "purpose", "via"}))
    contact = _call(
        services.log_contact,
        village,
        _actor(village, payload.actor, "actor", required=True),
        _held(held),
        purpose=payload.purpose,
        via=_actor(village, payload.via, "via"),
        user=request.user,
    )
    return _created(_contact_out(contact))


@router.get("/{slug}/engagement/contacts/{uuid:contact}", response=dict)
def contact(request, slug: str, contact: uuid.UUID):
    """One contact with the status changes it led to."""
    village = get_village(request, slug)
    obj = get_in_village(Contact, village, pk=contact)
    out = _contact_out(obj)
    out["status_changes"] = [
        {"date": c.date, "from_status": c.from_status, "to_status": c.to_status, "note": c.note}
        for c in obj.status_changes.order_by("date", "created_at")
    ]
    return out


@router.post("/{slug}/engagement/contacts/{uuid:contact}/record", response=dict)
def record_contact(request, slug: str, contact: uuid.UUID, payload: HeldIn):
    """A planned contact took place: outcome, next step and (optionally) the new status."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(Contact, village, pk=contact)
    _call(services.record_contact, obj, _held(payload), user=request.user)
    return _contact_out(obj)


class CancelIn(Schema):
    reason: str = ""


@router.post("/{slug}/engagement/contacts/{uuid:contact}/cancel", response=dict)
def cancel_contact(request, slug: str, contact: uuid.UUID, payload: CancelIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Contact, village, pk=contact)
    _call(services.cancel_contact, obj, reason=payload.reason)
    return _contact_out(obj)


def _engagement_out(village, actor: Actor) -> dict[str, Any]:
    data = queries.actor_engagement(village, actor)
    e = data["engagement"]
    return {
        "actor": {"id": str(actor.pk), "code": actor.code, "name": actor.name},
        "status": data["status"],
        "stage": data["stage"],
        "gatherings": e.gatherings if e else "",
        "channels": e.channels if e else "",
        "decision_making": e.decision_making if e else "",
        "steered_on": e.steered_on if e else None,
        "steer_note": e.steer_note if e else "",
        "history": [
            {
                "date": h.date,
                "from_status": h.from_status,
                "to_status": h.to_status,
                "contact": str(h.contact_id) if h.contact_id else None,
                "note": h.note,
            }
            for h in data["history"]
        ],
        "contacts": data["contacts"],
        "overdue_contacts": sorted(data["overdue"]),
        "forums": [
            {
                "forum": str(s.forum_id),
                "name": s.forum.name,
                "role": s.role,
                "field": s.field.code if s.field_id else None,
                "left": s.left,
            }
            for s in data["seats"]
        ],
    }


@router.get("/{slug}/engagement/stakeholders/{uuid:actor}", response=dict)
def stakeholder(request, slug: str, actor: uuid.UUID):
    """One stakeholder's approach: status and its dated history, stage, their way, contacts."""
    village = get_village(request, slug)
    return _engagement_out(village, get_in_village(Actor, village, pk=actor))


@router.get("/{slug}/engagement/stakeholders/{uuid:actor}/routes", response=list[dict])
def routes(request, slug: str, actor: uuid.UUID, limit: int = 3):
    """Whom to go through: routes from the facilitators over trusted ties, best first."""
    village = get_village(request, slug)
    obj = get_in_village(Actor, village, pk=actor)
    return queries.route_suggestions(village, obj, limit=max(1, min(limit, 10)))


class StatusIn(Schema):
    to_status: str
    date: dt.date | None = None
    note: str = ""


@router.post("/{slug}/engagement/stakeholders/{uuid:actor}/status", response=dict)
def change_status(request, slug: str, actor: uuid.UUID, payload: StatusIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Actor, village, pk=actor)
    _call(
        services.change_status,
        obj,
        payload.to_status,
        date=payload.date,
        note=payload.note,
        user=request.user,
    )
    return _engagement_out(village, obj)


class WayIn(Schema):
    gatherings: str = ""
    channels: str = ""
    decision_making: str = ""


@router.post("/{slug}/engagement/stakeholders/{uuid:actor}/way", response=dict)
def their_way(request, slug: str, actor: uuid.UUID, payload: WayIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Actor, village, pk=actor)
    _call(services.record_their_way, obj, **payload.model_dump())
    return _engagement_out(village, obj)


class StageIn(Schema):
    stage: str
    date: dt.date | None = None
    note: str = ""


@router.post("/{slug}/engagement/stakeholders/{uuid:actor}/stage", response=dict)
def change_stage(request, slug: str, actor: uuid.UUID, payload: StageIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Actor, village, pk=actor)
    _call(services.change_stage, obj, payload.stage, date=payload.date, note=payload.note)
    return _engagement_out(village, obj)


# --- Forums ---------------------------------------------------------------------------------


def _forum_summary(row: dict) -> dict[str, Any]:
    f = row["forum"]
    return {
        "id": str(f.pk),
        "name": f.name,
        "purpose": f.purpose,
        "established": f.established,
        "active": f.active,
        "members": row["members"],
        "meetings_held": row["meetings"],
        "open_actions": row["open_actions"],
        "last_meeting": str(row["last_meeting"].pk) if row["last_meeting"] else None,
        "next_meeting": str(row["next_meeting"].pk) if row["next_meeting"] else None,
    }


@router.get("/{slug}/forums", response=list[dict])
def forums(request, slug: str):
    """The village's dialogue forums with member, meeting and open action counts."""
    return [_forum_summary(r) for r in queries.forum_list(get_village(request, slug))]


class MemberIn(Schema):
    actor: str
    field: str | None = None
    role: str = "member"


class ForumIn(Schema):
    name: str
    purpose: str = ""
    established: dt.date | None = None
    members: list[MemberIn] = []


def _member_out(m: ForumMember) -> dict[str, Any]:
    return {
        "id": str(m.pk),
        "actor": str(m.actor_id),
        "name": m.actor.name,
        "field": m.field.code if m.field_id else None,
        "role": m.role,
        "joined": m.joined,
        "left": m.left,
    }


def _forum_out(forum: Forum) -> dict[str, Any]:
    d = queries.forum_detail(forum)
    strip = ("item",)
    return {
        "id": str(forum.pk),
        "name": forum.name,
        "purpose": forum.purpose,
        "established": forum.established,
        "active": forum.active,
        "members": [_member_out(m) for m in d["members"]],
        "former_members": [_member_out(m) for m in d["former_members"]],
        "meetings": [
            {
                "id": m["id"],
                "date": m["meeting"].date,
                "title": m["meeting"].title,
                "state": m["meeting"].state,
                "agenda_items": m["items"],
                "present": m["present"],
                "items_breaking_the_rule": m["warnings"],
            }
            for m in d["meetings"]
        ],
        "speaking": d["speaking"],
        "actions": [{k: v for k, v in a.items() if k not in strip} for a in d["actions"]],
    }


@router.post("/{slug}/forums", response={201: dict})
def create_forum(request, slug: str, payload: ForumIn):
    """A new forum with its members (actor id, field code they speak for, role)."""
    village = get_village(request, slug, write=True)
    members = [
        (
            _actor(village, m.actor, f"members.{i}.actor", required=True),
            _field(village, m.field, f"members.{i}.field"),
            m.role,
        )
        for i, m in enumerate(payload.members)
    ]
    forum = _call(
        services.create_forum,
        village,
        name=payload.name,
        purpose=payload.purpose,
        established=payload.established,
        members=members,
    )
    return _created(_forum_out(forum))


@router.get("/{slug}/forums/{uuid:forum}", response=dict)
def forum(request, slug: str, forum: uuid.UUID):
    """A forum: members with their fields, meetings, who led the items, action items."""
    village = get_village(request, slug)
    return _forum_out(get_in_village(Forum, village, pk=forum))


@router.get("/{slug}/forums/{uuid:forum}/coverage", response=dict)
def coverage(request, slug: str, forum: uuid.UUID, min_community: int = 3):
    """Who the forum speaks for, by category, field, hamlet, welfare, gender, community and
    patron cluster; captive clients' attendance; agenda leads per meeting."""
    village = get_village(request, slug)
    obj = get_in_village(Forum, village, pk=forum)
    result = queries.forum_coverage(obj, min_community=max(1, min_community))
    result.pop("forum")
    result["forum"] = str(obj.pk)
    return result


@router.post("/{slug}/forums/{uuid:forum}/members", response={201: dict})
def add_member(request, slug: str, forum: uuid.UUID, payload: MemberIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Forum, village, pk=forum)
    actor = _actor(village, payload.actor, "actor", required=True)
    member = _call(
        services.add_member,
        obj,
        actor,
        field=_field(village, payload.field) or services.default_field(actor),
        role=payload.role,
    )
    return _created(_member_out(member))


class AgendaIn(Schema):
    title: str
    field: str | None = None
    lead: str | None = None
    notes: str = ""


class MeetingIn(Schema):
    date: dt.date
    title: str = ""
    place: str = ""
    state: str = "held"
    minutes: str = ""
    agenda: list[AgendaIn] = []
    present: list[str] = []


def _entry(village, a: AgendaIn, prefix: str = "") -> services.AgendaEntry:
    return services.AgendaEntry(
        title=a.title,
        field=_field(village, a.field, f"{prefix}field"),
        lead=_actor(village, a.lead, f"{prefix}lead"),
        notes=a.notes,
    )


def _meeting_out(meeting: Meeting) -> dict[str, Any]:
    d = queries.meeting_detail(meeting)
    return {
        "id": str(meeting.pk),
        "forum": str(meeting.forum_id),
        "date": meeting.date,
        "title": meeting.title,
        "place": meeting.place,
        "state": meeting.state,
        "minutes": meeting.minutes,
        "agenda": [{k: v for k, v in it.items() if k != "item"} for it in d["agenda"]],
        "attendance": [
            {
                "actor": str(a["actor"].pk),
                "name": a["actor"].name,
                "present": a["present"],
                "member": a["seat"] is not None,
            }
            for a in d["attendance"]
        ],
        "decisions": [
            {
                "id": str(x.pk),
                "text": x.text,
                "agenda_item": str(x.agenda_item_id) if x.agenda_item_id else None,
            }
            for x in d["decisions"]
        ],
        "actions": d["actions"],
        "carried": d["carried"],
        "items_breaking_the_rule": d["serious_warnings"],
    }


@router.post("/{slug}/forums/{uuid:forum}/meetings", response={201: dict})
def create_meeting(request, slug: str, forum: uuid.UUID, payload: MeetingIn):
    """A meeting with its agenda (each item: title, field code, lead actor id) and who came.

    The answer lists each agenda item's ``warnings`` (facilitator leads, outside their field…).
    """
    village = get_village(request, slug, write=True)
    obj = get_in_village(Forum, village, pk=forum)
    agenda = [_entry(village, a, f"agenda.{i}.") for i, a in enumerate(payload.agenda)]
    present = [
        _actor(village, pk, f"present.{i}", required=True) for i, pk in enumerate(payload.present)
    ]
    meeting = _call(
        services.create_meeting,
        obj,
        date=payload.date,
        title=payload.title,
        place=payload.place,
        state=payload.state,
        minutes=payload.minutes,
        agenda=agenda,
        present=present,
    )
    return _created(_meeting_out(meeting))


@router.get("/{slug}/meetings/{uuid:meeting}", response=dict)
def meeting(request, slug: str, meeting: uuid.UUID):
    """A meeting: agenda with warnings, attendance, decisions, actions agreed and carried."""
    village = get_village(request, slug)
    return _meeting_out(get_in_village(Meeting, village, pk=meeting))


class AttendanceIn(Schema):
    present: list[str]


@router.post("/{slug}/meetings/{uuid:meeting}/attendance", response=dict)
def set_attendance(request, slug: str, meeting: uuid.UUID, payload: AttendanceIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Meeting, village, pk=meeting)
    present = [
        _actor(village, pk, f"present.{i}", required=True) for i, pk in enumerate(payload.present)
    ]
    _call(services.set_attendance, obj, present)
    return _meeting_out(obj)


@router.post("/{slug}/meetings/{uuid:meeting}/agenda", response={201: dict})
def add_agenda_item(request, slug: str, meeting: uuid.UUID, payload: AgendaIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Meeting, village, pk=meeting)
    item = _call(services.add_agenda_item, obj, _entry(village, payload))
    out = _meeting_out(obj)
    return _created(next(it for it in out["agenda"] if it["id"] == str(item.pk)))


class DecisionIn(Schema):
    text: str
    agenda_item: str | None = None


def _agenda_item(meeting: Meeting, pk) -> AgendaItem | None:
    if not pk:
        return None
    key = _uuid(pk)
    item = AgendaItem.objects.filter(meeting=meeting, pk=key).first() if key else None
    if item is None:
        raise _invalid("agenda_item", "unknown agenda item of this meeting")
    return item


@router.post("/{slug}/meetings/{uuid:meeting}/decisions", response={201: dict})
def add_decision(request, slug: str, meeting: uuid.UUID, payload: DecisionIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Meeting, village, pk=meeting)
    d = _call(
        services.add_decision, obj, payload.text, agenda_item=_agenda_item(obj, payload.agenda_item)
    )
    return _created({"id": str(d.pk), "text": d.text, "agenda_item": payload.agenda_item or None})


class ActionIn(Schema):
    text: str
    owner: str
    due: dt.date
    agenda_item: str | None = None


@router.post("/{slug}/meetings/{uuid:meeting}/actions", response={201: dict})
def add_action(request, slug: str, meeting: uuid.UUID, payload: ActionIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Meeting, village, pk=meeting)
    a = _call(
        services.add_action_item,
        obj,
        text=payload.text,
        owner=_actor(village, payload.owner, "owner"),
        due=payload.due,
        agenda_item=_agenda_item(obj, payload.agenda_item),
    )
    return _created(queries.action_rows(village, pk=a.pk)[0])


@router.get("/{slug}/actions", response=list[dict])
def actions(request, slug: str, show: str = "open"):
    """Action items of the village's forums (``show``: open, overdue or all), by due date."""
    village = get_village(request, slug)
    rows = queries.action_rows(village)
    on = queries.today()
    for a in rows:
        a["overdue"] = bool(
            a["status"] in queries.progress.OPEN_ACTION_STATUSES and a["due"] and a["due"] < on
        )
    if show == "open":
        rows = [a for a in rows if a["status"] in queries.progress.OPEN_ACTION_STATUSES]
    elif show == "overdue":
        rows = [a for a in rows if a["overdue"]]
    return rows


class ActionUpdateIn(Schema):
    status: str
    done_on: dt.date | None = None
    due: dt.date | None = None
    owner: str | None = None


@router.get("/{slug}/actions/{uuid:action}", response=dict)
def action(request, slug: str, action: uuid.UUID):
    village = get_village(request, slug)
    obj = get_in_village(ActionItem, village, pk=action)
    return queries.action_rows(village, pk=obj.pk)[0]


@router.post("/{slug}/actions/{uuid:action}", response=dict)
def update_action(request, slug: str, action: uuid.UUID, payload: ActionUpdateIn):
    """Change an action item's status (open, in_progress, done, dropped), due date or owner."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(ActionItem, village, pk=action)
    _call(
        services.update_action_item,
        obj,
        status=payload.status,
        done_on=payload.done_on,
        due=payload.due,
        owner=_actor(village, payload.owner, "owner"),
    )
    return queries.action_rows(village, pk=obj.pk)[0]
