"""From map to action: explained recommendations for the facilitator.

:func:`recommend` turns a :class:`~jejaring.graph.network.Network` and the engine's per-actor
results into four lists, each item explaining itself with structured facts (codes, ids,
numbers) that the web app turns into sentences:

``entry_points``
    Whom to approach first and through whom (:mod:`.entry_points`: greedy coverage with lazy
    evaluation, poor households weighted; :mod:`.paths`: shortest trusted route).
``patron_levers``
    The positive side of each interest network: what each patron controls, who depends on it
    and the levers for its contribution (:mod:`.levers`, :file:`levers.json`).
``blockers``
    Who may block, why, and how to lower the risk (:mod:`.blockers`).
``forum``
    Who should sit in the dialogue forum and what each adds, compared with the current forum
    (:mod:`.forum`).

Pure Python (numpy, scipy, igraph); never imports Django. The algorithms and their defaults
are documented in ``docs/recommendations.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jejaring.graph.network import Network
from jejaring.graph.recommend.blockers import blockers as _blockers
from jejaring.graph.recommend.context import build_context
from jejaring.graph.recommend.entry_points import entry_points as _entry_points
from jejaring.graph.recommend.forum import DEFAULT_SIZE, forum_composition
from jejaring.graph.recommend.levers import load_levers, patron_levers
from jejaring.graph.recommend.paths import trusted_routes
from jejaring.graph.recommend.whatif import compare

__all__ = ["RESULT_KEYS", "compare", "load_levers", "recommend"]

#: Keys of :func:`recommend`'s result.
RESULT_KEYS = (
    "entry_points",
    "patron_levers",
    "blockers",
    "forum",
    "coverage",
    "what_if",
    "parameters",
)


def recommend(
    net: Network,
    analysis: Any = None,
    *,
    what_if: Mapping[str, Any] | None = None,
    forum_size: int = DEFAULT_SIZE,
    current_forum: Sequence[str] | None = None,
    levers: Mapping[str, Any] | None = None,
    commitments: Sequence[Mapping[str, Any]] | None = None,
    entry_count: int = 10,
    patron_count: int = 10,
    blocker_count: int = 10,
    seed: int = 0,
) -> dict[str, Any]:
    """Explained recommendations for approaching the village.

    Parameters
    ----------
    net : Network
        The village. Actor attributes read: ``name``, ``stance``, ``influence``, ``welfare``,
        ``hamlet``, ``category``, ``gender``, ``field`` (codes separated by ``;``),
        ``engagement`` (status code), ``is_facilitator``.
    analysis : dict or result, optional
        The engine's result for ``net`` (its JSON dict or an object with ``to_dict()``):
        ``actors`` (``id``, ``roles``, ``role_details``, ``betweenness_normalized``,
        ``community``), ``patrons``, ``clients``, ``clusters``. Missing parts are computed
        from ``net`` (patron–client measures and their roles; no brokers between groups then).
    what_if : mapping, optional
        Marks applied without saving: ``{"approached": [ids], "supportive": [ids]}`` or
        ``{id: "approached" | "supportive"}``.
    forum_size : int
        Seats of the suggested forum (3–60).
    current_forum : sequence of str, optional
        Actor ids of the current forum, to compare with.
    levers : mapping, optional
        A village's changes to the lever list (see :func:`.levers.load_levers`).
    commitments : sequence of mappings, optional
        Patrons' recorded commitments as plain rows (``patron``, ``lever``, ``status``; see
        :func:`.levers.commitment_facts`): a kept one marks its lever ``used``, a broken one
        adds the reason ``commitment_broken`` to the patron.
    entry_count, patron_count, blocker_count : int
        Longest lists.
    seed : int
        Seeds the order that breaks exact ties; the result is the same for the same seed.

    Returns
    -------
    dict
        ``entry_points``, ``patron_levers``, ``blockers``: lists of items with ``actor`` (id),
        ``rank``, ``reason_codes`` and ``facts`` (plus ``levers``/``interests`` and
        ``level``/``score``/``mitigations``); ``forum`` (see :func:`.forum.forum_composition`);
        ``coverage`` (``before``/``after`` the entry points, ``steps``); ``what_if`` (the marks
        applied); ``parameters``.

    Raises
    ------
    ValueError
        On a what-if naming an unknown actor or mark, or a malformed lever list.

    Examples
    --------
    A broker ``b`` is the only link between two hamlets; the facilitator knows ``a1``.

    >>> import numpy as np
    >>> net = Network(
    ...     ids=["F", "a1", "a2", "b", "c1", "c2"],
    ...     src=np.array([0, 1, 1, 2, 3, 4]), dst=np.array([1, 2, 3, 3, 4, 5]),
    ...     directed=np.zeros(6, bool), dependency=np.zeros(6, bool),
    ...     type=np.array(["communication"] * 6, dtype=object), weight=np.ones(6),
    ...     attrs={"hamlet": np.array(["", "A", "A", "B", "B", "B"], dtype=object),
    ...            "is_facilitator": np.array([True] + [False] * 5)})
    >>> out = recommend(net, forum_size=3)
    >>> out["entry_points"][0]["actor"], out["entry_points"][0]["facts"]["via"]
    ('b', ['a1'])
    >>> sorted(out)
    ['blockers', 'coverage', 'entry_points', 'forum', 'parameters', 'patron_levers', 'what_if']
    """
    ctx = build_context(net, analysis, what_if=what_if, seed=seed)
    table = load_levers(levers)
    routes = trusted_routes(ctx)
    entries, coverage = _entry_points(ctx, routes, count=entry_count)
    return {
        "entry_points": entries,
        "patron_levers": patron_levers(
            ctx, routes, table, count=patron_count, commitments=commitments
        ),
        "blockers": _blockers(ctx, routes, table, count=blocker_count),
        "forum": forum_composition(ctx, size=forum_size, current=current_forum),
        "coverage": coverage,
        "what_if": ctx.what_if,
        "parameters": {
            "forum_size": forum_size,
            "entry_count": entry_count,
            "patron_count": patron_count,
            "blocker_count": blocker_count,
            "seed": seed,
        },
    }


#: The ``kind`` of each item in :func:`flatten`'s list, by the key it comes from.
FLAT_KINDS = (
    ("entry_points", "approach"),
    ("patron_levers", "patron_lever"),
    ("blockers", "blocker"),
)


def flatten(recommendations: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The recommendations as one list, each item tagged with its ``kind``.

    This is the ``recommendations`` list of the analysis JSON (DESIGN.md): ``approach``
    (whom to approach first), ``patron_lever``, ``blocker`` and ``forum_seat`` items, each
    with ``actor``, ``rank``, ``reason_codes`` and ``facts`` as :func:`recommend` gives them.

    Examples
    --------
    >>> flatten({"entry_points": [{"actor": "b", "rank": 1}], "patron_levers": [],
    ...          "blockers": [], "forum": {"members": [{"actor": "c", "rank": 1}]}})
    [{'kind': 'approach', 'actor': 'b', 'rank': 1}, {'kind': 'forum_seat', 'actor': 'c', 'rank': 1}]
    """
    out: list[dict[str, Any]] = []
    for key, kind in FLAT_KINDS:
        out.extend({"kind": kind, **item} for item in recommendations.get(key, []))
    forum = recommendations.get("forum") or {}
    out.extend({"kind": "forum_seat", **item} for item in forum.get("members", []))
    return out
