"""Writes to actors, assessments, ties, evidence and discussions. One transaction per user action.

Pages, the API and the CLI call these functions; nothing else writes these tables. Every
function that changes the network (actors, ties, assessments) ends with ``village.touch()`` so
that cached analyses and map layouts know they are stale.

Nothing is lost silently: an actor with ties cannot be deleted, only merged into another actor
(its ties, evidence and history move over); a tie that ends becomes *past* with its end date;
a second informant's account of a tie is kept beside the first, never written over it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jejaring.actors.models import (
    Actor,
    Assessment,
    Discussion,
    Evidence,
    Fact,
    Tie,
    TieType,
)
from jejaring.audit.tracked import tracked_update
from jejaring.core.locks import lock_village
from jejaring.villages.models import Village

#: Tie attributes a user or an informant gives; also what an account (Evidence.reported) holds.
TIE_ATTRIBUTES = (
    "form",
    "frequency",
    "attachment",
    "exclusive",
    "terms_set_by",
    "balance",
    "reciprocation",
    "amount",
    "strength",
    "weight",
    "start_date",
    "confidence",
    "note",
)
#: Of those, the ones an informant reports, in the order accounts are compared side by side.
REPORTED = (
    "form",
    "frequency",
    "attachment",
    "exclusive",
    "balance",
    "terms_set_by",
    "reciprocation",
    "amount",
    "strength",
    "start_date",
)
EVIDENCE_FIELDS = (
    "informant",
    "informant_name",
    "discussion",
    "reported_on",
    "confidence",
    "account",
)


class Refused(Exception):
    """A user action that cannot be done as asked; the message says why, in the user's
    language, and nothing was written."""


def _blank(value: Any) -> bool:
    return value is None or value == ""


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    return value


def _same_village(village: Village, *objs) -> None:
    for obj in objs:
        if obj is not None and getattr(obj, "village_id", village.pk) != village.pk:
            raise Refused(_("%(name)s belongs to another village.") % {"name": obj})


# --------------------------------------------------------------------------- actors


def next_code(village: Village, prefix: str = "A") -> str:
    """A free actor id (``A0001``…) for actors typed in without one."""
    taken = set(
        Actor.objects.filter(village=village, code__startswith=prefix).values_list(
            "code", flat=True
        )
    )
    n = len(taken) + 1
    while f"{prefix}{n:04d}" in taken:
        n += 1
    return f"{prefix}{n:04d}"


#: The kind an actor created in passing gets from its category (a household is a household).
KIND_OF_CATEGORY = {"household": "household", "influential_group": "group"}


def kind_for_category(category) -> str:
    """The actor kind that fits ``category`` (a person unless the category says otherwise)."""
    return KIND_OF_CATEGORY.get(getattr(category, "code", ""), "person")


@transaction.atomic
def create_actor(village: Village, *, fields=(), **data: Any) -> Actor:
    """A new actor of ``village``; an empty ``code`` gets a free one."""
    for key in ("category", "hamlet"):
        obj = data.get(key)
        if obj is not None and getattr(obj, "village_id", None) not in (None, village.pk):
            raise Refused(_("%(name)s belongs to another village.") % {"name": obj})
    # Concurrent creations wait here, so each sees the codes the others took.
    lock_village(village)
    if not data.get("code"):
        data["code"] = next_code(village)
    elif Actor.objects.filter(village=village, code=data["code"]).exists():
        raise Refused(
            _("Another stakeholder already has the id %(code)s.") % {"code": data["code"]}
        )
    actor = Actor.objects.create(village=village, **data)
    if fields:
        actor.fields.set(fields)
    village.touch()
    return actor


@transaction.atomic
def update_actor(actor: Actor, *, fields=None, **data: Any) -> Actor:
    for key, value in data.items():
        setattr(actor, key, value)
    if not actor.code:
        lock_village(actor.village)
        actor.code = next_code(actor.village)
    actor.save()
    if fields is not None:
        actor.fields.set(fields)
    actor.village.touch()
    return actor


def set_closeness(actor: Actor, value: str) -> Actor:
    """Record the institution's closeness to the community (0–5, as scored in the PRA Venn
    session) in its ``closeness`` attribute; a blank value removes it, so the Venn diagram
    estimates it from the households tied to the institution again.

    Raises ``ValueError`` with a message for the user when the value is not a number 0–5."""
    text = (value or "").strip().replace(",", ".")
    attributes = dict(actor.attributes or {})
    if not text:
        attributes.pop("closeness", None)
    else:
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not (0 <= number <= 5) or number != number:
            raise ValueError(_("Closeness must be a number from 0 to 5."))
        attributes["closeness"] = round(number, 2)
    return update_actor(actor, attributes=attributes)


def actor_dependents(actor: Actor) -> dict[str, int]:
    """What deleting ``actor`` would touch: counts shown on the confirmation page."""
    from jejaring.engagement.models import Contact, ForumMember

    ties = Tie.objects.filter(Q(source=actor) | Q(target=actor))
    return {
        "current_ties": ties.filter(is_current=True).count(),
        "past_ties": ties.filter(is_current=False).count(),
        "evidence_on_ties": Evidence.objects.filter(tie__in=ties).count(),
        "accounts_given": actor.accounts_given.count(),
        "assessments": actor.assessments.count(),
        "discussions": actor.discussions.count(),
        "facts": actor.facts.count(),
        "contacts": Contact.objects.filter(Q(actor=actor) | Q(via=actor)).count(),
        "forums": ForumMember.objects.filter(actor=actor).count(),
    }


@transaction.atomic
def delete_actor(actor: Actor, *, merge_into: Actor | None = None) -> None:
    """Delete ``actor``; with ``merge_into``, first move everything that refers to it there.

    Without ``merge_into`` an actor that has ties (current or past) is refused: deleting it
    would delete the ties and their evidence. Accounts the actor gave as an informant keep
    the informant's name.
    """
    village = actor.village
    if merge_into is not None:
        if merge_into.pk == actor.pk:
            raise Refused(_("An actor cannot be merged into itself."))
        _same_village(village, merge_into)
        between = Tie.objects.filter(
            Q(source=actor, target=merge_into) | Q(source=merge_into, target=actor)
        ).count()
        if between:
            raise Refused(
                _(
                    "%(a)s and %(b)s have %(n)s tie(s) between them, which would become a tie "
                    "of an actor with itself. Delete or correct those ties first."
                )
                % {"a": actor.name, "b": merge_into.name, "n": between}
            )
        _move_references(actor, merge_into)
    elif Tie.objects.filter(Q(source=actor) | Q(target=actor)).exists():
        raise Refused(
            _(
                "%(name)s still has ties. Deleting would lose them and their evidence: merge "
                "this actor into another one (the ties move over) or delete the ties first."
            )
            % {"name": actor.name}
        )
    Evidence.objects.filter(informant=actor, informant_name="").update(informant_name=actor.name)
    actor.delete()
    village.touch()


def _move_references(actor: Actor, into: Actor) -> None:
    """Point every row that refers to ``actor`` at ``into`` instead.

    Walks the model graph so that relations added later by other apps move too. A row that
    cannot move because ``into`` already has its own (one-to-one, unique together) stays and
    goes with ``actor``: ``into``'s row is kept.
    """
    for rel in Actor._meta.related_objects:
        if rel.many_to_many:
            accessor = rel.get_accessor_name()
            others = list(getattr(actor, accessor).all())
            if others:
                getattr(into, accessor).add(*others)
            continue
        model, name = rel.related_model, rel.field.name
        rows = model._default_manager.filter(**{name: actor})
        if rel.one_to_one:
            if not model._default_manager.filter(**{name: into}).exists():
                tracked_update(rows, **{name: into})
            continue
        if _unique_with(model, name):
            for row in rows:
                try:
                    with transaction.atomic():
                        tracked_update(model._default_manager.filter(pk=row.pk), **{name: into})
                except IntegrityError:
                    pass
        else:
            tracked_update(rows, **{name: into})
    for m2m in Actor._meta.many_to_many:
        values = list(getattr(actor, m2m.name).all())
        if values:
            getattr(into, m2m.name).add(*values)


def _unique_with(model: type[models.Model], field_name: str) -> bool:
    for c in model._meta.constraints:
        if isinstance(c, models.UniqueConstraint) and field_name in (c.fields or ()):
            return True
    return any(field_name in group for group in model._meta.unique_together)


@transaction.atomic
def bulk_update_actors(
    village: Village,
    actor_ids,
    *,
    category=None,
    hamlet=None,
    welfare: str = "",
    clear_category: bool = False,
    clear_hamlet: bool = False,
) -> int:
    """Set the category, hamlet and/or welfare rank of many actors at once (a household
    survey often ranks a whole hamlet in one go); returns how many changed."""
    _same_village(village, hamlet)
    if category is not None and category.village_id not in (None, village.pk):
        raise Refused(_("%(name)s belongs to another village.") % {"name": category})
    changes: dict[str, Any] = {}
    if category is not None or clear_category:
        changes["category"] = category
    if hamlet is not None or clear_hamlet:
        changes["hamlet"] = hamlet
    if welfare:
        changes["welfare"] = welfare
    if not changes:
        raise Refused(_("Choose a category, a hamlet or a welfare rank to set."))
    n = tracked_update(Actor.objects.filter(village=village, pk__in=list(actor_ids)), **changes)
    if n:
        village.touch()
    return n


@transaction.atomic
def add_assessment(actor: Actor, *, rater=None, **data: Any) -> Assessment:
    """A dated assessment of ``actor``'s influence, interest and stance (never overwrites)."""
    if all(data.get(k) is None for k in ("influence", "interest", "stance")):
        raise Refused(_("Give at least one of influence, interest or stance."))
    assessment = Assessment.objects.create(actor=actor, rater=rater, **data)
    actor.village.touch()
    return assessment


