"""Facts shared by the recommendation lists: who an actor is, what it controls, whom it links.

Every list item explains itself with structured facts (codes, ids, numbers); the web app turns
them into sentences in the user's language. These helpers keep the same fact named the same way
in every list.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import numpy as np

from jejaring.graph.recommend.bridges import sole_bridges
from jejaring.graph.recommend.context import Context

__all__ = ["actor_facts", "between_groups", "patron_facts", "ranked_hamlets", "route_facts"]

#: Longest list of hamlets or ids given in facts (counts are always complete).
MAX_LISTED = 5


def actor_facts(ctx: Context, i: int) -> dict[str, Any]:
    """Who the actor is: category, hamlet, stance, influence, engagement status."""
    return {
        "category": ctx.category[i],
        "approach_group": ctx.approach_group[i],
        "hamlet": ctx.hamlet[i],
        "stance": ctx.stance_value(i),
        "influence": ctx.influence_value(i),
        "engagement": ctx.engagement[i],
    }


def ranked_hamlets(ctx: Context, members: Iterable[int]) -> list[str]:
    """Hamlets of ``members``, most frequent first (then by name), unknown left out."""
    counts = Counter(h for h in (ctx.hamlet[i] for i in members) if h)
    return [h for h, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_LISTED]


def patron_facts(ctx: Context, i: int) -> dict[str, Any]:
    """What a patron controls and who depends on it.

    ``clients``, ``poor_clients``, ``captive_clients``, ``captive_poor``, ``forms`` (form →
    clients), ``poor_forms`` (form → poor clients), ``client_hamlets`` (hamlets of the poor
    clients, or of all clients when none is poor), ``multiplex_clients``, ``mean_share`` (the
    clients' mean share of dependency on this patron, 0–1), ``brokers`` (ids of intermediaries
    under it in its pyramid).

    Computed once per patron and context (the patron levers and the blockers both read every
    patron's); each call returns its own copy, which the caller may extend.
    """
    known = ctx.cache.setdefault("patron_facts", {})
    facts = known.get(i)
    if facts is None:
        facts = known[i] = _patron_facts(ctx, i)
    return {k: v.copy() if isinstance(v, dict | list) else v for k, v in facts.items()}


def _patron_facts(ctx: Context, i: int) -> dict[str, Any]:
    links = ctx.links_by_patron.get(i, [])
    row = ctx.patron_rows.get(i, {})
    poor_links = [link for link in links if ctx.poor[link.client]]
    forms: Counter[str] = Counter()
    poor_forms: Counter[str] = Counter()
    for link in links:
        for f in set(link.forms):
            forms[f] += 1
            if ctx.poor[link.client]:
                poor_forms[f] += 1
    captive = [link for link in links if link.captive_forms]
    brokers = sorted(
        (link.client for link in links if ctx.links_by_patron.get(link.client)),
        key=lambda c: (-len(ctx.links_by_patron[c]), ctx.ids[c]),
    )
    shares = [link.share for link in links]
    return {
        "clients": len(links),
        "poor_clients": len(poor_links),
        "captive_clients": len(captive),
        "captive_poor": sum(1 for link in captive if ctx.poor[link.client]),
        "captive_forms": dict(
            sorted(Counter(f for link in captive for f in set(link.captive_forms)).items())
        ),
        "forms": dict(sorted(forms.items(), key=lambda kv: (-kv[1], kv[0]))),
        "poor_forms": dict(sorted(poor_forms.items(), key=lambda kv: (-kv[1], kv[0]))),
        "client_hamlets": ranked_hamlets(ctx, (link.client for link in poor_links or links)),
        "multiplex_clients": int(row.get("multiplex_clients") or 0),
        "mean_share": round(float(np.mean(shares)), 3) if shares else None,
        "brokers": [ctx.ids[b] for b in brokers[:MAX_LISTED]],
        "patron_score": row.get("patron_score"),
    }


def between_groups(ctx: Context, i: int) -> list[str]:
    """The two groups an actor brokers between (its broker role, else the sides it bridges)."""
    for key in ("broker_groups", "gatekeeper", "liaison"):
        facts = ctx.role_facts[i].get(key)
        if facts and facts.get("between"):
            return [str(g) for g in facts["between"]]
    bridge = sole_bridges(ctx).get(i)
    return list(dict.fromkeys(s for s in bridge["sides"] if s)) if bridge else []


def is_group_broker(ctx: Context, i: int) -> bool:
    """A broker between groups: by the engine's roles, or as the sole bridge to a part."""
    held = ctx.roles[i]
    if "broker_groups" in ctx.role_facts[i] or "gatekeeper" in held or "liaison" in held:
        return True
    return i in sole_bridges(ctx)


def route_facts(ctx: Context, routes: Any, i: int) -> dict[str, Any]:
    """How to reach the actor: ``via`` (ids of whom to ask, in order), ``path``, ``known``."""
    if ctx.facilitator[i]:
        return {"via": [], "path": [ctx.ids[i]], "known": True, "reachable": True}
    path = routes.path(i)
    via = routes.via(i)
    return {
        "via": [ctx.ids[v] for v in via],
        "path": [ctx.ids[v] for v in path],
        "known": bool(path) and not via,
        "reachable": bool(path),
    }
