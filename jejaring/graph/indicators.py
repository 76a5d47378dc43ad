"""Indicators of change (*indikator perubahan*): is dependency loosening, do the poor gain voice?

Pure Python over plain rows (no Django, no igraph), so the same function gives the numbers for
every stored snapshot and for the village now. Definitions (``docs/recommendations.md``,
section *Perubahan / Change*, has a worked example):

* a **dependency tie** is a tie row with ``dependency`` true, running *client → patron*
  (``source`` depends on ``target``); ties with ``current`` false and self-loops are ignored.
  The weight of a client–patron pair is the sum of the ``weight`` of its ties (missing or not
  a positive number: 1); the web app passes the engine's dependency weights instead
  (:func:`engine_pairs`), so its numbers agree with the report's concentration and top-three
  share;
* a **poor household** is an actor of kind *household* (or no kind) whose welfare is *poor* or
  *very poor* (:data:`jejaring.vocab.POOR_WELFARE`), as everywhere in Jejaring;
* ``captive_clients`` – actors flagged ``captive`` by the analysis (the engine's captive rule);
* ``poor_single_patron`` – poor households that depend on exactly one patron;
* ``poor_concentration`` – the mean, over poor households with at least one patron, of the
  household's **dependency concentration**: the Herfindahl index Σ sₚ² of its shares sₚ over
  its patrons (1 = everything on one patron, 1/k = spread evenly over k patrons);
* ``top3_share`` – the share of all dependency weight held by the three patrons with the most
  weight (1 = everything in three hands);
* ``forum_poor`` / ``forum_captive`` – the share of poor households / of captive clients that
  are **covered by the forum**: they sit in it, or they have a tie with a member who is not
  one of their own patrons (a patron does not speak for its clients);
* ``stages`` – actors per engagement status (facilitators left out); ``engaged`` – those
  *receptive*, *supportive* or *active partner*;
* ``commitments_done`` – patrons' commitments whose status is *done*;
* ``switched_provider`` / ``joined_alternative`` – circle members' progress, only when the
  awareness circles supply them (``progress``); absent otherwise, never zero.

Shares and means are ``None`` when there is nothing to divide by.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from jejaring import vocab

__all__ = ["INDICATORS", "dependency_pairs", "engine_pairs", "herfindahl", "indicators"]

#: Indicator keys in display order, with the kind of number each is.
INDICATORS: tuple[tuple[str, str], ...] = (
    ("captive_clients", "count"),
    ("poor_single_patron", "count"),
    ("poor_concentration", "index"),
    ("top3_share", "share"),
    ("forum_poor", "share"),
    ("forum_captive", "share"),
    ("engaged", "count"),
    ("commitments_done", "count"),
    ("switched_provider", "count"),
    ("joined_alternative", "count"),
)
#: Keys that fall when dependency loosens (a fall is good news).
LOWER_IS_BETTER = frozenset(
    {"captive_clients", "poor_single_patron", "poor_concentration", "top3_share"}
)


#: Engagement statuses that count as *engaged* (receptive or further on the path).
ENGAGED = frozenset({"receptive", "supportive", "active_partner"})


def _weight(value: Any) -> float:
    try:
        w = float(value)
    except (TypeError, ValueError):
        return 1.0
    return w if w > 0 else 1.0


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "ya", "y"}
    return bool(value)


def dependency_pairs(ties: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, float]]:
    """``{client: {patron: weight}}`` from the current dependency ties."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for t in ties:
        if not _truthy(t.get("dependency")):
            continue
        if "current" in t and not _truthy(t.get("current")):
            continue
        c, p = str(t.get("source")), str(t.get("target"))
        if c == p:
            continue
        out[c][p] = out[c].get(p, 0.0) + _weight(t.get("weight"))
    return dict(out)


_WEIGHT_COLUMNS = (
    "source",
    "target",
    "type",
    "directed",
    "dependency",
    "form",
    "frequency",
    "attachment",
    "exclusive",
    "balance",
    "terms_set_by",
)


def engine_pairs(
    actors: Iterable[Mapping[str, Any]],
    ties: Iterable[Mapping[str, Any]],
    *,
    tie_types: Mapping[str, Any] | None = None,
    weights: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, dict[str, float]]:
    """``{client: {patron: weight}}`` with the engine's dependency weight of each tie
    (``actors`` is accepted for symmetry with :func:`indicators` and not read)
    (:func:`jejaring.graph.patronage.dependency_weights`: form × frequency × attachment ×
    exclusivity × balance × terms), summed per client–patron pair."""
    from jejaring.graph.patronage import dependency_weights
    from jejaring.graph.pipeline import load_network

    # Only the dependency ties and the columns the weight reads (the actor table is not
    # needed: a dependency weight depends on the tie alone).
    ties = [
        {k: t[k] for k in _WEIGHT_COLUMNS if k in t}
        for t in ties
        if _truthy(t.get("dependency", True))
        and not ("current" in t and not _truthy(t.get("current")))
    ]
    if not ties:
        return {}
    net = load_network(None, ties, tie_types=tie_types)
    w = dependency_weights(net, weights)
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for k in range(net.m):
        if w[k] <= 0:
            continue
        c, p = str(net.ids[net.src[k]]), str(net.ids[net.dst[k]])
        if c != p:
            out[c][p] = out[c].get(p, 0.0) + float(w[k])
    return dict(out)


