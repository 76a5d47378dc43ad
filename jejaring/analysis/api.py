"""JSON twins of the analysis pages: the map's data and the interest networks."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from jejaring.analysis.explain import captive_why
from jejaring.analysis.households import poor_totals
from jejaring.analysis.interest import interest_networks
from jejaring.analysis.mapdata import map_data
from jejaring.analysis.results import number
from jejaring.core.access import get_village

router = Router()


@router.get("/{slug}/map")
def village_map(request: HttpRequest, slug: str):
    """The map: actors (columns, with stored positions), current ties (actor indices),
    vocabularies, measures and patron clusters. Same data as the map page."""
    village = get_village(request, slug)
    return map_data(village)


@router.get("/{slug}/interest")
def interest(request: HttpRequest, slug: str, limit: int | None = 25):
    """Patrons (strongest first) with their clients, forms of dependency, poor households
    exposed, captive clients and brokers."""
    village = get_village(request, slug)
    data = interest_networks(village, limit=limit, clients_shown=None)

    def person(a) -> dict:
        return {"id": str(a.pk), "name": a.name, "hamlet": a.hamlet.name if a.hamlet else None}

    return {
        "available": data["available"],
        "total": data["total"],
        "poor_households": poor_totals(data.get("poor_households")),
        "patrons": [
            {
                **person(p["actor"]),
                "patron_score": number(p["patron_score"]),
                "forms": dict(p["forms"]),
                "clients": [
                    {
                        **person(c["actor"]),
                        "forms": c["forms"],
                        "share": c["share"],
                        "poor": c["poor"],
                        "captive_forms": c["captive_forms"],
                        "captive_why": [
                            {**w, "why": captive_why(w["form"], w["reason"])}
                            for w in c["captive_why"]
                        ],
                    }
                    for c in p["clients"]
                ],
                "client_count": p["client_count"],
                "poor_clients": p["poor_clients"],
                "captive": [c["id"] for c in p["captive"]],
                "reach_poor_1": p["reach_poor_1"],
                "reach_poor_2": p["reach_poor_2"],
                "brokers": [person(b) for b in p["brokers"]],
                "superior": person(p["superior"]) if p["superior"] else None,
            }
            for p in data["patrons"]
        ],
    }


@router.get("/{slug}/analysis")
def analysis(request: HttpRequest, slug: str, group_by: str = "hamlet", type: str | None = None):
    """Every measure of the village's current network: the same JSON as ``jejaring analyze``
    (``network``, ``actors``, ``patrons``, ``clients``, ``clusters``; actor ``id`` = the
    actor's UUID). ``type``: comma-separated tie types to keep. Recommendations come from
    ``/{slug}/recommendations``, which also weighs engagement records."""
    from jejaring.analysis.services import village_analysis

    village = get_village(request, slug)
    types = [t for t in (type or "").split(",") if t] or None
    group = None if group_by in ("", "none") else group_by
    return village_analysis(village, types=types, group_by=group)


@router.get("/{slug}/snapshots")
def snapshots(request: HttpRequest, slug: str):
    """The village's snapshots (without their data)."""
    from jejaring.analysis.models import Snapshot

    village = get_village(request, slug)
    return [
        {"id": str(s.pk), "name": s.name, "taken_at": s.taken_at.isoformat(), "note": s.note}
        for s in Snapshot.objects.filter(village=village).defer("data")
    ]


@router.get("/{slug}/snapshots/{snapshot}")
def snapshot_comparison(request: HttpRequest, slug: str, snapshot: str):
    """One snapshot compared with the network now (summary, captive clients, patrons, largest
    changes)."""
    from jejaring.analysis.models import Snapshot
    from jejaring.analysis.snapshots import compare
    from jejaring.core.access import get_in_village

    village = get_village(request, slug)
    snap = get_in_village(Snapshot, village, pk=snapshot)
    return {"id": str(snap.pk), "name": snap.name, **compare(snap, village)}
