"""Exported text never becomes a live formula in a spreadsheet.

A name, code, position or contact beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel and LibreOffice: a village file opened by a supervisor could run
``=HYPERLINK(…)`` or a DDE command. In XLSX such text is written with the string type, so it
stays text and needs no change. CSV has no types: the usual neutralisation (OWASP) puts an
apostrophe before it, and Jejaring's CSV reader takes exactly that apostrophe off again, so an
export → import round trip gives back the value as written. Plain numbers ("-3", "+5") are
left alone: spreadsheets read them as numbers, not formulas.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def looks_like_formula(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _is_number(value)


def csv_text(value: Any) -> Any:
    """``value`` as a CSV cell that a spreadsheet shows as text. Text that already starts with
    apostrophes before a formula character gets one more, so reading it back is exact."""
    if isinstance(value, str) and looks_like_formula(value.lstrip("'")):
        return "'" + value
    return value


def from_csv_text(value: str) -> str:
    """Undo :func:`csv_text`: the apostrophe it added, and only that one, is removed."""
    if value.startswith("'") and looks_like_formula(value.lstrip("'")):
        return value[1:]
    return value
