"""Who may block: capacity to block the program, and a reason to.

*Capacity*: high influence, many captive clients (a patron who can tell the households that
depend on him not to take part), many poor clients, or a gatekeeper position between groups
(the engine's Gould–Fernandez gatekeeper role, or a sole bridge whose absence cuts part of the
village off, :mod:`~.bridges`). *Reason*: a stance against the program or resistance in the
approach; actors not yet judged or undecided are kept on a watch list with a lower score;
supporters never are.

Each blocker comes with ways to lower the risk: who could speak to them (trusted ties to
people already on the program's side), which of their interests the program serves (from the
lever list), alternatives for their captive clients, a second channel into the part of the
village they guard, and a seat in the forum.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from jejaring.graph.recommend.bridges import sole_bridges
from jejaring.graph.recommend.context import KNOWN_STATUSES, Context
from jejaring.graph.recommend.facts import (
    MAX_LISTED,
    actor_facts,
    between_groups,
    patron_facts,
    route_facts,
)
from jejaring.graph.recommend.levers import form_alternative, select_interests
from jejaring.graph.recommend.paths import TRUSTED_TIE_TYPES, Routes

__all__ = ["blockers"]

HIGH_INFLUENCE = 4.0
MANY_CAPTIVE = 3
MANY_POOR_CLIENTS = 5
#: Risk that an actor uses its capacity against the program, by what is known of its stance.
RISK = {
    "resistant": 1.0,
    "strongly_opposed": 1.0,
    "opposed": 0.75,
    "unknown": 0.45,
    "neutral": 0.35,
}
#: Parts of the capacity score (they sum to 1).
CAPACITY_PARTS = {"influence": 0.35, "captive": 0.25, "poor_clients": 0.15, "gatekeeper": 0.25}
_KIN = ("kinship", "marriage")


def _risk(ctx: Context, i: int) -> str | None:
    s = ctx.stance[i]
    if ctx.engagement[i] == "resistant":
        return "resistant"
    if ctx.engagement[i] in ("supportive", "active_partner"):
        return None
    if np.isnan(s):
        return "unknown"
    if s <= -1.5:
        return "strongly_opposed"
    if s <= -0.5:
        return "opposed"
    if s < 0.5:
        return "neutral"
    return None


def blockers(ctx: Context, routes: Routes, table: dict, *, count: int = 10) -> list[dict[str, Any]]:
    """Actors who may block, riskiest first, each with reasons and ways to lower the risk.

    Each item: ``actor``, ``rank``, ``level`` (``"high"`` when opposed or resistant, else
    ``"watch"``), ``score`` (risk × capacity, 0–1), ``reason_codes``, ``facts`` and
    ``mitigations`` (``[{"code", "facts"}]``).
    """
    bridges = sole_bridges(ctx)
    rows = []
    for i in range(ctx.n):
        if ctx.facilitator[i]:
            continue
        risk = _risk(ctx, i)
        if risk is None:
            continue
        codes, facts, capacity = _capacity(ctx, i, bridges)
        if not codes or _dependent_position_only(ctx, i, codes):
            continue
        level = "high" if risk in ("resistant", "strongly_opposed", "opposed") else "watch"
        score = RISK[risk] * capacity
        rows.append((level != "high", -score, ctx.ids[i], i, level, score, risk, codes, facts))
    rows.sort(key=lambda r: r[:3])
    tb = ctx.tiebreak()
    items = []
    for rank, (*_, i, level, score, risk, codes, facts) in enumerate(rows[:count], start=1):
        facts.update(actor_facts(ctx, i))
        facts.update(route_facts(ctx, routes, i))
        facts["risk"] = risk
        items.append(
            {
                "actor": ctx.ids[i],
                "rank": rank,
                "level": level,
                "score": round(score, 3),
                "reason_codes": [risk, *codes],
                "facts": facts,
                "mitigations": _mitigations(ctx, routes, table, i, facts, bridges, tb),
            }
        )
    return items


def _dependent_position_only(ctx: Context, i: int, codes: list[str]) -> bool:
    """A poor client whose only capacity is a position in the network.

    A very poor sharecropper who is the only link between the landowner and a few other
    households holds that position *because* he depends on the landowner: it is the
    landowner's reach, not his. Poor actors who depend on a patron are therefore never listed
    for a bridge or gatekeeper position alone – only for influence or clients of their own.
    """
    if not ctx.poor[i] or i not in ctx.links_by_client:
        return False
    return set(codes) <= {"sole_bridge", "gatekeeper"}


def _capacity(
    ctx: Context, i: int, bridges: dict[int, dict]
) -> tuple[list[str], dict[str, Any], float]:
    codes: list[str] = []
    facts: dict[str, Any] = {}
    infl = ctx.influence_value(i) or 0.0
    if infl >= HIGH_INFLUENCE:
        codes.append("high_influence")
    captive = poor_clients = 0
    if i in ctx.links_by_patron:
        pf = patron_facts(ctx, i)
        captive, poor_clients = pf["captive_clients"], pf["poor_clients"]
        facts.update(
            {
                k: pf[k]
                for k in (
                    "clients",
                    "poor_clients",
                    "captive_clients",
                    "captive_poor",
                    "captive_forms",
                    "forms",
                    "client_hamlets",
                )
            }
        )
        if captive >= MANY_CAPTIVE:
            codes.append("many_captive_clients")
        if poor_clients >= MANY_POOR_CLIENTS:
            codes.append("many_poor_clients")
    gate = 0.0
    bridge = bridges.get(i)
    if bridge:
        codes.append("sole_bridge")
        facts["cut_off"] = bridge["cut_off"]
        facts["between"] = list(dict.fromkeys(s for s in bridge["sides"] if s))
        facts["cut_off_hamlets"] = bridge["cut_off_hamlets"]
        gate = 1.0
    elif "gatekeeper" in ctx.roles[i]:
        codes.append("gatekeeper")
        facts["between"] = between_groups(ctx, i)
        gate = 0.7
    p = CAPACITY_PARTS
    capacity = (
        p["influence"] * infl / 5.0
        + p["captive"] * min(1.0, captive / 10.0)
        + p["poor_clients"] * min(1.0, poor_clients / 20.0)
        + p["gatekeeper"] * gate
    )
    return codes, facts, capacity


def _allies(ctx: Context) -> np.ndarray:
    """People on the program's side who could speak for it: met, receptive or better, or
    supportive in stance; never the facilitators themselves (once per context)."""
    if "allies" not in ctx.cache:
        with np.errstate(invalid="ignore"):
            ok = np.isin(ctx.engagement, sorted(KNOWN_STATUSES)) | (ctx.stance >= 1)
        ctx.cache["allies"] = ok & ~ctx.opposed() & ~ctx.facilitator
    return ctx.cache["allies"]


def _trusted_ties(ctx: Context) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the ties of a trusted type, and whether each is kinship (once per context)."""
    if "trusted_ties" not in ctx.cache:
        types = np.asarray(ctx.net.type, dtype=object)
        trusted = np.flatnonzero(np.isin(types, list(TRUSTED_TIE_TYPES)))
        ctx.cache["trusted_ties"] = (trusted, np.isin(types[trusted], _KIN))
    return ctx.cache["trusted_ties"]


