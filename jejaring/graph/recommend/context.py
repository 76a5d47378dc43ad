"""What every recommendation family reads: the network's actors as arrays, with the engine's
per-actor results (roles, brokerage, patronage) and the what-if marks applied.

The recommendation functions never look at the analysis JSON themselves; :func:`build_context`
reads it once (or computes the patron–client measures when it is missing) so that each family
is a short function over numpy arrays and small dicts.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jejaring import vocab
from jejaring.graph.network import Network

__all__ = ["ENGAGED_STATUSES", "KNOWN_STATUSES", "Context", "PatronLink", "build_context"]

#: Statuses meaning the party already carries the program's message (what-if "supportive").
ENGAGED_STATUSES = frozenset({"supportive", "active_partner"})
#: Statuses meaning the facilitator has met the party and may ask them for an introduction.
KNOWN_STATUSES = frozenset({"approached", "receptive", "supportive", "active_partner"})
#: Welfare codes counted as poor households.
POOR = vocab.POOR_WELFARE
_TRUE = frozenset({"1", "true", "yes", "ya", "y", "t"})
WHAT_IF_MARKS = ("approached", "supportive")


@dataclass(frozen=True)
class PatronLink:
    """One client–patron pair: the client's share of dependency on the patron and its forms."""

    client: int
    patron: int
    share: float
    forms: tuple[str, ...]
    captive_forms: tuple[str, ...] = ()


@dataclass
class Context:
    """The village as the recommendation families read it (index ``i`` is ``ids[i]``)."""

    net: Network
    ids: list[str]
    index: dict[str, int]
    name: list[str]
    stance: np.ndarray
    influence: np.ndarray
    welfare: np.ndarray
    poor: np.ndarray
    hamlet: np.ndarray
    category: np.ndarray
    gender: np.ndarray
    fields: list[tuple[str, ...]]
    engagement: np.ndarray
    facilitator: np.ndarray
    approach_group: np.ndarray
    community: np.ndarray
    roles: list[tuple[str, ...]]
    role_facts: list[dict[str, dict]]
    betweenness: np.ndarray
    # patron–client structure
    links_by_patron: dict[int, list[PatronLink]]
    links_by_client: dict[int, list[PatronLink]]
    patron_rows: dict[int, dict]
    cluster_of: dict[int, int]
    what_if: dict[str, list[str]] = field(default_factory=dict)
    seed: int = 0
    # Results several families share (e.g. the sole bridges), computed once.
    cache: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.ids)

    def tiebreak(self) -> np.ndarray:
        """A seeded random rank per actor, for breaking exact ties between candidates.

        Breaking ties by input order would favour whoever was typed in first; a seeded order
        is fair and still gives the same answer for the same seed.
        """
        rng = np.random.default_rng(self.seed)
        return rng.permutation(self.n)

    def engaged(self) -> np.ndarray:
        """Actors already carrying the message (supportive or active partners)."""
        return np.isin(self.engagement, sorted(ENGAGED_STATUSES)) & ~self.facilitator

    def opposed(self) -> np.ndarray:
        """Actors against the program: stance −1 or lower, or resistant to the approach.

        Computed once per context (read for every candidate of every list); not to be
        modified.
        """
        if "opposed" not in self.cache:
            with np.errstate(invalid="ignore"):
                self.cache["opposed"] = (self.stance <= -1) | (self.engagement == "resistant")
        return self.cache["opposed"]

    def stance_value(self, i: int) -> float | None:
        return _num(self.stance[i])

    def influence_value(self, i: int) -> float | None:
        return _num(self.influence[i])


def _num(x: float) -> float | None:
    x = float(x)
    return None if math.isnan(x) else x


def _text_column(net: Network, name: str) -> np.ndarray:
    col = net.attrs.get(name)
    if col is None:
        return np.full(net.n, "", dtype=object)
    return np.array(
        [v if isinstance(v, str) else "" for v in np.asarray(col, dtype=object)], object
    )


def _float_column(net: Network, name: str) -> np.ndarray:
    col = net.attrs.get(name)
    if col is None:
        return np.full(net.n, np.nan)
    if np.asarray(col).dtype.kind in "fiu":
        return np.asarray(col, dtype=float).copy()
    out = np.full(net.n, np.nan)
    for i, v in enumerate(np.asarray(col, dtype=object).tolist()):
        try:
            out[i] = float(v) if v not in (None, "") else np.nan
        except (TypeError, ValueError):
            out[i] = np.nan
    return out


