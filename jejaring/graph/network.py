"""The engine's input: a network as column arrays.

Every measure in :mod:`jejaring.graph` reads a :class:`Network`. Builders
(``Network.from_records``, CSV readers, the Django adapter) turn tables into this shape once,
so that measures work on numpy arrays instead of Python objects.

Tie direction: for a directed tie, ``src[k] → dst[k]`` reads "source depends on / looks to
target" (dependency ties run *client → patron*, see :mod:`jejaring.vocab`). An undirected tie
has ``directed[k] == False`` and counts in both directions where a measure needs direction.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

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
        unknown), ``strength`` (float, NaN when unknown), and any other column. A column the
        input did not have is absent (read with ``tie_attrs.get``).
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

    # ------------------------------------------------------------------ builders

    @classmethod
    def from_tables(
        cls, actors: Any | None, ties: Any, *, tie_types: Mapping[str, Any] | None = None
    ) -> Network:
        """Build a network from factorised tables (:class:`jejaring.graph.table.Table`);
        see :func:`jejaring.graph.builder.network_fields` for what is checked."""
        from jejaring.graph.builder import network_fields

        return cls(**network_fields(actors, ties, tie_types=tie_types))

    @classmethod
    def from_records(
        cls,
        actors: Iterable[Mapping[str, Any]] | None,
        ties: Iterable[Mapping[str, Any]],
        *,
        tie_types: Mapping[str, Any] | None = None,
    ) -> Network:
        """Build a network from dicts, one per actor and one per tie.

        Keys follow the file contract (English or Indonesian column names, see
        :mod:`jejaring.graph.columns`); record ``i`` is reported as row ``i + 2`` in errors,
        as if it were a spreadsheet with a header row.

        Parameters
        ----------
        actors : iterable of dict or None
            ``id`` and ``name`` required. None: the tie endpoints, named by their ids.
        ties : iterable of dict
            ``source`` and ``target`` required.
        tie_types : mapping, optional
            Per tie type code, ``{"directed": bool, "dependency": bool}`` overriding
            :data:`jejaring.vocab.TIE_TYPES` (see :func:`jejaring.graph.builder.resolve_tie_types`).

        Returns
        -------
        Network

        Examples
        --------
        >>> net = Network.from_records(
        ...     [{"id": "a", "nama": "Pak Harjo", "kesejahteraan": "mampu"},
        ...      {"id": "b", "nama": "Bu Sri", "kesejahteraan": "miskin"}],
        ...     [{"sumber": "b", "tujuan": "a", "jenis": "kredit"}])
        >>> net.n, net.m, net.directed.tolist(), net.dependency.tolist()
        (2, 1, [True], [True])
        >>> net.attrs["welfare"].tolist(), net.type.tolist()
        (['well_off', 'poor'], ['credit'])
        """
        from jejaring.graph.tables import table_from_records

        a = table_from_records(actors, "actors", "actors") if actors is not None else None
        t = table_from_records(ties, "ties", "ties")
        return cls.from_tables(a, t, tie_types=tie_types)

    @classmethod
    def from_frames(
        cls,
        actors: Any | None,
        ties: Any,
        *,
        tie_types: Mapping[str, Any] | None = None,
    ) -> Network:
        """Build a network from pandas DataFrames following the file contract.

        Examples
        --------
        >>> import pandas as pd
        >>> net = Network.from_frames(
        ...     pd.DataFrame({"id": [1, 2, 3], "name": ["A", "B", "C"]}),
        ...     pd.DataFrame({"source": [1, 2], "target": [2, 3], "type": "kinship"}))
        >>> net.ids, net.directed.tolist()
        (['1', '2', '3'], [False, False])
        """
        from jejaring.graph.tables import table_from_frame

        a = table_from_frame(actors, "actors", "actors") if actors is not None else None
        t = table_from_frame(ties, "ties", "ties")
        return cls.from_tables(a, t, tie_types=tie_types)

    @classmethod
    def read_csv(
        cls,
        actors: str | os.PathLike | None,
        ties: str | os.PathLike,
        *,
        tie_types: Mapping[str, Any] | None = None,
    ) -> Network:
        """Read the actors and ties tables from CSV (or single-sheet .xlsx) files.

        Encodings UTF-8 (with or without BOM) and Windows-1252; separators ``,`` ``;`` or tab,
        taken from the header line. Large files are read with pandas' C reader in chunks.

        Raises
        ------
        jejaring.graph.errors.InputError
            On bad input, naming the file, the row (header = row 1) and the column.
        """
        from jejaring.graph.builder import actor_ids
        from jejaring.graph.tables import read_table

        a = read_table(actors, "actors") if actors is not None else None
        ids = actor_ids(a) if a is not None else None
        t = read_table(ties, "ties", actor_ids=ids, actors_label=a.label if a else "")
        return cls.from_tables(a, t, tie_types=tie_types)

    @classmethod
    def read_excel(
        cls, path: str | os.PathLike, *, tie_types: Mapping[str, Any] | None = None
    ) -> Network:
        """Read a workbook with an ``actors`` and a ``ties`` sheet (``aktor``/``hubungan``)."""
        from jejaring.graph.tables import read_workbook

        tables = read_workbook(path)
        return cls.from_tables(tables["actors"], tables["ties"], tie_types=tie_types)

    # ------------------------------------------------------------------ selections

    def select_ties(self, mask: np.ndarray) -> Network:
        """The same actors with only the ties where ``mask`` is true."""
        mask = np.asarray(mask, dtype=bool)
        return Network(
            ids=self.ids,
            src=self.src[mask],
            dst=self.dst[mask],
            directed=self.directed[mask],
            dependency=self.dependency[mask],
            type=self.type[mask],
            weight=self.weight[mask],
            attrs=self.attrs,
            tie_attrs={k: np.asarray(v)[mask] for k, v in self.tie_attrs.items()},
        )
