"""Pages of the facilitator's workspace: the register, actor pages, ties and their evidence,
informal discussions, the power–interest grid and the Venn diagram of institutions.

Every view starts with :func:`jejaring.core.access.village_view`; ids from the URL or a form are
looked up inside the village only. Writes go through :mod:`jejaring.actors.services`; reads
through :mod:`jejaring.actors.queries` (shared with the JSON API). Pages work as plain forms
and links; htmx only swaps parts of them.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jejaring.actors import queries, services
from jejaring.actors.ego import ego_picture
from jejaring.actors.forms import (
    STANCE_LABELS,
    ActorForm,
    AssessmentForm,
    BulkForm,
    DeleteActorForm,
    DeleteTieForm,
    DiscussionForm,
    EndTieForm,
    EvidenceForm,
    FactForm,
    ParticipantForm,
    QuickTieForm,
    RegisterFilterForm,
    TieEditForm,
    actor_choice_label,
)
from jejaring.actors.models import Actor, Category, Discussion, Fact, Tie
from jejaring.actors.presentation import (
    actor_roles,
    grid_svg,
    register_columns,
    venn_svg,
)
from jejaring.actors.vocabulary import provider_category
from jejaring.analysis.results import actor_measure_rows
from jejaring.core import versions
from jejaring.core.access import get_in_village, village_view
from jejaring.villages.models import Village

#: Up to this many actors, pickers carry every name in their <datalist> (works without JS).
DATALIST_LIMIT = 600


def _posted(request: HttpRequest):
    """The POST data when the form was submitted (even empty), else None (unbound form)."""
    return request.POST if request.method == "POST" else None


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request for part of the page (a history restore needs the whole page)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _search_url(village: Village) -> str:
    return reverse("actors:search", kwargs={"village": village.slug})


def _picker_options(village: Village) -> list[Actor] | None:
    qs = Actor.objects.filter(village=village).only("name", "code").order_by("name")
    options = list(qs[: DATALIST_LIMIT + 1])
    return options if len(options) <= DATALIST_LIMIT else None


def _next_url(request: HttpRequest, default: str) -> str:
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        return nxt
    return default


def _actor_url(actor: Actor) -> str:
    return reverse("actors:actor", kwargs={"village": actor.village.slug, "actor": actor.pk})


# --------------------------------------------------------------------------- register


@village_view()
def register(request: HttpRequest, village: Village) -> HttpResponse:
    """The stakeholder register: search, filters, sortable columns, pages, bulk changes."""
    choices = queries.filter_choices(village)
    form = RegisterFilterForm(village, request.GET, choices=choices)
    query = form.query()
    page = queries.register_page(village, query)
    ctx = {
        "form": form,
        "page": page,
        "columns": register_columns(request, page),
        "can_bulk": request.membership.can_write,
        "choices": choices,
        "stance_labels": STANCE_LABELS,
    }
    template = "actors/_register_results.html" if is_htmx(request) else "actors/register.html"
    return render(request, template, ctx)


@village_view(write=True)
@require_POST
def bulk(request: HttpRequest, village: Village) -> HttpResponse:
    """Set the category, hamlet or welfare rank of the actors ticked in the register."""
    form = BulkForm(village, request.POST)
    back = _next_url(request, reverse("actors:register", kwargs={"village": village.slug}))
    if form.is_valid():
        n = services.bulk_update_actors(
            village,
            [a.pk for a in form.cleaned_data["actors"]],
            category=form.cleaned_data.get("category"),
            hamlet=form.cleaned_data.get("hamlet"),
            welfare=form.cleaned_data.get("welfare") or "",
        )
        messages.success(request, _("%(n)s actors changed.") % {"n": n})
    else:
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
    return redirect(back)


@village_view()
def search(request: HttpRequest, village: Village) -> HttpResponse:
    """Suggestions for an actor picker (the options of its <datalist>)."""
    text = request.GET.get("q", "")
    if not text:
        text = next((v for k, v in request.GET.items() if k not in ("list", "q")), "")
    actors = queries.search_actors(village, text)
    return render(request, "actors/_options.html", {"actors": actors})


# --------------------------------------------------------------------------- actors


@village_view()
def actor_detail(request: HttpRequest, village: Village, actor) -> HttpResponse:
    actor = get_in_village(Actor, village, pk=actor)
    actor = (
        Actor.objects.select_related("category", "hamlet", "engagement")
        .prefetch_related("fields")
        .get(pk=actor.pk)
    )
    expand = set(request.GET.getlist("all"))
    data = queries.actor_profile(actor, expand=expand)
    ctx = {
        **data,
        "roles": actor_roles(village, data["measures"]),
        "ego": ego_picture(actor, data["tie_refs"], data["tie_types"]),
        "assessment_form": AssessmentForm(),
        "measure_rows": actor_measure_rows(data["measures"]),
        "stance_labels": STANCE_LABELS,
    }
    return render(request, "actors/actor_detail.html", ctx)


@village_view()
def actor_panel(request: HttpRequest, village: Village, actor) -> HttpResponse:
    """A short summary of the actor for the map's side panel (an htmx fragment)."""
    actor = get_in_village(Actor, village, pk=actor)
    actor = Actor.objects.select_related("category", "hamlet", "engagement").get(pk=actor.pk)
    from jejaring.analysis.results import actor_index, current_analysis

    measures = actor_index(current_analysis(village)).get(str(actor.pk))
    latest = queries.latest_values(list(actor.assessments.order_by("-date", "-created_at")))
    ctx = {
        "actor": actor,
        "measures": measures,
        "roles": actor_roles(village, measures),
        "latest": latest,
        "stance_labels": STANCE_LABELS,
        "tie_count": Tie.objects.filter(village=village, is_current=True)
        .filter(Q(source=actor) | Q(target=actor))
        .count(),
    }
    return render(request, "actors/_panel.html", ctx)


