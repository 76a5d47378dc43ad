"""Gould–Fernandez brokerage roles, grouped by any actor attribute.

For every two-path :math:`a \\to b \\to c` with :math:`a \\ne c` and no tie :math:`a \\to c`,
the broker ``b`` plays one of five roles, decided by the groups of the three actors:

=================  ===========================================  ===================
role               groups                                        Gould & Fernandez
=================  ===========================================  ===================
coordinator        a, b and c in one group                       :math:`w_I`
consultant         a and c in one group, b in another            :math:`w_O`
representative     a in b's group, c in another                  :math:`b_{OI}`
gatekeeper         c in b's group, a in another                  :math:`b_{IO}`
liaison            all three in different groups                 :math:`b_O`
=================  ===========================================  ===================

(Gould and Fernandez's representative *passes on* from their own group; the gatekeeper
*lets in* to their own group.) An undirected tie counts in both directions, so an undirected
open triad ``a – b – c`` is two two-paths. Parallel ties between the same actors count once.
Actors whose group is unknown ("" in the attribute) take part in no counted two-path.

Computation: per broker, the in- and out-neighbours counted by group (two sparse products)
give every pair ``(a, c)``; the pairs with ``a = c`` (reciprocated ties) and the closed pairs
(``a → c`` exists, found among the triangles) are subtracted. No loop over actors.

Expected counts (``expected=True``) follow Gould and Fernandez's null model: the group labels
are assigned at random with the observed group sizes, so for a broker in a group of size
:math:`N_b` among :math:`n` actors with known groups, the other two actors of a two-path are
drawn without replacement from the :math:`n-1` others. With :math:`D = (n-1)(n-2)`:

* coordinator :math:`(N_b-1)(N_b-2)/D`;
* representative and gatekeeper :math:`(N_b-1)(n-N_b)/D` each;
* consultant :math:`\\sum_{g \\ne b} N_g(N_g-1)/D`;
* liaison :math:`\\big((n-N_b)^2 - \\sum_{g \\ne b} N_g^2\\big)/D`.

The expected count is that probability times the broker's number of open two-paths
:math:`T_b`; the z-score is :math:`(O - E) / \\sqrt{T_b p (1-p)}`, a binomial approximation
that treats the two-paths as independent.

References
----------
.. [1] R. V. Gould and R. M. Fernandez, "Structures of mediation: a formal approach to
   brokerage in transaction networks", *Sociological Methodology* 19:89–126, 1989.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from jejaring.graph.network import Network
from jejaring.graph.view import GraphView, as_view

__all__ = ["ROLES", "brokerage", "brokerage_expected", "group_codes"]

ROLES = ("coordinator", "gatekeeper", "representative", "consultant", "liaison")


def group_codes(values: Any) -> np.ndarray:
    """Integer group per actor from attribute values; -1 where the value is missing.

    >>> group_codes(["A", "", "B", "A", None]).tolist()
    [0, -1, 1, 0, -1]
    """
    vals = np.asarray(values, dtype=object)
    out = np.full(len(vals), -1, dtype=np.int64)
    lookup: dict[Any, int] = {}
    if len(vals) > 100_000:
        import pandas as pd

        codes, uniques = pd.factorize(vals, use_na_sentinel=False)
        missing = np.array([_missing(u) for u in uniques], dtype=bool)
        remap = np.cumsum(~missing) - 1
        remap[missing] = -1
        return remap[codes].astype(np.int64) if len(uniques) else out
    for i, v in enumerate(vals.tolist()):
        if not _missing(v):
            out[i] = lookup.setdefault(v, len(lookup))
    return out


def _missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and v != v) or (isinstance(v, str) and not v)


def _role_of(ga: np.ndarray, gb: np.ndarray, gc: np.ndarray) -> np.ndarray:
    """Role index (position in :data:`ROLES`) of two-paths with these groups."""
    return np.select(
        [
            (ga == gb) & (gc == gb),
            (ga != gb) & (gc == gb),
            (ga == gb) & (gc != gb),
            (ga == gc) & (ga != gb),
        ],
        [0, 1, 2, 3],
        default=4,
    )


def brokerage(obj: Network | GraphView, groups: Any) -> dict[str, np.ndarray]:
    """Gould–Fernandez brokerage counts of every actor.

    Parameters
    ----------
    obj : Network or GraphView
    groups : array-like
        One group value per actor (e.g. ``net.attrs["hamlet"]``); "" or None = unknown.

    Returns
    -------
    dict of str to numpy.ndarray
        Counts per role (:data:`ROLES`), int64 arrays in ``net.ids`` order.

    Examples
    --------
    a (hamlet X) → b (Y) → c (Y): b lets a outsider into its own hamlet, a gatekeeper.

    >>> net = Network.from_records(
    ...     [{"id": "a", "name": "A", "hamlet": "X"}, {"id": "b", "name": "B", "hamlet": "Y"},
    ...      {"id": "c", "name": "C", "hamlet": "Y"}],
    ...     [{"source": "a", "target": "b"}, {"source": "b", "target": "c"}])
    >>> roles = brokerage(net, net.attrs["hamlet"])
    >>> {r: c.tolist() for r, c in roles.items()}["gatekeeper"]
    [0, 1, 0]
    """
    import scipy.sparse as sp

    v = as_view(obj)
    n = v.n
    g = group_codes(groups)
    if len(g) != n:
        raise ValueError(f"groups has {len(g)} values for {n} actors")
    k = int(g.max()) + 1 if n and g.max() >= 0 else 0
    s, d, _ = v.arcs()
    known = g >= 0
    out = {r: np.zeros(n, dtype=np.int64) for r in ROLES}
    if k == 0 or len(s) == 0:
        return out

    # Gin[b, x]: in-neighbours of b in group x; Gout[b, x]: out-neighbours in group x.
    ok_in = known[s]
    gin = sp.csr_matrix((np.ones(int(ok_in.sum())), (d[ok_in], g[s[ok_in]])), shape=(n, k))
    ok_out = known[d]
    gout = sp.csr_matrix((np.ones(int(ok_out.sum())), (s[ok_out], g[d[ok_out]])), shape=(n, k))
    din = np.asarray(gin.sum(axis=1)).ravel()
    dout = np.asarray(gout.sum(axis=1)).ravel()
    gb = np.maximum(g, 0)
    idx = np.arange(n)
    same_in = np.asarray(gin[idx, gb]).ravel() * known
    same_out = np.asarray(gout[idx, gb]).ravel() * known
    same_group_pairs = np.asarray(gin.multiply(gout).sum(axis=1)).ravel()

    # a = c: a reciprocated neighbour is both an in- and an out-neighbour of b.
    recip = v.reciprocated()
    if not v.directed:
        recip = np.concatenate([recip, recip])  # arcs() lists both directions
    recip = recip & known[d] & known[s]
    r_same = np.bincount(s[recip], weights=(g[d[recip]] == g[s[recip]]), minlength=n)
    r_all = np.bincount(s[recip], minlength=n).astype(np.float64)

    closed = np.zeros((5, n))
    tri = v.triangles()
    if len(tri):
        arc = v.triangle_arcs()
        for x, y, z in ((0, 1, 2), (0, 2, 1), (1, 0, 2), (1, 2, 0), (2, 0, 1), (2, 1, 0)):
            a, b, c = tri[:, x], tri[:, y], tri[:, z]
            hit = arc[(x, y)] & arc[(y, z)] & arc[(x, z)]
            hit &= known[a] & known[b] & known[c]
            if hit.any():
                role = _role_of(g[a[hit]], g[b[hit]], g[c[hit]])
                closed += np.bincount(role * n + b[hit], minlength=5 * n).reshape(5, n)

    both_same = same_in * same_out
    counts = {
        "coordinator": both_same - r_same - closed[0],
        "gatekeeper": (din - same_in) * same_out - closed[1],
        "representative": same_in * (dout - same_out) - closed[2],
        "consultant": (same_group_pairs - both_same) - (r_all - r_same) - closed[3],
        "liaison": (din - same_in) * (dout - same_out) - (same_group_pairs - both_same) - closed[4],
    }
    for role, values in counts.items():
        out[role] = np.where(known, np.rint(values), 0).astype(np.int64)
    return out


def brokerage_expected(
    counts: dict[str, np.ndarray], groups: Any
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Expected counts and z-scores under random assignment of groups (Gould & Fernandez).

    Parameters
    ----------
    counts : dict
        The result of :func:`brokerage`.
    groups : array-like
        The same groups.

    Returns
    -------
    (expected, z) : two dicts of role → float array (NaN where undefined).

    Examples
    --------
    Two groups of two and one broker with a single open two-path:

    >>> counts = {r: [0, 0, 0, 0] for r in ROLES}
    >>> counts["gatekeeper"] = [0, 1, 0, 0]
    >>> exp, z = brokerage_expected(counts, ["X", "Y", "Y", "X"])
    >>> [round(float(exp[r][1]), 4) for r in ROLES]
    [0.0, 0.3333, 0.3333, 0.3333, 0.0]
    """
    g = group_codes(groups)
    n = len(g)
    known = g >= 0
    nk = int(known.sum())
    total = np.zeros(n)
    for r in ROLES:
        total = total + np.asarray(counts[r], dtype=np.float64)
    nan = np.full(n, np.nan)
    if nk < 3:
        return {r: nan.copy() for r in ROLES}, {r: nan.copy() for r in ROLES}
    sizes = np.bincount(g[known]).astype(np.float64)
    nb = np.where(known, sizes[np.maximum(g, 0)], np.nan)
    sum_sq = float(np.sum(sizes**2))
    sum_pairs = float(np.sum(sizes * (sizes - 1)))
    denom = (nk - 1) * (nk - 2)
    prob = {
        "coordinator": (nb - 1) * (nb - 2) / denom,
        "gatekeeper": (nb - 1) * (nk - nb) / denom,
        "representative": (nb - 1) * (nk - nb) / denom,
        "consultant": (sum_pairs - nb * (nb - 1)) / denom,
        "liaison": ((nk - nb) ** 2 - (sum_sq - nb**2)) / denom,
    }
    expected, z = {}, {}
    for r in ROLES:
        p = prob[r]
        e = total * p
        sd = np.sqrt(total * p * (1 - p))
        obs = np.asarray(counts[r], dtype=np.float64)
        expected[r] = np.where(known, e, np.nan)
        with np.errstate(divide="ignore", invalid="ignore"):
            z[r] = np.where(known & (sd > 0), (obs - e) / sd, np.nan)
    return expected, z
