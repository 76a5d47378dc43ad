"""Small hand-made villages whose right recommendations are known by hand.

Each builder returns a :class:`~jejaring.graph.network.Network`; the expected answers, and why,
are written in the tests that use them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from jejaring import vocab
from jejaring.graph.network import Network

TEXT = ("name", "kind", "category", "hamlet", "gender", "welfare", "field", "engagement")
FLOAT = ("influence", "interest", "stance")


def network(actors: Sequence[Mapping[str, Any]], ties: Sequence[Mapping[str, Any]]) -> Network:
    """A Network from records (``id`` + actor columns; ``source``, ``target``, ``type`` + tie
    columns). Direction and dependency follow the tie type's built-in rule."""
    ids = [a["id"] for a in actors]
    index = {a: i for i, a in enumerate(ids)}
    attrs: dict[str, np.ndarray] = {
        k: np.array([str(a.get(k, "") or "") for a in actors], dtype=object) for k in TEXT
    }
    for k in FLOAT:
        attrs[k] = np.array([np.nan if a.get(k) is None else float(a[k]) for a in actors])
    attrs["is_facilitator"] = np.array([bool(a.get("is_facilitator")) for a in actors])
    specs = [vocab.TIE_TYPE_BY_CODE[t["type"]] for t in ties]
    m = len(ties)
    return Network(
        ids=ids,
        src=np.array([index[t["source"]] for t in ties], dtype=np.int64),
        dst=np.array([index[t["target"]] for t in ties], dtype=np.int64),
        directed=np.array([s.directed for s in specs], dtype=bool),
        dependency=np.array([s.dependency for s in specs], dtype=bool),
        type=np.array([t["type"] for t in ties], dtype=object),
        weight=np.ones(m),
        attrs=attrs,
        tie_attrs={
            "form": np.array([t.get("form", "") for t in ties], dtype=object),
            "exclusive": np.array(
                [np.nan if t.get("exclusive") is None else float(t["exclusive"]) for t in ties]
            ),
            "strength": np.array(
                [np.nan if t.get("strength") is None else float(t["strength"]) for t in ties]
            ),
        },
    )


def talk(a: str, b: str, **kw: Any) -> dict[str, Any]:
    return {"source": a, "target": b, "type": "communication", **kw}


def two_hamlets_one_broker(broker_stance: float | None = 0.0) -> Network:
    """Hamlets A (a1–a4) and B (b1–b4), each a close group where everyone talks to everyone;
    ``X`` (hamlet A) talks to a1–a3 and b1–b3 and is the only link between them. The
    facilitator ``F`` knows a1 only.

    By hand: X's word reaches 6 others; anyone else reaches 4 (3 in its hamlet + X, or a1: 3 +
    X, F does not count). Removing X cuts B (4 actors) off.
    """
    actors = [{"id": "F", "is_facilitator": True, "category": "facilitator"}]
    for h in "ab":
        for k in range(1, 5):
            actors.append({"id": f"{h}{k}", "hamlet": h.upper(), "welfare": "poor", "stance": 0})
    actors.append({"id": "X", "hamlet": "A", "welfare": "middle", "stance": broker_stance})
    ties = [talk("F", "a1")]
    for h in "ab":
        members = [f"{h}{k}" for k in range(1, 5)]
        ties += [talk(x, y) for i, x in enumerate(members) for y in members[i + 1 :]]
        ties += [talk("X", f"{h}{k}") for k in range(1, 4)]
    return network(actors, ties)


def moneylender_with_ten_captives() -> Network:
    """Darsih (``M``, moneylender, stance −2, influence 4) lends to ten very poor households
    ``c1``–``c10`` in Gunungsari on exclusive terms (each cannot switch): ten captive poor
    clients. Her brother ``R`` (kinship) is receptive to the program; the village head ``K``
    (stance +1) talks with c1–c5 and with the facilitator ``F``.
    """
    actors = [
        {"id": "F", "is_facilitator": True, "category": "facilitator"},
        {
            "id": "M",
            "category": "moneylender",
            "hamlet": "Gunungsari",
            "gender": "female",
            "welfare": "middle",
            "stance": -2,
            "influence": 4,
            "field": "credit",
            "engagement": "resistant",
        },
        {
            "id": "R",
            "category": "household",
            "hamlet": "Gunungsari",
            "gender": "male",
            "welfare": "middle",
            "stance": 1,
            "engagement": "receptive",
        },
        {
            "id": "K",
            "category": "village_official",
            "hamlet": "Krajan",
            "gender": "male",
            "welfare": "well_off",
            "stance": 1,
            "influence": 5,
            "field": "government",
            "engagement": "supportive",
        },
    ]
    for k in range(1, 11):
        actors.append(
            {
                "id": f"c{k}",
                "category": "household",
                "hamlet": "Gunungsari",
                "gender": "female" if k % 2 else "male",
                "welfare": "very_poor",
                "stance": 0,
                "field": "poor_households",
            }
        )
    ties = [talk("F", "K"), talk("K", "R"), {"source": "R", "target": "M", "type": "kinship"}]
    ties += [
        {"source": f"c{k}", "target": "M", "type": "credit", "form": "credit", "exclusive": True}
        for k in range(1, 11)
    ]
    ties += [talk("K", f"c{k}") for k in range(1, 6)]
    return network(actors, ties)
