"""Pages of the engagement app: approach plans and log, the dashboard, forums and meetings.

Every view starts with :func:`village_view` (members only; writes need a writing role) and
fetches objects with :func:`get_in_village`. Reading goes through :mod:`.queries`, writing
through :mod:`.services`; a service's refusal comes back as form errors on the same page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jejaring import vocab
from jejaring.actors.models import Actor
from jejaring.core import versions
from jejaring.core.access import get_in_village, village_view
from jejaring.engagement import forms as f
from jejaring.engagement import queries, services
from jejaring.engagement.models import (
    ActionItem,
    AgendaItem,
    Contact,
    Decision,
    Forum,
    ForumMember,
    Meeting,
)
from jejaring.villages.models import Village

AGENDA_ROWS = 5


def _apply(form, call):
    """Run a service call; its validation errors become errors of ``form``. None on error."""
    try:
        return call()
    except ValidationError as exc:
        _form_errors(form, exc)
        return None


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _url(name: str, village: Village, **kwargs) -> str:
    return reverse(f"engagement:{name}", kwargs={"village": village.slug, **kwargs})


# --- Dashboard, checklist, contact log ---------------------------------------------------------


@village_view()
def dashboard(request: HttpRequest, village: Village) -> HttpResponse:
    """Approach progress, overdue follow-ups and actions, stance changes, the timeline."""
    # The page shows the last three months of the timeline unless asked for all of it.
    months = None if request.GET.get("timeline") == "all" else 3
    context = queries.dashboard(village, timeline_months=months)
    context["path_codes"] = vocab.ENGAGEMENT_PATH
    from jejaring.change.queries import follow_ups

    context["commitment_follow_ups"] = follow_ups(village)
    return render(request, "engagement/dashboard.html", context)


@village_view()
def checklist(request: HttpRequest, village: Village) -> HttpResponse:
    """The first-approach groups of the technique, each actor with status and next contact."""
    return render(
        request,
        "engagement/checklist.html",
        {"groups": queries.checklist(village), "today": queries.today()},
    )


@village_view()
def contacts(request: HttpRequest, village: Village) -> HttpResponse:
    """The contact log, filterable by state, first-approach group and overdue."""
    state = request.GET.get("state", "")
    group = request.GET.get("group", "")
    if group not in queries.group_labels():
        group = ""
    overdue = request.GET.get("overdue") == "1"
    rows = queries.contact_log(village, state=state, group=group, overdue=overdue)
    late = {c["id"] for c in queries.progress.overdue_follow_ups(rows, queries.today())}
    return render(
        request,
        "engagement/contacts.html",
        {
            "contacts": rows,
            "late": late,
            "state": state,
            "group": group,
            "overdue": overdue,
            "states": Contact.State.choices,
            "groups": queries.group_labels().items(),
        },
    )


def _initial_actor(request, village) -> Actor | None:
    pk = request.GET.get("actor")
    if not pk:
        return None
    return Actor.objects.filter(village=village, pk=pk).first() if _is_uuid(pk) else None


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@village_view()
def plan_contact(request: HttpRequest, village: Village) -> HttpResponse:
    """Plan a contact: who goes, when, through whom (with suggested routes) and why."""
    actor = _initial_actor(request, village)
    if request.method == "POST":
        form = f.PlanContactForm(village, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            contact = _apply(
                form,
                lambda: services.plan_contact(
                    village,
                    d["actor"],
                    planned_date=d["planned_date"],
                    purpose=d["purpose"],
                    who_goes=d["who_goes"],
                    via=d["via"],
                    channel=d["channel"],
                    user=request.user,
                ),
            )
            if contact:
                messages.success(
                    request, _("Contact planned with %(name)s.") % {"name": contact.actor}
                )
                return redirect(_url("actor", village, actor=contact.actor_id))
        actor = form.cleaned_data.get("actor") if hasattr(form, "cleaned_data") else actor
    else:
        initial = {"who_goes": _default_who_goes(request, village)}
        # "Suggest whom to go through" resubmits the form by GET: keep what was typed.
        for name in ("planned_date", "who_goes", "channel", "purpose", "via"):
            if request.GET.get(name):
                initial[name] = request.GET[name]
        if actor:
            initial["actor"] = str(actor.pk)
            routes = queries.route_suggestions(village, actor)
            if routes and routes[0]["known"] and not request.GET.get("via"):
                initial["via"] = routes[0]["known"]
        form = f.PlanContactForm(village, initial=initial)
    return render(
        request,
        "engagement/plan_contact.html",
        {
            "form": form,
            "actor": actor,
            "routes": queries.route_suggestions(village, actor) if actor else None,
            "route_starts": queries.route_starts(village) if actor else None,
            "facilitators": Actor.objects.filter(village=village, is_facilitator=True),
        },
    )


def _default_who_goes(request, village) -> str:
    """The user's own name when they are one of the facilitator actors, or the facilitator
    when the village has only one; else empty (the field suggests the facilitators' names)."""
    names = list(
        Actor.objects.filter(village=village, is_facilitator=True).values_list("name", flat=True)
    )
    full = request.user.get_full_name()
    if full and full in names:
        return full
    return names[0] if len(names) == 1 else ""


@village_view()
def routes(request: HttpRequest, village: Village) -> HttpResponse:
    """The suggested routes to a stakeholder (``?actor=``), as a fragment for the plan form."""
    actor = _initial_actor(request, village)
    return render(
        request,
        "engagement/_routes.html",
        {
            "actor": actor,
            "routes": queries.route_suggestions(village, actor) if actor else None,
            "route_starts": queries.route_starts(village) if actor else None,
        },
    )


def _held(d) -> services.HeldContact:
    return services.HeldContact(
        held_date=d["held_date"],
        channel=d["channel"],
        who_goes=d["who_goes"],
        outcome=d["outcome"],
        next_step=d["next_step"],
        next_step_due=d["next_step_due"],
        new_status=d["new_status"] or None,
        closes_earlier_steps=d["closes_earlier_steps"],
    )


@village_view()
def log_contact(request: HttpRequest, village: Village) -> HttpResponse:
    """Record a contact that took place without being planned first."""
    actor = _initial_actor(request, village)
    if request.method == "POST":
        form = f.LogContactForm(village, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            contact = _apply(
                form,
                lambda: services.log_contact(
                    village,
                    d["actor"],
                    _held(d),
                    purpose=d["purpose"],
                    via=d["via"],
                    user=request.user,
                ),
            )
            if contact:
                messages.success(request, _("Contact recorded."))
                return redirect(_url("actor", village, actor=contact.actor_id))
    else:
        initial = {"held_date": queries.today(), "who_goes": _default_who_goes(request, village)}
        if actor:
            initial["actor"] = str(actor.pk)
        form = f.LogContactForm(village, initial=initial)
    return render(request, "engagement/log_contact.html", {"form": form, "actor": actor})


@village_view()
def contact(request: HttpRequest, village: Village, contact: str) -> HttpResponse:
    """A contact; while planned, the form to record how it went."""
    obj = get_in_village(Contact, village, pk=contact)
    form = None
    if obj.state == Contact.State.PLANNED or request.method == "POST":
        if request.method == "POST":
            form = f.HeldContactForm(request.POST)
            if form.is_valid():
                done = _apply(
                    form,
                    lambda: services.record_contact(
                        obj, _held(form.cleaned_data), user=request.user
                    ),
                )
                if done:
                    engagement = services.engagement_for(obj.actor)
                    messages.success(
                        request,
                        _("Contact recorded. Status of %(name)s: %(status)s.")
                        % {"name": obj.actor, "status": engagement.get_status_display()},
                    )
                    return redirect(_url("actor", village, actor=obj.actor_id))
        else:
            form = f.HeldContactForm(
                initial={
                    "held_date": min(obj.planned_date or queries.today(), queries.today()),
                    "channel": obj.channel,
                    "who_goes": obj.who_goes,
                }
            )
    return render(
        request,
        "engagement/contact.html",
        {
            "contact": obj,
            "form": form,
            "cancel_form": f.CancelForm(),
            "status_changes": obj.status_changes.all(),
        },
    )


@village_view()
@require_POST
def contact_cancel(request: HttpRequest, village: Village, contact: str) -> HttpResponse:
    obj = get_in_village(Contact, village, pk=contact)
    form = f.CancelForm(request.POST)
    form.is_valid()
    try:
        services.cancel_contact(obj, reason=form.cleaned_data.get("reason", ""))
        messages.success(request, _("Contact cancelled."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_url("contact", village, contact=obj.pk))


@village_view()
@require_POST
def contact_step(request: HttpRequest, village: Village, contact: str) -> HttpResponse:
    """Tick off (``done=1``) or reopen (``done=0``) a contact's next step."""
    obj = get_in_village(Contact, village, pk=contact)
    try:
        services.set_next_step_done(obj, request.POST.get("done", "1") == "1")
        messages.success(request, _("Next step updated."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(
        request.POST.get("next")
        if _safe_next(request)
        else _url("contact", village, contact=obj.pk)
    )


def _safe_next(request) -> bool:
    from django.utils.http import url_has_allowed_host_and_scheme

    nxt = request.POST.get("next", "")
    return bool(nxt) and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()})


# --- One stakeholder's approach ----------------------------------------------------------------


def _actor_page(request, village, actor, **forms_) -> HttpResponse:
    data = queries.actor_engagement(village, actor)
    e = data["engagement"]
    context = {
        **data,
        "routes": queries.route_suggestions(village, actor)
        if data["status"] == "not_approached"
        else None,
        "route_starts": queries.route_starts(village)
        if data["status"] == "not_approached"
        else None,
        "status_form": forms_.get("status_form")
        or f.StatusForm(initial={"to_status": data["status"], "date": queries.today()}),
        "way_form": forms_.get("way_form")
        or f.TheirWayForm(
            initial={
                "gatherings": e.gatherings if e else "",
                "channels": e.channels if e else "",
                "decision_making": e.decision_making if e else "",
            }
        ),
        "stage_form": forms_.get("stage_form")
        or f.StageForm(
            initial={
                # The current stage, so saving the date or note never moves it back.
                "stage": data["stage"] or "follow_their_way",
                "date": (e.steered_on if e and e.steered_on else queries.today()),
                "note": e.steer_note if e else "",
            }
        ),
        "path": vocab.ENGAGEMENT_PATH,
        "status_labels": queries.status_labels(),
    }
    status = 400 if forms_ else 200
    return render(request, "engagement/actor.html", context, status=status)


@village_view()
def actor(request: HttpRequest, village: Village, actor: str) -> HttpResponse:
    """One stakeholder: status path and history, contacts, their way of working, stage."""
    obj = get_in_village(Actor, village, pk=actor)
    return _actor_page(request, village, obj)


@village_view()
@require_POST
def actor_status(request: HttpRequest, village: Village, actor: str) -> HttpResponse:
    obj = get_in_village(Actor, village, pk=actor)
    form = f.StatusForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        ok = _apply(
            form,
            lambda: (
                services.change_status(
                    obj, d["to_status"], date=d["date"], note=d["note"], user=request.user
                )
                or True
            ),
        )
        if ok:
            messages.success(request, _("Status updated."))
            return redirect(_url("actor", village, actor=obj.pk))
    return _actor_page(request, village, obj, status_form=form)


@village_view()
@require_POST
def actor_way(request: HttpRequest, village: Village, actor: str) -> HttpResponse:
    obj = get_in_village(Actor, village, pk=actor)
    form = f.TheirWayForm(request.POST)
    if form.is_valid():
        services.record_their_way(obj, **form.cleaned_data)
        messages.success(request, _("Their way of working saved."))
        return redirect(_url("actor", village, actor=obj.pk))
    return _actor_page(request, village, obj, way_form=form)


@village_view()
@require_POST
def actor_stage(request: HttpRequest, village: Village, actor: str) -> HttpResponse:
    obj = get_in_village(Actor, village, pk=actor)
    form = f.StageForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        ok = _apply(
            form, lambda: services.change_stage(obj, d["stage"], date=d["date"], note=d["note"])
        )
        if ok:
            messages.success(request, _("Stage updated."))
            return redirect(_url("actor", village, actor=obj.pk))
    return _actor_page(request, village, obj, stage_form=form)


# --- Forums -------------------------------------------------------------------------------------


@village_view()
def forums(request: HttpRequest, village: Village) -> HttpResponse:
    """The village's dialogue forums."""
    return render(request, "engagement/forums.html", {"forums": queries.forum_list(village)})


@village_view()
def forum_new(request: HttpRequest, village: Village) -> HttpResponse:
    """Create a forum from stakeholders; each speaks for the first field recorded on them."""
    if request.method == "POST":
        form = f.NewForumForm(village, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            members = [
                (
                    a,
                    services.default_field(a),
                    ForumMember.Role.FACILITATOR if a.is_facilitator else ForumMember.Role.MEMBER,
                )
                for a in d["members"]
            ]
            forum = _apply(
                form,
                lambda: services.create_forum(
                    village,
                    name=d["name"],
                    purpose=d["purpose"],
                    established=d["established"],
                    members=members,
                ),
            )
            if forum:
                messages.success(request, _("Forum created."))
                return redirect(_url("forum", village, forum=forum.pk))
    else:
        form = f.NewForumForm(village, initial={"established": queries.today()})
    return render(request, "engagement/forum_form.html", {"form": form, "new": True})


@village_view()
def forum(request: HttpRequest, village: Village, forum: str) -> HttpResponse:
    """A forum: members and their fields, meetings, who led the items, action items."""
    obj = get_in_village(Forum, village, pk=forum)
    context = queries.forum_detail(obj)
    context["member_form"] = f.MemberForm(village, initial={"role": ForumMember.Role.MEMBER})
    return render(request, "engagement/forum.html", context)


@village_view()
def forum_edit(request: HttpRequest, village: Village, forum: str) -> HttpResponse:
    obj = get_in_village(Forum, village, pk=forum)
    conflict = None
    if request.method == "POST":
        form = f.EditForumForm(versions.merged(request.POST, _forum_form(obj)))
        if form.is_valid():
            d = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            stale = _apply(
                form,
                lambda: (
                    versions.save_claimed(obj, form.data, lambda: services.update_forum(obj, **d))
                    or "saved"
                ),
            )
            if stale == "saved":
                messages.success(request, _("Forum saved."))
                return redirect(_url("forum", village, forum=obj.pk))
            if stale:
                current = stale["current"]
                saved = _forum_form(current)
                form = f.EditForumForm(versions.with_version(form.data, current.version))
                conflict = versions.conflict_context(form, saved, current)
    else:
        form = _forum_form(obj)
    return render(
        request, "engagement/forum_form.html", {"form": form, "forum": obj, "conflict": conflict}
    )


def _forum_form(obj: Forum):
    return f.EditForumForm(
        initial={
            "name": obj.name,
            "purpose": obj.purpose,
            "established": obj.established,
            "active": obj.active,
            "version": obj.version,
        }
    )


@village_view()
def forum_coverage(request: HttpRequest, village: Village, forum: str) -> HttpResponse:
    """Who the forum speaks for, read against the village's network."""
    obj = get_in_village(Forum, village, pk=forum)
    return render(request, "engagement/coverage.html", queries.forum_coverage(obj))


@village_view()
def member_add(request: HttpRequest, village: Village, forum: str) -> HttpResponse:
    obj = get_in_village(Forum, village, pk=forum)
    if request.method == "POST":
        form = f.MemberForm(village, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            member = _apply(
                form,
                lambda: services.add_member(
                    obj,
                    d["actor"],
                    field=d["field"] or services.default_field(d["actor"]),
                    role=d["role"],
                ),
            )
            if member:
                messages.success(request, _("%(name)s joined the forum.") % {"name": member.actor})
                return redirect(_url("forum", village, forum=obj.pk))
    else:
        form = f.MemberForm(village, initial={"role": ForumMember.Role.MEMBER})
    return render(request, "engagement/member_form.html", {"form": form, "forum": obj})


@village_view()
def member(request: HttpRequest, village: Village, member: str) -> HttpResponse:
    """Change the field a member speaks for, or their role; or close their seat."""
    obj = get_in_village(ForumMember, village, pk=member)
    if request.method == "POST":
        form = f.EditMemberForm(village, request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if _apply(form, lambda: services.update_member(obj, field=d["field"], role=d["role"])):
                messages.success(request, _("Member saved."))
                return redirect(_url("forum", village, forum=obj.forum_id))
    else:
        form = f.EditMemberForm(village, initial={"field": obj.field_id, "role": obj.role})
    return render(
        request,
        "engagement/member_form.html",
        {"form": form, "forum": obj.forum, "member": obj, "remove_form": f.RemoveMemberForm()},
    )


@village_view()
@require_POST
def member_remove(request: HttpRequest, village: Village, member: str) -> HttpResponse:
    obj = get_in_village(ForumMember, village, pk=member)
    form = f.RemoveMemberForm(request.POST)
    if form.is_valid():
        try:
            services.remove_member(obj, left=form.cleaned_data["left"])
            messages.success(request, _("%(name)s left the forum.") % {"name": obj.actor})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect(_url("forum", village, forum=obj.forum_id))


# --- Meetings -----------------------------------------------------------------------------------


def _agenda_forms(village, forum, data=None, rows: int = AGENDA_ROWS):
    choices = f.lead_choices(forum)
    return [
        f.AgendaRowForm(village, data, prefix=f"agenda-{i}", lead_choices=choices)
        for i in range(rows)
    ]


@village_view()
def meeting_new(request: HttpRequest, village: Village, forum: str) -> HttpResponse:
    """A meeting with its agenda (each item led by a member in their field) and attendance."""
    obj = get_in_village(Forum, village, pk=forum)
    if request.method == "POST":
        form = f.MeetingForm(request.POST)
        attendance = f.AttendanceForm(obj, request.POST)
        rows = _agenda_forms(village, obj, request.POST)
        valid = all([form.is_valid(), attendance.is_valid()] + [r.is_valid() for r in rows])
        entries, positions = [], []
        for i, r in enumerate(rows):
            d = getattr(r, "cleaned_data", {})
            if d.get("title"):
                entries.append(
                    services.AgendaEntry(
                        d["title"], d.get("field"), d.get("lead"), d.get("notes", "")
                    )
                )
                positions.append(i)
            elif d.get("lead") or d.get("field"):
                # A speaker or field without a title is a row the user meant to fill.
                r.add_error("title", _("Give the agenda item a title."))
                valid = False
        if valid:
            d = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                meeting = services.create_meeting(
                    obj, agenda=entries, present=attendance.cleaned_data["actors"], **d
                )
            except ValidationError as exc:
                _meeting_errors(exc, form, rows, positions)
            else:
                _warn_agenda(request, meeting)
                messages.success(request, _("Meeting saved."))
                return redirect(_url("meeting", village, meeting=meeting.pk))
    else:
        form = f.MeetingForm(initial={"date": queries.today(), "state": Meeting.State.HELD})
        attendance = f.AttendanceForm(obj)
        rows = _agenda_forms(village, obj)
    return render(
        request,
        "engagement/meeting_form.html",
        {"form": form, "attendance": attendance, "rows": rows, "forum": obj},
        status=400 if request.method == "POST" else 200,
    )


def _meeting_errors(exc, form, rows, positions) -> None:
    for key, errors in exc.message_dict.items():
        if key.startswith("agenda-"):
            _, index, field = key.split("-", 2)
            rows[positions[int(index)]].add_error(field, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)


def _warn_agenda(request, meeting) -> None:
    """Tell the user at once when an item breaks the forum's rule."""
    detail = queries.meeting_detail(meeting)
    for item in detail["agenda"]:
        for w in item["warnings"]:
            if w["serious"]:
                messages.warning(request, f"{item['order']}. {item['title']}: {w['message']}")


@village_view()
def meeting(request: HttpRequest, village: Village, meeting: str) -> HttpResponse:
    """A meeting: agenda with warnings, attendance, minutes, decisions, actions (new and carried)."""
    obj = get_in_village(Meeting, village, pk=meeting)
    return _meeting_page(request, village, obj)


def _meeting_page(request, village, obj, status: int = 200, **forms_) -> HttpResponse:
    context = queries.meeting_detail(obj)
    present = [str(a["actor"].pk) for a in context["attendance"] if a["present"]]
    seated = {
        str(m)
        for m in obj.forum.members.filter(left__isnull=True).values_list("actor_id", flat=True)
    }
    context.update(
        {
            "agenda_form": forms_.get("agenda_form")
            or f.AgendaItemForm(village, lead_choices=f.lead_choices(obj.forum), prefix="item"),
            "attendance_form": forms_.get("attendance_form")
            or f.AttendanceForm(
                obj.forum,
                prefix="attendance",
                initial={
                    "present": [p for p in present if p in seated],
                    "guests": [p for p in present if p not in seated],
                },
            ),
            "decision_form": forms_.get("decision_form") or f.DecisionForm(obj, prefix="decision"),
            "action_form": forms_.get("action_form") or f.ActionItemForm(obj, prefix="action"),
        }
    )
    return render(request, "engagement/meeting.html", context, status=status)


@village_view()
def meeting_edit(request: HttpRequest, village: Village, meeting: str) -> HttpResponse:
    obj = get_in_village(Meeting, village, pk=meeting)
    conflict = None
    if request.method == "POST":
        form = f.MeetingForm(versions.merged(request.POST, _meeting_form(obj)))
        if form.is_valid():
            d = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            stale = _apply(
                form,
                lambda: (
                    versions.save_claimed(obj, form.data, lambda: services.update_meeting(obj, **d))
                    or "saved"
                ),
            )
            if stale == "saved":
                messages.success(request, _("Meeting saved."))
                return redirect(_url("meeting", village, meeting=obj.pk))
            if stale:
                current = stale["current"]
                saved = _meeting_form(current)
                form = f.MeetingForm(versions.with_version(form.data, current.version))
                conflict = versions.conflict_context(form, saved, current)
    else:
        form = _meeting_form(obj)
    return render(
        request,
        "engagement/meeting_edit.html",
        {"form": form, "meeting": obj, "conflict": conflict},
    )


def _meeting_form(obj: Meeting):
    return f.MeetingForm(
        initial={
            "date": obj.date,
            "title": obj.title,
            "place": obj.place,
            "state": obj.state,
            "minutes": obj.minutes,
            "version": obj.version,
        }
    )


@village_view()
@require_POST
def meeting_attendance(request: HttpRequest, village: Village, meeting: str) -> HttpResponse:
    obj = get_in_village(Meeting, village, pk=meeting)
    form = f.AttendanceForm(obj.forum, request.POST, prefix="attendance")
    if form.is_valid():
        services.set_attendance(obj, form.cleaned_data["actors"])
        messages.success(request, _("Attendance saved."))
        return redirect(_url("meeting", village, meeting=obj.pk) + "#attendance")
    return _meeting_page(request, village, obj, status=400, attendance_form=form)


@village_view()
@require_POST
def agenda_add(request: HttpRequest, village: Village, meeting: str) -> HttpResponse:
    obj = get_in_village(Meeting, village, pk=meeting)
    form = f.AgendaItemForm(
        village, request.POST, lead_choices=f.lead_choices(obj.forum), prefix="item"
    )
    if form.is_valid():
        d = form.cleaned_data
        entry = services.AgendaEntry(d["title"], d["field"], d["lead"], d["notes"])
        if _apply(form, lambda: services.add_agenda_item(obj, entry)):
            _warn_agenda(request, obj)
            messages.success(request, _("Agenda item added."))
            return redirect(_url("meeting", village, meeting=obj.pk) + "#agenda")
    return _meeting_page(request, village, obj, status=400, agenda_form=form)


@village_view()
def agenda_item(request: HttpRequest, village: Village, item: str) -> HttpResponse:
    obj = get_in_village(AgendaItem, village, pk=item)
    forum_ = obj.meeting.forum
    if request.method == "POST":
        form = f.AgendaItemForm(village, request.POST, lead_choices=f.lead_choices(forum_))
        if form.is_valid():
            d = form.cleaned_data
            entry = services.AgendaEntry(d["title"], d["field"], d["lead"], d["notes"])
            if _apply(form, lambda: services.update_agenda_item(obj, entry)):
                _warn_agenda(request, obj.meeting)
                messages.success(request, _("Agenda item saved."))
                return redirect(_url("meeting", village, meeting=obj.meeting_id) + "#agenda")
    else:
        form = f.AgendaItemForm(
            village,
            lead_choices=f.lead_choices(forum_),
            initial={
                "title": obj.title,
                "field": obj.field_id,
                "lead": str(obj.lead_id) if obj.lead_id else "",
                "notes": obj.notes,
            },
        )
    return render(request, "engagement/agenda_item.html", {"form": form, "item": obj})


@village_view()
@require_POST
def agenda_delete(request: HttpRequest, village: Village, item: str) -> HttpResponse:
    obj = get_in_village(AgendaItem, village, pk=item)
    meeting_id = obj.meeting_id
    services.delete_agenda_item(obj)
    messages.success(request, _("Agenda item removed."))
    return redirect(_url("meeting", village, meeting=meeting_id) + "#agenda")


@village_view()
@require_POST
def decision_add(request: HttpRequest, village: Village, meeting: str) -> HttpResponse:
    obj = get_in_village(Meeting, village, pk=meeting)
    form = f.DecisionForm(obj, request.POST, prefix="decision")
    if form.is_valid():
        d = form.cleaned_data
        if _apply(
            form, lambda: services.add_decision(obj, d["text"], agenda_item=d["agenda_item"])
        ):
            messages.success(request, _("Decision recorded."))
            return redirect(_url("meeting", village, meeting=obj.pk) + "#decisions")
    return _meeting_page(request, village, obj, status=400, decision_form=form)


@village_view()
@require_POST
def decision_delete(request: HttpRequest, village: Village, decision: str) -> HttpResponse:
    obj = get_in_village(Decision, village, pk=decision)
    meeting_id = obj.meeting_id
    services.delete_decision(obj)
    messages.success(request, _("Decision removed."))
    return redirect(_url("meeting", village, meeting=meeting_id) + "#decisions")


@village_view()
@require_POST
def action_add(request: HttpRequest, village: Village, meeting: str) -> HttpResponse:
    obj = get_in_village(Meeting, village, pk=meeting)
    form = f.ActionItemForm(obj, request.POST, prefix="action")
    if form.is_valid():
        d = form.cleaned_data
        if _apply(
            form,
            lambda: services.add_action_item(
                obj, text=d["text"], owner=d["owner"], due=d["due"], agenda_item=d["agenda_item"]
            ),
        ):
            messages.success(request, _("Action item added."))
            return redirect(_url("meeting", village, meeting=obj.pk) + "#actions")
    return _meeting_page(request, village, obj, status=400, action_form=form)


@village_view()
def action(request: HttpRequest, village: Village, action: str) -> HttpResponse:
    """An action item: change its status (done, dropped…) or due date."""
    obj = get_in_village(ActionItem, village, pk=action)
    if request.method == "POST":
        form = f.ActionStatusForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            if _apply(
                form,
                lambda: services.update_action_item(
                    obj, status=d["status"], done_on=d["done_on"], due=d["due"]
                ),
            ):
                messages.success(request, _("Action item saved."))
                if _safe_next(request):
                    return redirect(request.POST["next"])
                return redirect(_url("meeting", village, meeting=obj.meeting_id) + "#actions")
    else:
        form = f.ActionStatusForm(
            initial={"status": obj.status, "done_on": obj.done_on, "due": obj.due}
        )
    return render(request, "engagement/action.html", {"form": form, "action": obj})


@village_view()
def actions(request: HttpRequest, village: Village) -> HttpResponse:
    """Every action item of the village's forums; open ones first, overdue marked."""
    show = request.GET.get("show", "open")
    rows = queries.action_rows(village)
    on = queries.today()
    for a in rows:
        a["overdue"] = (
            a["status"] in queries.progress.OPEN_ACTION_STATUSES and a["due"] and a["due"] < on
        )
    if show == "open":
        rows = [a for a in rows if a["status"] in queries.progress.OPEN_ACTION_STATUSES]
    elif show == "overdue":
        rows = [a for a in rows if a["overdue"]]
    count = len(rows)
    return render(
        request,
        "engagement/actions.html",
        {
            "actions": rows,
            "show": show,
            "summary": _("Action items: %(n)d") % {"n": count},
        },
    )
