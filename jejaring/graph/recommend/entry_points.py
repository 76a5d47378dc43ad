"""Whom to approach first, and through whom.

A ranked list of entry points that together reach most of the village – poor households
weighing more – with the fewest contacts: the greedy maximisation of
:mod:`jejaring.graph.recommend.coverage` over every actor who is not yet supportive, where an
actor's chance of taking the message up depends on its stance, its engagement status and how
easily the facilitators reach it (the shortest trusted route, :mod:`~.paths`). Each item says why
it was chosen, in facts.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from jejaring.graph.recommend import coverage as cov
from jejaring.graph.recommend.context import Context
from jejaring.graph.recommend.facts import (
    actor_facts,
    between_groups,
    is_group_broker,
    patron_facts,
    ranked_hamlets,
    route_facts,
)
from jejaring.graph.recommend.paths import Routes

__all__ = ["coverage_model", "entry_points"]

#: Weight of a poor household in the coverage, against 1 for everyone else.
POOR_WEIGHT = 2.0
#: Influence from which an actor counts as highly influential (0–5 scale).
HIGH_INFLUENCE = 4.0
#: Newly reached actors from which an entry point "reaches many".
REACHES_MANY = 3
#: An actor counts as reached once the chance it was missed falls to this or below.
REACHED = 0.5


def coverage_model(ctx: Context, routes: Routes, *, poor_weight: float = POOR_WEIGHT):
    """The coverage problem of the village (see :class:`~.coverage.CoverageModel`)."""
    net = ctx.net
    intermediaries = np.maximum(routes.steps - 1, 0)
    p = cov.take_up(ctx.stance, ctx.engagement, intermediaries)
    strength = net.tie_attrs.get("strength")
    reach = cov.reach_matrix(
        ctx.n,
        net.src,
        net.dst,
        net.directed,
        None if strength is None else np.asarray(strength, float),
        p,
        ctx.influence,
    )
    weight = np.where(ctx.poor, poor_weight, 1.0)
    weight[ctx.facilitator] = 0.0
    missed = np.ones(ctx.n)
    for i in np.flatnonzero(ctx.engaged()).tolist():
        s, e = reach.indptr[i], reach.indptr[i + 1]
        missed[reach.indices[s:e]] *= 1.0 - reach.data[s:e]
    candidates = ~ctx.facilitator & ~ctx.engaged()
    return cov.CoverageModel(reach, weight, missed, candidates)


def coverage_summary(ctx: Context, model: cov.CoverageModel, missed: np.ndarray) -> dict:
    """Shares of the village (weighted, and of poor households) reached, from ``missed``."""
    counted = ~ctx.facilitator
    poor = ctx.poor & counted
    total = model.total
    return {
        "weighted": round(float(np.sum(model.weight * (1 - missed)) / total), 4) if total else 0.0,
        "poor": round(float(np.sum(1 - missed[poor]) / poor.sum()), 4) if poor.any() else None,
        "actors_reached": int(np.sum((missed <= REACHED) & counted)),
        "poor_reached": int(np.sum((missed <= REACHED) & poor)),
        "actors": int(counted.sum()),
        "poor_households": int(poor.sum()),
    }


def entry_points(
    ctx: Context,
    routes: Routes,
    *,
    count: int = 10,
    min_gain_share: float = 0.002,
    poor_weight: float = POOR_WEIGHT,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The ranked entry points and the coverage before and after them.

    Returns
    -------
    items : list of dict
        ``actor``, ``rank``, ``reason_codes``, ``facts`` (see :func:`_explain`).
    coverage : dict
        ``before`` (by the actors already supportive), ``after`` (with every entry point) –
        each :func:`coverage_summary` – and ``steps`` (weighted share after each rank).
    """
    model = coverage_model(ctx, routes, poor_weight=poor_weight)
    picks, gains, missed_after = cov.greedy(
        model, count, tiebreak=ctx.tiebreak(), min_gain=min_gain_share * model.total
    )
    items = []
    missed = model.missed.copy()
    steps = []
    for rank, (i, gain) in enumerate(zip(picks, gains, strict=True), start=1):
        before = missed.copy()
        s, e = model.reach.indptr[i], model.reach.indptr[i + 1]
        missed[model.reach.indices[s:e]] *= 1.0 - model.reach.data[s:e]
        share = float(np.sum(model.weight * (1 - missed)) / model.total)
        steps.append(round(share, 4))
        codes, facts = _explain(ctx, routes, model, i, before)
        facts["gain"] = round(gain, 3)
        facts["coverage_after"] = round(share, 4)
        items.append({"actor": ctx.ids[i], "rank": rank, "reason_codes": codes, "facts": facts})
    summary = {
        "before": coverage_summary(ctx, model, model.missed),
        "after": coverage_summary(ctx, model, missed_after),
        "steps": steps,
        "poor_weight": poor_weight,
    }
    return items, summary


def _explain(
    ctx: Context, routes: Routes, model: cov.CoverageModel, i: int, missed: np.ndarray
) -> tuple[list[str], dict[str, Any]]:
    """Reason codes and facts of one pick; ``missed`` is the state just before choosing it."""
    s, e = model.reach.indptr[i], model.reach.indptr[i + 1]
    around = model.reach.indices[s:e]
    around = around[(around != i) & ~ctx.facilitator[around]]
    new = around[missed[around] > REACHED]
    new_poor = new[ctx.poor[new]]
    facts: dict[str, Any] = actor_facts(ctx, i)
    facts.update(
        {
            "ties": len(around),
            "new_reach": len(new),
            "poor_reach": len(new_poor),
            "hamlets": ranked_hamlets(ctx, new),
        }
    )
    facts.update(route_facts(ctx, routes, i))
    codes: list[str] = []
    patron = patron_facts(ctx, i) if i in ctx.links_by_patron else None
    if patron and patron["poor_clients"]:
        codes.append("patron_of_poor")
        facts.update(
            {
                "poor_clients": patron["poor_clients"],
                "clients": patron["clients"],
                "forms": patron["forms"],
                "poor_forms": patron["poor_forms"],
                "client_hamlets": patron["client_hamlets"],
            }
        )
    if len(new_poor):
        codes.append("reaches_poor")
    if len(new) >= REACHES_MANY:
        codes.append("reaches_many")
    if is_group_broker(ctx, i):
        codes.append("broker_between_groups")
        facts["between"] = between_groups(ctx, i)
    if ctx.approach_group[i]:
        codes.append("first_approach_group")
    infl = ctx.influence_value(i)
    if infl is not None and infl >= HIGH_INFLUENCE:
        codes.append("high_influence")
    stance = ctx.stance_value(i)
    if (stance is not None and stance >= 1) or ctx.engagement[i] == "receptive":
        codes.append("open_to_program")
    if ctx.opposed()[i]:
        codes.append("approach_with_care")
    if ctx.engagement[i] in ("approached", "receptive"):
        codes.append("already_approached")
    if not facts["reachable"]:
        codes.append("no_trusted_route")
    elif facts["known"]:
        codes.append("known_to_facilitator")
    else:
        codes.append("reachable_through")
    return codes, facts
