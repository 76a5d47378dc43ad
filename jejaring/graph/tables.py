"""Reading the actors and ties tables into factorised columns.

Every source (CSV, XLSX, pandas DataFrame, an iterable of dicts) becomes a :class:`Table`:
per column the integer code of each row's text and the distinct texts (*levels*). Turning
levels into ids, numbers and vocabulary codes then costs one Python step per *distinct* value
and numpy work per row, so a 10,000,000-row ties file is read without a Python loop per row.

CSV files are decoded as UTF-8 (with or without a byte-order mark) or, failing that,
Windows-1252; the separator (``,`` ``;`` or tab) is taken from the header line. Small files
go through the standard :mod:`csv` module (no pandas import: the command line stays quick);
files above :data:`PANDAS_FROM_BYTES` through Arrow's multi-threaded reader where pyarrow is
installed (:mod:`jejaring.graph.arrowcsv`), else — or for a file Arrow does not take as it
is — through pandas' C reader in chunks.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from jejaring.graph.columns import (
    SHEET_NAMES,
    normalise_header,
)
from jejaring.graph.errors import InputError, unknown_actor
from jejaring.graph.gcpause import paused_gc
from jejaring.graph.table import (
    Column,
    Table,
    _build,
    _canonical,
    _factorize_texts,
    _merge_levels,
    cell_text,
)

__all__ = [
    "PANDAS_FROM_BYTES",
    "Column",
    "Table",
    "read_table",
    "read_workbook",
    "sniff_separator",
    "table_from_frame",
    "table_from_records",
]

#: CSV files larger than this are parsed by pandas (C reader, chunked) instead of :mod:`csv`.
PANDAS_FROM_BYTES = 4_000_000
_CHUNK_ROWS = 1_000_000
_SEPARATORS = (",", ";", "\t")

#: Read large UTF-8 files with Arrow where pyarrow is installed (tests turn it off to try
#: pandas' path).
USE_ARROW = True


# --------------------------------------------------------------------------- CSV


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Indonesian Windows save "CSV" in the ANSI code page.
        return data.decode("cp1252", errors="replace")


def sniff_separator(header_line: str) -> str:
    """The separator that splits the header line into the most columns (``,`` on a tie;
    separators inside quotes do not count).

    >>> sniff_separator("id;nama;dusun"), sniff_separator("a,b"), sniff_separator("x")
    (';', ',', ',')
    """
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for ch in header_line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(_SEPARATORS, key=lambda s: counts[s])
    return best if counts[best] else ","


def _header_line(path: Path) -> tuple[str, str]:
    """First line of the file and the encoding that reads it."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
    try:
        head.decode("utf-8-sig")
        encoding = "utf-8-sig"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        encoding = "utf-8-sig" if exc.start >= len(head) - 3 else "cp1252"
    text = head.decode(encoding, errors="ignore")
    return text.splitlines()[0] if text else "", encoding


def read_table(
    path: str | os.PathLike,
    kind: str,
    label: str | None = None,
    *,
    actor_ids: list[str] | None = None,
    actors_label: str = "the actors table",
) -> Table:
    """Read an actors (``kind="actors"``) or ties (``kind="ties"``) table from CSV or XLSX.

    Parameters
    ----------
    path : path-like
        A ``.csv``/``.tsv``/``.txt`` file, or an ``.xlsx`` workbook (its ``actors`` or
        ``ties`` sheet, or else its first sheet).
    kind : {"actors", "ties"}
    label : str, optional
        How errors name the file (default: the file name).
    actor_ids : list of str, optional
        For a large ties file: map ``source`` and ``target`` straight to these actors'
        indices while reading (an unknown id is reported at once).

    Returns
    -------
    Table
    """
    path = Path(path)
    label = label or path.name
    if not path.exists():
        raise InputError("file not found", label)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_workbook(path, kinds=(kind,), label=label, first_sheet_fallback=True)[kind]
    header_line, encoding = _header_line(path)
    if not header_line.strip():
        raise InputError("the file is empty (no header row)", label, 1)
    sep = sniff_separator(header_line)
    if path.stat().st_size > PANDAS_FROM_BYTES:
        if USE_ARROW and encoding == "utf-8-sig":
            from jejaring.graph.arrowcsv import read_csv_arrow

            table = read_csv_arrow(path, kind, label, sep, header_line, actor_ids, actors_label)
            if table is not None:
                return table
        try:
            return _read_csv_pandas(
                path, kind, label, sep, encoding, header_line, actor_ids, actors_label
            )
        except UnicodeDecodeError:
            return _read_csv_pandas(
                path, kind, label, sep, "cp1252", header_line, actor_ids, actors_label
            )
    return _read_csv_stdlib(path.read_bytes(), kind, label, sep)


