"""JSON twins of the awareness pages under ``/api/v1/villages/{slug}/circles/...``.

Like the pages, every call — reading included — is for members who can write: a viewer or
supervisor gets 403, an outsider 404, before the body is read.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from ninja import Router
from ninja.errors import ValidationError
from ninja.security import SessionAuth

from jejaring.actors.models import Actor
from jejaring.awareness import queries, services
from jejaring.awareness.models import Circle, MemberProgress, Session
from jejaring.core.access import get_in_village, get_village
from jejaring.core.text import CleanSchema as Schema
from jejaring.engagement.models import Forum


class VillageWriter(SessionAuth):
    """Session auth that requires a role that can write in the village of the path, even to
    read (circle membership must not reach viewers or supervisors)."""

    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is None:
            return None
        slug = request.resolver_match.kwargs.get("slug") if request.resolver_match else None
        if slug is not None:
            get_village(request, slug, write=True)
        return user


router = Router(auth=VillageWriter())


def _created(value):
    """A 201 answer: ``Status`` from django-ninja 1.7 on, the older tuple before it."""
    try:
        from ninja.responses import Status
    except ImportError:  # django-ninja < 1.7
        return 201, value
    return Status(201, value)


def _call(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except DjangoValidationError as exc:
        errors = []
        if hasattr(exc, "error_dict"):
            for field, msgs in exc.message_dict.items():
                errors += [{"loc": ["body", field], "msg": m, "type": "value_error"} for m in msgs]
        else:
            errors = [{"loc": ["body"], "msg": m, "type": "value_error"} for m in exc.messages]
        raise ValidationError(errors) from exc


def _invalid(field: str, msg: str) -> ValidationError:
    return ValidationError([{"loc": ["body", field], "msg": msg, "type": "value_error"}])


def _actors(village, ids, field: str) -> list[Actor]:
    keys = []
    for pk in ids or []:
        try:
            keys.append(uuid.UUID(str(pk)))
        except ValueError:
            raise _invalid(field, "not a valid id") from None
    found = list(Actor.objects.filter(village=village, pk__in=keys))
    if len(found) != len(set(keys)):
        raise _invalid(field, "unknown actor in this village")
    return found


def _circle_json(c: Circle) -> dict:
    return {
        "id": str(c.pk),
        "name": c.name,
        "basis": c.basis,
        "patron": str(c.patron_id) if c.patron_id else None,
        "form": c.form,
        "hamlet": c.hamlet,
        "origin": c.origin,
        "proposal_key": c.proposal_key,
        "status": c.status,
        "note": c.note,
        "members": [
            {"actor": str(m.actor_id), "name": m.actor.name, "added_at": m.added_at.isoformat()}
            for m in c.members.select_related("actor").order_by("actor__name")
        ],
    }


def _session_json(s: Session) -> dict:
    return {
        "id": str(s.pk),
        "circle": str(s.circle_id),
        "date": s.date.isoformat(),
        "held": s.held,
        "venue": s.venue,
        "venue_actor": str(s.venue_actor_id) if s.venue_actor_id else None,
        "venue_forum": str(s.venue_forum_id) if s.venue_forum_id else None,
        "facilitator": s.facilitator.get_username() if s.facilitator_id else None,
        "topics": [t.name for t in s.topics.all()],
        "attendees": [str(a.pk) for a in s.attendees.all()],
        "said": s.said,
        "decisions": s.decisions,
        "follow_up": s.follow_up,
    }


def _progress_json(p: MemberProgress) -> dict:
    return {
        "id": str(p.pk),
        "circle": str(p.circle_id),
        "actor": str(p.actor_id),
        "kind": p.kind,
        "date": p.date.isoformat(),
        "note": p.note,
    }


def _strip(c: dict) -> dict:
    keep = ("key", "basis", "patron", "patrons", "form", "hamlet", "size", "poor_count")
    out = {k: c[k] for k in keep}
    out.update(
        {
            "title": c["title"],
            "captive_count": c["captive_count"],
            "rank": c.get("rank"),
            "adopted": str(c["adopted"]) if c.get("adopted") else None,
            "members": [
                {k: m[k] for k in ("actor", "name", "poor", "captive", "patrons", "forms")}
                for m in c["members"]
            ],
            "venues": [
                {k: v.get(k) for k in ("kind", "id", "name", "count", "attending", "reason_codes")}
                | {"warning": v.get("warning")}
                for v in c["venues"]
            ],
            "peer_leaders": [
                {k: p[k] for k in ("actor", "name", "rank", "reason_codes", "facts", "sentences")}
                for p in c["peer_leaders"]
            ],
            "do_not_invite": [
                {k: d[k] for k in ("actor", "name", "reason_codes", "sentence")}
                for d in c["do_not_invite"]
            ],
        }
    )
    return out


@router.get("/{slug}/circles/proposals", response=list[dict])
def proposals(request, slug: str):
    """Circles proposed from the current network, each explained (members, venues, peer
    leaders with reasons, whom not to invite)."""
    village = get_village(request, slug, write=True)
    return [_strip(c) for c in queries.proposals(village)["circles"]]


class AdoptIn(Schema):
    key: str
    name: str = ""


@router.post("/{slug}/circles/adopt", response={201: dict})
def adopt(request, slug: str, payload: AdoptIn):
    village = get_village(request, slug, write=True)
    circle = _call(
        services.adopt_proposal, village, payload.key, user=request.user, name=payload.name
    )
    return _created(_circle_json(circle))


@router.get("/{slug}/circles/", response=list[dict])
def circles(request, slug: str):
    village = get_village(request, slug, write=True)
    return [_circle_json(c) for c in Circle.objects.filter(village=village)]


class CircleIn(Schema):
    name: str
    basis: str = "hamlet"
    patron: str | None = None
    form: str = ""
    hamlet: str = ""
    members: list[str] = []
    note: str = ""


@router.post("/{slug}/circles/", response={201: dict})
def circle_add(request, slug: str, payload: CircleIn):
    """A circle made by hand; the patron (if any) is never a member."""
    village = get_village(request, slug, write=True)
    patron = _actors(village, [payload.patron], "patron")[0] if payload.patron else None
    circle = _call(
        services.create_circle,
        village,
        name=payload.name,
        basis=payload.basis,
        patron=patron,
        form=payload.form,
        hamlet=payload.hamlet,
        members=_actors(village, payload.members, "members"),
        note=payload.note,
        user=request.user,
    )
    return _created(_circle_json(circle))


class MemberIn(Schema):
    actor: str
    note: str = ""


@router.post("/{slug}/circles/{circle}/members", response={201: dict})
def member_add(request, slug: str, circle: str, payload: MemberIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    actor = _actors(village, [payload.actor], "actor")[0]
    _call(services.add_member, obj, actor, note=payload.note)
    return _created(_circle_json(obj))


@router.get("/{slug}/circles/{circle}", response=dict)
def circle(request, slug: str, circle: str):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    out = _circle_json(obj)
    reading = queries.current_reading(obj)
    out["do_not_invite"] = [
        {
            "actor": d["actor"],
            "name": d["name"],
            "reason_codes": d["reason_codes"],
            "sentence": d["sentence"],
        }
        for d in reading.get("do_not_invite", [])
    ]
    out["sessions"] = [_session_json(s) for s in obj.sessions.all()]
    out["progress"] = [_progress_json(p) for p in obj.progress.all()]
    return out


class SessionIn(Schema):
    date: dt.date
    held: bool = False
    venue: str = ""
    venue_actor: str | None = None
    venue_forum: str | None = None
    topics: list[str] = []
    attendees: list[str] = []
    said: str = ""
    decisions: str = ""
    follow_up: str = ""


def _session_args(village, payload: SessionIn) -> dict:
    venue_actor = (
        _actors(village, [payload.venue_actor], "venue_actor")[0] if payload.venue_actor else None
    )
    venue_forum = None
    if payload.venue_forum:
        try:
            venue_forum = Forum.objects.filter(
                village=village, pk=uuid.UUID(payload.venue_forum)
            ).first()
        except ValueError:
            venue_forum = None
        if venue_forum is None:
            raise _invalid("venue_forum", "unknown forum in this village")
    topic_rows = list(queries.topics(village).filter(name__in=payload.topics))
    if len(topic_rows) != len(set(payload.topics)):
        raise _invalid("topics", "unknown topic in this village")
    return {
        "date": payload.date,
        "venue": payload.venue,
        "venue_actor": venue_actor,
        "venue_forum": venue_forum,
        "held": payload.held,
        "topics": topic_rows,
        "attendees": _actors(village, payload.attendees, "attendees"),
        "said": payload.said,
        "decisions": payload.decisions,
        "follow_up": payload.follow_up,
    }


@router.post("/{slug}/circles/{circle}/sessions", response={201: dict})
def session_add(request, slug: str, circle: str, payload: SessionIn):
    """Plan a session, or record one held (attendees given: held)."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    session = _call(
        services.save_session, obj, facilitator=request.user, **_session_args(village, payload)
    )
    return _created(_session_json(session))


