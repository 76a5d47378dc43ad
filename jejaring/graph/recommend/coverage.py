"""Whom to approach first: a probabilistic coverage model and its greedy maximisation.

Each candidate ``i``, once won over, passes the program's message to itself and to the actors
tied to it. Actor ``x`` is reached by ``i`` with probability

.. math::

    c_{ix} = p_i \\quad (x = i), \\qquad c_{ix} = p_i\\, q_i\\, t_{ix} \\quad (x \\ne i)

where :math:`p_i` is how likely ``i`` is to take the message up (stance, engagement status and
how easily the facilitators can reach ``i``), :math:`q_i` how far its word carries (influence)
and :math:`t_{ix}` how much ``x`` listens to ``i`` over their tie (strength; along a directed tie
the party looked to speaks with full weight, the other with half, since ties point from the one
who depends or looks up to the one looked to). The value of a set :math:`S` of entry points is
the expected weight reached,

.. math::

    f(S) = \\sum_x w_x \\Bigl(1 - m_x \\prod_{i \\in S} (1 - c_{ix})\\Bigr),

with :math:`w_x` larger for poor households and :math:`m_x` the share of ``x`` not yet reached
by the actors already supportive. :math:`f` is monotone and submodular (a weighted
probabilistic coverage), so the greedy choice – each time the candidate adding most – reaches at
least :math:`1 - 1/e \\approx 63\\%` of the best possible set of the same size (Nemhauser,
Wolsey & Fisher 1978). Lazy evaluation (CELF, Leskovec et al. 2007) gives the same picks while
recomputing only the few candidates whose stale gain could still be the largest.

References
----------
.. [1] G. L. Nemhauser, L. A. Wolsey and M. L. Fisher, "An analysis of approximations for
   maximizing submodular set functions – I", *Mathematical Programming* 14:265–294, 1978.
.. [2] J. Leskovec, A. Krause, C. Guestrin, C. Faloutsos, J. VanBriesen and N. Glance,
   "Cost-effective outbreak detection in networks", *KDD* 2007, 420–429.
.. [3] D. Kempe, J. Kleinberg and É. Tardos, "Maximizing the spread of influence through a
   social network", *KDD* 2003, 137–146.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = [
    "CoverageModel",
    "coverage_value",
    "greedy",
    "reach_matrix",
    "take_up",
]

#: Willingness to take up the message by stance −2 … +2 (interpolated for averaged ratings).
STANCE_TAKE_UP = {-2: 0.05, -1: 0.25, 0: 0.6, 1: 0.85, 2: 1.0}
#: Willingness when no stance was assessed.
UNKNOWN_TAKE_UP = 0.5
#: Factor on willingness by engagement status (resistant caps it instead, see :func:`take_up`).
ENGAGEMENT_FACTOR = {"approached": 1.05, "receptive": 1.15}
RESISTANT_TAKE_UP = 0.05
#: How easily the facilitators reach a candidate, by intermediaries on the trusted route
#: (0 = known already); beyond the table, and without any trusted route, the last values apply.
ACCESS = (1.0, 0.85, 0.7, 0.55)
NO_ROUTE_ACCESS = 0.4
#: Reach of a candidate's word: ``0.4 + 0.12 × influence`` (0–5), 0.6 when unknown.
UNKNOWN_INFLUENCE_REACH = 0.6
#: How much the party that depends or looks up listens less to the other (directed ties).
UPWARD_FACTOR = 0.5
#: Strength 1–5 → 0.6–1.0; unknown strength counts as 3.
UNKNOWN_STRENGTH = 3.0


@dataclass
class CoverageModel:
    """The coverage problem: reach matrix, weights, what is reached already, who may be chosen.

    Attributes
    ----------
    reach : scipy.sparse.csr_matrix, shape (n, n)
        ``reach[i, x]`` = :math:`c_{ix}`.
    weight : numpy.ndarray
        :math:`w_x` (0 for actors that do not count, e.g. facilitators).
    missed : numpy.ndarray
        :math:`m_x`, the share of each actor not reached by those already supportive.
    candidates : numpy.ndarray of bool
        Who may be chosen.
    """

    reach: sparse.csr_matrix
    weight: np.ndarray
    missed: np.ndarray
    candidates: np.ndarray

    @property
    def total(self) -> float:
        return float(self.weight.sum())


def take_up(stance: np.ndarray, engagement: np.ndarray, steps_to: np.ndarray) -> np.ndarray:
    """:math:`p_i`: willingness (stance, engagement) × access (intermediaries on the route).

    ``steps_to`` is the number of intermediaries on the trusted route (0 = known, ``inf`` = no
    route).
    """
    xs = np.array(sorted(STANCE_TAKE_UP), dtype=float)
    ys = np.array([STANCE_TAKE_UP[k] for k in sorted(STANCE_TAKE_UP)])
    s = np.asarray(stance, dtype=float)
    will = np.where(np.isnan(s), UNKNOWN_TAKE_UP, np.interp(np.nan_to_num(s), xs, ys))
    for status, factor in ENGAGEMENT_FACTOR.items():
        will = np.where(engagement == status, will * factor, will)
    will = np.where(engagement == "resistant", np.minimum(will, RESISTANT_TAKE_UP), will)
    access_table = np.array(ACCESS)
    hops = np.where(np.isfinite(steps_to), steps_to, 0).astype(np.int64)
    access = access_table[np.minimum(hops, len(ACCESS) - 1)]
    access = np.where(np.isfinite(steps_to), access, NO_ROUTE_ACCESS)
    return np.clip(will * access, 0.0, 1.0)


def reach_matrix(
    n: int,
    src: np.ndarray,
    dst: np.ndarray,
    directed: np.ndarray,
    strength: np.ndarray | None,
    p: np.ndarray,
    influence: np.ndarray,
) -> sparse.csr_matrix:
    """The matrix :math:`c_{ix}` from the ties (both directions) and the per-actor factors."""
    src = np.asarray(src, np.int64)
    dst = np.asarray(dst, np.int64)
    keep = src != dst
    src, dst, directed = src[keep], dst[keep], np.asarray(directed, bool)[keep]
    s = np.asarray(strength, float)[keep] if strength is not None else np.full(len(src), np.nan)
    t = 0.5 + 0.1 * np.clip(np.where(np.isnan(s), UNKNOWN_STRENGTH, s), 1.0, 5.0)
    # Ties point from the one who looks up to the one looked to: dst speaks to src in full.
    speaker = np.r_[dst, src]
    listener = np.r_[src, dst]
    listen = np.r_[t, np.where(directed, t * UPWARD_FACTOR, t)]
    infl = np.asarray(influence, float)
    q = np.where(np.isnan(infl), UNKNOWN_INFLUENCE_REACH, 0.4 + 0.12 * np.clip(infl, 0, 5))
    value = p[speaker] * q[speaker] * listen
    diag = np.arange(n)
    rows = np.r_[speaker, diag]
    cols = np.r_[listener, diag]
    vals = np.r_[value, p]
    # Several ties between two actors: the strongest channel counts (max, not sum).
    key = rows * n + cols
    order = np.lexsort((-vals, key))
    key, vals = key[order], vals[order]
    first = np.ones(len(key), dtype=bool)
    first[1:] = key[1:] != key[:-1]
    key, vals = key[first], vals[first]
    m = sparse.csr_matrix((vals, (key // n, key % n)), shape=(n, n))
    m.sort_indices()
    return m


def _row_gains(reach: sparse.csr_matrix, v: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """:math:`\\sum_x c_{ix} v_x` for the given rows, summed the same way for one row or many."""
    out = np.zeros(len(rows))
    indptr = reach.indptr
    for k, i in enumerate(rows.tolist()):
        s, e = indptr[i], indptr[i + 1]
        if e > s:
            out[k] = float(np.add.reduce(reach.data[s:e] * v[reach.indices[s:e]]))
    return out


def _key(gain: float) -> float:
    # Gains computed by different summation orders may differ in the last bits; rounding makes
    # equal gains equal so that the seeded tie-break decides, in the lazy and the plain greedy.
    return round(float(gain), 9)


def greedy(
    model: CoverageModel,
    k: int,
    *,
    tiebreak: np.ndarray | None = None,
    min_gain: float = 0.0,
    lazy: bool = True,
) -> tuple[list[int], list[float], np.ndarray]:
    """Choose up to ``k`` entry points greedily; lazily (CELF) or by recomputing every gain.

    Parameters
    ----------
    model : CoverageModel
    k : int
        At most this many picks.
    tiebreak : numpy.ndarray, optional
        Rank per actor; among equal gains the lowest rank wins (default: actor index).
    min_gain : float
        Stop when the best remaining gain is not above this.
    lazy : bool
        CELF lazy evaluation (default) or the plain greedy (the reference, for tests).

    Returns
    -------
    picks : list of int
    gains : list of float
        The expected weight each pick added.
    missed : numpy.ndarray
        :math:`m_x \\prod_{i \\in S}(1 - c_{ix})` after the picks.

    Examples
    --------
    A star (0 in the middle) and a pair: the centre first, then one of the pair.

    >>> import numpy as np
    >>> reach = reach_matrix(6, np.array([1, 2, 3, 5]), np.array([0, 0, 0, 4]),
    ...                      np.zeros(4, bool), np.full(4, 5.0), np.ones(6), np.full(6, 5.0))
    >>> model = CoverageModel(reach, np.ones(6), np.ones(6), np.ones(6, bool))
    >>> greedy(model, 2)[0]
    [0, 4]
    """
    reach, w = model.reach, model.weight
    missed = model.missed.astype(float).copy()
    n = reach.shape[0]
    rank = np.arange(n) if tiebreak is None else np.asarray(tiebreak)
    cand = np.flatnonzero(model.candidates)
    picks: list[int] = []
    gains: list[float] = []
    if len(cand) == 0 or k <= 0:
        return picks, gains, missed
    if lazy:
        first = _row_gains(reach, w * missed, cand)
        heap = [(-_key(g), int(rank[i]), int(i), 0) for g, i in zip(first, cand, strict=True)]
        heapq.heapify(heap)
        while heap and len(picks) < k:
            neg, r, i, fresh_at = heapq.heappop(heap)
            if fresh_at == len(picks):
                if -neg <= min_gain:
                    break
                picks.append(i)
                gains.append(-neg)
                _apply(reach, missed, i)
                continue
            g = _row_gains(reach, w * missed, np.array([i]))[0]
            heapq.heappush(heap, (-_key(g), r, i, len(picks)))
    else:
        chosen = np.zeros(n, dtype=bool)
        while len(picks) < k:
            g = _row_gains(reach, w * missed, cand)
            keys = np.array([_key(x) for x in g])
            keys[chosen[cand]] = -np.inf
            best = max(range(len(cand)), key=lambda j: (keys[j], -rank[cand[j]]))
            if keys[best] <= min_gain:
                break
            i = int(cand[best])
            picks.append(i)
            gains.append(float(keys[best]))
            chosen[i] = True
            _apply(reach, missed, i)
    return picks, gains, missed


def _apply(reach: sparse.csr_matrix, missed: np.ndarray, i: int) -> None:
    s, e = reach.indptr[i], reach.indptr[i + 1]
    missed[reach.indices[s:e]] *= 1.0 - reach.data[s:e]


def coverage_value(model: CoverageModel, picks: list[int] | np.ndarray) -> float:
    """:math:`f(S)`: expected weight reached by the already supportive plus ``picks``.

    Examples
    --------
    >>> import numpy as np
    >>> reach = sparse.csr_matrix(np.array([[1.0, 0.5], [0.0, 1.0]]))
    >>> model = CoverageModel(reach, np.ones(2), np.ones(2), np.ones(2, bool))
    >>> coverage_value(model, [0]), coverage_value(model, [0, 1])
    (1.5, 2.0)
    """
    missed = model.missed.astype(float).copy()
    for i in picks:
        _apply(model.reach, missed, int(i))
    return float(np.sum(model.weight * (1.0 - missed)))