def _read_csv_stdlib(data: bytes, kind: str, label: str, sep: str) -> Table:
    """A small file's table in one pass of :mod:`csv`'s C reader.

    The records are read in one list, turned into columns by ``zip`` and each column
    factorised on its raw texts (only the distinct texts are stripped, then merged): no
    Python step per cell. A file that is not valid CSV is read again record by record
    (:func:`_read_csv_records`) for the error message naming the first bad row.
    """
    text = _decode(data)
    # A list per record, none in a cycle: collections would only rescan them.
    with paused_gc():
        columns = _csv_columns(text, label, sep)
    if columns is None:
        return _read_csv_records(text, kind, label, sep)
    headers, columns, n = columns
    cols = []
    for vals, header in zip(columns, headers, strict=True):
        codes, levels = _factorize_raw_texts(vals)
        cols.append(Column(codes, levels, header))
    return _build(label, headers, kind, cols, np.arange(2, n + 2, dtype=np.int64))


def _csv_columns(text: str, label: str, sep: str) -> tuple[list[str], list[tuple], int] | None:
    """Headers, the cells of each column and the number of records; None when the text is
    not valid CSV. Short records are padded, long ones cut where the extra cells are empty
    (else an error naming the record's row)."""
    # strict: a quote opened and never closed is an error at the row where it opens, instead
    # of every later row silently becoming part of one value (as pandas' path says too).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
        records = list(reader)
    except (StopIteration, csv.Error):
        return None
    width = len(headers)
    lengths = np.fromiter(map(len, records), dtype=np.int64, count=len(records))
    for k in np.flatnonzero(lengths != width).tolist():
        record = records[k]
        if len(record) > width:
            if any(cell.strip() for cell in record[width:]):
                raise InputError(
                    f"{len(record)} cells but the header has {width} columns", label, k + 2
                )
            records[k] = record[:width]
        else:
            records[k] = record + [""] * (width - len(record))
    columns = list(zip(*records, strict=True)) if records else [() for _ in headers]
    return headers, columns, len(records)


def _factorize_raw_texts(values: tuple[str, ...]) -> tuple[np.ndarray, list[str]]:
    """Codes and stripped levels of unstripped texts, levels in order of first appearance
    (as :func:`~jejaring.graph.table._factorize_texts` of the stripped texts gives them)."""
    index = {v: i for i, v in enumerate(dict.fromkeys(values))}
    codes = np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values))
    return _merge_levels(codes, [v.strip() for v in index])


def _read_csv_records(text: str, kind: str, label: str, sep: str) -> Table:
    """The table record by record, an error naming the row (record) it is in."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        raise InputError("the file is empty (no header row)", label, 1) from None
    except csv.Error as exc:
        raise InputError(_csv_error(exc), label, 1) from None
    width = len(headers)
    values: list[list[str]] = [[] for _ in headers]
    rows: list[int] = []
    for rownum, record in enumerate(_records(reader, label), start=2):
        if len(record) > width:
            if any(cell.strip() for cell in record[width:]):
                raise InputError(
                    f"{len(record)} cells but the header has {width} columns", label, rownum
                )
            record = record[:width]
        elif len(record) < width:
            record = record + [""] * (width - len(record))
        rows.append(rownum)
        for col, cell in zip(values, record, strict=True):
            col.append(cell.strip())
    cols = []
    for vals, header in zip(values, headers, strict=True):
        codes, levels = _factorize_texts(vals)
        cols.append(Column(codes, levels, header))
    return _build(label, headers, kind, cols, np.asarray(rows, dtype=np.int64))


def _records(reader, label: str) -> Iterator[list[str]]:
    """The reader's records; a CSV error names the row (as numbered by records) it is in."""
    rownum = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(_csv_error(exc), label, rownum + 1) from None
        rownum += 1
        yield record


