"""Communities: groups of actors more tied among themselves than to the rest.

Leiden (default) or Louvain, maximising modularity on the undirected skeleton (a tie in either
direction joins two actors; with ``weighted=True`` the weights of both directions add up).
igraph's random generator is seeded, so the same seed gives the same communities. Communities
are numbered by size, largest first (0, 1, 2 …; ties broken by the smallest actor index), so
that the numbers mean the same thing from run to run.

References
----------
.. [1] V. A. Traag, L. Waltman and N. J. van Eck, "From Louvain to Leiden: guaranteeing
   well-connected communities", *Scientific Reports* 9:5233, 2019.
.. [2] V. D. Blondel, J.-L. Guillaume, R. Lambiotte and E. Lefebvre, "Fast unfolding of
   communities in large networks", *Journal of Statistical Mechanics* P10008, 2008.
.. [3] M. E. J. Newman, "Modularity and community structure in networks", *PNAS*
   103(23):8577–8582, 2006.
"""

from __future__ import annotations

import numpy as np

from jejaring.graph.network import Network
from jejaring.graph.rng import seeded_igraph
from jejaring.graph.view import GraphView, as_view

__all__ = ["communities", "leiden_iterations", "modularity", "renumber"]


def leiden_iterations(m: int) -> int:
    """Rounds of Leiden: two, the default of igraph and leidenalg (``m`` kept for tuning)."""
    return 2


def renumber(labels: np.ndarray) -> np.ndarray:
    """Community labels 0..k-1 by decreasing size, ties by smallest member.

    >>> renumber(np.array([5, 5, 2, 7, 7, 7])).tolist()
    [1, 1, 2, 0, 0, 0]
    """
    labels = np.asarray(labels)
    if len(labels) == 0:
        return labels.astype(np.int64)
    uniq, first, inverse, counts = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    rank = np.empty(len(uniq), dtype=np.int64)
    rank[order] = np.arange(len(uniq))
    return rank[inverse]


def communities(
    obj: Network | GraphView,
    *,
    method: str = "leiden",
    seed: int | None = 0,
) -> np.ndarray:
    """Community of every actor (0 = the largest community).

    Parameters
    ----------
    obj : Network or GraphView
    method : {"leiden", "louvain"}
    seed : int or None
        Seed of igraph's random generator (None: fresh randomness).

    Returns
    -------
    numpy.ndarray of int64

    Examples
    --------
    Two triangles joined by one tie fall apart into two communities:

    >>> ties = [{"source": a, "target": b, "directed": "no"}
    ...         for a, b in ["ab", "bc", "ac", "de", "ef", "df", "cd"]]
    >>> communities(Network.from_records(None, ties)).tolist()
    [0, 0, 0, 1, 1, 1]
    """
    v = as_view(obj)
    if v.n == 0:
        return np.zeros(0, dtype=np.int64)
    # igraph's generator is seeded so that the same seed gives the same partition.
    weights = (v.mutual if v.directed else v.weight).tolist() if v.weighted else None
    g = v.skeleton_igraph()
    if method == "leiden":
        with seeded_igraph(seed):
            part = g.community_leiden(
                objective_function="modularity",
                weights=weights,
                n_iterations=leiden_iterations(len(v.su)),
            )
        labels = np.asarray(part.membership, dtype=np.int64)
    elif method == "louvain":
        with seeded_igraph(seed):
            labels = np.asarray(g.community_multilevel(weights=weights).membership)
    else:
        raise ValueError(f"unknown community method {method!r} (leiden or louvain)")
    return renumber(labels)


def modularity(obj: Network | GraphView, labels: np.ndarray) -> float:
    """Newman's modularity of a partition of the skeleton (NetworkX ``modularity``).

    Examples
    --------
    >>> ties = [{"source": a, "target": b, "directed": "no"}
    ...         for a, b in ["ab", "bc", "ac", "de", "ef", "df", "cd"]]
    >>> net = Network.from_records(None, ties)
    >>> round(modularity(net, communities(net)), 4)
    0.3571
    """
    v = as_view(obj)
    if len(v.su) == 0:
        return float("nan")
    labels = np.asarray(labels, dtype=np.int64)
    w = (v.mutual if v.directed else v.weight) if v.weighted else np.ones(len(v.su))
    # Q = sum over communities of L_c / m - (D_c / 2m)^2, with L_c the weight inside c
    # and D_c the total degree of its members (Newman 2006), in numpy: no graph needed.
    total = float(w.sum())
    k = int(labels.max()) + 1
    inside = labels[v.su] == labels[v.sv]
    l_c = np.bincount(labels[v.su][inside], w[inside], minlength=k)
    d_c = np.bincount(labels[v.su], w, minlength=k) + np.bincount(labels[v.sv], w, minlength=k)
    return float(np.sum(l_c / total - (d_c / (2 * total)) ** 2))
