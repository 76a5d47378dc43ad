"""The engine's input: a network as column arrays.

Every measure in :mod:`jejaring.graph` reads a :class:`Network`. Builders
(``Network.from_records``, CSV readers, the Django adapter) turn tables into this shape once,
so that measures work on numpy arrays instead of Python objects.

Tie direction: for a directed tie, ``src[k] → dst[k]`` reads "source depends on / looks to
target" (dependency ties run *client → patron*, see :mod:`jejaring.vocab`). An undirected tie
has ``directed[k] == False`` and counts in both directions where a measure needs direction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Network:
    """Actors and ties as parallel arrays.

    Attributes
    ----------
    ids : list of str
        Actor ids; actor ``i`` is ``ids[i]``.
    attrs : dict of str to numpy.ndarray
        Per-actor columns of length ``n``: ``name``, ``kind``, ``category``, ``hamlet``,
        ``gender``, ``welfare`` (codes of :data:`jejaring.vocab.WELFARE_RANKS` or ""),
        ``influence``, ``interest``, ``stance`` (float, NaN when unknown), and any other
        attribute the input carried (object arrays, "" when missing).
    src, dst : numpy.ndarray of int64
        Tie endpoints as actor indices, length ``m``.
    directed : numpy.ndarray of bool
        Whether each tie is directed.
    dependency : numpy.ndarray of bool
        Whether each tie is a patron–client dependency tie (``src`` = client, ``dst`` = patron).
    type : numpy.ndarray of object
        Tie type code per tie ("" when none).
    weight : numpy.ndarray of float64
        Tie weight (1.0 when not given).
    tie_attrs : dict of str to numpy.ndarray
        Per-tie columns of length ``m``: ``form``, ``frequency``, ``attachment``, ``balance``,
        ``terms_set_by`` (object, "" when missing), ``exclusive`` (float: 1.0 yes, 0.0 no, NaN
        unknown), ``strength`` (float, NaN when unknown), and any other column.
    """

    ids: list[str]
    src: np.ndarray
    dst: np.ndarray
    directed: np.ndarray
    dependency: np.ndarray
    type: np.ndarray
    weight: np.ndarray
    attrs: dict[str, np.ndarray] = field(default_factory=dict)
    tie_attrs: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """Number of actors."""
        return len(self.ids)

    @property
    def m(self) -> int:
        """Number of ties."""
        return int(self.src.shape[0])
