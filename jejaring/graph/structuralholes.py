"""Burt's structural holes: constraint and effective size of every actor.

Both follow NetworkX's definitions exactly (``nx.constraint`` and ``nx.effective_size``).
The *mutual weight* of two actors is :math:`a_{uv} + a_{vu}`: the weights of the ties between
them in both directions (an undirected tie counts in both). :math:`p_{uv}` is that mutual
weight divided by the sum of ``u``'s mutual weights, :math:`m_{uv}` the mutual weight divided
by ``u``'s largest mutual weight.

* constraint: :math:`c(u) = \\sum_{v \\in N(u)} (p_{uv} + \\sum_{w} p_{uw} p_{wv})^2`;
* effective size: :math:`e(u) = \\sum_{v \\in N(u)} (1 - \\sum_{w} p_{uw} m_{vw})`, which for
  unweighted undirected networks is Borgatti's :math:`n - 2t/n`.

Neighbours are the actors tied to ``u`` in either direction. In a directed network the
direction of the ties is therefore ignored, except that a reciprocated pair weighs twice a
one-way pair (as in NetworkX). Actors without ties get NaN. Only triangles contribute to the
indirect sums (``w`` must be tied to both), so the computation walks the list of triangles
instead of multiplying matrices: linear in the number of triangles.

References
----------
.. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
   University Press, 1992.
.. [2] R. S. Burt, "Structural holes and good ideas", *American Journal of Sociology*
   110(2):349–399, 2004.
.. [3] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures",
   *Connections* 20(1):35–38, 1997.
"""

from __future__ import annotations

import numpy as np

from jejaring.graph.network import Network
from jejaring.graph.view import GraphView, as_view

__all__ = ["constraint", "effective_size", "structural_holes"]


def structural_holes(obj: Network | GraphView) -> tuple[np.ndarray, np.ndarray]:
    """``(constraint, effective_size)`` of every actor, from one pass over the triangles."""
    v = as_view(obj)
    n = v.n
    su, sv, mw = v.su, v.sv, v.mutual
    total = np.bincount(su, mw, minlength=n) + np.bincount(sv, mw, minlength=n)
    biggest = np.zeros(n)
    np.maximum.at(biggest, su, mw)
    np.maximum.at(biggest, sv, mw)
    deg = np.bincount(su, minlength=n) + np.bincount(sv, minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.stack([mw / total[su], mw / total[sv]])  # p[0]: su→sv, p[1]: sv→su
        m = np.stack([mw / biggest[su], mw / biggest[sv]])
    indirect = np.zeros((2, len(su)))
    redundancy = np.zeros(n)
    tri = v.triangles()
    if len(tri):
        a, b, c = tri[:, 0], tri[:, 1], tri[:, 2]
        te = v.triangle_edges()
        e_ab, e_ac, e_bc = te[:, 0], te[:, 1], te[:, 2]
        # Triangle rows are sorted, so in each edge the smaller id is the skeleton's su.
        # Directed slot of x→y on edge e: 0 when x is the smaller endpoint.
        pairs = (
            (e_ab, 0, e_ac, 0, e_bc, 1, a),  # a→b via c: p(a→c) p(c→b); ego a, shared c
            (e_ab, 1, e_bc, 0, e_ac, 1, b),  # b→a via c
            (e_ac, 0, e_ab, 0, e_bc, 0, a),  # a→c via b
            (e_ac, 1, e_bc, 1, e_ab, 1, c),  # c→a via b
            (e_bc, 0, e_ab, 1, e_ac, 0, b),  # b→c via a
            (e_bc, 1, e_ac, 1, e_ab, 0, c),  # c→b via a
        )
        for e_xy, s_xy, e_xz, s_xz, e_zy, s_zy, x in pairs:
            indirect[s_xy] += np.bincount(e_xy, p[s_xz, e_xz] * p[s_zy, e_zy], minlength=len(su))
            # Redundancy of neighbour y for ego x through z: p(x→z) · m(y, z), where m(y,z)
            # is read from y's side of edge y–z, i.e. the opposite slot of z→y.
            redundancy += np.bincount(x, p[s_xz, e_xz] * m[1 - s_zy, e_zy], minlength=n)
    local = (p + indirect) ** 2
    cons = np.bincount(su, local[0], minlength=n) + np.bincount(sv, local[1], minlength=n)
    esize = deg - redundancy
    isolated = deg == 0
    cons = np.where(isolated, np.nan, cons)
    esize = np.where(isolated, np.nan, esize.astype(np.float64))
    return cons, esize


def constraint(obj: Network | GraphView) -> np.ndarray:
    """Burt's constraint (NetworkX ``constraint``); NaN for actors without ties.

    High constraint: the actor's contacts are tied to each other, so the actor has few
    structural holes to broker.

    Examples
    --------
    The centre of a star is unconstrained by its three unconnected contacts:

    >>> net = Network.from_records(None, [
    ...     {"source": "hub", "target": x, "directed": "no"} for x in "abc"])
    >>> constraint(net).round(4).tolist()
    [0.3333, 1.0, 1.0, 1.0]
    """
    return structural_holes(obj)[0]


def effective_size(obj: Network | GraphView) -> np.ndarray:
    """Burt's effective size (NetworkX ``effective_size``); NaN for actors without ties.

    Examples
    --------
    In a triangle every contact is redundant with the other: 2 − 2·1/2 = 1.

    >>> net = Network.from_records(None, [
    ...     {"source": "a", "target": "b", "directed": "no"},
    ...     {"source": "b", "target": "c", "directed": "no"},
    ...     {"source": "a", "target": "c", "directed": "no"}])
    >>> effective_size(net).tolist()
    [1.0, 1.0, 1.0]
    """
    return structural_holes(obj)[1]
