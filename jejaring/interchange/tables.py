"""A table read from any file, before its rows are checked: headers and raw cell values.

Every tabular source (a CSV file, an Excel sheet, the nodes or edges of a GraphML file, a
sheet of a KoboToolbox export) is first read into a :class:`Table`; one parser then checks
the rows, so every format reports problems the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Table:
    """``rows`` holds ``(row number, cell values)``; the header is row 1 unless said otherwise.

    ``label`` names the table in messages ("ties.csv", "data.xlsx, sheet 'hubungan'").
    """

    label: str
    headers: list[str]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    sheet: str | None = None

    def __len__(self) -> int:
        return len(self.rows)


def cell_text(value: Any) -> str:
    """The text of a cell: empty for None, whole numbers without ``.0``, dates as ISO.

    >>> cell_text(1001.0), cell_text(2.5), cell_text(None), cell_text(" a ")
    ('1001', '2.5', '', 'a')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:
            return ""
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def is_blank(values: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def column_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