def _bool_column(net: Network, name: str) -> np.ndarray:
    col = net.attrs.get(name)
    if col is None:
        return np.zeros(net.n, dtype=bool)
    return np.array(
        [
            bool(v)
            if isinstance(v, bool | np.bool_ | int | float) and not isinstance(v, str)
            else str(v).strip().lower() in _TRUE
            for v in np.asarray(col, dtype=object).tolist()
        ],
        dtype=bool,
    )


def _fields(net: Network) -> list[tuple[str, ...]]:
    col = net.attrs.get("field")
    if col is None:
        return [()] * net.n
    out = []
    for v in np.asarray(col, dtype=object).tolist():
        if isinstance(v, list | tuple):
            parts = [str(x) for x in v]
        elif isinstance(v, str):
            parts = v.replace(",", ";").split(";")
        else:
            parts = []
        out.append(tuple(sorted({p.strip() for p in parts if p.strip()})))
    return out


def _as_mapping(analysis: Any) -> Mapping[str, Any]:
    if analysis is None:
        return {}
    if isinstance(analysis, Mapping):
        return analysis
    light = getattr(analysis, "recommendation_input", None)
    if callable(light):
        return light()
    to_dict = getattr(analysis, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    raise TypeError("analysis must be the engine's result or its JSON dict")


def _patronage_lists(net: Network, analysis: Mapping[str, Any]) -> tuple[list, list, list]:
    """The engine's ``patrons``, ``clients`` and ``clusters`` lists, computed when missing."""
    if "clients" in analysis and "patrons" in analysis:
        return analysis["patrons"], analysis["clients"], analysis.get("clusters") or []
    from jejaring.graph.patronage import compute_patronage

    res = compute_patronage(net)
    return res.patrons, res.clients, res.clusters


def _roles(net: Network, analysis: Mapping[str, Any], index: dict[str, int]):
    """Role codes and their facts per actor, from the analysis (or the patronage roles)."""
    n = net.n
    roles: list[tuple[str, ...]] = [()] * n
    facts: list[dict[str, dict]] = [{} for _ in range(n)]
    betweenness = np.zeros(n)
    community = np.full(n, "", dtype=object)
    rows = analysis.get("actors")
    if rows:
        for row in rows:
            i = index.get(str(row.get("id")))
            if i is None:
                continue
            details = row.get("role_details") or []
            roles[i] = tuple(row.get("roles") or [d.get("role") for d in details])
            for d in details:
                # An actor can hold "broker" twice (pyramid and between groups): keep both.
                key = d.get("role")
                if key == "broker" and (d.get("facts") or {}).get("via") == "groups":
                    key = "broker_groups"
                facts[i].setdefault(key, d.get("facts") or {})
            b = row.get("betweenness_normalized")
            betweenness[i] = float(b) if isinstance(b, int | float) and b == b else 0.0
            c = row.get("community")
            community[i] = "" if c is None else str(c)
        return roles, facts, betweenness, community
    from jejaring.graph.patronage import compute_patronage
    from jejaring.graph.roles import assign_roles

    for i, held in enumerate(assign_roles(net, {}, compute_patronage(net))):
        roles[i] = tuple(d["role"] for d in held)
        for d in held:
            facts[i].setdefault(d["role"], d["facts"])
    return roles, facts, betweenness, community


def _links(
    clients: Iterable[Mapping[str, Any]], index: dict[str, int]
) -> tuple[dict[int, list[PatronLink]], dict[int, list[PatronLink]]]:
    by_patron: dict[int, list[PatronLink]] = {}
    by_client: dict[int, list[PatronLink]] = {}
    for row in clients:
        c = index.get(str(row.get("id")))
        if c is None:
            continue
        captive: dict[str, list[str]] = {}
        for cap in row.get("captive_forms") or []:
            captive.setdefault(str(cap.get("patron")), []).append(str(cap.get("form")))
        for p_row in row.get("patrons") or []:
            p = index.get(str(p_row.get("id")))
            if p is None:
                continue
            share = p_row.get("share")
            link = PatronLink(
                client=c,
                patron=p,
                share=float(share) if isinstance(share, int | float) else 0.0,
                forms=tuple(p_row.get("forms") or ()),
                captive_forms=tuple(captive.get(str(p_row.get("id")), ())),
            )
            by_patron.setdefault(p, []).append(link)
            by_client.setdefault(c, []).append(link)
    return by_patron, by_client


def _clusters(clusters: Iterable[Mapping[str, Any]], index: dict[str, int]) -> dict[int, int]:
    out: dict[int, int] = {}
    for cl in clusters:
        top = index.get(str(cl.get("patron")))
        if top is None:
            continue
        out[top] = top
        for m in cl.get("members") or []:
            i = index.get(str(m))
            if i is not None:
                out[i] = top
    return out


def normalise_what_if(what_if: Any, index: Mapping[str, int]) -> dict[str, list[str]]:
    """``{"approached": [ids], "supportive": [ids]}`` from the accepted what-if shapes.

    Accepts that dict or ``{actor id: "approached" | "supportive"}``. An actor marked both
    ways counts as supportive.

    Raises
    ------
    ValueError
        On an unknown mark or an actor id that is not in the network.
    """
    if not what_if:
        return {"approached": [], "supportive": []}
    marks: dict[str, set[str]] = {m: set() for m in WHAT_IF_MARKS}
    if all(k in WHAT_IF_MARKS for k in what_if):
        for mark, ids in what_if.items():
            if isinstance(ids, str):
                ids = [ids]
            marks[mark].update(str(i) for i in ids)
    else:
        for actor, mark in what_if.items():
            if mark not in WHAT_IF_MARKS:
                raise ValueError(
                    f"unknown what-if mark {mark!r} for actor {actor!r}; expected one of: "
                    + ", ".join(WHAT_IF_MARKS)
                )
            marks[mark].add(str(actor))
    unknown = sorted((marks["approached"] | marks["supportive"]) - set(index))
    if unknown:
        raise ValueError(f"what-if names actor(s) not in the network: {', '.join(unknown[:5])}")
    marks["approached"] -= marks["supportive"]
    return {m: sorted(marks[m], key=index.__getitem__) for m in WHAT_IF_MARKS}


def build_context(
    net: Network, analysis: Any = None, *, what_if: Any = None, seed: int = 0
) -> Context:
    """Read the network and the engine's results into a :class:`Context`.

    ``what_if`` marks actors as approached or supportive without saving anything: an
    approached actor counts as known to the facilitators (and can introduce others); a
    supportive one already carries the message (its stance is raised to +1 if lower).
    """
    data = _as_mapping(analysis)
    ids = [str(i) for i in net.ids]
    index = {a: i for i, a in enumerate(ids)}
    names = _text_column(net, "name")
    name = [names[i] or ids[i] for i in range(net.n)]
    welfare = _text_column(net, "welfare")
    category = _text_column(net, "category")
    engagement = _text_column(net, "engagement")
    engagement[engagement == ""] = "not_approached"
    stance = _float_column(net, "stance")
    marks = normalise_what_if(what_if, index)
    for a in marks["approached"]:
        i = index[a]
        if engagement[i] in ("not_approached", "resistant"):
            engagement[i] = "approached"
    for a in marks["supportive"]:
        i = index[a]
        if engagement[i] != "active_partner":
            engagement[i] = "supportive"
        stance[i] = 1.0 if math.isnan(stance[i]) else max(stance[i], 1.0)
    approach_group = np.array(
        [
            vocab.CATEGORY_BY_CODE[c].approach_group if c in vocab.CATEGORY_BY_CODE else ""
            for c in category.tolist()
        ],
        dtype=object,
    )
    roles, role_facts, betweenness, community = _roles(net, data, index)
    patrons, clients, clusters = _patronage_lists(net, data)
    by_patron, by_client = _links(clients, index)
    patron_rows = {index[str(p["id"])]: p for p in patrons if str(p.get("id")) in index}
    facilitator = _bool_column(net, "is_facilitator") | (category == "facilitator")
    return Context(
        net=net,
        ids=ids,
        index=index,
        name=name,
        stance=stance,
        influence=_float_column(net, "influence"),
        welfare=welfare,
        poor=np.isin(welfare, sorted(POOR))
        & np.isin(_text_column(net, "kind"), sorted(vocab.POOR_HOUSEHOLD_KINDS)),
        hamlet=_text_column(net, "hamlet"),
        category=category,
        gender=_text_column(net, "gender"),
        fields=_fields(net),
        engagement=engagement,
        facilitator=facilitator,
        approach_group=approach_group,
        community=community,
        roles=roles,
        role_facts=role_facts,
        betweenness=betweenness,
        links_by_patron=by_patron,
        links_by_client=by_client,
        patron_rows=patron_rows,
        cluster_of=_clusters(clusters, index),
        what_if=marks,
        seed=seed,
    )
