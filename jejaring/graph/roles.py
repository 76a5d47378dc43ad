"""Roles of actors in an interest network, each with the rule that gave it.

A role is a short label a facilitator can act on – *patron*, *broker*, *captive client* – that
the web app explains in a sentence. :func:`assign_roles` therefore returns, for every actor,
the roles it holds together with the rule that fired (in English, for logs and analysts) and
the ``facts`` behind it (ids, forms, groups and numbers, JSON-ready) from which the app writes
"perantara antara Dusun A dan Dusun B" or "tanpa pilihan selain X untuk pinjaman uang".

Roles and rules (thresholds are module constants):

``patron``
    At least :data:`PATRON_MIN_CLIENTS` distinct clients depend on the actor, or one client
    is captive to it (Scott 1972: the patron controls resources others need).
``multiplex_patron``
    A patron tied to at least one client by two or more strands – dependency forms or other
    tie types (Scott's multiplex, "diffuse" tie: landlord *and* creditor).
``broker``
    Either *in a pyramid*: the actor hangs from a superior patron and has clients of its own
    (client → broker → patron, Scott 1972); or *between groups*: it brokers between groups
    (Gould–Fernandez gatekeeper, representative, liaison or consultant count > 0) and its
    normalised betweenness is among the top :data:`BROKER_BETWEENNESS_SHARE` of actors. An
    actor that is both holds ``broker`` twice, told apart by ``facts["via"]``.
``gatekeeper``, ``liaison``
    A broker between groups whose largest cross-group brokerage count is of that kind
    (Gould & Fernandez 1989).
``client``
    The actor depends on at least one patron.
``captive_client``
    The actor has a single patron for a vital form and cannot switch; a loose attachment or
    "can switch" on record rules it out (see
    :func:`jejaring.graph.patronage.compute_patronage`).
``poor_household``
    The actor is a household (or its kind is not recorded) whose welfare rank is in the poor
    set (:data:`jejaring.vocab.POOR_HOUSEHOLD_KINDS`).
``isolate``
    The actor has no tie.

References
----------
.. [1] J. C. Scott, "Patron–Client Politics and Political Change in Southeast Asia",
   *American Political Science Review* 66(1):91–113, 1972.
.. [2] R. V. Gould and R. M. Fernandez, "Structures of Mediation: A Formal Approach to
   Brokerage in Transaction Networks", *Sociological Methodology* 19:89–126, 1989.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from jejaring.graph.gcpause import paused_gc
from jejaring.graph.network import Network
from jejaring.graph.patronage import (
    CAPTIVE_REASONS,
    UNSPECIFIED_FORM,
    PatronageResult,
    _actor_text,
    _count_keys,
    _factorize,
    _run_starts,
    _slices,
    _text,
)

__all__ = [
    "BROKER_BETWEENNESS_SHARE",
    "MAX_LISTED",
    "PATRON_MIN_CLIENTS",
    "ROLE_CODES",
    "LazyRoles",
    "RoleCodes",
    "assign_roles",
    "role_codes",
]

#: Distinct clients that make an actor a patron (one suffices when that client is captive).
PATRON_MIN_CLIENTS = 2
#: Share of actors, by normalised betweenness, among whom brokers between groups are sought.
BROKER_BETWEENNESS_SHARE = 0.10
#: Longest list of ids given in ``facts`` (the counts are always complete).
MAX_LISTED = 10
#: Every role code, in the order roles are listed for an actor.
ROLE_CODES = (
    "patron",
    "multiplex_patron",
    "broker",
    "gatekeeper",
    "liaison",
    "client",
    "captive_client",
    "poor_household",
    "isolate",
)
_CROSS_GROUP = ("gatekeeper", "representative", "liaison", "consultant")
_BROKERAGE = ("coordinator", *_CROSS_GROUP)


def assign_roles(
    net: Network,
    columns: Mapping[str, np.ndarray | list],
    patronage: PatronageResult,
    *,
    group_by: str = "hamlet",
) -> list[list[dict]]:
    """Roles of every actor, with the rule that fired and the facts behind it.

    Parameters
    ----------
    net : Network
    columns : mapping of str to array
        Per-actor measures. Read when present: ``degree`` (else counted from ``net``),
        ``betweenness_normalized``, ``community``, and ``brokerage_coordinator``,
        ``brokerage_gatekeeper``, ``brokerage_representative``, ``brokerage_consultant``,
        ``brokerage_liaison``. Without betweenness or brokerage counts no actor is a
        broker between groups.
    patronage : PatronageResult
        From :func:`jejaring.graph.patronage.compute_patronage` on the same ``net``.
    group_by : str, default "hamlet"
        Actor attribute naming the groups a broker links (the one brokerage was counted
        on). When ``net`` has no such attribute, or it is empty, ``columns["community"]``
        is used.

    Returns
    -------
    list of list of dict
        One list per actor, in :data:`ROLE_CODES` order, of
        ``{"role": code, "rule": text, "facts": {...}}``; ``facts`` holds only ids, strings,
        numbers, lists and dicts (no NaN).

    Notes
    -----
    The ``facts`` of each role:

    ``patron``
        ``clients``, ``poor_clients``, ``captive_clients``, ``forms`` (form → clients),
        ``patron_score``, ``dependency_received``, ``reach_poor_1``, ``reach_poor_2``,
        ``top`` (hangs from no superior), ``superior``, ``cluster``,
        ``cluster_size``.
    ``multiplex_patron``
        ``multiplex_clients`` and ``examples``: ``[{"client": id, "strands": [...]}]``.
    ``broker``
        ``via`` = ``"pyramid"``: ``patron`` (its superior), ``top_patron``, ``level``,
        ``forms_from_patron``, ``clients``, ``forms_to_clients``; or ``via`` =
        ``"groups"``: ``group_by``, ``own_group``, ``between`` (the two groups with most of
        its neighbours), ``neighbour_groups`` (group → neighbours), ``brokerage`` (role →
        count), ``betweenness_normalized``.
    ``gatekeeper``, ``liaison``
        As the group broker.
    ``client``
        ``patrons`` (heaviest first), ``patrons_count``, ``main_patron``, ``main_forms``,
        ``dependency_concentration``.
    ``captive_client``
        ``captive``: ``[{"form", "patron", "reason"}]`` with reason ``"exclusive"`` or
        ``"no_alternative"``.
    ``poor_household``
        ``welfare``.
    ``isolate``
        ``degree`` (0).

    References
    ----------
    .. [1] J. C. Scott, "Patron–Client Politics and Political Change in Southeast Asia",
       *American Political Science Review* 66(1):91–113, 1972.
    .. [2] R. V. Gould and R. M. Fernandez, "Structures of Mediation", *Sociological
       Methodology* 19:89–126, 1989.

    Examples
    --------
    A middleman ``T`` buys from farmers ``f1`` and ``f2`` through a collector ``b``, who sells
    on to ``T``: ``b`` is a broker in ``T``'s pyramid. No other buyer is known within two
    steps of anyone, so each has a single outlet for the produce and is a captive client.

    >>> import numpy as np
    >>> from jejaring.graph.patronage import compute_patronage
    >>> net = Network(
    ...     ids=["T", "b", "f1", "f2"], src=np.array([1, 2, 3]), dst=np.array([0, 1, 1]),
    ...     directed=np.ones(3, bool), dependency=np.ones(3, bool),
    ...     type=np.array(["purchase"] * 3, dtype=object), weight=np.ones(3),
    ...     attrs={"welfare": np.array(["well_off", "middle", "poor", "poor"], dtype=object)})
    >>> roles = assign_roles(net, {}, compute_patronage(net))
    >>> [[r["role"] for r in actor] for actor in roles]
    [['patron'], ['patron', 'broker', 'client', 'captive_client'], ['client', 'captive_client', 'poor_household'], ['client', 'captive_client', 'poor_household']]
    >>> broker = roles[1][1]
    >>> broker["facts"]["via"], broker["facts"]["patron"], broker["facts"]["forms_from_patron"]
    ('pyramid', 'T', ['market'])
    >>> roles[2][1]["facts"]
    {'captive': [{'form': 'market', 'patron': 'b', 'reason': 'no_alternative'}]}
    """
    n = net.n
    if n == 0:
        return []
    with paused_gc():
        out: list[list[dict]] = [[] for _ in range(n)]
    ctx = patronage._ctx
    col = patronage.actor_columns
    ids = ctx.ids
    clients = np.asarray(col["clients"])
    captive_of = _captive_clients_per_patron(patronage, n)

    patron = (clients >= PATRON_MIN_CLIENTS) | (captive_of > 0)
    with paused_gc():
        _patrons(out, patronage, patron, captive_of)
        _multiplex_patrons(out, patronage, patron & (np.asarray(col["multiplex_clients"]) > 0))
        _pyramid_brokers(out, patronage)
        _group_brokers(out, net, columns, group_by)
        _clients(out, patronage)
        _captives(out, patronage)
        _poor(out, ctx.poor, _actor_text(net, "welfare", n))
        _isolates(out, net, columns, ids)
    return out


class RoleCodes:
    """The roles each actor holds, without the rules and facts: one bit per code of
    :data:`ROLE_CODES` in an integer per actor (:func:`role_codes`).

    A district's roles as lists of dicts are gigabytes of Python objects; this is a few
    megabytes, and enough for the ``roles`` lists of the output.
    """

    def __init__(self, bits: np.ndarray) -> None:
        self.bits = bits

    def __len__(self) -> int:
        return len(self.bits)

    def codes(self, i: int) -> list[str]:
        """The role codes of actor ``i``, in :data:`ROLE_CODES` order."""
        b = int(self.bits[i])
        return [code for k, code in enumerate(ROLE_CODES) if b >> k & 1]

    def json_texts(self, lo: int, hi: int) -> list[str]:
        """The ``roles`` list of actors ``lo..hi`` as JSON text (``["patron","client"]``)."""
        part = self.bits[lo:hi]
        used = np.unique(part)
        table = np.empty(int(used.max()) + 1 if len(used) else 1, dtype=object)
        for b in used.tolist():
            names = [code for k, code in enumerate(ROLE_CODES) if b >> k & 1]
            table[b] = '["' + '","'.join(names) + '"]' if names else "[]"
        return table[part].tolist()


class LazyRoles(Sequence):
    """Every actor's roles as :func:`assign_roles` gives them (a list of ``{"role", "rule",
    "facts"}`` per actor), computed on first use; :attr:`codes` (:class:`RoleCodes`) is known
    from the start. For a district, whose output only lists the role codes: the rules and
    facts, gigabytes of Python objects there, are then never built."""

    def __init__(self, codes: RoleCodes, compute: Callable[[], list[list[dict]]]) -> None:
        self.codes = codes
        self._compute: Callable[[], list[list[dict]]] | None = compute
        self._roles: list[list[dict]] | None = None

    def _all(self) -> list[list[dict]]:
        if self._roles is None:
            assert self._compute is not None
            self._roles, self._compute = self._compute(), None
        return self._roles

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index):  # type: ignore[override]
        return self._all()[index]

    def __iter__(self) -> Iterator[list[dict]]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return list(self) == other

    __hash__ = None  # type: ignore[assignment]


def role_codes(
    net: Network,
    columns: Mapping[str, np.ndarray | list],
    patronage: PatronageResult,
    *,
    group_by: str = "hamlet",
) -> RoleCodes:
    """The roles of every actor as :func:`assign_roles` finds them, codes only, computed on
    whole arrays (no Python object per actor): for a district, whose output leaves out the
    rules and facts (``role_details``).

    ``group_by`` is accepted for symmetry with :func:`assign_roles`; which actors broker
    between groups does not depend on the groups' names.

    >>> from jejaring.graph.patronage import compute_patronage
    >>> net = Network(
    ...     ids=["T", "b", "f1", "f2"], src=np.array([1, 2, 3]), dst=np.array([0, 1, 1]),
    ...     directed=np.ones(3, bool), dependency=np.ones(3, bool),
    ...     type=np.array(["purchase"] * 3, dtype=object), weight=np.ones(3),
    ...     attrs={"welfare": np.array(["well_off", "middle", "poor", "poor"], dtype=object)})
    >>> codes = role_codes(net, {}, compute_patronage(net))
    >>> [codes.codes(i) for i in range(4)][:2]
    [['patron'], ['patron', 'broker', 'client', 'captive_client']]
    """
    del group_by
    n = net.n
    bits = np.zeros(n, dtype=np.uint16)
    if n == 0:
        return RoleCodes(bits)
    bit = {code: np.uint16(1 << k) for k, code in enumerate(ROLE_CODES)}
    ctx = patronage._ctx
    col = patronage.actor_columns
    clients = np.asarray(col["clients"])
    patron = (clients >= PATRON_MIN_CLIENTS) | (_captive_clients_per_patron(patronage, n) > 0)
    bits[patron] |= bit["patron"]
    bits[patron & (np.asarray(col["multiplex_clients"]) > 0)] |= bit["multiplex_patron"]
    bits[(ctx.parent != np.arange(n)) & (clients > 0)] |= bit["broker"]
    who, dominant = _group_broker_kinds(n, columns)
    if who is not None:
        bits[who] |= bit["broker"]
        bits[who[dominant == 0]] |= bit["gatekeeper"]
        bits[who[dominant == 2]] |= bit["liaison"]
    if len(ctx.pair_c):
        bits[ctx.pair_c] |= bit["client"]
    if len(ctx.cap_c):
        bits[ctx.cap_c] |= bit["captive_client"]
    bits[np.asarray(ctx.poor, dtype=bool)] |= bit["poor_household"]
    bits[_degree(net, columns) == 0] |= bit["isolate"]
    return RoleCodes(bits)


def _group_broker_kinds(
    n: int, columns: Mapping[str, Any]
) -> tuple[np.ndarray | None, np.ndarray | None]:
    """The brokers between groups (as :func:`_group_brokers` picks them) and, for each, the
    index in :data:`_CROSS_GROUP` of its dominant cross-group brokerage."""
    bet = columns.get("betweenness_normalized")
    counts = {r: columns.get(f"brokerage_{r}") for r in _BROKERAGE}
    if bet is None or all(counts[r] is None for r in _CROSS_GROUP):
        return None, None
    bet = np.nan_to_num(np.asarray(bet, dtype=float))
    brk = {r: np.zeros(n) if v is None else np.asarray(v, dtype=float) for r, v in counts.items()}
    cross = sum(brk[r] for r in _CROSS_GROUP)
    k = max(1, math.ceil(BROKER_BETWEENNESS_SHARE * n))
    threshold = np.partition(bet, n - k)[n - k]  # the k-th largest
    who = np.flatnonzero((bet >= threshold) & (bet > 0) & (cross > 0))
    # max(_CROSS_GROUP, key=(count, is gatekeeper)): the largest count; on a tie gatekeeper,
    # else the first in _CROSS_GROUP order.
    stacked = np.stack([brk[r][who] for r in _CROSS_GROUP])
    dominant = np.argmax(stacked, axis=0)
    dominant[stacked[0] == stacked.max(axis=0)] = 0
    return who, dominant


def _degree(net: Network, columns: Mapping[str, Any]) -> np.ndarray:
    degree = columns.get("degree")
    if degree is None:
        src = np.asarray(net.src, dtype=np.int64)
        dst = np.asarray(net.dst, dtype=np.int64)
        keep = src != dst
        degree = np.bincount(np.r_[src[keep], dst[keep]], minlength=net.n)
    return np.asarray(degree)


def _role(code: str, rule: str, facts: dict[str, Any]) -> dict:
    return {"role": code, "rule": rule, "facts": facts}


def _captive_clients_per_patron(res: PatronageResult, n: int) -> np.ndarray:
    ctx = res._ctx
    if len(ctx.cap_c) == 0:
        return np.zeros(n, np.int64)
    pairs = np.sort(ctx.cap_p * n + ctx.cap_c)
    pairs = pairs[_run_starts(pairs)]
    return np.bincount(pairs // n, minlength=n)


def _pair_positions(ctx: Any, clients: np.ndarray, patrons: np.ndarray) -> np.ndarray:
    """Positions of the pairs (client, patron) among the (client, patron)-sorted pairs."""
    n = len(ctx.ids)
    keys = ctx.pair_c * n + ctx.pair_p
    return np.searchsorted(keys, clients.astype(np.int64) * n + patrons)


def _pair_form_lists(ctx: Any, positions: np.ndarray) -> list[list[str]]:
    """Dependency forms of the pairs at ``positions``."""
    names = [f or UNSPECIFIED_FORM for f in ctx.forms]
    lo, hi = ctx.pair_tri[positions].tolist(), ctx.pair_tri[positions + 1].tolist()
    tri_f = ctx.tri_f.tolist()
    return [[names[f] for f in tri_f[a:b]] for a, b in zip(lo, hi, strict=True)]


def _patrons(
    out: list[list[dict]], res: PatronageResult, patron: np.ndarray, captive_of: np.ndarray
) -> None:
    ctx, col = res._ctx, res.actor_columns
    n = len(ctx.ids)
    who = np.flatnonzero(patron)
    size = np.bincount(ctx.root, minlength=n)  # actors hanging from each top patron, + itself
    rows = zip(
        who.tolist(),
        *(
            np.asarray(col[k])[who].tolist()
            for k in (
                "clients",
                "poor_clients",
                "patron_score",
                "dependency_received",
                "reach_poor_1",
                "reach_poor_2",
            )
        ),
        captive_of[who].tolist(),
        (ctx.parent[who] == who).tolist(),
        size[ctx.root[who]].tolist(),
        strict=True,
    )
    forms, superior, cluster = col["forms_controlled"], col["superior"], col["cluster"]
    many = f"at least {PATRON_MIN_CLIENTS} distinct clients depend on it"
    one = "a captive client depends on it"
    for i, clients, poor, score, received, reach1, reach2, cap, top, cluster_size in rows:
        out[i].append(
            {
                "role": "patron",
                "rule": many if clients >= PATRON_MIN_CLIENTS else one,
                "facts": {
                    "clients": clients,
                    "poor_clients": poor,
                    "captive_clients": cap,
                    "forms": dict(forms[i] or {}),
                    "patron_score": score,
                    "dependency_received": received,
                    "reach_poor_1": reach1,
                    "reach_poor_2": reach2,
                    "top": top,
                    "superior": superior[i],
                    "cluster": cluster[i],
                    "cluster_size": cluster_size,
                },
            }
        )


def _multiplex_patrons(out: list[list[dict]], res: PatronageResult, who: np.ndarray) -> None:
    ctx, col = res._ctx, res.actor_columns
    ids = ctx.ids
    targets = np.flatnonzero(who)
    if len(targets) == 0:
        return
    # Multiplex pairs of these patrons, grouped by patron.
    sel = np.flatnonzero((ctx.pair_strands >= 2) & who[ctx.pair_p])
    sel = sel[np.argsort(ctx.pair_p[sel], kind="stable")]
    runs = _slices(ctx.pair_p[sel])
    counts = np.asarray(col["multiplex_clients"])[targets].tolist()
    pair_c = ctx.pair_c.tolist() if len(sel) else []
    for i, count in zip(targets.tolist(), counts, strict=True):
        s, e = runs.get(i, (0, 0))
        examples = [
            {"client": ids[pair_c[k]], "strands": res.strands(pair_c[k], i)}
            for k in sel[s : min(e, s + MAX_LISTED)].tolist()
        ]
        out[i].append(
            _role(
                "multiplex_patron",
                "a patron tied to at least one client by two or more strands "
                "(dependency forms or tie types)",
                {"multiplex_clients": count, "examples": examples},
            )
        )


def _pyramid_brokers(out: list[list[dict]], res: PatronageResult) -> None:
    ctx, col = res._ctx, res.actor_columns
    ids = ctx.ids
    n = len(ids)
    clients = np.asarray(col["clients"])
    who = np.flatnonzero((ctx.parent != np.arange(n)) & (clients > 0))
    if len(who) == 0:
        return
    superior = ctx.parent[who]
    forms_up = _pair_form_lists(ctx, _pair_positions(ctx, who, superior))
    rows = zip(
        who.tolist(),
        superior.tolist(),
        ctx.root[who].tolist(),
        ctx.level[who].tolist(),
        clients[who].tolist(),
        forms_up,
        strict=True,
    )
    forms_down = col["forms_controlled"]
    rule = "depends on a patron above it in a pyramid and has clients of its own " + (
        "(client → broker → patron)"
    )
    for i, sup, top, level, count, up in rows:
        out[i].append(
            {
                "role": "broker",
                "rule": rule,
                "facts": {
                    "via": "pyramid",
                    "patron": ids[sup],
                    "top_patron": ids[top],
                    "level": level,
                    "forms_from_patron": up,
                    "clients": count,
                    "forms_to_clients": dict(forms_down[i] or {}),
                },
            }
        )


def _group_brokers(
    out: list[list[dict]], net: Network, columns: Mapping[str, Any], group_by: str
) -> None:
    n = net.n
    bet = columns.get("betweenness_normalized")
    counts = {r: columns.get(f"brokerage_{r}") for r in _BROKERAGE}
    if bet is None or all(counts[r] is None for r in _CROSS_GROUP):
        return
    bet = np.nan_to_num(np.asarray(bet, dtype=float))
    brk = {r: np.zeros(n) if v is None else np.asarray(v, dtype=float) for r, v in counts.items()}
    cross = sum(brk[r] for r in _CROSS_GROUP)
    k = max(1, math.ceil(BROKER_BETWEENNESS_SHARE * n))
    threshold = np.sort(bet)[::-1][k - 1]
    who = np.flatnonzero((bet >= threshold) & (bet > 0) & (cross > 0))
    if len(who) == 0:
        return
    group_name, groups = _groups(net, columns, group_by)
    neighbours = _neighbour_groups(net, groups, who)
    per_role = {r: brk[r][who].tolist() for r in _BROKERAGE}
    for row, i in enumerate(who.tolist()):
        by_role = {r: _int_or_float(per_role[r][row]) for r in _BROKERAGE}
        ng = neighbours.get(i, {})
        ranked = sorted(ng, key=lambda g: (-ng[g], g))
        facts = {
            "via": "groups",
            "group_by": group_name,
            "own_group": groups[i] if groups is not None else None,
            "between": ranked[:2] if len(ranked) >= 2 else [],
            "neighbour_groups": ng,
            "brokerage": by_role,
            "betweenness_normalized": float(bet[i]),
        }
        out[i].append(
            _role(
                "broker",
                f"brokers between {group_name} groups (gatekeeper, representative, liaison or "
                f"consultant brokerage > 0) and its normalised betweenness is in the top "
                f"{BROKER_BETWEENNESS_SHARE:.0%} of actors",
                facts,
            )
        )
        dominant = max(_CROSS_GROUP, key=lambda r: (by_role[r], r == "gatekeeper"))
        if dominant in ("gatekeeper", "liaison"):
            rule = (
                "a broker between groups whose largest cross-group brokerage is gatekeeping "
                "(it controls what enters its own group)"
                if dominant == "gatekeeper"
                else "a broker between groups whose largest cross-group brokerage is liaison "
                "(it links two groups neither of which is its own)"
            )
            out[i].append(_role(dominant, rule, dict(facts)))


def _int_or_float(x: float) -> int | float:
    return int(x) if float(x).is_integer() else float(x)


def _groups(
    net: Network, columns: Mapping[str, Any], group_by: str
) -> tuple[str, list[str] | None]:
    """Group label per actor: the ``group_by`` attribute, else the community column."""
    attr = net.attrs.get(group_by)
    if attr is not None:
        labels = [_label(v) for v in np.asarray(attr, dtype=object).tolist()]
        if any(labels):
            return group_by, labels
    community = columns.get("community")
    if community is not None:
        return "community", [_label(v) for v in np.asarray(community, dtype=object).tolist()]
    return group_by, None


def _label(value: Any) -> str:
    """Group label of an attribute value; "" when missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return value if isinstance(value, str) else str(value)


