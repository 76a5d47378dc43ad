from __future__ import annotations

from ninja import Router, Schema

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