def _csv_error(exc: csv.Error) -> str:
    if "unexpected end of data" in str(exc):
        return (
            'a quote (") opened in this row is never closed: the rows after it would be read '
            "as one value; close the quote or remove it"
        )
    return f"the row cannot be read as CSV ({exc})"


class _ChunkedColumn:
    """One column's codes across pandas chunks.

    Each chunk is factorised on its own; the chunks' distinct values are factorised together
    once at the end. (Growing one global index chunk by chunk rebuilds its hash table every
    time, which costs more than the parsing.)
    """

    def __init__(self) -> None:
        self.codes: list[np.ndarray] = []
        self.uniques: list[np.ndarray] = []
        #: pandas turned the chunk's categories into numbers ("01" into 1): the texts are
        #: lost, the column must be read again as text.
        self.lossy = False

    def add(self, series: Any) -> None:
        import pandas as pd

        if isinstance(series.dtype, pd.CategoricalDtype):
            local = series.cat.codes.to_numpy()
            self.lossy |= series.cat.categories.dtype.kind in "iufcbmM"
            uniques = series.cat.categories.to_numpy(dtype=object)
        else:
            local, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=False)
        self.codes.append(np.asarray(local, dtype=np.int64))
        self.uniques.append(np.asarray(uniques, dtype=object))

    def finish(self) -> tuple[np.ndarray, list[str]]:
        import pandas as pd

        if not self.codes:
            return np.zeros(0, dtype=np.int64), []
        if len(self.codes) == 1:
            return self.codes[0], [str(v).strip() for v in self.uniques[0].tolist()]
        glob, levels = pd.factorize(np.concatenate(self.uniques), use_na_sentinel=False)
        glob = np.asarray(glob, dtype=np.int64)
        out = []
        offset = 0
        for local, uniq in zip(self.codes, self.uniques, strict=True):
            out.append(glob[offset : offset + len(uniq)][local])
            offset += len(uniq)
        self.codes, self.uniques = [], []
        return np.concatenate(out), [str(v).strip() for v in list(levels)]


# Columns with about one distinct value per row; pandas' categorical parser is slow on them,
# and fast (no Python string per cell) on every other column.
_MANY_VALUES = frozenset({"id", "name", "source", "target", "note", "informant", "since", "until"})


class _EndpointColumn:
    """Actor indices of a ``source``/``target`` column, looked up chunk by chunk."""

    def __init__(self, index: Any, label: str, header: str, actors_label: str) -> None:
        self.actors_label = actors_label
        self.index = index
        self.label = label
        self.header = header
        self.parts: list[np.ndarray] = []

    def add(self, series: Any, first_row: int) -> None:
        import pandas as pd

        values = series.to_numpy(dtype=object)
        # Each actor appears many times: look up each distinct id once. The lookups in the
        # big actor index are cache misses; a chunk's own table is smaller and warmer.
        codes, distinct = pd.factorize(values)
        where = self.index.get_indexer(distinct)[codes]
        bad = np.flatnonzero(where < 0)
        named = np.zeros(0, dtype=np.int64)
        if len(bad):
            # Empty cells stay -1: blank rows are dropped later, other empties reported then.
            texts = np.array([str(v).strip() for v in values[bad]], dtype=object)
            named = np.flatnonzero(texts != "")
        if len(named):
            value = texts[named[0]]
            row = first_row + int(bad[named[0]])
            raise InputError(
                unknown_actor(value, self.actors_label),
                self.label,
                row,
                self.header,
            )
        self.parts.append(where.astype(np.int64))