def herfindahl(weights: Iterable[float]) -> float | None:
    """Σ sᵢ² of the shares of ``weights``; None for no weight.

    >>> herfindahl([3, 1])
    0.625
    """
    ws = [float(w) for w in weights]
    total = sum(ws)
    if total <= 0:
        return None
    return sum((w / total) ** 2 for w in ws)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def indicators(
    actors: Iterable[Mapping[str, Any]],
    ties: Iterable[Mapping[str, Any]],
    *,
    forum_members: Iterable[str] | None = None,
    commitments: Iterable[Mapping[str, Any]] = (),
    progress: Mapping[str, int] | None = None,
    pairs: Mapping[str, Mapping[str, float]] | None = None,
) -> dict[str, Any]:
    """The indicators of one state of the village.

    Parameters
    ----------
    actors : rows with ``id`` and, as available, ``kind``, ``welfare``, ``captive``,
        ``engagement`` (status code), ``is_facilitator``.
    ties : rows with ``source``, ``target``, ``dependency``, ``weight``, ``current``.
    forum_members : ids of the forum's members, or None when unknown (the forum shares are
        then None).
    commitments : rows with ``status``.
    progress : ``{"switched_provider": n, "joined_alternative": n}`` from the awareness
        circles, or None (the keys are then absent).
    pairs : ``{client: {patron: weight}}`` to use instead of :func:`dependency_pairs` of
        ``ties`` – :func:`engine_pairs` gives the engine's dependency weights, so the numbers
        agree with the report's.

    Examples
    --------
    >>> out = indicators(
    ...     [{"id": "h1", "kind": "household", "welfare": "poor", "captive": True},
    ...      {"id": "p"}, {"id": "q"}],
    ...     [{"source": "h1", "target": "p", "dependency": True, "weight": 3},
    ...      {"source": "h1", "target": "q", "dependency": True}])
    >>> out["poor_concentration"], out["captive_clients"], out["top3_share"]
    (0.625, 1, 1.0)
    """
    actors = list(actors)
    ties = list(ties)
    ids = {str(a.get("id")) for a in actors}
    pairs = {str(c): dict(ps) for c, ps in pairs.items()} if pairs is not None else None
    pairs = pairs if pairs is not None else dependency_pairs(ties)
    poor = {
        str(a.get("id"))
        for a in actors
        if (a.get("kind") or "") in vocab.POOR_HOUSEHOLD_KINDS
        and a.get("welfare") in vocab.POOR_WELFARE
    }
    captive = {str(a.get("id")) for a in actors if _truthy(a.get("captive"))}

    poor_dependent = [h for h in sorted(poor) if pairs.get(h)]
    single = sum(1 for h in poor_dependent if len(pairs[h]) == 1)
    concentrations = [herfindahl(pairs[h].values()) for h in poor_dependent]
    concentrations = [c for c in concentrations if c is not None]

    held: dict[str, float] = defaultdict(float)
    for patrons in pairs.values():
        for p, w in patrons.items():
            held[p] += w
    total = sum(held.values())
    top3 = sum(sorted(held.values(), reverse=True)[:3])

    out: dict[str, Any] = {
        "captive_clients": len(captive),
        "poor_households": len(poor),
        "poor_dependent": len(poor_dependent),
        "poor_single_patron": single,
        "poor_concentration": (sum(concentrations) / len(concentrations))
        if concentrations
        else None,
        "top3_share": top3 / total if total else None,
        "patrons": len(held),
        "forum_poor": None,
        "forum_captive": None,
        "stages": dict(
            sorted(
                Counter(
                    a.get("engagement") or "not_approached"
                    for a in actors
                    if not _truthy(a.get("is_facilitator"))
                ).items()
            )
        ),
        "commitments_done": sum(1 for c in commitments if c.get("status") == "done"),
    }
    out["engaged"] = sum(n for k, n in out["stages"].items() if k in ENGAGED)
    if forum_members is not None:
        members = {str(m) for m in forum_members} & ids if ids else {str(m) for m in forum_members}
        neighbours: dict[str, set[str]] = defaultdict(set)
        for t in ties:
            if "current" in t and not _truthy(t.get("current")):
                continue
            a, b = str(t.get("source")), str(t.get("target"))
            if a != b:
                neighbours[a].add(b)
                neighbours[b].add(a)

        def covered(x: str) -> bool:
            if x in members:
                return True
            own_patrons = set(pairs.get(x, {}))
            return any(n in members and n not in own_patrons for n in neighbours.get(x, ()))

        out["forum_poor"] = _share(sum(1 for h in poor if covered(h)), len(poor))
        out["forum_captive"] = _share(sum(1 for h in captive if covered(h)), len(captive))
    if progress is not None:
        for key in ("switched_provider", "joined_alternative"):
            if key in progress:
                out[key] = int(progress[key])
    return out