@village_view(write=True)
def actor_create(request: HttpRequest, village: Village) -> HttpResponse:
    form = ActorForm(village, _posted(request), initial={"name": request.GET.get("name", "")})
    if request.method == "POST" and form.is_valid():
        try:
            actor = services.create_actor(
                village, fields=form.cleaned_data["fields"], **form.actor_data()
            )
        except services.Refused as e:  # the id was taken by a request at the same moment
            form.add_error("code", str(e))
            return render(
                request, "actors/actor_form.html", {"form": form, "actor": None}, status=409
            )
        messages.success(request, _("%(name)s added.") % {"name": actor.name})
        if "another" in request.POST:
            return redirect("actors:new", village=village.slug)
        return redirect(_actor_url(actor))
    return render(request, "actors/actor_form.html", {"form": form, "actor": None})


@village_view(write=True)
def actor_edit(request: HttpRequest, village: Village, actor) -> HttpResponse:
    actor = get_in_village(Actor, village, pk=actor)
    conflict = None
    posted = _posted(request)
    if posted is not None:
        posted = versions.merged(posted, ActorForm(village, instance=actor))
    form = ActorForm(village, posted, instance=actor)
    if request.method == "POST" and form.is_valid():
        # The form is only used to validate; the service writes.
        data = form.actor_data()

        def save():
            actor.refresh_from_db()
            services.update_actor(actor, fields=form.cleaned_data["fields"], **data)

        stale = versions.save_claimed(actor, form.data, save)
        if stale is None:
            messages.success(request, _("Changes to %(name)s saved.") % {"name": actor.name})
            return redirect(_actor_url(actor))
        current = stale["current"]
        form = ActorForm(
            village, versions.with_version(form.data, current.version), instance=current
        )
        conflict = versions.conflict_context(form, ActorForm(village, instance=current), current)
    return render(
        request, "actors/actor_form.html", {"form": form, "actor": actor, "conflict": conflict}
    )


