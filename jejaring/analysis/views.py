"""Pages of the analysis app: the village map and the interest-network view.

The map is drawn in the browser with sigma.js (WebGL) from :func:`map_data` (the same function
serves the JSON API); positions are computed on the server and stored, so the map does not jump
between visits.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jejaring.analysis.interest import interest_networks
from jejaring.analysis.layout import map_positions
from jejaring.analysis.mapdata import map_data as build_map_data
from jejaring.analysis.results import MEASURES
from jejaring.core.access import village_view
from jejaring.villages.models import Village


def map_strings() -> dict[str, str]:
    """Words the map script shows, translated here (the script holds no text of its own)."""
    return {
        "loading": _("Loading the map…"),
        "nodes": _("actors drawn"),
        "ties": _("ties drawn"),
        "category": _("Category"),
        "community": _("Community"),
        "stance": _("Stance"),
        "hamlet": _("Hamlet"),
        "role": _("Role"),
        "none": _("none"),
        "unknown": _("unknown"),
        "noHamlet": _("no hamlet"),
        "noCategory": _("no category"),
        "influence": _("Influence (towers)"),
        "equal": _("Same size"),
        "stanceAgainst2": _("Strongly against"),
        "stanceAgainst1": _("Against"),
        "stanceNeutral": _("Neutral"),
        "stanceFor1": _("For"),
        "stanceFor2": _("Strongly for"),
        "stanceUnknown": _("Not assessed"),
        "notFound": _("No actor of that name on the map."),
        "openPage": _("Open actor page"),
        "cluster": _("Patron cluster of %(name)s (%(n)s actors)"),
        "arrow": _("Arrows point from the client to the patron (who depends on whom)."),
        "dependencyTie": _("dependency tie"),
        "otherTie": _("other tie"),
        "webglMissing": _("This browser cannot draw the map (WebGL is off)."),
        "community_n": _("Community %(n)s"),
        "members": _("members"),
        "sizeBy": _("Size: %(what)s"),
    }


@village_view()
def village_map(request: HttpRequest, village: Village) -> HttpResponse:
    from jejaring.actors.queries import filter_choices

    ctx = {
        "strings": map_strings(),
        "measures": MEASURES,
        "colour_choices": [
            ("category", _("Category")),
            ("community", _("Community")),
            ("stance", _("Stance")),
            ("hamlet", _("Hamlet")),
            ("role", _("Role")),
        ],
        "choices": filter_choices(village),
        "initial": {
            k: request.GET.get(k, "")
            for k in ("focus", "cluster", "hamlet", "category", "colour", "size", "type")
        },
    }
    return render(request, "analysis/map.html", ctx)


@village_view()
def map_data(request: HttpRequest, village: Village) -> JsonResponse:
    """The map's data as JSON (same function as ``GET /api/v1/villages/{slug}/map``)."""
    return JsonResponse(build_map_data(village))


@village_view(write=True)
@require_POST
def map_relayout(request: HttpRequest, village: Village) -> HttpResponse:
    """Lay the whole map out afresh (the facilitator asks for it; positions change)."""
    map_positions(village, relayout=True)
    messages.success(request, _("The map was laid out afresh."))
    return redirect("analysis:map", village=village.slug)


@village_view()
def interest(request: HttpRequest, village: Village) -> HttpResponse:
    """Patrons with their clients, forms of dependency, exposed poor, captives and brokers."""
    show_all = request.GET.get("all") == "1"
    data = interest_networks(village, limit=None if show_all else 25)
    return render(request, "analysis/interest.html", {**data, "show_all": show_all})


@village_view()
def snapshots(request: HttpRequest, village: Village) -> HttpResponse:
    """The village's snapshots; members who can write take a new one (POST)."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from jejaring.analysis.forms import SnapshotForm
    from jejaring.analysis.models import Snapshot
    from jejaring.analysis.snapshots import take_snapshot

    form = SnapshotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        snap = take_snapshot(
            village, form.cleaned_data["name"], note=form.cleaned_data["note"], user=request.user
        )
        messages.success(request, _("Snapshot %(name)s taken.") % {"name": snap.name})
        return redirect("analysis:snapshot", village=village.slug, snapshot=snap.pk)
    items = Snapshot.objects.filter(village=village).defer("data").select_related("created_by")
    return render(request, "analysis/snapshots.html", {"form": form, "snapshots": items})


@village_view()
def snapshot(request: HttpRequest, village: Village, snapshot) -> HttpResponse:
    """One snapshot compared with the village now."""
    from jejaring.analysis.models import Snapshot
    from jejaring.analysis.results import MEASURE_BY_KEY
    from jejaring.analysis.snapshots import compare
    from jejaring.core.access import get_in_village

    snap = get_in_village(Snapshot, village, pk=snapshot)
    comparison = compare(snap, village)
    for m in comparison["moved"]:
        known = MEASURE_BY_KEY.get(m["measure"])
        m["label"] = known.label if known else m["measure"]
    return render(request, "analysis/snapshot.html", {"snapshot": snap, "comparison": comparison})
