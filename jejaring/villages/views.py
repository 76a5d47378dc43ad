from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from jejaring.core.access import get_in_village, village_view
from jejaring.villages import areas, services
from jejaring.villages.forms import HamletForm, MemberForm, VillageForm
from jejaring.villages.models import Membership, Village
from jejaring.villages.queries import home_summary


@village_view()
def home(request: HttpRequest, village: Village) -> HttpResponse:
    """The village at a glance: counts and recent discussions."""
    return render(request, "villages/home.html", home_summary(village))


@login_required
def village_new(request: HttpRequest) -> HttpResponse:
    """A new village workspace; whoever creates it becomes its administrator."""
    form = VillageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = services.create_village(
            data["name"],
            slug=data["slug"] or services.unique_slug(data["name"]),
            area_code=data["area_code"] or None,
            admin=request.user,
            hamlets=data["hamlets"],
            program_goal=data["program_goal"],
            description=data["description"],
        )
        messages.success(request, _("Village %(name)s created.") % {"name": village.name})
        return redirect("villages:home", village=village.slug)
    from jejaring.demo.loading import DEMO_USER

    demo_login = DEMO_USER if request.user.get_username() == DEMO_USER else ""
    return render(request, "villages/village_new.html", {"form": form, "demo_login": demo_login})


@login_required
def area_search(request: HttpRequest) -> JsonResponse:
    """Villages of the official Kemendagri list matching ``q`` (for the area picker)."""
    query = request.GET.get("q", "")[:80]
    results = [a for a in areas.search(query, limit=60) if a["level"] == 4][:20]
    return JsonResponse({"results": results})


def _require_admin(request) -> None:
    if not request.membership.can_manage:
        raise PermissionDenied


@village_view()
def settings_page(request: HttpRequest, village: Village) -> HttpResponse:
    """The village's name, goal and area, its hamlets and who may see it.

    Every member may read this page; only administrators change it.
    """
    form = VillageForm(instance=village, creating=False)
    hamlet_form = HamletForm(village=village)
    member_form = MemberForm()
    if request.method == "POST":
        _require_admin(request)
        action = request.POST.get("action")
        if action == "village":
            form = VillageForm(request.POST, instance=village, creating=False)
            if form.is_valid():
                data = form.cleaned_data
                services.update_village(
                    Village.objects.get(pk=village.pk),
                    area_code=data["area_code"],
                    name=data["name"],
                    slug=data["slug"] or village.slug,
                    program_goal=data["program_goal"],
                    description=data["description"],
                )
                messages.success(request, _("Village settings saved."))
                return redirect("villages:settings", village=data["slug"] or village.slug)
        elif action == "hamlet":
            hamlet_form = HamletForm(request.POST, village=village)
            if hamlet_form.is_valid():
                services.add_hamlet(village, hamlet_form.cleaned_data["name"])
                messages.success(request, _("Hamlet added."))
                return redirect("villages:settings", village=village.slug)
        elif action == "member":
            member_form = MemberForm(request.POST)
            if member_form.is_valid():
                services.add_member(village, **member_form.cleaned_data)
                messages.success(request, _("Member saved."))
                return redirect("villages:settings", village=village.slug)
        elif action in ("role", "remove"):
            membership = get_in_village(
                Membership, village, pk=request.POST.get("membership"), param="membership"
            )
            try:
                if action == "role":
                    services.change_role(membership, request.POST.get("role", ""))
                else:
                    services.remove_member(membership)
            except services.LastAdmin:
                messages.error(request, _("A village needs at least one administrator."))
            except ValueError:
                messages.error(request, _("Unknown role."))
            return redirect("villages:settings", village=village.slug)
    members = village.memberships.select_related("user").order_by("user__username")
    return render(
        request,
        "villages/settings.html",
        {
            "form": form,
            "hamlet_form": hamlet_form,
            "member_form": member_form,
            "members": members,
            "roles": Membership.Role.choices,
            "hamlets": village.hamlets.all(),
            "can_manage": request.membership.can_manage,
        },
    )