@village_view(write=True)
def actor_delete(request: HttpRequest, village: Village, actor) -> HttpResponse:
    """Show what deleting would touch; delete only an actor without ties, or merge it."""
    actor = get_in_village(Actor, village, pk=actor)
    dependents = services.actor_dependents(actor)
    form = DeleteActorForm(village, actor, _posted(request), search_url=_search_url(village))
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data.get("merge_target")
        try:
            services.delete_actor(actor, merge_into=target)
        except services.Refused as e:
            form.add_error(None, str(e))
        else:
            if target is not None:
                messages.success(
                    request,
                    _("%(name)s was merged into %(into)s.") % {"name": actor.name, "into": target},
                )
                return redirect(_actor_url(target))
            messages.success(request, _("%(name)s was deleted.") % {"name": actor.name})
            return redirect("actors:register", village=village.slug)
    ctx = {
        "actor": actor,
        "dependents": dependents,
        "has_ties": dependents["current_ties"] + dependents["past_ties"] > 0,
        "form": form,
        "picker_options": _picker_options(village),
    }
    return render(request, "actors/actor_delete.html", ctx)


@village_view(write=True)
def assessment_add(request: HttpRequest, village: Village, actor) -> HttpResponse:
    actor = get_in_village(Actor, village, pk=actor)
    form = AssessmentForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.add_assessment(actor, rater=request.user, **form.cleaned_data)
        messages.success(request, _("Assessment of %(name)s saved.") % {"name": actor.name})
        return redirect(_actor_url(actor) + "#assessments")
    return render(request, "actors/assessment_form.html", {"form": form, "actor": actor})


# --------------------------------------------------------------------------- ties


@village_view(write=True)
def tie_create(request: HttpRequest, village: Village) -> HttpResponse:
    """Quick tie entry: "A borrows money from B, weekly, binding", with its evidence."""
    search_url = _search_url(village)
    initial = _tie_initial(request, village)
    form = QuickTieForm(village, _posted(request), initial=initial, search_url=search_url)
    if request.method == "POST" and form.is_valid():
        try:
            tie, created = _record_quick_tie(request, village, form)
        except services.Refused as e:
            form.add_error(None, str(e))
        else:
            sentence = tie_sentence(tie)
            if created:
                messages.success(request, _("Recorded: %(tie)s.") % {"tie": sentence})
            else:
                messages.success(
                    request,
                    _("This tie was already recorded; the account was added to it: %(tie)s.")
                    % {"tie": sentence},
                )
            if "another" in request.POST:
                return redirect(request.get_full_path())
            return redirect(_next_url(request, _actor_url(tie.source)))
    ctx = {
        "form": form,
        "picker_options": _picker_options(village),
        "type_defaults": {
            pk: {"form": t.default_form, "dependency": t.is_dependency, "directed": t.directed}
            for pk, t in form.types.items()
        },
        "next": request.GET.get("next", ""),
        "discussion": initial.get("discussion_obj"),
    }
    return render(request, "actors/tie_form.html", ctx)


def _tie_initial(request: HttpRequest, village: Village) -> dict:
    initial: dict = {"reported_on": dt.date.today()}
    for key in ("source", "target", "informant"):
        pk = request.GET.get(key)
        if pk:
            actor = Actor.objects.filter(village=village, pk=_uuid(pk)).first()
            if actor:
                initial[key] = actor_choice_label(actor)
    pk = request.GET.get("discussion")
    if pk:
        d = Discussion.objects.filter(village=village, pk=_uuid(pk)).first()
        if d:
            initial["discussion"] = d.pk
            initial["reported_on"] = d.date
            initial["discussion_obj"] = d
    return initial


def _uuid(text: str):
    import uuid

    try:
        return uuid.UUID(str(text))
    except ValueError:
        return None


@transaction.atomic
def _record_quick_tie(request: HttpRequest, village: Village, form: QuickTieForm):
    """New actors typed inline are created in the same transaction as the tie."""
    d = form.cleaned_data
    ends = {}
    for which in ("source", "target"):
        name = form.new_actor_name(which)
        if name:
            category = d.get("new_category")
            if category is None and which == "target" and d["type"].is_dependency:
                # The one depended on: the typical provider of the form (docs/levers.md).
                category = provider_category(Category, d["type"].default_form)
            ends[which] = services.create_actor(
                village,
                name=name,
                category=category,
                kind=services.kind_for_category(category),
                hamlet=d.get("new_hamlet"),
                welfare=d.get("new_welfare") or "",
            )
        else:
            ends[which] = d[f"{which}_actor"]
    return services.record_tie(
        village,
        source=ends["source"],
        target=ends["target"],
        type=d["type"],
        attributes=form.attributes(),
        evidence=form.evidence(),
        user=request.user,
    )


