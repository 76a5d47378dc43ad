"""Whom to go through: routes from the program to a stakeholder over trusted ties.

The field technique approaches a new party through someone who already trusts the facilitator
and is trusted by that party: a kinsman, a neighbour the facilitator chats with, the person the
party asks for advice. This module finds such routes on plain data (no Django), so the rule can
be tested on small hand-made villages and reused by the page, the API, the CLI and the demo.

The program already knows its facilitators' own acquaintances and every stakeholder it has met
in the approach (approached, receptive, supportive, active partner): a met stakeholder counts as
one step from the facilitators. A route is the fewest steps; among routes of equal length one
that starts with a facilitator's own acquaintance comes first (it says who knows whom), then the
one over stronger ties (strength 1–5, unknown counts as 3); remaining ties are broken by actor
id, so the answer is the same every time. The recommendations engine
(:mod:`jejaring.graph.recommend.paths`) follows the same rule.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

# Ties that carry trust for an introduction. Dependency ties (credit, land, work…) do not:
# asking a moneylender to introduce you to his borrower makes the program his.
TRUSTED_TIE_TYPES: tuple[str, ...] = ("communication", "kinship", "marriage", "advice")

UNKNOWN_STRENGTH = 3
MAX_STRENGTH = 5


@dataclass(frozen=True)
class Route:
    """A chain of acquaintances from the program to the stakeholder (``path[-1]``).

    ``path[0]`` is a facilitator when ``from_facilitator``, else a stakeholder the program has
    already met (one step from the facilitators). ``known`` is the first person on the way whom
    the program already knows: the intermediary to ask. ``introducer`` is the one who knows the
    stakeholder. Both are ``None`` for a ``direct`` route (the program knows them already).
    """

    path: tuple[str, ...]
    weakness: int
    from_facilitator: bool = True

    @property
    def facilitator(self) -> str | None:
        return self.path[0] if self.from_facilitator else None

    @property
    def steps(self) -> int:
        return len(self.path) - (1 if self.from_facilitator else 0)

    @property
    def direct(self) -> bool:
        return self.steps <= 1

    @property
    def known(self) -> str | None:
        if self.direct:
            return None
        return self.path[1] if self.from_facilitator else self.path[0]

    @property
    def introducer(self) -> str | None:
        return None if self.direct else self.path[-2]


def _weakness(strength: float | None) -> int:
    """How much weaker than the strongest tie (0 for strength 5, 4 for strength 1)."""
    if strength is None or strength != strength:  # None or NaN
        strength = UNKNOWN_STRENGTH
    return int(max(0, min(MAX_STRENGTH - 1, MAX_STRENGTH - round(strength))))


def adjacency(ties: Iterable[tuple[str, str, float | None]]) -> dict[str, dict[str, int]]:
    """Undirected neighbours with the weakness of the strongest tie between each pair.

    Trust for an introduction runs both ways, so tie direction is ignored.
    """
    adj: dict[str, dict[str, int]] = {}
    for a, b, strength in ties:
        if a == b:
            continue
        w = _weakness(strength)
        for x, y in ((a, b), (b, a)):
            row = adj.setdefault(x, {})
            if y not in row or w < row[y]:
                row[y] = w
    return adj


def suggest_routes(
    ties: Iterable[tuple[str, str, float | None]],
    facilitators: Iterable[str],
    target: str,
    *,
    met: Iterable[str] = (),
    avoid: Iterable[str] = (),
    limit: int = 3,
) -> list[Route]:
    """The best routes from the program to ``target``, one per introducer.

    Parameters
    ----------
    ties : iterable of (actor, actor, strength)
        Trusted ties only (see :data:`TRUSTED_TIE_TYPES`; the caller keeps current ties).
    facilitators : iterable of str
        Actor ids of program staff; routes start with them.
    target : str
        The stakeholder to approach.
    met : iterable of str
        Stakeholders the program has met already (one step from the facilitators).
    avoid : iterable of str
        Actors never to route through (against the program, resistant).
    limit : int
        How many alternatives (distinct introducers) to return.

    Returns
    -------
    list of Route
        Best first. A single direct route when the program knows ``target`` already; empty when
        no trusted chain reaches it or ``target`` is a facilitator.

    Examples
    --------
    >>> ties = [("F", "kades", 4), ("kades", "haji", 5), ("F", "guru", 2), ("guru", "haji", 2)]
    >>> [r.path for r in suggest_routes(ties, ["F"], "haji")]
    [('F', 'kades', 'haji'), ('F', 'guru', 'haji')]
    >>> suggest_routes(ties, ["F"], "kades")[0].direct
    True
    >>> suggest_routes(ties, ["F"], "haji", met=["haji"])[0].direct
    True
    """
    sources = set(facilitators)
    met = set(met) - sources
    if target in sources:
        return []
    adj = adjacency(ties)
    direct = sorted(f for f in sources if f in adj.get(target, {}))
    if direct:
        f = min(direct, key=lambda s: (adj[target][s], s))
        return [Route((f, target), adj[target][f])]
    if target in met:
        return [Route((target,), 0, from_facilitator=False)]
    if target not in adj:
        return []
    blocked = (set(avoid) - sources) | {target}
    best = _distances(adj, sources, met - blocked, blocked)
    candidates = []
    for n, w in adj[target].items():
        if n not in best:
            continue
        hops, rank, weak, path = best[n]
        route = Route((*path, target), weak + w, rank == 0)
        candidates.append(((hops + 1, rank, weak + w, path), route))
    candidates.sort(key=lambda c: c[0])
    return [route for _, route in candidates[:limit]]


def _distances(
    adj: dict[str, dict[str, int]], sources: set[str], met: set[str], blocked: set[str]
) -> dict[str, tuple[int, int, int, tuple[str, ...]]]:
    """Multi-source Dijkstra on (steps, start rank, weakness, path): the best way to every
    reachable actor.

    Facilitators start at 0 steps (rank 0), met stakeholders at 1 step (rank 1, so a chain
    through a facilitator's own acquaintance wins a tie). ``blocked`` actors are never entered.
    """
    best: dict[str, tuple[int, int, int, tuple[str, ...]]] = {}
    heap = [(0, 0, 0, (s,)) for s in sorted(sources)]
    heap += [(1, 1, 0, (m,)) for m in sorted(met)]
    heapq.heapify(heap)
    while heap:
        hops, rank, weak, path = heapq.heappop(heap)
        node = path[-1]
        if node in best:
            continue
        best[node] = (hops, rank, weak, path)
        for nxt, w in adj.get(node, {}).items():
            if nxt in best or nxt in blocked or nxt in sources:
                continue
            heapq.heappush(heap, (hops + 1, rank, weak + w, (*path, nxt)))
    return best
