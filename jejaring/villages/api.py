from __future__ import annotations

from ninja import Router, Schema

from jejaring.analysis.explain import captive_why
from jejaring.analysis.households import poor_totals
from jejaring.core.access import get_village
from jejaring.villages.queries import for_user, home_summary, with_counts

router = Router()


class VillageOut(Schema):
    slug: str
    name: str
    actors: int
    ties: int
    area_code: str | None = None


def village_record(v) -> dict:
    """The village as the CLI's ``villages --format json`` and the API show it."""
    return {
        "slug": v.slug,
        "name": v.name,
        "actors": v.actor_count,
        "ties": v.tie_count,
        "area_code": v.area.code if v.area_id else None,
    }


@router.get("/", response=list[VillageOut])
def list_villages(request):
    """Villages the user is a member of, with actor and current-tie counts."""
    return [village_record(v) for v in with_counts(for_user(request.user))]


class SummaryOut(Schema):
    slug: str
    name: str
    counts: dict[str, int]


@router.get("/{slug}", response=SummaryOut)
def village_summary(request, slug: str):
    """The village home page's counts."""
    village = get_village(request, slug)
    data = home_summary(village)
    return {"slug": village.slug, "name": village.name, "counts": data["counts"]}


@router.get("/{slug}/home")
def village_home(request, slug: str):
    """The village home page: counts, recent discussions and contacts, what needs attention
    and the key figures from the analysis (the same query as the page)."""
    village = get_village(request, slug)
    data = home_summary(village)

    def person(a) -> dict | None:
        return {"id": str(a.pk), "name": a.name} if a is not None else None

    att, fig = data["attention"], data["figures"]
    return {
        "slug": village.slug,
        "name": village.name,
        "counts": data["counts"],
        "recent_discussions": [
            {"id": str(d.pk), "date": d.date, "title": str(d), "place": d.place}
            for d in data["recent_discussions"]
        ],
        "recent_contacts": [
            {"actor": person(c.actor), "held_date": c.held_date, "channel": c.channel}
            for c in data["recent_contacts"]
        ],
        "planned_contacts": [
            {"actor": person(c.actor), "planned_date": c.planned_date}
            for c in data["planned_contacts"]
        ],
        "attention": {
            "never_approached": att["never_approached"],
            "ties_without_evidence": att["ties_without_evidence"],
            "stale_assessments": att["stale_assessments"],
        },
        "figures": {
            "available": fig.get("available", False),
            "patrons": [
                {**person(p["actor"]), "clients": p["clients"], "poor_clients": p["poor_clients"]}
                for p in fig.get("patrons", [])
            ],
            "brokers": [person(b["actor"]) for b in fig.get("brokers", [])],
            "captive_poor": [
                {
                    **person(c["actor"]),
                    "bound_to": [
                        {
                            "patron": person(b["patron"]),
                            "form": b["form"],
                            "reason": b["reason"],
                            "why": captive_why(b["form"], b["reason"]),
                        }
                        for b in c["bound_to"]
                    ],
                }
                for c in fig.get("captive_poor", [])
            ],
            "captive_poor_count": fig.get("captive_poor_count", 0),
            "poor_households": poor_totals(fig.get("poor_households")),
        },
    }
