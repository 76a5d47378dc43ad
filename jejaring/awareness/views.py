"""The *Lingkar penyadaran* pages. A circle list exposes clients to their patron if it leaks,
so every page here — reading included — is for members who can write (facilitators and
administrators): viewers and supervisors get 403, outsiders 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jejaring.awareness import forms as f
from jejaring.awareness import queries, services
from jejaring.awareness.models import Circle, CircleMember, Session, Topic
from jejaring.core.access import get_in_village, village_view
from jejaring.villages.models import Village

#: Proposals shown before "show all" (the strongest first: most poor captive members).
PROPOSALS_SHOWN = 10


def _url(name: str, village: Village, **kwargs) -> str:
    return reverse(f"awareness:{name}", kwargs={"village": village.slug, **kwargs})


def _apply(form, call):
    try:
        return call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return None


@village_view(write=True)
def index(request: HttpRequest, village: Village) -> HttpResponse:
    """Proposed circles (from the current network) and adopted ones."""
    data = queries.proposals(village)
    show_all = request.GET.get("all") == "1"
    waiting = [c for c in data["circles"] if not c["adopted"]]
    shown = waiting if show_all else waiting[:PROPOSALS_SHOWN]
    return render(
        request,
        "awareness/index.html",
        {
            "proposals": shown,
            "hidden": len(waiting) - len(shown),
            "circles": queries.circle_list(village),
        },
    )


@village_view(write=True)
@require_POST
def adopt(request: HttpRequest, village: Village) -> HttpResponse:
    key = request.POST.get("key", "")
    try:
        circle = services.adopt_proposal(village, key, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_url("index", village))
    messages.success(request, _("Circle adopted."))
    return redirect(_url("circle", village, circle=circle.pk))


@village_view(write=True)
def circle_new(request: HttpRequest, village: Village) -> HttpResponse:
    """A circle made by hand (members the facilitator knows share a situation)."""
    form = f.CircleForm(village, request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        made = _apply(
            form,
            lambda: services.create_circle(
                village,
                name=d["name"],
                basis=d["basis"],
                patron=d["patron"],
                form=d["form"],
                hamlet=d["hamlet"],
                members=d["members"],
                note=d["note"],
                user=request.user,
            ),
        )
        if made:
            messages.success(request, _("Circle created."))
            return redirect(_url("circle", village, circle=made.pk))
    return render(request, "awareness/circle_form.html", {"form": form})


@village_view(write=True)
@require_POST
def member_add(request: HttpRequest, village: Village, circle) -> HttpResponse:
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    form = f.MemberForm(obj, request.POST)
    if form.is_valid():
        try:
            services.add_member(obj, form.cleaned_data["actor"])
            messages.success(request, _("Member added."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(_url("circle", village, circle=obj.pk))


@village_view(write=True)
@require_POST
def member_remove(request: HttpRequest, village: Village, circle_member) -> HttpResponse:
    member = get_in_village(CircleMember, village, pk=circle_member, param="circle_member")
    circle_pk = member.circle_id
    services.remove_member(member)
    messages.success(request, _("Member removed."))
    return redirect(_url("circle", village, circle=circle_pk))


@village_view(write=True)
def circle(request: HttpRequest, village: Village, circle) -> HttpResponse:
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    if request.method == "POST":
        try:
            services.set_status(obj, request.POST.get("status", ""))
            messages.success(request, _("Saved."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(_url("circle", village, circle=obj.pk))
    return render(
        request,
        "awareness/circle.html",
        {
            "circle": obj,
            **queries.circle_detail(obj),
            "statuses": Circle.Status.choices,
            "member_form": f.MemberForm(obj),
        },
    )


def _session_page(request, village, circle_obj, session=None):
    initial = {"date": queries.today()}
    if session is not None:
        initial = {
            "date": session.date,
            "held": session.held,
            "venue": session.venue,
            "venue_actor": session.venue_actor_id,
            "venue_forum": session.venue_forum_id,
            "topics": list(session.topics.all()),
            "attendees": list(session.attendees.all()),
            "said": session.said,
            "decisions": session.decisions,
            "follow_up": session.follow_up,
        }
    if request.method == "POST":
        form = f.SessionForm(circle_obj, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            saved = _apply(
                form,
                lambda: services.save_session(
                    circle_obj,
                    session=session,
                    date=d["date"],
                    venue=d["venue"],
                    venue_actor=d["venue_actor"],
                    venue_forum=d["venue_forum"],
                    facilitator=(session.facilitator if session else None) or request.user,
                    held=d["held"],
                    topics=d["topics"],
                    attendees=d["attendees"],
                    said=d["said"],
                    decisions=d["decisions"],
                    follow_up=d["follow_up"],
                ),
            )
            if saved:
                messages.success(request, _("Session saved."))
                return redirect(_url("circle", village, circle=circle_obj.pk))
    else:
        form = f.SessionForm(circle_obj, initial=initial)
    return render(
        request,
        "awareness/session_form.html",
        {"circle": circle_obj, "session": session, "form": form},
    )


@village_view(write=True)
def session_new(request: HttpRequest, village: Village, circle) -> HttpResponse:
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    return _session_page(request, village, obj)


@village_view(write=True)
def session_edit(request: HttpRequest, village: Village, session) -> HttpResponse:
    obj = get_in_village(Session, village, pk=session, param="session")
    return _session_page(request, village, obj.circle, obj)


@village_view(write=True)
def progress_new(request: HttpRequest, village: Village, circle) -> HttpResponse:
    obj = get_in_village(Circle, village, pk=circle, param="circle")
    if request.method == "POST":
        form = f.ProgressForm(obj, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            saved = _apply(
                form,
                lambda: services.record_progress(
                    obj,
                    d["actor"],
                    kind=d["kind"],
                    date=d["date"],
                    note=d["note"],
                    user=request.user,
                ),
            )
            if saved:
                messages.success(request, _("Progress recorded."))
                return redirect(_url("circle", village, circle=obj.pk))
    else:
        form = f.ProgressForm(
            obj, initial={"date": queries.today(), "actor": request.GET.get("actor") or None}
        )
    return render(request, "awareness/progress_form.html", {"circle": obj, "form": form})


@village_view(write=True)
def topics(request: HttpRequest, village: Village) -> HttpResponse:
    """The village's session topics: add one, rename one, or remove one no session uses."""
    form = f.TopicForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        target = request.POST.get("rename") or request.POST.get("remove")
        try:
            if target:
                topic = get_in_village(Topic, village, pk=target, param="topic")
                if "rename" in request.POST:
                    services.rename_topic(topic, request.POST.get("name", ""))
                    messages.success(request, _("Topic renamed."))
                else:
                    services.remove_topic(topic)
                    messages.success(request, _("Topic removed."))
                return redirect(_url("topics", village))
            if form.is_valid():
                services.add_topic(village, form.cleaned_data["name"])
                messages.success(request, _("Topic added."))
                return redirect(_url("topics", village))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return render(
        request,
        "awareness/topics.html",
        {"topics": queries.topic_rows(village), "form": form or f.TopicForm()},
    )


@village_view(write=True)
def print_list(request: HttpRequest, village: Village) -> HttpResponse:
    """The adopted circles for printing: codes instead of names unless ``names=1`` is asked."""
    with_names = request.GET.get("names") == "1"
    return render(
        request,
        "awareness/print.html",
        {"rows": queries.printable(village, with_names=with_names), "with_names": with_names},
    )


@village_view(write=True)
def print_pdf(request: HttpRequest, village: Village) -> HttpResponse:
    """The printable list as PDF: codes instead of names unless ``names=1`` is asked."""
    from django.utils.translation import get_language

    from jejaring.awareness import pdf

    with_names = request.GET.get("names") == "1"
    rows = queries.printable(village, with_names=with_names)
    body = pdf.circle_list(
        village.name if with_names else "", rows, with_names=with_names, language=get_language()
    )
    response = HttpResponse(body, content_type="application/pdf")
    suffix = "-nama" if with_names else "-kode"
    response["Content-Disposition"] = f'attachment; filename="lingkar-{village.slug}{suffix}.pdf"'
    return response
