"""Snapshots: the network and its measures frozen at a date, to compare before and after.

A snapshot keeps the engine's input rows and the measures a facilitator compares over time
(network summary, and per actor the roles, patron score, dependency concentration, captivity
and betweenness), so it stays readable even after actors are merged or deleted.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from jejaring.analysis.adapter import actor_rows, tie_rows
from jejaring.analysis.models import Snapshot
from jejaring.analysis.services import village_analysis
from jejaring.villages.models import Village

#: Per-actor measures kept in a snapshot.
KEPT_MEASURES = (
    "degree",
    "betweenness_normalized",
    "pagerank",
    "patron_score",
    "dependency_concentration",
    "captive",
    "community",
    "roles",
)

#: Network summary keys compared between a snapshot and now.
COMPARED_SUMMARY = (
    "actors",
    "ties",
    "dependency_ties",
    "density",
    "components",
    "reciprocity",
    "transitivity",
    "mean_degree",
    "betweenness_centralization",
    "communities",
)


def _frozen_measures(village: Village) -> dict[str, Any]:
    result = village_analysis(village)
    actors = {
        a["id"]: {"name": a["name"], **{k: a.get(k) for k in KEPT_MEASURES}}
        for a in result["actors"]
    }
    return {"network": result["network"], "actors": actors}


@transaction.atomic
def take_snapshot(village: Village, name: str, *, note: str = "", user=None) -> Snapshot:
    """Freeze the village's current network and measures under ``name``."""
    village.refresh_from_db(fields=["data_version"])
    return Snapshot.objects.create(
        village=village,
        name=name,
        note=note,
        taken_at=timezone.now(),
        data_version=village.data_version,
        created_by=user,
        data={
            "actors": actor_rows(village),
            "ties": tie_rows(village),
            "analysis": _frozen_measures(village),
        },
    )


def _captive_count(actors: dict[str, dict]) -> int:
    return sum(1 for a in actors.values() if a.get("captive"))


def _patrons(actors: dict[str, dict]) -> set[str]:
    return {k for k, a in actors.items() if "patron" in (a.get("roles") or [])}


def compare(snapshot: Snapshot, village: Village) -> dict[str, Any]:
    """The snapshot against the village now: summary side by side, captive clients and patrons
    then and now, and the actors whose patron score or betweenness moved most."""
    then = snapshot.data.get("analysis", {})
    now = _frozen_measures(village)
    then_actors, now_actors = then.get("actors", {}), now["actors"]
    summary = [
        {"key": k, "then": then.get("network", {}).get(k), "now": now["network"].get(k)}
        for k in COMPARED_SUMMARY
    ]
    moved = []
    for actor_id in then_actors.keys() & now_actors.keys():
        a, b = then_actors[actor_id], now_actors[actor_id]
        for measure in ("patron_score", "betweenness_normalized"):
            x, y = a.get(measure), b.get(measure)
            if isinstance(x, int | float) and isinstance(y, int | float) and x != y:
                moved.append(
                    {
                        "id": actor_id,
                        "name": b["name"],
                        "measure": measure,
                        "then": x,
                        "now": y,
                        "change": y - x,
                    }
                )
    moved.sort(key=lambda m: -abs(m["change"]))
    patrons_then, patrons_now = _patrons(then_actors), _patrons(now_actors)
    return {
        "summary": summary,
        "captive": {"then": _captive_count(then_actors), "now": _captive_count(now_actors)},
        "patrons_new": sorted(now_actors[i]["name"] for i in patrons_now - patrons_then),
        "patrons_gone": sorted(
            then_actors[i]["name"] for i in patrons_then - patrons_now if i in then_actors
        ),
        "actors_added": len(now_actors.keys() - then_actors.keys()),
        "actors_removed": len(then_actors.keys() - now_actors.keys()),
        "moved": moved[:15],
    }
