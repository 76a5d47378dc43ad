"""Through whom: the shortest chain of trusted ties from the facilitators to every actor.

The field technique approaches a new party through someone who already trusts the facilitator
and whom the party trusts: a relative, a neighbour one talks with, the person one asks for
advice. Dependency ties (credit, land, work) do not carry that trust – asking a moneylender to
introduce you to his borrower makes the program his – and people against the program are not
asked to introduce anyone.

One multi-source Dijkstra (scipy) gives every actor's route at once. A route starts at a
facilitator; actors the facilitators have already met in the approach (approached, receptive,
supportive, active partner) count as one step from them, as if tied. Cost per step is 1 plus a
small penalty for a weak tie (strength 1–5, unknown 3), so the fewest steps always win and
stronger ties break ties between routes of equal length.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jejaring.graph.recommend.context import KNOWN_STATUSES, Context

__all__ = ["TRUSTED_TIE_TYPES", "Routes", "trusted_routes"]

#: Tie types that carry trust for an introduction (the same list as the engagement pages use).
TRUSTED_TIE_TYPES: tuple[str, ...] = ("communication", "kinship", "marriage", "advice")
_UNKNOWN_STRENGTH = 3.0
# A whole route's weakness penalty stays below one step (routes are at most a few dozen steps).
_WEAK_PENALTY = 0.01


@dataclass
class Routes:
    """Routes from the facilitators to every actor.

    ``steps[i]`` is the number of ties on the route (0 for a facilitator, ``inf`` when no trusted
    route exists); :meth:`path` gives the chain of actors.
    """

    pred: np.ndarray
    steps: np.ndarray
    source: int  # the virtual start node (index n)
    facilitator: np.ndarray

    def reachable(self, i: int) -> bool:
        return bool(np.isfinite(self.steps[i]))

    def path(self, i: int) -> list[int]:
        """Actors from the first facilitator (or met actor) to ``i``; empty when unreachable."""
        if not self.reachable(i):
            return []
        out = [i]
        node = int(self.pred[i])
        while node >= 0 and node != self.source:
            out.append(node)
            node = int(self.pred[node])
        return out[::-1]

    def via(self, i: int) -> list[int]:
        """The intermediaries to ask, in order: the route without its facilitator and ``i``."""
        p = self.path(i)
        if p and self.facilitator[p[0]]:
            p = p[1:]
        return p[:-1]


def trusted_routes(ctx: Context, types: tuple[str, ...] = TRUSTED_TIE_TYPES) -> Routes:
    """Shortest trusted routes from the facilitators (and the actors they have met) to everyone.

    Intermediaries against the program (stance ≤ −1 or resistant) are never passed through,
    though they can still be reached.
    """
    from scipy.sparse.csgraph import dijkstra

    net, n = ctx.net, ctx.n
    src, dst = np.asarray(net.src, np.int64), np.asarray(net.dst, np.int64)
    keep = np.isin(np.asarray(net.type, dtype=object), list(types)) & (src != dst)
    keep &= ~np.asarray(net.dependency, dtype=bool)
    strength = net.tie_attrs.get("strength")
    s = np.full(net.m, _UNKNOWN_STRENGTH) if strength is None else np.asarray(strength, float)
    s = np.clip(np.where(np.isnan(s), _UNKNOWN_STRENGTH, s), 1.0, 5.0)
    cost = 1.0 + _WEAK_PENALTY * (5.0 - s) / 4.0
    a = np.r_[src[keep], dst[keep]]
    b = np.r_[dst[keep], src[keep]]
    c = np.r_[cost[keep], cost[keep]]
    # Opposed actors may be reached but not passed through: drop the steps leaving them.
    passable = ~ctx.opposed() | ctx.facilitator
    ok = passable[a]
    a, b, c = a[ok], b[ok], c[ok]
    start = n
    fac = np.flatnonzero(ctx.facilitator)
    met = np.flatnonzero(np.isin(ctx.engagement, sorted(KNOWN_STATUSES)) & ~ctx.facilitator)
    if len(fac) == 0 and len(met):
        # No facilitator recorded: the people already met are where routes begin.
        starts, start_cost = met, np.full(len(met), 1e-9)
    else:
        starts = np.r_[fac, met]
        start_cost = np.r_[np.full(len(fac), 1e-9), np.full(len(met), 1.0)]
    a = np.r_[a, np.full(len(starts), start)]
    b = np.r_[b, starts]
    c = np.r_[c, start_cost]
    # csr_matrix would sum duplicate ties; the cheapest (strongest) one counts instead.
    graph = _min_duplicates(a, b, c, n + 1)
    dist, pred = dijkstra(graph, directed=True, indices=start, return_predecessors=True)
    # Penalties stay far below one step, so rounding gives the number of steps; an actor met
    # in the approach is one step from the facilitators.
    steps = np.where(np.isfinite(dist), np.round(dist), np.inf)[:n]
    return Routes(
        pred=pred[:n].astype(np.int64), steps=steps, source=start, facilitator=ctx.facilitator
    )


def _min_duplicates(a: np.ndarray, b: np.ndarray, c: np.ndarray, size: int):
    from scipy import sparse

    if len(a) == 0:
        return sparse.csr_matrix((size, size))
    key = a * size + b
    order = np.lexsort((c, key))
    key, c = key[order], c[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key, c = key[first], c[first]
    return sparse.csr_matrix((c, (key // size, key % size)), shape=(size, size))
