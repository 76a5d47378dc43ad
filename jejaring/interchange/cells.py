"""Exported text never becomes a live formula in a spreadsheet.

A name, code, position or contact beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is a formula to Excel and LibreOffice: a village file opened by a supervisor could run
``=HYPERLINK(…)`` or a DDE command. In XLSX such text is written with the string type, so it
stays text and needs no change. CSV has no types: the usual neutralisation (OWASP) puts an
apostrophe before it, and Jejaring's CSV reader takes exactly that apostrophe off again, so an
export → import round trip gives back the value as written. Plain numbers ("-3", "+5") are
left alone: spreadsheets read them as numbers, not formulas.

Every writer of spreadsheet files uses this module: the exports, the template, the field form
and its pick list, and the analysis workbook of ``jejaring analyze`` (the module is plain
Python, so the engine may import it without Django).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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


# --------------------------------------------------------------------------- XLSX

#: Text openpyxl would store as an error cell rather than as text.
XLSX_ERROR_CODES = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
#: Characters XML 1.0 (so an .xlsx file) cannot hold; openpyxl refuses the whole file for one.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text_cell(sheet, value: Any):
    """An openpyxl cell of ``sheet`` holding ``value``, text always of the string type (for
    cells that also get a style, such as headers). Works in write-only and normal sheets."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = _NOT_IN_XML.sub("", value)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def xlsx_value(sheet, value: Any) -> Any:
    """``value`` as ``sheet.append`` should get it: text that openpyxl would write as a
    formula (``=…``) or an error (``#N/A``) becomes a string cell; other values are returned
    as they are (plain values keep 100,000-row exports fast)."""
    if not isinstance(value, str):
        return value
    if _NOT_IN_XML.search(value):
        value = _NOT_IN_XML.sub("", value)
    if value.startswith("=") or value in XLSX_ERROR_CODES:
        return text_cell(sheet, value)
    return value


def xlsx_row(sheet, values: Iterable[Any]) -> list[Any]:
    """A row for ``sheet.append`` whose text is all text (:func:`xlsx_value`)."""
    return [xlsx_value(sheet, v) for v in values]
