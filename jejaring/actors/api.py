"""JSON twins of the workspace pages: the register, actor pages, ties with their accounts,
discussions, the power–interest grid and the Venn diagram.

Reads use the same query functions as the pages; writes go through the same forms (so the same
validation, with messages in the user's language) and the same services. Vocabulary terms are
given by code (``category``, ``type``, ``fields``), hamlets by name, actors by id, code or name.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from jejaring.actors import queries, services
from jejaring.actors.forms import (
    ActorForm,
    AssessmentForm,
    DiscussionForm,
    EndTieForm,
    EvidenceForm,
    QuickTieForm,
    RegisterFilterForm,
)
from jejaring.actors.models import Actor, Category, Discussion, Field, Tie, TieType
from jejaring.actors.presentation import actor_roles
from jejaring.actors.vocabulary import available
from jejaring.analysis.results import MEASURES, number
from jejaring.core import versions
from jejaring.core.access import get_in_village, get_village
from jejaring.core.text import CleanSchema
from jejaring.villages.models import Hamlet

router = Router()


class ErrorsOut(Schema):
    """Validation errors by field (``__all__`` for the form as a whole), in the user's language."""

    errors: dict[str, list[str]]


# --------------------------------------------------------------------------- records


def actor_record(a: Actor) -> dict[str, Any]:
    return {
        "id": str(a.pk),
        "code": a.code,
        "name": a.name,
        "kind": a.kind,
        "category": a.category.code if a.category_id else None,
        "hamlet": a.hamlet.name if a.hamlet_id else None,
        "welfare": a.welfare or None,
        "position": a.position,
        "gender": a.gender or None,
        "is_facilitator": a.is_facilitator,
        "sensitive": a.sensitive,
        # Send it back with an update: a save over someone else's is refused with 409.
        "version": a.version,
    }


def tie_record(t: Tie) -> dict[str, Any]:
    return {
        "id": str(t.pk),
        "source": str(t.source_id),
        "source_name": t.source.name,
        "target": str(t.target_id),
        "target_name": t.target.name,
        "type": t.type.code,
        "version": t.version,
        "sentence": f"{t.source.name} {t.type.phrase_label} {t.target.name}",
        "directed": t.directed,
        "dependency": t.type.is_dependency,
        "form": t.form or None,
        "frequency": t.frequency or None,
        "attachment": t.attachment or None,
        "exclusive": t.exclusive,
        "balance": t.balance or None,
        "terms_set_by": t.terms_set_by or None,
        "amount": str(t.amount) if t.amount is not None else None,
        "strength": t.strength,
        "start_date": t.start_date,
        "end_date": t.end_date,
        "is_current": t.is_current,
        "confidence": t.confidence or None,
        "note": t.note,
    }


def evidence_record(ev) -> dict[str, Any]:
    return {
        "id": str(ev.pk),
        "informant": str(ev.informant_id) if ev.informant_id else None,
        "informant_name": ev.informant.name if ev.informant_id else ev.informant_name,
        "discussion": str(ev.discussion_id) if ev.discussion_id else None,
        "reported_on": ev.reported_on,
        "confidence": ev.confidence or None,
        "account": ev.account,
        "reported": ev.reported,
    }