# --------------------------------------------------------------------------- ties


def find_same_tie(village: Village, source: Actor, target: Actor, type: TieType) -> Tie | None:
    """The current tie of ``type`` between the two actors, if one is recorded already."""
    pair = Q(source=source, target=target)
    if not type.directed:
        pair |= Q(source=target, target=source)
    return Tie.objects.filter(pair, village=village, type=type, is_current=True).first()


@transaction.atomic
def record_tie(
    village: Village,
    *,
    source: Actor,
    target: Actor,
    type: TieType,
    attributes: dict[str, Any] | None = None,
    evidence: dict[str, Any] | None = None,
    user=None,
) -> tuple[Tie, bool]:
    """Record that ``source`` has a tie of ``type`` to ``target``, with an account of it.

    If the same current tie is recorded already, the new account is added to it as more
    evidence and only the attributes the tie lacks are filled in: a second informant never
    overwrites the first (their differences show side by side). Returns ``(tie, created)``.
    """
    _same_village(village, source, target)
    if type.village_id not in (None, village.pk):
        raise Refused(_("Unknown tie type."))
    if source.pk == target.pk:
        raise Refused(_("A tie needs two different actors."))
    attributes = {k: v for k, v in (attributes or {}).items() if k in TIE_ATTRIBUTES}
    # The same tie posted twice at once: the second waits, then finds the first and adds its
    # account to it instead of making a copy.
    lock_village(village)
    tie = find_same_tie(village, source, target, type)
    created = tie is None
    if created:
        form = attributes.get("form") or ""
        tie = Tie.objects.create(
            village=village,
            source=source,
            target=target,
            type=type,
            directed=type.directed,
            **{**{k: v for k, v in attributes.items() if not _blank(v)}, "form": form},
        )
    else:
        filled = False
        for key, value in attributes.items():
            if not _blank(value) and _blank(getattr(tie, key)):
                setattr(tie, key, value)
                filled = True
        if filled:
            tie.save()
    if evidence and _has_evidence(evidence):
        _create_evidence(tie, evidence, attributes, user)
    village.touch()
    return tie, created