def _neighbour_groups(
    net: Network, groups: list[str] | None, who: np.ndarray
) -> dict[int, dict[str, int]]:
    """For each actor in ``who``: distinct neighbours per group (unknown groups left out)."""
    if groups is None:
        return {}
    n = net.n
    codes, uniques = _factorize(np.asarray(groups, dtype=object))
    n_groups = max(len(uniques), 1)
    src = np.asarray(net.src, dtype=np.int64)
    dst = np.asarray(net.dst, dtype=np.int64)
    keep = src != dst
    a = np.r_[src[keep], dst[keep]]
    b = np.r_[dst[keep], src[keep]]
    mine = np.zeros(n, bool)
    mine[who] = True
    a, b = a[mine[a]], b[mine[a]]
    # distinct neighbours first, then count them per group
    pair = np.sort(a * n + b)
    pair = pair[_run_starts(pair)]
    a, b = pair // n, pair % n
    keys, counts = _count_keys(a * n_groups + codes[b])
    out: dict[int, dict[str, int]] = {}
    for key, count in zip(keys.tolist(), counts.tolist(), strict=True):
        name = _text(uniques[key % n_groups])
        if name:
            out.setdefault(key // n_groups, {})[name] = count
    return out


def _clients(out: list[list[dict]], res: PatronageResult) -> None:
    ctx, col = res._ctx, res.actor_columns
    ids = ctx.ids
    if len(ctx.pair_c) == 0:
        return
    # heaviest patron first within each client (pairs are sorted by client)
    top = float(ctx.pair_w.max()) + 1.0
    order = np.argsort(ctx.pair_c + (1.0 - ctx.pair_w / top) / 2.0, kind="stable")
    pc = ctx.pair_c[order]
    starts = np.flatnonzero(_run_starts(pc))
    ends = np.r_[starts[1:], len(pc)]
    patron_ids = np.asarray(ids, dtype=object)[ctx.pair_p[order]].tolist()
    main_forms = _pair_form_lists(ctx, order[starts])
    hhi = np.asarray(col["dependency_concentration"])[pc[starts]].tolist()
    rule = "depends on at least one patron (a dependency tie client → patron)"
    rows = zip(pc[starts].tolist(), starts.tolist(), ends.tolist(), main_forms, hhi, strict=True)
    for i, s, e, forms, concentration in rows:
        out[i].append(
            {
                "role": "client",
                "rule": rule,
                "facts": {
                    "patrons": patron_ids[s : min(e, s + MAX_LISTED)],
                    "patrons_count": e - s,
                    "main_patron": patron_ids[s],
                    "main_forms": forms,
                    "dependency_concentration": concentration,
                },
            }
        )


def _captives(out: list[list[dict]], res: PatronageResult) -> None:
    ctx = res._ctx
    ids = ctx.ids
    cap_f = ctx.cap_f.tolist()
    cap_p, cap_r = ctx.cap_p.tolist(), ctx.cap_reason.tolist()
    for i, (s, e) in _slices(ctx.cap_c).items():
        records = [
            {
                "form": ctx.forms[cap_f[k]],
                "patron": ids[cap_p[k]],
                "reason": CAPTIVE_REASONS[cap_r[k]],
            }
            for k in range(s, e)
        ]
        reasons = sorted({r["reason"] for r in records})
        why = " or ".join(
            "the tie is recorded as exclusive"
            if r == "exclusive"
            else "no other provider is within two steps"
            for r in reasons
        )
        out[i].append(
            _role(
                "captive_client",
                f"has a single patron for a vital form (credit, land, market, employment) "
                f"and {why}",
                {"captive": records},
            )
        )


def _poor(out: list[list[dict]], poor: np.ndarray, welfare: np.ndarray) -> None:
    who = np.flatnonzero(poor)
    rule = "its welfare rank is in the poor set"
    for i, code in zip(who.tolist(), welfare[who].tolist(), strict=True):
        out[i].append({"role": "poor_household", "rule": rule, "facts": {"welfare": code}})


def _isolates(
    out: list[list[dict]], net: Network, columns: Mapping[str, Any], ids: Sequence[str]
) -> None:
    degree = columns.get("degree")
    if degree is None:
        src = np.asarray(net.src, dtype=np.int64)
        dst = np.asarray(net.dst, dtype=np.int64)
        keep = src != dst
        degree = np.bincount(np.r_[src[keep], dst[keep]], minlength=net.n)
    for i in np.flatnonzero(np.asarray(degree) == 0).tolist():
        out[i].append(_role("isolate", "has no tie to any other actor", {"degree": 0}))
