"""The ego-network picture of the actor page: the actor in the middle, the people tied to it
around, drawn as a small SVG on the server (no script needed, prints well)."""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass

from jejaring.actors.models import Actor, Tie

SIZE = 360
RADIUS = 140
MAX_NEIGHBOURS = 40
PALETTE = (
    "#1d6b57",
    "#c2571a",
    "#3b64b0",
    "#8a4fa3",
    "#b58900",
    "#2a9d8f",
    "#b3261e",
    "#6b7b2c",
    "#5b6870",
    "#d16ba5",
    "#4c956c",
    "#7f5539",
    "#0081a7",
    "#9c6644",
)


@dataclass
class EgoNode:
    id: str
    name: str
    x: float
    y: float
    poor: bool
    anchor: str


@dataclass
class EgoEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str
    directed: bool
    current: bool
    label: str


def ego_picture(actor: Actor, refs: list, types: dict | None = None) -> dict:
    """Nodes and edges of ``actor``'s ego network laid out on a circle.

    ``refs`` are the actor's ties in brief (:class:`jejaring.actors.queries.TieRef`).
    Neighbours with most ties to the actor come first; beyond :data:`MAX_NEIGHBOURS` the rest
    are counted, not drawn. Ties among the neighbours are drawn faintly. Three queries whatever
    the number of ties: tie types, the drawn neighbours, the ties among them.
    """
    from jejaring.actors.models import TieType
    from jejaring.actors.vocabulary import available

    # Ids in ``refs`` are raw (as the database returns them); they are turned into UUIDs only
    # for the few neighbours drawn.
    strength: dict = {}
    for r in refs:
        other = r.other()
        strength[other] = strength.get(other, 0) + 1
    order = sorted(strength, key=lambda raw: (-strength[raw], str(raw)))
    drawn = {_as_uuid(raw): raw for raw in order[:MAX_NEIGHBOURS]}
    people = {
        a.pk: a for a in Actor.objects.filter(pk__in=list(drawn)).only("pk", "name", "welfare")
    }
    raw_of = {pk: raw for pk, raw in drawn.items() if pk in people}
    shown = sorted(raw_of, key=lambda pk: (-strength[raw_of[pk]], people[pk].name))
    me = refs[0].me if refs else None
    c = SIZE / 2
    nodes = {actor.pk: EgoNode(str(actor.pk), actor.name, c, c, actor.is_poor, "middle")}
    n = max(len(shown), 1)
    for i, pk in enumerate(shown):
        angle = 2 * math.pi * i / n - math.pi / 2
        x, y = c + RADIUS * math.cos(angle), c + RADIUS * math.sin(angle)
        anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
        a = people[pk]
        nodes[pk] = EgoNode(str(pk), a.name, round(x, 1), round(y, 1), a.is_poor, anchor)
    by_raw = {raw_of[pk]: nodes[pk] for pk in shown}
    by_raw[me] = nodes[actor.pk]
    types = types or {str(t.pk): t for t in available(TieType, actor.village)}
    type_colour: dict = {}
    legend = []
    edges = []
    for r in refs:
        if r.source_id not in by_raw or r.target_id not in by_raw:
            continue
        t = types.get(str(_as_uuid(r.type_id)))
        label = t.label if t else ""
        if r.type_id not in type_colour:
            type_colour[r.type_id] = PALETTE[len(type_colour) % len(PALETTE)]
            legend.append({"label": label, "colour": type_colour[r.type_id]})
        s, d = by_raw[r.source_id], by_raw[r.target_id]
        edges.append(
            EgoEdge(*_shorten(s, d), type_colour[r.type_id], r.directed, r.is_current, label)
        )
    among = []
    if len(shown) > 1:
        # Filtered on both ends only (the source/target index); no village filter, which would
        # make SQLite walk the whole village's ties.
        rows = Tie.objects.filter(source__in=shown, target__in=shown).values_list(
            "source_id", "target_id", "is_current"
        )
        for s_id, d_id, current in rows[:2000]:
            if current and len(among) < 400:
                s, d = nodes[s_id], nodes[d_id]
                among.append((s.x, s.y, d.x, d.y))
    return {
        "size": SIZE,
        "nodes": list(nodes.values()),
        "centre": nodes[actor.pk],
        "edges": edges,
        "among": among,
        "legend": legend,
        "hidden": max(0, len(order) - len(shown)),
    }


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _shorten(s: EgoNode, d: EgoNode, gap: float = 9.0) -> tuple[float, float, float, float]:
    """Edge end points pulled back from the node circles so arrowheads stay visible."""
    dx, dy = d.x - s.x, d.y - s.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    return (
        round(s.x + ux * gap, 1),
        round(s.y + uy * gap, 1),
        round(d.x - ux * gap, 1),
        round(d.y - uy * gap, 1),
    )
