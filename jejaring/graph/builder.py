"""Turning actors and ties tables into the fields of a :class:`~jejaring.graph.network.Network`.

The rules of the file contract live here: required columns, ids, numbers, yes/no values,
vocabulary codes (English or Indonesian), tie direction and dependency from the tie type, and
the errors that name file, row and column. Everything works on factorised columns
(:class:`~jejaring.graph.tables.Table`): one Python step per distinct value, numpy per row.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np

from jejaring import vocab
from jejaring.graph.columns import (
    ACTOR_FLOAT_COLUMNS,
    ACTOR_VOCAB_COLUMNS,
    FLOAT_RANGES,
    OPEN_VOCABULARIES,
    TIE_FLOAT_COLUMNS,
    TIE_VOCAB_COLUMNS,
    is_known_value,
    normalise_value,
    parse_bool,
    parse_float,
)
from jejaring.graph.errors import InputError, InputWarning, unknown_actor
from jejaring.graph.table import Column, Table

__all__ = ["TieTypeRule", "actor_ids", "network_fields", "resolve_tie_types"]

# Levels above this many are parsed with pandas' vectorised to_numeric instead of a loop.
_VECTOR_LEVELS = 100_000
_TIE_CODED = (*TIE_VOCAB_COLUMNS, "confidence")


class TieTypeRule:
    """Whether ties of one type are directed and whether they are dependency ties."""

    __slots__ = ("dependency", "directed")

    def __init__(self, directed: bool, dependency: bool) -> None:
        self.directed = bool(directed)
        self.dependency = bool(dependency)

    def __repr__(self) -> str:
        return f"TieTypeRule(directed={self.directed}, dependency={self.dependency})"


def resolve_tie_types(overrides: Mapping[str, Any] | None = None) -> dict[str, TieTypeRule]:
    """The built-in tie types of :mod:`jejaring.vocab`, updated by ``overrides``.

    ``overrides`` maps a type code to a :class:`~jejaring.vocab.TieTypeSpec`, a
    :class:`TieTypeRule`, a mapping with ``directed``/``dependency`` keys (either may be
    left out: it keeps the built-in value, or directed/not dependency for a new type), or a
    ``(directed, dependency)`` pair.

    >>> rules = resolve_tie_types({"gift": {"directed": False}})
    >>> rules["gift"], rules["credit"]
    (TieTypeRule(directed=False, dependency=False), TieTypeRule(directed=True, dependency=True))
    """
    rules = {t.code: TieTypeRule(t.directed, t.dependency) for t in vocab.TIE_TYPES}
    for code, spec in (overrides or {}).items():
        base = rules.get(code, TieTypeRule(True, False))
        if isinstance(spec, TieTypeRule | vocab.TieTypeSpec):
            rule = TieTypeRule(spec.directed, spec.dependency)
        elif isinstance(spec, Mapping):
            rule = TieTypeRule(
                spec.get("directed", base.directed), spec.get("dependency", base.dependency)
            )
        else:
            directed, dependency = spec
            rule = TieTypeRule(directed, dependency)
        rules[normalise_value("type", code) or code] = rule
    return rules


# --------------------------------------------------------------------------- level parsing


def _floats(table: Table, name: str) -> np.ndarray:
    """Per-row floats of a numeric column (NaN when empty); error on the first bad cell."""
    col = table.columns[name]
    if len(col.levels) > _VECTOR_LEVELS:
        import pandas as pd

        raw = pd.Series(col.levels, dtype=object).str.replace(
            r"^([+-]?\d+),(\d+)$", r"\1.\2", regex=True
        )
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
        bad = np.isnan(values) & (np.asarray(col.levels, dtype=object) != "")
        bad |= np.isinf(values)
        if bad.any():
            i = col.first_row_of(bad)
            raise table.error(f"expected a number, got {col.levels[col.codes[i]]!r}", i, name)
    else:
        values = np.empty(len(col.levels))
        for k, text in enumerate(col.levels):
            try:
                values[k] = parse_float(text)
            except ValueError as exc:
                mask = np.zeros(len(col.levels), dtype=bool)
                mask[k] = True
                raise table.error(str(exc), col.first_row_of(mask), name) from None
    lo, hi = FLOAT_RANGES.get(name, (None, None))
    out_of_range = np.zeros(len(values), dtype=bool)
    with np.errstate(invalid="ignore"):
        if lo is not None:
            out_of_range |= values < lo
        if hi is not None:
            out_of_range |= values > hi
    if out_of_range.any():
        i = col.first_row_of(out_of_range)
        span = f"{lo} to {hi}" if hi is not None else f"at least {lo}"
        raise table.error(f"{col.levels[col.codes[i]]!r} is outside {span}", i, name)
    return values[col.codes] if len(values) else np.zeros(len(col.codes))


def _bools(table: Table, name: str) -> np.ndarray:
    """Per-row 1.0 (yes), 0.0 (no) or NaN (empty); error on the first other value."""
    col = table.columns[name]
    values = np.empty(len(col.levels))
    for k, text in enumerate(col.levels):
        try:
            b = parse_bool(text)
        except ValueError as exc:
            mask = np.zeros(len(col.levels), dtype=bool)
            mask[k] = True
            raise table.error(str(exc), col.first_row_of(mask), name) from None
        values[k] = np.nan if b is None else float(b)
    return values[col.codes] if len(values) else np.zeros(len(col.codes))


def _coded(table: Table, name: str) -> np.ndarray:
    """Per-row vocabulary codes (object array); unknown values of closed lists are reported."""
    col = table.columns[name]
    levels = [normalise_value(name, t) for t in col.levels]
    if name not in OPEN_VOCABULARIES:
        unknown = [v for v in dict.fromkeys(levels) if not is_known_value(name, v)]
        if unknown:
            shown = ", ".join(repr(u) for u in unknown[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            warnings.warn(
                f"{table.label}, column {col.header!r}: unknown value(s) {shown}{more} kept as "
                "written (see docs/measures.md for the accepted codes)",
                InputWarning,
                stacklevel=4,
            )
    return np.asarray(levels, dtype=object)[col.codes] if levels else np.zeros(0, dtype=object)


def _text(table: Table, name: str) -> np.ndarray:
    return table.columns[name].texts()


# --------------------------------------------------------------------------- actors


def _require(table: Table, *names: str) -> None:
    for name in names:
        if name not in table.columns:
            found = ", ".join(repr(h) for h in table.headers) or "none"
            raise InputError(
                f"required column {name!r} is missing (columns found: {found})", table.label, 1
            )


def actor_ids(table: Table) -> list[str]:
    """The actor ids of an actors table, checked (required, not empty, distinct)."""
    _require(table, "id", "name")
    return _actor_ids(table)[0]


def _actor_ids(table: Table) -> tuple[list[str], Column]:
    col = table.columns["id"]
    blank = np.array([t == "" for t in col.levels], dtype=bool)
    if blank.any() and blank[col.codes].any():
        raise table.error("empty actor id", col.first_row_of(blank), "id")
    counts = np.bincount(col.codes, minlength=len(col.levels))
    if (counts > 1).any():
        dup_level = int(np.flatnonzero(counts > 1)[0])
        rows = np.flatnonzero(col.codes == dup_level)
        first = int(table.rows[rows[0]])
        raise table.error(
            f"duplicate actor id {col.levels[dup_level]!r} (also in row {first})",
            int(rows[1]),
            "id",
        )
    ids = np.asarray(col.levels, dtype=object)[col.codes].tolist() if col.levels else []
    return ids, col


def _actor_attrs(table: Table, ids: list[str]) -> dict[str, np.ndarray]:
    attrs: dict[str, np.ndarray] = {}
    names = _text(table, "name")
    empty = names == ""
    if empty.any():
        # A nameless actor is still shown: by its id.
        names = names.copy()
        names[empty] = np.asarray(ids, dtype=object)[empty]
    attrs["name"] = names
    for name in table.columns:
        if name in ("id", "name"):
            continue
        if name in ACTOR_FLOAT_COLUMNS:
            attrs[name] = _floats(table, name)
        elif name in ACTOR_VOCAB_COLUMNS:
            attrs[name] = _coded(table, name)
        else:
            attrs[name] = _text(table, name)
    n = len(ids)
    for name in ("kind", "category", "hamlet", "gender", "welfare"):
        attrs.setdefault(name, np.full(n, "", dtype=object))
    for name in ACTOR_FLOAT_COLUMNS:
        attrs.setdefault(name, np.full(n, np.nan))
    return attrs


# --------------------------------------------------------------------------- ties


def _endpoint(table: Table, name: str, lookup: Any, actors_label: str) -> np.ndarray:
    col = table.columns[name]
    if col.actor_index:
        # Mapped and checked while reading; only empty cells are left as -1.
        empty = np.flatnonzero(col.codes < 0)
        if len(empty):
            raise table.error("empty actor id", int(empty[0]), name)
        return col.codes
    blank = np.array([t == "" for t in col.levels], dtype=bool)
    if blank.any() and blank[col.codes].any():
        raise table.error("empty actor id", col.first_row_of(blank), name)
    index = lookup(col.levels)
    unknown = index < 0
    if unknown.any() and unknown[col.codes].any():
        i = col.first_row_of(unknown)
        raise table.error(unknown_actor(col.levels[col.codes[i]], actors_label), i, name)
    return index[col.codes] if len(index) else np.zeros(0, dtype=np.int64)


def _id_lookup(ids: list[str]):
    """A function mapping level texts to actor indices (-1 when unknown)."""
    if len(ids) > _VECTOR_LEVELS:
        import pandas as pd

        index = pd.Index(ids, dtype=object)

        def lookup(levels: list[str]) -> np.ndarray:
            return index.get_indexer(pd.Index(levels, dtype=object)).astype(np.int64)

    else:
        where = {a: i for i, a in enumerate(ids)}

        def lookup(levels: list[str]) -> np.ndarray:
            return np.fromiter(
                (where.get(t, -1) for t in levels), dtype=np.int64, count=len(levels)
            )

    return lookup


def _direction_and_dependency(
    table: Table, types: np.ndarray, rules: dict[str, TieTypeRule]
) -> tuple[np.ndarray, np.ndarray]:
    m = table.n
    codes, uniq = factorize_objects(types)
    default_dir = np.array([rules.get(t, TieTypeRule(True, False)).directed for t in uniq])
    dependency = np.array([rules.get(t, TieTypeRule(True, False)).dependency for t in uniq])
    directed = default_dir[codes] if len(uniq) else np.ones(m, dtype=bool)
    dep = dependency[codes] if len(uniq) else np.zeros(m, dtype=bool)
    if "directed" in table.columns:
        given = _bools(table, "directed")
        known = ~np.isnan(given)
        directed = np.where(known, given == 1.0, directed)
    return directed.astype(bool), dep.astype(bool)


def factorize_objects(values: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """Codes in order of first appearance and the distinct values of an object array."""
    if len(values) > _VECTOR_LEVELS:
        import pandas as pd

        codes, uniques = pd.factorize(values, use_na_sentinel=False)
        return np.asarray(codes, dtype=np.int64), list(uniques)
    lookup: dict[str, int] = {}
    codes = np.fromiter(
        (lookup.setdefault(v, len(lookup)) for v in values.tolist()),
        dtype=np.int64,
        count=len(values),
    )
    return codes, list(lookup)


def network_fields(
    actors: Table | None,
    ties: Table,
    *,
    tie_types: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The fields of a :class:`~jejaring.graph.network.Network` from factorised tables
    (``Network.from_tables`` builds it; this module does not import the class, so the two
    modules do not import each other).

    Parameters
    ----------
    actors : Table or None
        Actors (``id``, ``name`` required). When None, the actors are the tie endpoints in
        order of first appearance, named by their ids.
    ties : Table
        Ties (``source``, ``target`` required).
    tie_types : mapping, optional
        Direction/dependency overrides per tie type, see :func:`resolve_tie_types`.

    Returns
    -------
    dict
        Keyword arguments of :class:`~jejaring.graph.network.Network`.

    Raises
    ------
    InputError
        Missing required column, empty or duplicate actor id, unknown actor id in a tie, a
        bad number or yes/no value; the message names file, row and column.

    Warns
    -----
    InputWarning
        Self-loops (a tie from an actor to itself) are dropped; unknown codes in closed
        vocabularies (welfare, gender, frequency …) are kept as written.
    """
    rules = resolve_tie_types(tie_types)
    if ties.n == 0 and not ties.columns:
        # No tie records at all (an empty list): a network of isolated actors.
        for name in ("source", "target"):
            ties.columns[name] = Column(np.zeros(0, dtype=np.int64), [], name)
    _require(ties, "source", "target")
    if actors is not None:
        _require(actors, "id", "name")
        ids, _ = _actor_ids(actors)
        attrs = _actor_attrs(actors, ids)
        actors_label = actors.label
    else:
        ids = _ids_from_ties(ties)
        n = len(ids)
        attrs = {"name": np.asarray(ids, dtype=object)}
        for name in ("kind", "category", "hamlet", "gender", "welfare"):
            attrs[name] = np.full(n, "", dtype=object)
        for name in ACTOR_FLOAT_COLUMNS:
            attrs[name] = np.full(n, np.nan)
        actors_label = "the actors"
    lookup = _id_lookup(ids)
    src = _endpoint(ties, "source", lookup, actors_label)
    dst = _endpoint(ties, "target", lookup, actors_label)
    m = ties.n
    types = _coded(ties, "type") if "type" in ties.columns else np.full(m, "", dtype=object)
    directed, dependency = _direction_and_dependency(ties, types, rules)
    if "weight" in ties.columns:
        weight = _floats(ties, "weight")
        bad = ~(weight > 0) & ~np.isnan(weight)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise ties.error("weight must be greater than 0", i, "weight")
        weight = np.where(np.isnan(weight), 1.0, weight)
    else:
        weight = np.ones(m)
    tie_attrs: dict[str, np.ndarray] = {}
    for name in ties.columns:
        if name in ("source", "target", "type", "directed", "weight"):
            continue
        if name in TIE_FLOAT_COLUMNS:
            tie_attrs[name] = _floats(ties, name)
        elif name == "exclusive":
            tie_attrs[name] = _bools(ties, name)
        elif name in _TIE_CODED:
            tie_attrs[name] = _coded(ties, name)
        else:
            tie_attrs[name] = _text(ties, name)
    # Columns the input does not have stay absent (readers use tie_attrs.get): filling them
    # would cost 80 MB each on a district of ten million ties.

    loops = src == dst
    if loops.any():
        first = int(ties.rows[np.flatnonzero(loops)[0]])
        warnings.warn(
            f"{ties.label}: {int(loops.sum())} self-loop(s) (a tie from an actor to itself) "
            f"dropped, the first in row {first}",
            InputWarning,
            stacklevel=2,
        )
        keep = ~loops
        src, dst, directed, dependency = src[keep], dst[keep], directed[keep], dependency[keep]
        types, weight = types[keep], weight[keep]
        tie_attrs = {k: v[keep] for k, v in tie_attrs.items()}
    return {
        "ids": list(ids),
        "src": np.ascontiguousarray(src, dtype=np.int64),
        "dst": np.ascontiguousarray(dst, dtype=np.int64),
        "directed": np.ascontiguousarray(directed, dtype=bool),
        "dependency": np.ascontiguousarray(dependency, dtype=bool),
        "type": np.asarray(types, dtype=object),
        "weight": np.ascontiguousarray(weight, dtype=np.float64),
        "attrs": attrs,
        "tie_attrs": tie_attrs,
    }


def _ids_from_ties(ties: Table) -> list[str]:
    """Tie endpoints in order of first appearance (source before target within a row)."""
    s, t = ties.columns["source"], ties.columns["target"]
    for col, name in ((s, "source"), (t, "target")):
        blank = np.array([x == "" for x in col.levels], dtype=bool)
        if blank.any() and blank[col.codes].any():
            raise ties.error("empty actor id", col.first_row_of(blank), name)
    inter = np.empty(2 * ties.n, dtype=object)
    inter[0::2] = s.texts()
    inter[1::2] = t.texts()
    _, uniq = factorize_objects(inter)
    return [str(u) for u in uniq]