def _read_csv_pandas(
    path: Path,
    kind: str,
    label: str,
    sep: str,
    encoding: str,
    header_line: str,
    actor_ids: list[str] | None = None,
    actors_label: str = "the actors table",
) -> Table:
    import pandas as pd

    raw_headers = next(csv.reader([header_line], delimiter=sep), [])
    canon = _canonical([h.strip() for h in raw_headers], kind)
    dtypes = {
        h: (object if c in _MANY_VALUES else "category")
        for h, c in zip(raw_headers, canon, strict=True)
    }

    def chunks(dtype: Any, usecols: list[int] | None = None) -> Iterator[Any]:
        reader = pd.read_csv(
            path,
            sep=sep,
            dtype=dtype,
            usecols=usecols,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding=encoding,
            chunksize=_CHUNK_ROWS,
            engine="c",
        )
        try:
            yield from reader
        except pd.errors.ParserError as exc:
            raise InputError(f"cannot parse the file: {exc}", label) from None
        finally:
            reader.close()

    columns: list[Any] | None = None
    headers: list[str] = []
    nrows = 0
    id_index = pd.Index(actor_ids, dtype=object) if actor_ids is not None else None
    for chunk in chunks(dtypes):
        if columns is None:
            headers = [str(h).strip() for h in chunk.columns]
            if len(raw_headers) == len(headers):  # as written: pandas renames repeated ones
                headers = [h.strip() for h in raw_headers]
            columns = [
                _EndpointColumn(id_index, label, h, actors_label)
                if id_index is not None and c in ("source", "target")
                else _ChunkedColumn()
                for h, c in zip(headers, _canonical(headers, kind), strict=True)
            ]
        for j, col in enumerate(columns):
            if isinstance(col, _EndpointColumn):
                col.add(chunk.iloc[:, j], nrows + 2)
            else:
                col.add(chunk.iloc[:, j])
        nrows += len(chunk)
        del chunk
    lossy = [j for j, c in enumerate(columns or []) if isinstance(c, _ChunkedColumn) and c.lossy]
    if columns is not None and lossy:
        # Numbers-only categories (codes like "01", "1e3"): these columns again, as text.
        for j in lossy:
            columns[j] = _ChunkedColumn()
        for chunk in chunks(object, lossy):
            for k, j in enumerate(lossy):
                columns[j].add(chunk.iloc[:, k])
            del chunk
    if columns is None:
        raise InputError("the file is empty (no header row)", label, 1)
    cols = []
    for col, header in zip(columns, headers, strict=True):
        if isinstance(col, _EndpointColumn):
            codes = np.concatenate(col.parts) if col.parts else np.zeros(0, dtype=np.int64)
            cols.append(Column(codes, list(actor_ids or []), header, actor_index=True))
            continue
        codes, levels = _merge_levels(*col.finish())
        cols.append(Column(codes, levels, header))
    rows = np.arange(2, nrows + 2, dtype=np.int64)
    return _build(label, headers, kind, cols, rows)


# --------------------------------------------------------------------------- XLSX


def _find_sheet(names: list[str], kind: str) -> str | None:
    wanted = SHEET_NAMES[kind]
    for name in names:
        if normalise_header(name) in wanted:
            return name
    return None


def read_workbook(
    path: str | os.PathLike,
    *,
    kinds: tuple[str, ...] = ("actors", "ties"),
    label: str | None = None,
    first_sheet_fallback: bool = False,
) -> dict[str, Table]:
    """Read the ``actors`` and ``ties`` sheets of an .xlsx workbook (Indonesian names too).

    Raises
    ------
    InputError
        When a sheet is missing (the message lists the sheets found).
    """
    # The sheets' XML is read by the same bounded reader as the web app's imports (plain
    # Python): a 5 KB file naming a cell at row 2,000,000,000 or column ZZZZZZZ is refused at
    # once with its sheet and row, where openpyxl's read-only mode filled in every empty row
    # up to it (gigabytes) and trusted a too-small <dimension> to drop real rows silently.
    import zipfile

    from jejaring.interchange import xlsxsheets

    path = Path(path)
    label = label or path.name
    try:
        archive = zipfile.ZipFile(path)
        unpacked = sum(info.file_size for info in archive.infolist())
        paths = dict(xlsxsheets.sheet_paths(archive))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, xlsxsheets.NotAWorkbook) as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc})", label) from None
    if unpacked > xlsxsheets.MAX_UNPACKED:
        archive.close()
        raise InputError(
            f"the workbook unpacks to more than {xlsxsheets.MAX_UNPACKED // 2**20} MB: "
            "save its sheets as CSV",
            label,
        )
    with archive:
        names = list(paths)
        picked = {}
        for kind in kinds:
            name = _find_sheet(names, kind)
            if name is None and first_sheet_fallback and names:
                name = names[0]
            if name is None:
                raise InputError(f"no {kind!r} sheet (sheets: {', '.join(names)})", label)
            picked[kind] = name
        try:
            strings = xlsxsheets.shared_strings(archive)
            dates = xlsxsheets.date_styles(archive)
            epoch = xlsxsheets._epoch(archive)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, xlsxsheets.NotAWorkbook) as exc:
            raise InputError(f"not a readable .xlsx workbook ({exc})", label) from None
        out = {}
        for kind, name in picked.items():
            sheet_label = f"{label} [{name}]"
            try:
                sheet = xlsxsheets.read_sheet(archive, name, paths[name], strings, dates, epoch)
            except xlsxsheets.SheetTooLarge as exc:
                raise InputError(_too_large(exc), sheet_label, exc.row) from None
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
                raise InputError(f"the sheet cannot be read ({exc})", sheet_label) from None
            except xlsxsheets.NotAWorkbook as exc:
                raise InputError(f"the sheet cannot be read ({exc})", sheet_label) from None
            out[kind] = _sheet_table(sheet.rows, kind, sheet_label)
        return out