@router.put("/{slug}/circles/sessions/{session}", response=dict)
def session_update(request, slug: str, session: str, payload: SessionIn):
    """Change a session: record what happened at a planned one, or correct it."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(Session, village, pk=session, param="session")
    saved = _call(
        services.save_session,
        obj.circle,
        session=obj,
        facilitator=obj.facilitator or request.user,
        **_session_args(village, payload),
    )
    return _session_json(saved)


class StatusIn(Schema):
    status: str


@router.post("/{slug}/circles/{circle}/status", response=dict)
def circle_status(request, slug: str, circle: str, payload: StatusIn):
    """``active``, ``paused`` or ``closed``."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    return _circle_json(_call(services.set_status, obj, payload.status))


@router.get("/{slug}/circles/{circle}/sessions", response=list[dict])
def sessions(request, slug: str, circle: str):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    return [_session_json(s) for s in obj.sessions.all()]


class ProgressIn(Schema):
    actor: str
    kind: str
    date: dt.date
    note: str = ""


@router.post("/{slug}/circles/{circle}/progress", response={201: dict})
def progress_add(request, slug: str, circle: str, payload: ProgressIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    actor = _actors(village, [payload.actor], "actor")[0]
    p = _call(
        services.record_progress,
        obj,
        actor,
        kind=payload.kind,
        date=payload.date,
        note=payload.note,
        user=request.user,
    )
    return _created(_progress_json(p))


@router.get("/{slug}/circles/{circle}/progress", response=list[dict])
def progress(request, slug: str, circle: str):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    return [_progress_json(p) for p in obj.progress.all()]


@router.get("/{slug}/circles-progress-counts", response=dict[str, int])
def progress_counts(request, slug: str, at: dt.date | None = None):
    """Members with each kind of progress by date ``at`` (today when omitted)."""
    village = get_village(request, slug, write=True)
    return queries.progress_counts(village, at)