def _messengers(ctx: Context, routes: Routes, i: int, tb: np.ndarray) -> tuple[list[int], bool]:
    """Who could speak to ``i``: people with a trusted tie to it, not against the program.

    Allies (already met or supportive) first, relatives before others, then by stance and
    influence; when there is no ally, people the facilitators can reach. Returns the ids and
    whether they are allies.
    """
    net = ctx.net
    trusted, is_kin = _trusted_ties(ctx)
    allies = _allies(ctx)
    opposed = ctx.opposed()
    kin: dict[int, bool] = {}
    for a, b in ((net.src, net.dst), (net.dst, net.src)):
        sel = np.flatnonzero(a[trusted] == i)
        for k, j in zip(sel.tolist(), b[trusted[sel]].tolist(), strict=True):
            if j != i and not opposed[j] and not ctx.facilitator[j]:
                kin[j] = kin.get(j, False) or bool(is_kin[k])
    found = [j for j in kin if allies[j]]
    are_allies = bool(found)
    if not found:
        found = [j for j in kin if routes.reachable(j)]

    def order(j: int) -> tuple:
        stance = np.nan_to_num(ctx.stance[j], nan=0.0)
        return (not kin[j], -stance, -np.nan_to_num(ctx.influence[j], nan=0.0), tb[j])

    return sorted(found, key=order)[:3], are_allies


def _alternatives(ctx: Context, i: int, forms: list[str]) -> dict[str, list[str]]:
    """Other providers of the captive forms who are not against the program, most clients first."""
    out: dict[str, list[str]] = {}
    opposed = ctx.opposed()
    for form in forms:
        providers = [
            p
            for p, links in ctx.links_by_patron.items()
            if p != i and not opposed[p] and any(form in link.forms for link in links)
        ]
        providers.sort(key=lambda p: (-len(ctx.links_by_patron[p]), ctx.ids[p]))
        if providers:
            out[form] = [ctx.ids[p] for p in providers[:3]]
    return out


def _mitigations(
    ctx: Context,
    routes: Routes,
    table: dict,
    i: int,
    facts: dict[str, Any],
    bridges: dict[int, dict],
    tb: np.ndarray,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    messengers, allies = _messengers(ctx, routes, i, tb)
    if messengers:
        out.append(
            {
                "code": "speak_through",
                "facts": {"who": [ctx.ids[j] for j in messengers], "allies": allies},
            }
        )
    elif facts.get("via"):
        out.append({"code": "speak_through", "facts": {"who": facts["via"][-1:], "allies": True}})
    else:
        out.append({"code": "build_trust_first", "facts": {}})
    interests = select_interests(table, list(facts.get("forms") or {}), ctx.category[i])
    if interests:
        out.append(
            {
                "code": "serve_interests",
                "facts": {"interests": [x["code"] for x in interests]},
                "interests": interests,
            }
        )
    if facts.get("captive_forms"):
        forms = sorted(facts["captive_forms"])
        out.append(
            {
                "code": "strengthen_alternatives",
                "facts": {"forms": forms, "providers": _alternatives(ctx, i, forms)},
                # What to offer differs by form: never "another source of land … a cooperative".
                "alternatives": {f: form_alternative(table, f) for f in forms},
            }
        )
    bridge = bridges.get(i)
    if bridge:
        on_side = _allies(ctx)
        other = [v for v in bridge["cut_off_members"] if on_side[v]]
        if not other:
            # No ally on the other side yet: its best-connected members are where to start.
            if "tie_degree" not in ctx.cache:
                ends = np.r_[ctx.net.src, ctx.net.dst]
                ctx.cache["tie_degree"] = np.bincount(ends, minlength=ctx.n)
            degree = ctx.cache["tie_degree"]
            other = sorted(bridge["cut_off_members"], key=lambda v: (-degree[v], tb[v]))
        out.append(
            {
                "code": "open_second_channel",
                "facts": {
                    "hamlets": bridge["cut_off_hamlets"],
                    "contacts": [ctx.ids[v] for v in other[:MAX_LISTED]],
                },
            }
        )
    field = ctx.fields[i][0] if ctx.fields[i] else ""
    out.append({"code": "offer_forum_seat", "facts": {"field": field}})
    return out