def _too_large(exc) -> str:
    from jejaring.interchange import xlsxsheets

    if exc.what == "cells":
        return f"the sheet holds more than {xlsxsheets.MAX_CELLS:,} cells: save it as CSV"
    return (
        f"a cell lies beyond a spreadsheet's limits ({xlsxsheets.MAX_ROWS:,} rows, "
        f"{xlsxsheets.MAX_COLUMNS:,} columns): the file is damaged"
    )


def _sheet_table(sheet_rows: list[list[Any]], kind: str, label: str) -> Table:
    if not sheet_rows:
        raise InputError("the sheet is empty (no header row)", label, 1)
    headers = [cell_text(h) for h in sheet_rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    width = len(headers)
    values: list[list[str]] = [[] for _ in headers]
    rows: list[int] = []
    for rownum, record in enumerate(sheet_rows[1:], start=2):
        if not record:
            continue  # an empty row: dropped anyway
        cells = [cell_text(v) for v in record]
        if len(cells) > width and any(cells[width:]):
            raise InputError(
                f"a value beyond the last column of the header ({width} columns)", label, rownum
            )
        cells = (cells + [""] * width)[:width]
        rows.append(rownum)
        for col, cell in zip(values, cells, strict=True):
            col.append(cell)
    cols = []
    for vals, header in zip(values, headers, strict=True):
        codes, levels = _factorize_texts(vals)
        cols.append(Column(codes, levels, header))
    return _build(label, headers, kind, cols, np.asarray(rows, dtype=np.int64))


# --------------------------------------------------------------------------- in memory


def table_from_records(records: Iterable[Mapping[str, Any]], kind: str, label: str) -> Table:
    """A table from dicts (keys are headers); record ``i`` is reported as row ``i + 2``."""
    records = list(records)
    headers: list[str] = []
    seen: set[str] = set()
    for rec in records:
        for key in rec:
            if key not in seen:
                seen.add(key)
                headers.append(key)
    cols = []
    for header in headers:
        codes, levels = _factorize_texts([cell_text(rec.get(header)) for rec in records])
        cols.append(Column(codes, levels, str(header)))
    rows = np.arange(2, len(records) + 2, dtype=np.int64)
    return _build(label, [str(h) for h in headers], kind, cols, rows)


def table_from_frame(frame: Any, kind: str, label: str) -> Table:
    """A table from a pandas DataFrame; row ``i`` (by position) is reported as ``i + 2``."""
    import pandas as pd

    headers = [str(c).strip() for c in frame.columns]
    cols = []
    for j, header in enumerate(headers):
        series = frame.iloc[:, j]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = series.cat.codes.to_numpy().astype(np.int64)
            levels = [cell_text(v) for v in series.cat.categories.tolist()]
            if (codes < 0).any():
                codes = np.where(codes < 0, len(levels), codes)
                levels = [*levels, ""]
        else:
            local, uniques = pd.factorize(series, use_na_sentinel=False)
            codes = np.asarray(local, dtype=np.int64)
            levels = [cell_text(v) for v in list(uniques)]
        codes, levels = _merge_levels(codes, levels)
        cols.append(Column(codes, levels, header))
    rows = np.arange(2, len(frame) + 2, dtype=np.int64)
    return _build(label, headers, kind, cols, rows)