def tie_sentence(tie: Tie) -> str:
    return f"{tie.source.name} {tie.type.phrase_label} {tie.target.name}"


@village_view()
def tie_detail(request: HttpRequest, village: Village, tie) -> HttpResponse:
    """A tie with its attributes and every account of it, side by side."""
    tie = get_in_village(Tie, village, pk=tie)
    data = queries.tie_detail(village, tie)
    ctx = {
        **data,
        "sentence": tie_sentence(data["tie"]),
        "evidence_form": EvidenceForm(
            village, search_url=_search_url(village), initial={"reported_on": dt.date.today()}
        ),
        "picker_options": _picker_options(village) if request.membership.can_write else None,
    }
    return render(request, "actors/tie_detail.html", ctx)


@village_view(write=True)
def tie_edit(request: HttpRequest, village: Village, tie) -> HttpResponse:
    tie = get_in_village(Tie, village, pk=tie)
    conflict = None
    posted = _posted(request)
    if posted is not None:
        posted = versions.merged(posted, TieEditForm(village, initial=TieEditForm.initial_for(tie)))
    form = TieEditForm(village, posted, initial=TieEditForm.initial_for(tie))
    if request.method == "POST" and form.is_valid():
        try:
            stale = versions.save_claimed(
                tie, form.data, lambda: services.update_tie(tie, **form.changes())
            )
        except services.Refused as e:
            form.add_error(None, str(e))
        else:
            if stale is None:
                messages.success(request, _("Tie saved."))
                return redirect("actors:tie", village=village.slug, tie=tie.pk)
            current = stale["current"]
            saved = TieEditForm(village, initial=TieEditForm.initial_for(current))
            form = TieEditForm(
                village,
                versions.with_version(form.data, current.version),
                initial=TieEditForm.initial_for(current),
            )
            conflict = versions.conflict_context(form, saved, current)
    return render(
        request,
        "actors/tie_edit.html",
        {"form": form, "tie": tie, "sentence": tie_sentence(tie), "conflict": conflict},
    )


@village_view(write=True)
def tie_end(request: HttpRequest, village: Village, tie) -> HttpResponse:
    """End a tie: it stays on record as past, with its end date."""
    tie = get_in_village(Tie, village, pk=tie)
    form = EndTieForm(tie, _posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.end_tie(tie, **form.cleaned_data)
        except services.Refused as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("The tie is now recorded as past."))
            return redirect("actors:tie", village=village.slug, tie=tie.pk)
    return render(
        request, "actors/tie_end.html", {"form": form, "tie": tie, "sentence": tie_sentence(tie)}
    )


@village_view(write=True)
def tie_delete(request: HttpRequest, village: Village, tie) -> HttpResponse:
    """Delete a tie entered by mistake, after showing the evidence that goes with it."""
    tie = get_in_village(Tie, village, pk=tie)
    form = DeleteTieForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        source = tie.source
        services.delete_tie(tie)
        messages.success(request, _("The tie was deleted."))
        return redirect(_actor_url(source))
    ctx = {
        "form": form,
        "tie": tie,
        "sentence": tie_sentence(tie),
        "evidence_count": tie.evidence.count(),
    }
    return render(request, "actors/tie_delete.html", ctx)


@village_view(write=True)
def evidence_add(request: HttpRequest, village: Village, tie) -> HttpResponse:
    """Another informant's account of a tie."""
    tie = get_in_village(Tie, village, pk=tie)
    form = EvidenceForm(village, _posted(request), search_url=_search_url(village))
    if request.method == "POST" and form.is_valid():
        services.add_evidence(
            tie,
            evidence=form.evidence(),
            reported=form.attributes(),
            user=request.user,
        )
        messages.success(request, _("Account added."))
        return redirect(reverse("actors:tie", kwargs={"village": village.slug, "tie": tie.pk}))
    ctx = {
        "evidence_form": form,
        "tie": tie,
        "sentence": tie_sentence(tie),
        "picker_options": _picker_options(village),
    }
    return render(request, "actors/evidence_form.html", ctx)