def _has_evidence(evidence: dict[str, Any]) -> bool:
    return any(
        not _blank(evidence.get(k))
        for k in ("informant", "informant_name", "discussion", "account")
    )


def _create_evidence(tie: Tie, evidence: dict[str, Any], attributes: dict, user) -> Evidence:
    data = {k: evidence.get(k) for k in EVIDENCE_FIELDS if k in evidence}
    for key in ("informant_name", "confidence", "account"):
        data[key] = data.get(key) or ""
    _same_village(tie.village, data.get("informant"), data.get("discussion"))
    discussion = data.get("discussion")
    if discussion is not None and not data.get("reported_on"):
        data["reported_on"] = discussion.date
    reported = {k: _jsonable(v) for k, v in attributes.items() if k in REPORTED and not _blank(v)}
    ev = Evidence.objects.create(tie=tie, reported=reported, recorded_by=user, **data)
    informant = data.get("informant")
    if discussion is not None and informant is not None:
        discussion.participants.add(informant)
    return ev


@transaction.atomic
def add_evidence(
    tie: Tie,
    *,
    evidence: dict[str, Any],
    reported: dict[str, Any] | None = None,
    user=None,
) -> Evidence:
    """Another account of ``tie``: who said it, where, when, how sure, and what they said
    about its attributes (kept as given, compared side by side with the other accounts)."""
    if not _has_evidence(evidence):
        raise Refused(_("Say who reported the tie, in which discussion, or what was said."))
    return _create_evidence(tie, evidence, reported or {}, user)


