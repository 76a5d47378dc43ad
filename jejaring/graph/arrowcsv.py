"""Reading a large CSV table with Apache Arrow's multi-threaded reader (optional).

A district's ties file has ten million rows. pandas' C reader parses it on one core and
makes a Python string of every actor id it meets (twenty million), which took most of the
22 seconds of reading. Arrow parses blocks of the file on every core, keeps the texts in its
own buffers, and looks the actor ids up in one hash table without a Python object per row:
the same file reads in about five seconds.

``pyarrow`` is an optional dependency (``pip install jejaring[district]``, about 40 MB):
villages never need it. Without it, or for any file this reader does not take as it is
(another encoding than UTF-8, blank lines, rows with too few or too many cells, repeated
headers …), :func:`read_csv_arrow` returns None and the caller reads the file with pandas,
which also gives the error message for a bad file. What this reader returns is the table
the standard :mod:`csv` path gives for a small file: the same texts and row numbers.
"""

from __future__ import annotations

import csv
import mmap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["available", "read_csv_arrow"]

#: Bytes of the file per parsing block: each core parses whole blocks.
_BLOCK_BYTES = 1 << 24


def available() -> bool:
    """Whether pyarrow can be imported."""
    try:
        import pyarrow.csv  # noqa: F401
    except ImportError:
        return False
    return True


def read_csv_arrow(
    path: Path,
    kind: str,
    label: str,
    sep: str,
    header_line: str,
    actor_ids: list[str] | None = None,
    actors_label: str = "the actors table",
) -> Any:
    """The table of a UTF-8 CSV file, or None where pandas' path must read it.

    Parameters are those of :func:`jejaring.graph.tables._read_csv_pandas`; ``source`` and
    ``target`` become actor indices when ``actor_ids`` are given (an unknown id raises
    :class:`~jejaring.graph.errors.InputError` naming its row, as pandas' path does).
    """
    try:
        import pyarrow as pa
        from pyarrow import csv as pacsv
    except ImportError:
        return None
    from jejaring.graph.errors import InputError, unknown_actor
    from jejaring.graph.table import Column, _build, _canonical, _merge_levels

    raw = next(csv.reader([header_line], delimiter=sep), [])
    if not raw or len(set(raw)) != len(raw):
        return None  # pandas renames repeated headers; its path reports them
    names = [f"c{j}" for j in range(len(raw))]  # the file's headers may be any text
    canon = _canonical([h.strip() for h in raw], kind)
    endpoints = {
        j for j, c in enumerate(canon) if actor_ids is not None and c in ("source", "target")
    }
    types = {
        name: pa.string() if j in endpoints else pa.dictionary(pa.int32(), pa.string())
        for j, name in enumerate(names)
    }
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(
                use_threads=True, block_size=_BLOCK_BYTES, column_names=names, skip_rows=1
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=sep,
                # A blank line becomes a row of the wrong width (an error, so pandas' path
                # reads the file): it must still count as a row for the row numbers.
                ignore_empty_lines=False,
                # Quoted values may hold line breaks: then blocks cannot be cut at any line
                # break (slower), so only where the file has quotes at all.
                newlines_in_values=_has_quotes(path),
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=types, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    n = table.num_rows
    headers = [h.strip() for h in raw]
    found = _actor_indices(table, [names[j] for j in sorted(endpoints)], actor_ids or [])
    cols = []
    for j, (name, header) in enumerate(zip(names, headers, strict=True)):
        data = table.column(name)
        if j in endpoints:
            codes = found.pop(name)
            bad = np.flatnonzero(codes < 0)
            # Empty cells stay -1: blank rows are dropped later, other empties reported then.
            for lo in range(0, len(bad), 65_536):
                rows = bad[lo : lo + 65_536]
                texts = data.take(pa.array(rows)).to_pylist()
                named = [k for k, t in enumerate(texts) if t.strip()]
                if named:
                    raise InputError(
                        unknown_actor(texts[named[0]], actors_label),
                        label,
                        int(rows[named[0]]) + 2,
                        header,
                    )
            cols.append(Column(codes, list(actor_ids or []), header, actor_index=True))
        else:
            codes, levels = _dictionary_column(data)
            cols.append(Column(*_merge_levels(codes, levels), header))
        table = table.drop_columns([name])  # each column's buffers go once it is read
    del table, data
    # Arrow's allocator keeps freed blocks for reuse; the analysis that follows needs the
    # memory, not Arrow.
    pa.default_memory_pool().release_unused()
    return _build(label, headers, kind, cols, np.arange(2, n + 2, dtype=np.int64))


def _actor_indices(table: Any, names: list[str], actor_ids: list[str]) -> dict[str, np.ndarray]:
    """Per endpoint column, each row's actor index (-1: not an actor id).

    One hash lookup per row, which Arrow does without the GIL: the halves of each column
    are looked up on two threads.
    """
    if not names:
        return {}
    import pyarrow as pa
    import pyarrow.compute as pc

    index = pa.array(actor_ids, pa.string())

    def look(chunks: list[Any]) -> np.ndarray:
        found = pc.index_in(pa.chunked_array(chunks, pa.string()), value_set=index)
        if found.null_count:
            found = found.fill_null(-1)
        return found.to_numpy().astype(np.int64)

    work = []
    for name in names:
        chunks = table.column(name).chunks
        half = len(chunks) // 2
        work += [(name, chunks[:half]), (name, chunks[half:])]
    with ThreadPoolExecutor(2) as pool:
        parts = list(pool.map(look, [chunks for _, chunks in work]))
    out: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for (name, _), part in zip(work, parts, strict=True):
        out[name].append(part)
    return {name: np.concatenate(p) for name, p in out.items()}


def _dictionary_column(data: Any) -> tuple[np.ndarray, list[str]]:
    """Codes and stripped levels of a dictionary-encoded column (the network built from a
    table depends on each row's text, not on the order of the levels)."""
    data = data.unify_dictionaries()
    if data.num_chunks == 0 or len(data) == 0:
        return np.zeros(len(data), dtype=np.int64), []
    codes = np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in data.chunks])
    levels = data.chunk(0).dictionary.to_pylist()
    return codes.astype(np.int64, copy=False), [v.strip() for v in levels]


def _has_quotes(path: Path) -> bool:
    with open(path, "rb") as fh:
        if fh.seek(0, 2) == 0:
            return False
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(b'"') >= 0
