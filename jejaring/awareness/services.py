"""Writing circles, sessions and members' progress. Every function checks that what it links
belongs to the circle's village and refuses with a ValidationError naming the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jejaring import vocab
from jejaring.actors.models import Actor
from jejaring.awareness import queries
from jejaring.awareness.models import Circle, CircleMember, MemberProgress, Session, Topic
from jejaring.villages.models import Village


def _same_village(village: Village, objs: Iterable, field: str) -> list:
    objs = [o for o in objs if o is not None]
    for o in objs:
        if getattr(o, "village_id", None) != village.pk:
            raise ValidationError({field: _("Not in this village.")})
    return objs


@transaction.atomic
def adopt_proposal(village: Village, key: str, *, user=None, name: str = "") -> Circle:
    """Adopt the engine's proposal ``key``: a circle with the proposal's members (once)."""
    existing = Circle.objects.filter(village=village, proposal_key=key).first()
    if existing is not None:
        return existing
    proposal = queries.proposal(village, key)
    if proposal is None:
        raise ValidationError({"key": _("This proposal no longer exists; reload the page.")})
    patron = (
        Actor.objects.filter(village=village, pk=proposal["patron"]).first()
        if proposal["patron"]
        else None
    )
    circle = Circle.objects.create(
        village=village,
        name=(name or proposal["title"])[:200],
        basis=proposal["basis"],
        patron=patron,
        form=proposal["form"],
        hamlet=proposal["hamlet"],
        origin=Circle.Origin.PROPOSAL,
        proposal_key=key,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    actors = Actor.objects.filter(village=village, pk__in=[m["actor"] for m in proposal["members"]])
    CircleMember.objects.bulk_create(
        [CircleMember(circle=circle, actor=a, added_at=queries.today()) for a in actors]
    )
    return circle


@transaction.atomic
def create_circle(
    village: Village,
    *,
    name: str,
    basis: str,
    patron: Actor | None = None,
    form: str = "",
    hamlet: str = "",
    members: Iterable[Actor] = (),
    note: str = "",
    user=None,
) -> Circle:
    if not (name or "").strip():
        raise ValidationError({"name": _("A circle needs a name.")})
    if basis not in Circle.Basis.values:
        raise ValidationError({"basis": _("Unknown basis.")})
    if form and form not in {t.code for t in vocab.DEPENDENCY_FORMS}:
        raise ValidationError({"form": _("Unknown form of dependency.")})
    if len(name.strip()) > 200:
        raise ValidationError({"name": _("At most 200 characters.")})
    if len(hamlet or "") > 150:
        raise ValidationError({"hamlet": _("At most 150 characters.")})
    _same_village(village, [patron], "patron")
    members = _same_village(village, members, "members")
    circle = Circle.objects.create(
        village=village,
        name=name.strip(),
        basis=basis,
        patron=patron,
        form=form or "",
        hamlet=hamlet or "",
        note=note or "",
        origin=Circle.Origin.HAND,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    for a in members:
        add_member(circle, a)
    return circle


def add_member(circle: Circle, actor: Actor, *, note: str = "", on: dt.date | None = None):
    _same_village(circle.village, [actor], "actor")
    if circle.patron_id and actor.pk == circle.patron_id:
        raise ValidationError({"actor": _("The circle's patron cannot be a member.")})
    member, _created = CircleMember.objects.get_or_create(
        circle=circle, actor=actor, defaults={"added_at": on or queries.today(), "note": note}
    )
    return member


def remove_member(member: CircleMember) -> None:
    member.delete()


def set_status(circle: Circle, status: str) -> Circle:
    if status not in Circle.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    circle.status = status
    circle.save(update_fields=["status", "updated_at"])
    return circle


@transaction.atomic
def save_session(
    circle: Circle,
    *,
    session: Session | None = None,
    date: dt.date,
    venue: str = "",
    venue_actor: Actor | None = None,
    venue_forum=None,
    facilitator=None,
    held: bool = False,
    topics: Iterable[Topic] = (),
    attendees: Iterable[Actor] = (),
    said: str = "",
    decisions: str = "",
    follow_up: str = "",
) -> Session:
    """Plan a session (``held=False``) or record one held; ``session`` to change one."""
    village = circle.village
    if date is None:
        raise ValidationError({"date": _("A session needs a date.")})
    _same_village(village, [venue_actor], "venue_actor")
    _same_village(village, [venue_forum], "venue_forum")
    topics = _same_village(village, topics, "topics")
    attendees = _same_village(village, attendees, "attendees")
    if circle.patron_id and any(a.pk == circle.patron_id for a in attendees):
        raise ValidationError({"attendees": _("The circle's patron is not invited to sessions.")})
    if attendees and not held:
        held = True
    if session is None:
        session = Session(circle=circle)
    elif session.circle_id != circle.pk:
        raise ValidationError({"session": _("Not a session of this circle.")})
    if len(venue or "") > 200:
        raise ValidationError({"venue": _("At most 200 characters.")})
    session.date = date
    session.venue = venue or ""
    session.venue_actor = venue_actor
    session.venue_forum = venue_forum
    session.facilitator = facilitator
    session.held = held
    session.said = said or ""
    session.decisions = decisions or ""
    session.follow_up = follow_up or ""
    session.save()
    session.topics.set(topics)
    session.attendees.set(attendees)
    return session


def record_progress(
    circle: Circle,
    actor: Actor,
    *,
    kind: str,
    date: dt.date,
    note: str = "",
    user=None,
) -> MemberProgress:
    if kind not in MemberProgress.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of progress.")})
    if date is None:
        raise ValidationError({"date": _("Progress needs a date.")})
    _same_village(circle.village, [actor], "actor")
    if not circle.members.filter(actor=actor).exists():
        raise ValidationError({"actor": _("Not a member of this circle.")})
    return MemberProgress.objects.create(
        circle=circle,
        actor=actor,
        kind=kind,
        date=date,
        note=note or "",
        recorded_by=user if getattr(user, "is_authenticated", False) else None,
    )


def add_topic(village: Village, name: str) -> Topic:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A topic needs a name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("At most 200 characters.")})
    queries.topics(village)
    topic, _created = Topic.objects.get_or_create(village=village, name=name)
    return topic


def rename_topic(topic: Topic, name: str) -> Topic:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("A topic needs a name.")})
    if len(name) > 200:
        raise ValidationError({"name": _("At most 200 characters.")})
    if Topic.objects.filter(village=topic.village, name=name).exclude(pk=topic.pk).exists():
        raise ValidationError({"name": _("This topic is already in the list.")})
    topic.name = name
    topic.save(update_fields=["name", "updated_at"])
    return topic


def remove_topic(topic: Topic) -> None:
    """Remove a topic no session uses (a used one stays, so past sessions keep their topics)."""
    if Session.topics.through.objects.filter(topic_id=topic.pk).exists():
        raise ValidationError(
            {"topic": _("Sessions already discussed this topic: rename it instead.")}
        )
    topic.delete()
