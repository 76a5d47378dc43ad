"""JSON text written directly from plain values, for the large outputs of a district.

Building a dict per actor and handing it to :func:`json.dumps` costs more than the measures
themselves at a million actors; these helpers write the same text (``ensure_ascii=False``,
compact separators, non-finite numbers as ``null``) from lists of values.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import IO, Any

__all__ = ["number", "strings", "write_array"]

_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f\u2028\u2029]')


def strings(values: list[str]) -> list[str]:
    """Each text as a JSON string: quoted directly when none needs escaping (one regular
    expression over all of them), else by :func:`json.dumps`.

    >>> strings(["Pak Kadus", 'Haji "Slamet"'])
    ['"Pak Kadus"', '"Haji \\\\"Slamet\\\\""']
    """
    if not _NEEDS_ESCAPE.search("".join(values)):
        return ['"' + v + '"' for v in values]
    return [json.dumps(v, ensure_ascii=False) for v in values]


def number(x: float) -> str:
    """A float as :func:`json.dumps` writes it; NaN and infinities as ``null``."""
    return float.__repr__(x) if math.isfinite(x) else "null"


def write_array(out: IO[str], parts: Iterable[Any]) -> None:
    """Write a JSON array whose items come as comma-joined blocks of text (a few thousand
    items per block, so a million items cost a few hundred writes); empty blocks are skipped.

    A block may also be an object with ``write_into(out)`` that writes a non-empty block
    itself (a part written by a forked child, :mod:`jejaring.graph.forked`).

    >>> import io
    >>> fh = io.StringIO()
    >>> write_array(fh, ['1,2', '', '3'])
    >>> fh.getvalue()
    '[1,2,3]'
    """
    sep = "["
    for part in parts:
        if not isinstance(part, str):
            out.write(sep)
            part.write_into(out)
            sep = ","
        elif part:
            out.write(sep + part)
            sep = ","
    out.write("[]" if sep == "[" else "]")