@village_view()
def ties(request: HttpRequest, village: Village) -> HttpResponse:
    """All ties, filtered: without evidence, with several accounts, by type, current or past."""
    from django.core.paginator import Paginator

    from jejaring.actors.models import TieType
    from jejaring.actors.vocabulary import available

    evidence = request.GET.get("evidence", "")
    type_code = request.GET.get("type", "")
    current = request.GET.get("current", "1")
    qs = queries.ties_list(village, evidence=evidence, type_code=type_code, current=current)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    ctx = {
        "page": page,
        "evidence": evidence,
        "type_code": type_code,
        "current": current,
        "types": list(available(TieType, village)),
    }
    return render(request, "actors/ties.html", ctx)


# --------------------------------------------------------------------------- discussions


@village_view()
def discussions(request: HttpRequest, village: Village) -> HttpResponse:
    from django.core.paginator import Paginator

    q = request.GET.get("q", "").strip()
    page = Paginator(queries.discussions_of(village, q=q), 30).get_page(request.GET.get("page"))
    return render(request, "actors/discussions.html", {"page": page, "q": q})


@village_view(write=True)
@transaction.atomic
def discussion_create(request: HttpRequest, village: Village) -> HttpResponse:
    form = DiscussionForm(village, _posted(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        discussion = services.save_discussion(
            village,
            participants=_participants(village, form),
            user=request.user,
            **{k: d[k] for k in ("kind", "date", "place", "title", "notes")},
        )
        messages.success(request, _("Discussion saved. Now record what it revealed."))
        return redirect("actors:discussion", village=village.slug, discussion=discussion.pk)
    return render(request, "actors/discussion_form.html", {"form": form, "discussion": None})


def _participants(village: Village, form: DiscussionForm) -> list[Actor]:
    """The participants picked, plus the new names typed added to the register on the spot."""
    d = form.cleaned_data
    new = [
        services.create_actor(
            village,
            name=name,
            category=d.get("new_category"),
            kind=services.kind_for_category(d.get("new_category")),
            hamlet=d.get("new_hamlet"),
        )
        for name in form.new_names
    ]
    return d["participant_names"] + new


@village_view(write=True)
@transaction.atomic
def discussion_edit(request: HttpRequest, village: Village, discussion) -> HttpResponse:
    discussion = get_in_village(Discussion, village, pk=discussion)
    form = DiscussionForm(village, _posted(request), instance=discussion)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        discussion.refresh_from_db()
        services.save_discussion(
            village,
            discussion=discussion,
            participants=_participants(village, form),
            **{k: d[k] for k in ("kind", "date", "place", "title", "notes")},
        )
        messages.success(request, _("Discussion saved."))
        return redirect("actors:discussion", village=village.slug, discussion=discussion.pk)
    return render(request, "actors/discussion_form.html", {"form": form, "discussion": discussion})


@village_view()
def discussion_detail(request: HttpRequest, village: Village, discussion) -> HttpResponse:
    discussion = get_in_village(Discussion, village, pk=discussion)
    search_url = _search_url(village)
    ctx = {
        **queries.discussion_detail(discussion),
        "fact_form": FactForm(village, search_url=search_url),
        "participant_form": ParticipantForm(village, search_url=search_url),
        "picker_options": _picker_options(village) if request.membership.can_write else None,
    }
    return render(request, "actors/discussion_detail.html", ctx)


@village_view(write=True)
def fact_add(request: HttpRequest, village: Village, discussion) -> HttpResponse:
    discussion = get_in_village(Discussion, village, pk=discussion)
    if request.method != "POST":
        return redirect("actors:discussion", village=village.slug, discussion=discussion.pk)
    form = FactForm(village, request.POST, search_url=_search_url(village))
    if form.is_valid():
        services.add_fact(
            discussion,
            statement=form.cleaned_data["statement"],
            actor=form.cleaned_data["actor_obj"],
        )
        messages.success(request, _("Fact recorded."))
        return redirect(
            reverse(
                "actors:discussion", kwargs={"village": village.slug, "discussion": discussion.pk}
            )
            + "#facts"
        )
    ctx = {
        **queries.discussion_detail(discussion),
        "fact_form": form,
        "participant_form": ParticipantForm(village, search_url=_search_url(village)),
        "picker_options": _picker_options(village),
    }
    return render(request, "actors/discussion_detail.html", ctx, status=400)


@village_view(write=True)
def fact_delete(request: HttpRequest, village: Village, fact) -> HttpResponse:
    fact = get_in_village(Fact, village, pk=fact)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    discussion = fact.discussion
    fact.delete()
    messages.success(request, _("Fact removed."))
    return redirect("actors:discussion", village=village.slug, discussion=discussion.pk)


@village_view(write=True)
def participant_add(request: HttpRequest, village: Village, discussion) -> HttpResponse:
    discussion = get_in_village(Discussion, village, pk=discussion)
    if request.method != "POST":
        return redirect("actors:discussion", village=village.slug, discussion=discussion.pk)
    form = ParticipantForm(village, request.POST, search_url=_search_url(village))
    if form.is_valid() and form.cleaned_data.get("actor"):
        services.add_participant(discussion, form.cleaned_data["actor"])
        messages.success(request, _("Participant added."))
        return redirect("actors:discussion", village=village.slug, discussion=discussion.pk)
    ctx = {
        **queries.discussion_detail(discussion),
        "fact_form": FactForm(village, search_url=_search_url(village)),
        "participant_form": form,
        "picker_options": _picker_options(village),
    }
    return render(request, "actors/discussion_detail.html", ctx, status=400)


@village_view(write=True)
def participant_remove(request: HttpRequest, village: Village, discussion, actor) -> HttpResponse:
    discussion = get_in_village(Discussion, village, pk=discussion)
    actor = get_in_village(Actor, village, pk=actor)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.remove_participant(discussion, actor)
    return redirect("actors:discussion", village=village.slug, discussion=discussion.pk)


# --------------------------------------------------------------------------- grid and Venn


@village_view()
def grid(request: HttpRequest, village: Village) -> HttpResponse:
    """The power–interest grid from the latest assessments, colour = stance."""
    category = request.GET.get("category", "")
    hamlet = request.GET.get("hamlet", "")
    points = queries.grid_points(village, category=category, hamlet=hamlet)
    by_quadrant = {code: [] for code, *_ in queries.QUADRANTS}
    for p in points:
        by_quadrant[p["quadrant"]].append(p)
    quadrants = [
        {"code": code, "label": label, "help": help_, "points": by_quadrant[code]}
        for code, label, help_ in queries.QUADRANTS
    ]
    ctx = {
        "points": points,
        "quadrants": quadrants,
        "svg": grid_svg(village, points),
        "choices": queries.filter_choices(village),
        "category": category,
        "hamlet": hamlet,
        "stance_labels": STANCE_LABELS,
    }
    return render(request, "actors/grid.html", ctx)


@village_view()
def venn(request: HttpRequest, village: Village) -> HttpResponse:
    """The Venn (chapati) diagram of institutions: size = importance, distance = closeness.

    A POST (writers only, checked by ``village_view``) records the closeness the community gave
    an institution in the PRA session, 0–5, or clears it to fall back on the estimate."""
    if request.method == "POST":
        actor = get_in_village(Actor, village, param="actor", pk=request.POST.get("actor"))
        try:
            services.set_closeness(actor, request.POST.get("closeness", ""))
        except ValueError as e:
            messages.error(request, str(e))
        else:
            messages.success(request, _("Closeness of %(name)s saved.") % {"name": actor.name})
        return redirect(reverse("actors:venn", args=[village.slug]) + f"#venn-{actor.pk}")
    items = queries.venn_institutions(village)
    return render(
        request,
        "actors/venn.html",
        {"items": items, "svg": venn_svg(village, items), "stance_labels": STANCE_LABELS},
    )