def _form_errors(form) -> dict:
    return {"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}


def _refused(e: services.Refused) -> dict:
    return {"errors": {"__all__": [str(e)]}}


# --------------------------------------------------------------------------- register


class RegisterParams(Schema):
    q: str = ""
    category: str = ""
    field: str = ""
    hamlet: str = ""
    welfare: str = ""
    stance: str = ""
    status: str = ""
    scope: str = ""
    assessed: str = ""
    sort: str = "name"
    page: int = 1
    page_size: int = 50


@router.get("/{slug}/actors")
def register(request: HttpRequest, slug: str, params: Query[RegisterParams]):
    """The stakeholder register (the page's search, filters, sort and pagination)."""
    village = get_village(request, slug)
    form = RegisterFilterForm(village, params.dict(exclude={"page_size"}))
    page = queries.register_page(
        village, form.query(), page_size=max(1, min(params.page_size, 500))
    )
    results = []
    for a in page.rows:
        row = actor_record(a)
        row.update(
            {
                "fields": [f.code for f in a.fields.all()],
                "influence": a.latest_influence,
                "interest": a.latest_interest,
                "stance": a.latest_stance,
                "assessed_on": a.latest_assessed,
                "engagement": a.status,
                "measures": {m.key: number(a.measures.get(m.key)) for m in MEASURES}
                if a.measures
                else None,
                "roles": list(a.measures.get("roles") or []) if a.measures else [],
            }
        )
        results.append(row)
    return {
        "count": page.count,
        "page": page.page,
        "pages": page.num_pages,
        "sort": page.query.sort_param,
        "results": results,
    }


@router.get("/{slug}/actors/search")
def search(request: HttpRequest, slug: str, q: str = ""):
    """Actors whose name or id contains ``q`` (the pickers' suggestions)."""
    village = get_village(request, slug)
    return [
        {
            "id": str(a.pk),
            "code": a.code,
            "name": a.name,
            "hamlet": a.hamlet.name if a.hamlet else None,
        }
        for a in queries.search_actors(village, q)
    ]


class ActorIn(CleanSchema):
    """A new actor. Only ``name`` is required (checked by the form, with a message per field)."""

    name: str | None = None
    code: str | None = None
    kind: str | None = None
    category: str | None = None
    fields: list[str] | None = None
    position: str | None = None
    hamlet: str | None = None
    rt: str | None = None
    rw: str | None = None
    gender: str | None = None
    welfare: str | None = None
    household_size: int | None = None
    contact: str | None = None
    consent: str | None = None
    sensitive: bool | None = None
    is_facilitator: bool | None = None
    notes: str | None = None


def _vocab_pk(model, village, code: str | None):
    if not code:
        return ""
    obj = available(model, village).filter(code=code).first()
    return obj.pk if obj else f"unknown:{code}"


@router.post("/{slug}/actors", response={201: dict, 400: ErrorsOut, 409: ErrorsOut})
def create_actor(request: HttpRequest, slug: str, payload: ActorIn):
    """Add an actor (the same form and service as the page)."""
    village = get_village(request, slug, write=True)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    data.setdefault("kind", "person")
    data.setdefault("consent", "not_asked")
    data["category"] = _vocab_pk(Category, village, data.get("category"))
    data["fields"] = [_vocab_pk(Field, village, c) for c in data.get("fields", [])]
    if data.get("hamlet"):
        h = Hamlet.objects.filter(village=village, name=data["hamlet"]).first()
        data["hamlet"] = h.pk if h else f"unknown:{data['hamlet']}"
    for flag in ("sensitive", "is_facilitator"):
        if not data.get(flag):
            data.pop(flag, None)
    form = ActorForm(village, data)
    if not form.is_valid():
        return Status(400, _form_errors(form))
    try:
        actor = services.create_actor(
            village, fields=form.cleaned_data["fields"], **form.actor_data()
        )
    except services.Refused as e:  # the id was taken by a request at the same moment
        return Status(409, _refused(e))
    return Status(201, actor_record(actor))


class ActorPatch(ActorIn):
    """The fields to change (others stay), and the ``version`` the client read the actor at."""

    version: int | None = None


@router.patch("/{slug}/actors/{actor}", response={200: dict, 400: ErrorsOut, 404: dict, 409: dict})
def update_actor(request: HttpRequest, slug: str, actor: str, payload: ActorPatch):
    """Change an actor (the same form and service as the edit page).

    With ``version`` (from the actor's record): if someone saved the actor since, nothing is
    written and the answer is 409 with the actor as it is now (``current``, with its
    version), to merge and send again. Without ``version`` the change is applied to whatever
    is saved (last write wins)."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(Actor, village, pk=_uuid_or_404(actor))
    data = versions.shown_data(ActorForm(village, instance=obj))
    given = payload.dict(exclude_unset=True)
    expected = given.pop("version", None)
    if "category" in given:
        given["category"] = _vocab_pk(Category, village, given["category"])
    if "fields" in given:
        given["fields"] = [_vocab_pk(Field, village, c) for c in given["fields"] or []]
    if given.get("hamlet"):
        h = Hamlet.objects.filter(village=village, name=given["hamlet"]).first()
        given["hamlet"] = h.pk if h else f"unknown:{given['hamlet']}"
    for flag in ("sensitive", "is_facilitator"):
        if flag in given and not given[flag]:
            given.pop(flag)
            data.pop(flag, None)
    data.update({k: "" if v is None else v for k, v in given.items()})
    form = ActorForm(village, data, instance=obj)
    if not form.is_valid():
        return Status(400, _form_errors(form))

    def save():
        obj.refresh_from_db()
        services.update_actor(obj, fields=form.cleaned_data["fields"], **form.actor_data())

    stale = versions.save_claimed(
        obj, {"version": expected} if expected is not None else None, save
    )
    if stale:
        current = stale["current"]
        return Status(
            409,
            {
                "errors": {
                    "__all__": [
                        _("Someone saved this actor since you read it: nothing was written.")
                    ]
                },
                "current": actor_record(current),
            },
        )
    return Status(200, actor_record(obj))


@router.get("/{slug}/actors/{actor}")
def actor_detail(request: HttpRequest, slug: str, actor: str):
    """The actor page: profile, assessments over time, ties by type with their evidence,
    discussions, measures and roles explained in words."""
    village = get_village(request, slug)
    obj = get_in_village(Actor, village, pk=_uuid_or_404(actor))
    data = queries.actor_profile(obj, limit=None)
    return {
        **actor_record(obj),
        "fields": [f.code for f in obj.fields.all()],
        "notes": obj.notes,
        "assessments": [
            {
                "date": a.date,
                "rater": a.rater_label,
                "influence": a.influence,
                "interest": a.interest,
                "stance": a.stance,
                "note": a.note,
            }
            for a in data["assessments"]
        ],
        "ties": [
            {
                "type": g.type.code,
                "label": g.type.label,
                "outgoing": [
                    {
                        **tie_record(t),
                        "evidence": [evidence_record(e) for e in t.evidence.all()],
                        "accounts_differ": t.accounts,
                    }
                    for t in g.outgoing
                ],
                "incoming": [
                    {
                        **tie_record(t),
                        "evidence": [evidence_record(e) for e in t.evidence.all()],
                        "accounts_differ": t.accounts,
                    }
                    for t in g.incoming
                ],
            }
            for g in data["tie_groups"]
        ],
        "discussions": [
            {"id": str(d.pk), "date": d.date, "title": str(d), "place": d.place}
            for d in data["discussions"]
        ],
        "measures": {m.key: number((data["measures"] or {}).get(m.key)) for m in MEASURES}
        if data["measures"]
        else None,
        "roles": [
            {"role": r["role"], "label": str(r["label"]), "sentences": r["sentences"]}
            for r in actor_roles(village, data["measures"])
        ],
    }


class AssessmentIn(CleanSchema):
    date: dt.date | None = None
    influence: int | None = None
    interest: int | None = None
    stance: int | None = None
    rater_name: str | None = None
    note: str | None = None


@router.post("/{slug}/actors/{actor}/assessments", response={201: dict, 400: ErrorsOut})
def add_assessment(request: HttpRequest, slug: str, actor: str, payload: AssessmentIn):
    village = get_village(request, slug, write=True)
    obj = get_in_village(Actor, village, pk=_uuid_or_404(actor))
    data = {k: ("" if v is None else v) for k, v in payload.dict().items()}
    if not data["date"]:
        data["date"] = dt.date.today()
    form = AssessmentForm(data)
    if not form.is_valid():
        return Status(400, _form_errors(form))
    a = services.add_assessment(obj, rater=request.user, **form.cleaned_data)
    return Status(
        201,
        {
            "id": str(a.pk),
            "date": a.date,
            "influence": a.influence,
            "interest": a.interest,
            "stance": a.stance,
        },
    )


# --------------------------------------------------------------------------- ties


class TieAttributes(CleanSchema):
    """What facilitators trace for a tie (shared by new ties and new accounts of a tie)."""

    form: str | None = None
    frequency: str | None = None
    attachment: str | None = None
    exclusive: bool | None = None
    balance: str | None = None
    terms_set_by: str | None = None
    reciprocation: str | None = None
    amount: float | None = None
    strength: int | None = None
    start_date: dt.date | None = None


class AccountFields(CleanSchema):
    """Who reported a tie, where and how sure (an :class:`Evidence` row)."""

    informant: str | None = None
    informant_name: str | None = None
    discussion: str | None = None
    reported_on: dt.date | None = None
    evidence_confidence: str | None = None
    account: str | None = None


class TieIn(TieAttributes, AccountFields):
    """A tie as the facilitator says it, with its evidence. ``source``/``target``/``informant``
    are actor ids, codes or exact names; ``type`` a tie-type code."""

    source: str | None = None
    target: str | None = None
    type: str | None = None
    confidence: str | None = None
    note: str | None = None


def _tie_form_data(village, payload: dict) -> dict:
    data = {k: v for k, v in payload.items() if v is not None}
    if "type" in data:
        data["type"] = str(_vocab_pk(TieType, village, data["type"]))
    if "exclusive" in data:
        data["exclusive"] = "true" if data["exclusive"] else "false"
    return data


@router.post("/{slug}/ties", response={201: dict, 200: dict, 400: ErrorsOut})
def create_tie(request: HttpRequest, slug: str, payload: TieIn):
    """Record a tie with its evidence. If the same current tie exists, the account is added
    to it (status 200) instead of creating a duplicate (status 201)."""
    village = get_village(request, slug, write=True)
    form = QuickTieForm(village, _tie_form_data(village, payload.dict()))
    if not form.is_valid():
        return Status(400, _form_errors(form))
    d = form.cleaned_data
    try:
        tie, created = services.record_tie(
            village,
            source=d["source_actor"],
            target=d["target_actor"],
            type=d["type"],
            attributes=form.attributes(),
            evidence=form.evidence(),
            user=request.user,
        )
    except services.Refused as e:
        return Status(400, _refused(e))
    tie = Tie.objects.select_related("source", "target", "type").get(pk=tie.pk)
    record = {**tie_record(tie), "evidence": [evidence_record(e) for e in tie.evidence.all()]}
    return Status(201 if created else 200, record)


@router.get("/{slug}/ties/{tie}")
def tie_detail(request: HttpRequest, slug: str, tie: str):
    """A tie with every account of it side by side (rows = attributes, columns = accounts)."""
    village = get_village(request, slug)
    obj = get_in_village(Tie, village, pk=_uuid_or_404(tie))
    data = queries.tie_detail(village, obj)
    return {
        **tie_record(data["tie"]),
        "accounts": [evidence_record(e) for e in data["accounts"]],
        "side_by_side": [
            {
                "attribute": r["name"],
                "recorded": r["recorded"],
                "values": r["values"],
                "conflict": r["conflict"],
            }
            for r in data["rows"]
        ],
        "conflicts": data["conflicts"],
    }


class EndTieIn(CleanSchema):
    end_date: dt.date | None = None
    note: str | None = None


@router.post("/{slug}/ties/{tie}/end", response={200: dict, 400: ErrorsOut})
def end_tie(request: HttpRequest, slug: str, tie: str, payload: EndTieIn):
    """The tie ended: it stays on record as past, with its end date."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(Tie, village, pk=_uuid_or_404(tie))
    form = EndTieForm(obj, {k: v for k, v in payload.dict().items() if v is not None})
    if not form.is_valid():
        return Status(400, _form_errors(form))
    try:
        services.end_tie(obj, **form.cleaned_data)
    except services.Refused as e:
        return Status(400, _refused(e))
    return Status(
        200, tie_record(Tie.objects.select_related("source", "target", "type").get(pk=obj.pk))
    )


class EvidenceIn(TieAttributes, AccountFields):
    """Another informant's account of a tie, with the attributes as they reported them."""


@router.post("/{slug}/ties/{tie}/evidence", response={201: dict, 400: ErrorsOut})
def add_evidence(request: HttpRequest, slug: str, tie: str, payload: EvidenceIn):
    """Another informant's account of a tie (kept beside the others, never over them)."""
    village = get_village(request, slug, write=True)
    obj = get_in_village(Tie, village, pk=_uuid_or_404(tie))
    form = EvidenceForm(village, _tie_form_data(village, payload.dict()))
    if not form.is_valid():
        return Status(400, _form_errors(form))
    ev = services.add_evidence(
        obj, evidence=form.evidence(), reported=form.attributes(), user=request.user
    )
    return Status(201, evidence_record(ev))


# --------------------------------------------------------------------------- discussions


@router.get("/{slug}/discussions")
def discussions(request: HttpRequest, slug: str, q: str = ""):
    village = get_village(request, slug)
    return [
        {
            "id": str(d.pk),
            "date": d.date,
            "kind": d.kind,
            "title": str(d),
            "place": d.place,
            "participants": d.n_participants,
            "accounts": d.n_evidence,
            "facts": d.n_facts,
        }
        for d in queries.discussions_of(village, q=q)
    ]


class DiscussionIn(CleanSchema):
    kind: str | None = None
    date: dt.date | None = None
    place: str | None = None
    title: str | None = None
    notes: str | None = None
    participants: list[str] | None = None


@router.post("/{slug}/discussions", response={201: dict, 400: ErrorsOut})
def create_discussion(request: HttpRequest, slug: str, payload: DiscussionIn):
    """Record a discussion; ``participants`` are actor ids, codes or exact names."""
    village = get_village(request, slug, write=True)
    data = {k: v for k, v in payload.dict().items() if v is not None}
    data.setdefault("kind", "informal")
    data["participant_names"] = "\n".join(data.pop("participants", []))
    form = DiscussionForm(village, data)
    if not form.is_valid():
        return Status(400, _form_errors(form))
    d = form.cleaned_data
    discussion = services.save_discussion(
        village,
        participants=d["participant_names"],
        user=request.user,
        **{k: d[k] for k in ("kind", "date", "place", "title", "notes")},
    )
    return Status(
        201, {"id": str(discussion.pk), "date": discussion.date, "title": str(discussion)}
    )


@router.get("/{slug}/discussions/{discussion}")
def discussion_detail(request: HttpRequest, slug: str, discussion: str):
    """A discussion with its participants and the ties and facts it revealed."""
    village = get_village(request, slug)
    obj = get_in_village(Discussion, village, pk=_uuid_or_404(discussion))
    data = queries.discussion_detail(obj)
    return {
        "id": str(obj.pk),
        "kind": obj.kind,
        "date": obj.date,
        "place": obj.place,
        "title": obj.title,
        "notes": obj.notes,
        "participants": [actor_record(a) for a in data["participants"]],
        "ties": [{**tie_record(ev.tie), "account": evidence_record(ev)} for ev in data["evidence"]],
        "facts": [
            {
                "id": str(f.pk),
                "actor": str(f.actor_id) if f.actor_id else None,
                "statement": f.statement,
            }
            for f in data["facts"]
        ],
    }


# --------------------------------------------------------------------------- grid and Venn


@router.get("/{slug}/grid")
def grid(request: HttpRequest, slug: str, category: str = "", hamlet: str = ""):
    """The power–interest grid: latest influence, interest and stance, and the quadrant."""
    village = get_village(request, slug)
    return [
        {k: p[k] for k in ("id", "name", "influence", "interest", "stance", "quadrant", "assessed")}
        for p in queries.grid_points(village, category=category, hamlet=hamlet)
    ]


@router.get("/{slug}/venn")
def venn(request: HttpRequest, slug: str):
    """Institutions for the Venn diagram: importance and closeness to the community (0–5)."""
    village = get_village(request, slug)
    return [
        {k: v for k, v in item.items() if k != "actor"}
        for item in queries.venn_institutions(village)
    ]


def _uuid_or_404(text: str):
    import uuid

    from django.http import Http404

    try:
        return uuid.UUID(str(text))
    except ValueError:
        raise Http404 from None


__all__ = ["router"]
