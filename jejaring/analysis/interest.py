"""The interest-network view (*jaringan kepentingan*): each patron with its clients, the forms
of dependency, the poor households exposed, captive clients and brokers.

Built from the engine's ``patrons``, ``clients`` and ``clusters`` lists (cached per data
version); names and hamlets come from one query for every actor mentioned.
"""

from __future__ import annotations

from collections import defaultdict

from jejaring.actors.models import Actor
from jejaring.analysis.households import poor_households
from jejaring.analysis.results import current_analysis, number
from jejaring.villages.models import Village

#: Clients listed per patron on the page (the counts are always complete).
CLIENTS_SHOWN = 30


def interest_networks(
    village: Village, *, limit: int | None = 25, clients_shown: int | None = CLIENTS_SHOWN
) -> dict:
    """``{"available", "patrons": [...], "total"}``; each patron (strongest first, only actors
    holding the *patron* role) with ``clients`` (heaviest first, at most ``clients_shown``),
    ``captive``, ``brokers``, ``forms``…"""
    result = current_analysis(village)
    if not result:
        return {"available": False, "patrons": [], "total": 0}
    roles = {str(a["id"]): set(a.get("roles") or []) for a in result.get("actors", [])}
    patrons = [p for p in result.get("patrons", []) if "patron" in roles.get(str(p["id"]), ())]
    total = len(patrons)
    if limit is not None:
        patrons = patrons[:limit]
    wanted = {str(p["id"]) for p in patrons}

    clients_of: dict[str, list[dict]] = defaultdict(list)
    for c in result.get("clients", []):
        for p in c.get("patrons", []):
            pid = str(p["id"])
            if pid not in wanted:
                continue
            why = [
                {"form": cf["form"], "reason": cf.get("reason", "")}
                for cf in c.get("captive_forms", [])
                if str(cf["patron"]) == pid
            ]
            captive = [cf["form"] for cf in why]
            clients_of[pid].append(
                {
                    "id": str(c["id"]),
                    "forms": list(p.get("forms") or []),
                    "weight": number(p.get("weight")),
                    "share": number(p.get("share")),
                    "poor": bool(c.get("poor")),
                    "captive_forms": captive,
                    "captive_why": why,
                    "patrons_count": c.get("patrons_count", 0),
                }
            )
    clusters = {str(c["patron"]): c for c in result.get("clusters", [])}
    for pid in wanted:
        clients_of[pid].sort(key=lambda c: -(c["weight"] or 0))
    captive_of = {pid: [c for c in clients_of[pid] if c["captive_forms"]] for pid in wanted}
    captive_count = {pid: len(rows) for pid, rows in captive_of.items()}
    if clients_shown is not None:
        clients_of = {pid: rows[:clients_shown] for pid, rows in clients_of.items()}
        captive_of = {pid: rows[:clients_shown] for pid, rows in captive_of.items()}
    mentioned = set(wanted)
    for pid in wanted:
        mentioned.update(c["id"] for c in clients_of.get(pid, []))
        mentioned.update(c["id"] for c in captive_of.get(pid, []))
        cl = clusters.get(pid)
        if cl:
            mentioned.update(str(b) for b in cl.get("brokers", []))
    for p in patrons:
        if p.get("superior"):
            mentioned.add(str(p["superior"]))
    actors = {
        str(a.pk): a
        for a in Actor.objects.filter(village=village, pk__in=list(mentioned)).select_related(
            "hamlet", "category"
        )
    }

    out = []
    for p in patrons:
        pid = str(p["id"])
        if pid not in actors:
            continue
        clients = [c for c in clients_of.get(pid, []) if c["id"] in actors]
        captive = [c for c in captive_of.get(pid, []) if c["id"] in actors]
        for c in clients + captive:
            c["actor"] = actors[c["id"]]
        cluster = clusters.get(pid)
        brokers = [actors[str(b)] for b in (cluster or {}).get("brokers", []) if str(b) in actors]
        superior = actors.get(str(p.get("superior"))) if p.get("superior") else None
        out.append(
            {
                "actor": actors[pid],
                "id": pid,
                "patron_score": number(p.get("patron_score")),
                "forms": sorted(
                    (p.get("forms") or {}).items(), key=lambda kv: (-int(kv[1] or 0), kv[0])
                ),
                "clients": clients,
                "client_count": int(p.get("clients") or 0),
                "poor_clients": int(p.get("poor_clients") or 0),
                "captive": captive,
                "captive_count": captive_count.get(pid, 0),
                "reach_poor_1": int(p.get("reach_poor_1") or 0),
                "reach_poor_2": int(p.get("reach_poor_2") or 0),
                "brokers": brokers,
                "cluster_size": (cluster or {}).get("size"),
                "superior": superior
                if superior is not None and superior.pk != actors[pid].pk
                else None,
                "multiplex_clients": int(p.get("multiplex_clients") or 0),
            }
        )
    return {
        "available": True,
        "patrons": out,
        "total": total,
        "poor_households": poor_households(village),
    }