@transaction.atomic
def update_tie(tie: Tie, **data: Any) -> Tie:
    """Correct a tie's type or attributes (the facilitator reconciling accounts)."""
    type = data.get("type")
    if type is not None:
        if type.village_id not in (None, tie.village_id):
            raise Refused(_("Unknown tie type."))
        tie.directed = type.directed
    for key, value in data.items():
        setattr(tie, key, value)
    tie.save()
    tie.village.touch()
    return tie


@transaction.atomic
def end_tie(tie: Tie, *, end_date: dt.date, note: str = "") -> Tie:
    """The tie has ended: it stays on record as past, with its end date."""
    if not tie.is_current:
        raise Refused(_("This tie has already ended."))
    if tie.start_date and end_date < tie.start_date:
        raise Refused(_("The end date is before the tie started."))
    tie.is_current = False
    tie.end_date = end_date
    if note:
        tie.note = f"{tie.note}\n{note}".strip()
    tie.save()
    tie.village.touch()
    return tie


@transaction.atomic
def delete_tie(tie: Tie) -> None:
    """Remove a tie recorded by mistake, with its evidence (asked for explicitly)."""
    village = tie.village
    tie.delete()
    village.touch()


# --------------------------------------------------------------------------- discussions


@transaction.atomic
def save_discussion(
    village: Village,
    *,
    discussion: Discussion | None = None,
    participants=None,
    user=None,
    **data: Any,
) -> Discussion:
    """Create (or, given ``discussion``, update) a discussion and set its participants."""
    if discussion is None:
        discussion = Discussion(village=village, recorded_by=user)
    elif discussion.village_id != village.pk:
        raise Refused(_("Unknown discussion."))
    for key, value in data.items():
        setattr(discussion, key, value)
    discussion.save()
    if participants is not None:
        _same_village(village, *participants)
        discussion.participants.set(participants)
    return discussion


@transaction.atomic
def add_participant(discussion: Discussion, actor: Actor) -> None:
    _same_village(discussion.village, actor)
    discussion.participants.add(actor)


@transaction.atomic
def remove_participant(discussion: Discussion, actor: Actor) -> None:
    discussion.participants.remove(actor)


@transaction.atomic
def add_fact(discussion: Discussion, *, statement: str, actor: Actor | None = None) -> Fact:
    """Something the discussion revealed that is not a tie; the actor it is about joins the
    discussion's people only as the subject (not as a participant)."""
    statement = statement.strip()
    if not statement:
        raise Refused(_("Write what was learned."))
    _same_village(discussion.village, actor)
    return Fact.objects.create(discussion=discussion, actor=actor, statement=statement)
