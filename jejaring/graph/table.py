"""A table of factorised columns (:class:`Table`), the form every reader produces.

The readers (:mod:`jejaring.graph.tables` for CSV, XLSX, frames and records;
:mod:`jejaring.graph.arrowcsv` for Arrow) build these; :mod:`jejaring.graph.builder` turns
them into a network. Kept apart so that neither reader imports the other for them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jejaring.graph.columns import ACTOR_COLUMNS, TIE_COLUMNS, canonical_column
from jejaring.graph.errors import InputError

__all__ = ["Column", "Table", "cell_text"]


@dataclass
class Column:
    """One column: ``levels[codes[i]]`` is the (stripped) text of row ``i``."""

    codes: np.ndarray
    levels: list[str]
    header: str
    #: True when ``codes`` are already actor indices and ``levels`` the actor ids.
    actor_index: bool = False

    def texts(self) -> np.ndarray:
        """The text of every row as an object array (shares the level strings)."""
        return np.asarray(self.levels, dtype=object)[self.codes] if self.levels else _empty()

    def first_row_of(self, level_mask: np.ndarray) -> int:
        """Index of the first row whose level is flagged in ``level_mask`` (-1 if none)."""
        hits = np.flatnonzero(level_mask[self.codes])
        return int(hits[0]) if len(hits) else -1


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=object)


@dataclass
class Table:
    """A table of factorised columns keyed by canonical column name.

    ``rows[i]`` is the row number of record ``i`` as a spreadsheet shows it (header = row 1).
    """

    label: str
    columns: dict[str, Column]
    rows: np.ndarray
    headers: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.rows)

    def error(self, message: str, index: int | None = None, column: str | None = None):
        """An :class:`InputError` located at record ``index`` and canonical ``column``."""
        row = int(self.rows[index]) if index is not None and index >= 0 else None
        header = self.columns[column].header if column in self.columns else column
        return InputError(message, self.label, row, header)


# --------------------------------------------------------------------------- cell text


def cell_text(value: Any) -> str:
    """The text of one cell: None/NaN → "", integral floats without ``.0``, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        if value != value:
            return ""
        if float(value).is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ") if value.time() != _dt.time() else value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    text = str(value).strip()
    return "" if text in ("nan", "NaT", "<NA>", "None") else text


def _merge_levels(codes: np.ndarray, levels: list[str]) -> tuple[np.ndarray, list[str]]:
    """Make levels distinct after they were turned into text (1 and "1" are one level)."""
    if len(set(levels)) == len(levels):
        return codes, levels
    lookup: dict[str, int] = {}
    remap = np.fromiter(
        (lookup.setdefault(t, len(lookup)) for t in levels), dtype=np.int64, count=len(levels)
    )
    return remap[codes], list(lookup)


def _factorize_texts(values: list[str]) -> tuple[np.ndarray, list[str]]:
    lookup: dict[str, int] = {}
    codes = np.fromiter(
        (lookup.setdefault(v, len(lookup)) for v in values), dtype=np.int64, count=len(values)
    )
    return codes, list(lookup)


def _canonical(headers: list[str], kind: str) -> list[str]:
    table = ACTOR_COLUMNS if kind == "actors" else TIE_COLUMNS
    return [canonical_column(h, table) for h in headers]


def _build(
    label: str, headers: list[str], kind: str, cols: list[Column], rows: np.ndarray
) -> Table:
    """Assemble a table; drop rows that are empty in every column; reject repeated columns."""
    canon = _canonical(headers, kind)
    seen: dict[str, str] = {}
    columns: dict[str, Column] = {}
    for name, header, col in zip(canon, headers, cols, strict=True):
        if not name:
            continue
        if name in seen:
            raise InputError(
                f"columns {seen[name]!r} and {header!r} both mean {name!r}", label, 1, header
            )
        seen[name] = header
        col.header = header
        columns[name] = col
    n = len(rows)
    if columns and n:
        empty = np.ones(n, dtype=bool)
        for col in columns.values():
            if col.actor_index:
                empty &= col.codes < 0
                continue
            blank = np.fromiter((t == "" for t in col.levels), dtype=bool, count=len(col.levels))
            empty &= blank[col.codes]
        if empty.any():
            keep = ~empty
            rows = rows[keep]
            for col in columns.values():
                col.codes = col.codes[keep]
    return Table(label, columns, rows, list(headers))
