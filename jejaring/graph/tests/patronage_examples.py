"""Small hand-worked patron–client networks shared by the tests and ``docs/measures.md`` (patron–client section).

Each example is written as two tables, actors and ties, in the shape of the file contract
(DESIGN.md), and turned into a :class:`~jejaring.graph.network.Network` by
:func:`make_network`. The expected values are worked out by hand in the tests and in the
documentation, not here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from jejaring import vocab
from jejaring.graph.network import Network

ACTOR_TEXT = ("name", "kind", "category", "hamlet", "gender", "welfare")
ACTOR_FLOAT = ("influence", "interest", "stance")
TIE_TEXT = ("form", "frequency", "attachment", "balance", "terms_set_by")


def make_network(actors: Sequence[Mapping[str, Any]], ties: Sequence[Mapping[str, Any]]) -> Network:
    """A Network from records.

    ``actors``: dicts with ``id`` and any of the actor columns. ``ties``: dicts with
    ``source``, ``target``, ``type`` and any of ``form``, ``frequency``, ``attachment``,
    ``balance``, ``terms_set_by``, ``exclusive`` (True, False or None) and ``strength``.
    Whether a tie is directed and a dependency tie follows its type in
    :data:`jejaring.vocab.TIE_TYPES`; ``directed`` and ``dependency`` keys override that.

    Examples
    --------
    >>> net = make_network([{"id": "a"}, {"id": "b"}],
    ...                    [{"source": "a", "target": "b", "type": "credit"}])
    >>> net.dependency.tolist(), net.tie_attrs["exclusive"].tolist()
    ([True], [nan])
    """
    ids = [str(a["id"]) for a in actors]
    index = {actor_id: i for i, actor_id in enumerate(ids)}
    attrs: dict[str, np.ndarray] = {
        name: np.array([str(a.get(name, "") or "") for a in actors], dtype=object)
        for name in ACTOR_TEXT
    }
    for name in ACTOR_FLOAT:
        attrs[name] = np.array([_float(a.get(name)) for a in actors], dtype=float)

    def spec(tie: Mapping[str, Any]) -> vocab.TieTypeSpec | None:
        return vocab.TIE_TYPE_BY_CODE.get(tie.get("type", ""))

    def flag(tie: Mapping[str, Any], key: str) -> bool:
        if key in tie:
            return bool(tie[key])
        found = spec(tie)
        return bool(getattr(found, key)) if found else key == "directed"

    tie_attrs: dict[str, np.ndarray] = {
        name: np.array([str(t.get(name, "") or "") for t in ties], dtype=object)
        for name in TIE_TEXT
    }
    tie_attrs["exclusive"] = np.array(
        [np.nan if t.get("exclusive") is None else float(bool(t["exclusive"])) for t in ties]
    )
    tie_attrs["strength"] = np.array([_float(t.get("strength")) for t in ties], dtype=float)
    return Network(
        ids=ids,
        src=np.array([index[t["source"]] for t in ties], dtype=np.int64),
        dst=np.array([index[t["target"]] for t in ties], dtype=np.int64),
        directed=np.array([flag(t, "directed") for t in ties], dtype=bool),
        dependency=np.array([flag(t, "dependency") for t in ties], dtype=bool),
        type=np.array([str(t.get("type", "")) for t in ties], dtype=object),
        weight=np.ones(len(ties)),
        attrs=attrs,
        tie_attrs=tie_attrs,
    )


def _float(value: Any) -> float:
    return np.nan if value is None or value == "" else float(value)


# --- Example 1: a landowner with three sharecroppers, one of them captive ------------------
# L rents land to s1, s2 and s3. s3 also rents a plot from a second landowner, L2, and is kin
# of s2. s1 knows no one else.
LANDOWNER_ACTORS = [
    {"id": "L", "name": "Pak Darmo", "category": "landowner", "welfare": "well_off"},
    {"id": "s1", "name": "Pak Karto", "category": "sharecropper", "welfare": "poor"},
    {"id": "s2", "name": "Bu Sumi", "category": "sharecropper", "welfare": "very_poor"},
    {"id": "s3", "name": "Pak Wiryo", "category": "sharecropper", "welfare": "middle"},
    {"id": "L2", "name": "Haji Salim", "category": "landowner", "welfare": "well_off"},
]
LANDOWNER_TIES = [
    {
        "source": "s1",
        "target": "L",
        "type": "land",
        "frequency": "seasonal",
        "attachment": "binding",
        "balance": "favours_patron",
    },
    {
        "source": "s2",
        "target": "L",
        "type": "land",
        "frequency": "seasonal",
        "attachment": "moderate",
    },
    {"source": "s3", "target": "L", "type": "land", "frequency": "yearly", "attachment": "loose"},
    {"source": "s3", "target": "L2", "type": "land", "frequency": "seasonal"},
    {"source": "s2", "target": "s3", "type": "kinship"},
]


def landowner_sharecroppers() -> Network:
    """Example 1: a landowner with three sharecroppers, one of them captive."""
    return make_network(LANDOWNER_ACTORS, LANDOWNER_TIES)


# --- Example 2: a middleman buying from poor farmers through a broker --------------------
# The tengkulak T buys the harvest of f1, f2, f3 through a village collector b, who sells on
# to T and takes cash advances from T. f4 sells to T directly. T2, a rival buyer from the
# next village, is the brother-in-law of f3.
MIDDLEMAN_ACTORS = [
    {
        "id": "T",
        "name": "Koh Liem",
        "category": "trader",
        "welfare": "well_off",
        "hamlet": "Krajan",
    },
    {
        "id": "b",
        "name": "Pak Bejo",
        "category": "trader",
        "welfare": "middle",
        "hamlet": "Sidomulyo",
    },
    {
        "id": "f1",
        "name": "Mbok Sarni",
        "category": "household",
        "welfare": "very_poor",
        "hamlet": "Sidomulyo",
    },
    {
        "id": "f2",
        "name": "Pak Tarno",
        "category": "household",
        "welfare": "poor",
        "hamlet": "Sidomulyo",
    },
    {
        "id": "f3",
        "name": "Pak Ngadi",
        "category": "household",
        "welfare": "poor",
        "hamlet": "Sidomulyo",
    },
    {"id": "f4", "name": "Bu Wati", "category": "household", "welfare": "poor", "hamlet": "Krajan"},
    {
        "id": "T2",
        "name": "Pak Rahmat",
        "category": "trader",
        "welfare": "well_off",
        "hamlet": "Sukamaju",
    },
]
MIDDLEMAN_TIES = [
    {"source": "f1", "target": "b", "type": "purchase"},
    {"source": "f2", "target": "b", "type": "purchase"},
    {"source": "f3", "target": "b", "type": "purchase"},
    {"source": "b", "target": "T", "type": "purchase", "frequency": "weekly"},
    {"source": "b", "target": "T", "type": "credit", "attachment": "binding"},
    {"source": "f4", "target": "T", "type": "purchase"},
    {"source": "f3", "target": "T2", "type": "kinship"},
]


def middleman_pyramid() -> Network:
    """Example 2: a middleman buying from poor farmers through a broker."""
    return make_network(MIDDLEMAN_ACTORS, MIDDLEMAN_TIES)


# --- Example 3: a moneylender who is also the landlord (multiplex) ------------------------
# R lends to k1, k2 and k3; k1 also works R's land; k2 is R's nephew.
MONEYLENDER_ACTORS = [
    {"id": "R", "name": "Pak Juragan", "category": "moneylender", "welfare": "well_off"},
    {"id": "k1", "name": "Pak Min", "category": "sharecropper", "welfare": "poor"},
    {"id": "k2", "name": "Bu Iyem", "category": "household", "welfare": "very_poor"},
    {"id": "k3", "name": "Pak Slamet", "category": "household", "welfare": "middle"},
]
MONEYLENDER_TIES = [
    {"source": "k1", "target": "R", "type": "credit"},
    {"source": "k1", "target": "R", "type": "land"},
    {"source": "k2", "target": "R", "type": "credit"},
    {"source": "k2", "target": "R", "type": "kinship"},
    {"source": "k3", "target": "R", "type": "credit", "exclusive": False},
]


def moneylender_landlord() -> Network:
    """Example 3: a moneylender who is also the landlord."""
    return make_network(MONEYLENDER_ACTORS, MONEYLENDER_TIES)
