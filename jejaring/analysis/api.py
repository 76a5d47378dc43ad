"""JSON twins of the analysis pages: the map's data and the interest networks."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

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
