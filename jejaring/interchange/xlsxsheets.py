"""Reading the cells of an .xlsx file straight from its XML, fast and without surprises.

openpyxl's read-only mode builds objects for every cell and re-parses a sheet to find its
size: a 100,000-row sheet took over a minute. This reader streams each sheet's XML through
expat once, keeping only values, and in the same pass notes merged ranges and formulas whose
result was never saved (both invisible to openpyxl's read-only mode). Dates are recognised
from the cell's number format, as Excel shows them.

Files with a DOCTYPE are refused: a spreadsheet never needs one, and it is how XML entity
attacks start.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zipfile
from dataclasses import dataclass, field
from posixpath import join, normpath
from typing import Any
from xml.parsers import expat

MAIN_RELS = "xl/_rels/workbook.xml.rels"
#: Number formats Excel builds in that show dates or times.
DATE_FORMAT_IDS = frozenset(
    [*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)]
)
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')
_DATE_CODE = re.compile(r"[dmyhs]", re.IGNORECASE)
_LETTERS = re.compile(r"[A-Z]+")


class NotAWorkbook(Exception):
    """The archive is not a readable workbook (its XML is missing or broken)."""


#: A workbook that unpacks to more than this is refused (a zip bomb, or not a village).
MAX_UNPACKED = 400 * 1024 * 1024
#: Excel's own limits: a cell beyond them is not a real cell but a damaged or hostile file.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
#: Cells one sheet may make the reader keep: each row counts up to its last filled cell. A
#: tiny file can claim a cell at row 2,000,000,000 or column ZZZZZZZ; memory follows what the
#: sheet really holds, and a sheet past this (about 160 MB of cells) is refused.
MAX_CELLS = 20_000_000


class SheetTooLarge(Exception):
    """A cell reference or the sheet's size is beyond the limits above."""

    def __init__(self, title: str, row: int, column: int, what: str) -> None:
        super().__init__(f"{title}: {what} at row {row}, column {column}")
        self.title, self.row, self.column, self.what = title, row, column, what


@dataclass
class Sheet:
    """The cell values of one sheet: ``rows[i][j]`` is row ``i + 1``, column ``j``."""

    title: str
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    unsaved_formulas: list[tuple[int, int]] = field(default_factory=list)


_LOCAL: dict[str, str] = {}


def _local(name: str) -> str:
    """``c`` of ``http://…/main c`` (names are cached: a sheet repeats a handful)."""
    local = _LOCAL.get(name)
    if local is None:
        local = _LOCAL[name] = name.rsplit(" ", 1)[-1]
    return local


def _parser(start=None, end=None, chars=None):
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True

    def refuse(*_args):
        raise NotAWorkbook("DOCTYPE")

    p.StartDoctypeDeclHandler = refuse
    p.EntityDeclHandler = refuse
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if chars:
        p.CharacterDataHandler = chars
    return p


def _parse(archive: zipfile.ZipFile, path: str, **handlers) -> None:
    try:
        data = archive.read(path)
    except KeyError as exc:
        raise NotAWorkbook(path) from exc
    try:
        _parser(**handlers).Parse(data, True)
    except expat.ExpatError as exc:
        raise NotAWorkbook(f"{path}: {exc}") from exc


_COLUMNS: dict[str, int] = {}


def _column(ref: str) -> int:
    """0-based column of a cell reference ("AB12" → 27)."""
    letters = ref.rstrip("0123456789")
    index = _COLUMNS.get(letters)
    if index is None:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        index = _COLUMNS[letters] = n - 1
    return index


def _row_number(ref: str) -> int:
    return int(ref[_LETTERS.match(ref).end() :]) if _LETTERS.match(ref) else int(ref)


def sheet_paths(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(title, path in the archive)`` of every worksheet, in workbook order."""
    sheets: list[tuple[str, str]] = []
    targets: dict[str, tuple[str, str]] = {}

    def on_sheet(name, attrs):
        if _local(name) == "sheet":
            rid = next((v for k, v in attrs.items() if _local(k) == "id"), "")
            sheets.append((attrs.get("name", ""), rid))

    def on_rel(name, attrs):
        if _local(name) == "Relationship":
            targets[attrs.get("Id", "")] = (attrs.get("Target", ""), attrs.get("Type", ""))

    _parse(archive, "xl/workbook.xml", start=on_sheet)
    _parse(archive, MAIN_RELS, start=on_rel)
    out = []
    for title, rid in sheets:
        target, kind = targets.get(rid, ("", ""))
        if not target or "chartsheet" in kind:
            continue
        path = target.lstrip("/") if target.startswith("/") else normpath(join("xl", target))
        out.append((title, path))
    return out


def _epoch(archive: zipfile.ZipFile) -> dt.datetime:
    found = {"1904": False}

    def on(name, attrs):
        if _local(name) == "workbookPr" and attrs.get("date1904") in ("1", "true"):
            found["1904"] = True

    _parse(archive, "xl/workbook.xml", start=on)
    return dt.datetime(1904, 1, 1) if found["1904"] else dt.datetime(1899, 12, 30)


def shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    state = {"parts": None, "text": False, "phonetic": 0}

    def start(name, _attrs):
        local = _local(name)
        if local == "si":
            state["parts"] = []
        elif local == "rPh":
            state["phonetic"] += 1
        elif local == "t" and not state["phonetic"]:
            state["text"] = True

    def end(name):
        local = _local(name)
        if local == "si":
            strings.append("".join(state["parts"] or []))
            state["parts"] = None
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "t":
            state["text"] = False

    def chars(data):
        if state["text"] and state["parts"] is not None:
            state["parts"].append(data)

    _parse(archive, "xl/sharedStrings.xml", start=start, end=end, chars=chars)
    return strings


def date_styles(archive: zipfile.ZipFile) -> set[int]:
    """Indexes of the cell styles whose number format shows a date or time."""
    if "xl/styles.xml" not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    formats: list[int] = []
    state = {"xfs": False}

    def start(name, attrs):
        local = _local(name)
        if local == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            state["xfs"] = True
        elif local == "xf" and state["xfs"]:
            try:
                formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                formats.append(0)

    def end(name):
        if _local(name) == "cellXfs":
            state["xfs"] = False

    _parse(archive, "xl/styles.xml", start=start, end=end)

    def is_date(fmt: int) -> bool:
        if fmt in custom:
            code = _FORMAT_NOISE.sub("", custom[fmt])
            return code.lower() != "general" and bool(_DATE_CODE.search(code))
        return fmt in DATE_FORMAT_IDS

    return {i for i, fmt in enumerate(formats) if is_date(fmt)}


def _number(text: str) -> int | float:
    try:
        return int(text)
    except ValueError:
        return float(text)


def read_sheet(
    archive: zipfile.ZipFile,
    title: str,
    path: str,
    strings: list[str],
    dates: set[int],
    epoch: dt.datetime,
) -> Sheet:
    """Every cell value of one sheet, in one pass over its XML."""
    sheet = Sheet(title)
    rows = sheet.rows
    st: dict[str, Any] = {
        "row": -1,
        "col": -1,
        "type": "n",
        "style": -1,
        "v": None,
        "formula": False,
        "inline": False,
        "buf": None,
        "cells": 0,
    }

    def start(name, attrs):
        local = _local(name)
        if local == "c":
            ref = attrs.get("r")
            st["col"] = _column(ref) if ref else st["col"] + 1
            if st["col"] >= MAX_COLUMNS:
                raise SheetTooLarge(title, st["row"] + 1, st["col"], "columns")
            st["type"] = attrs.get("t", "n")
            s = attrs.get("s")
            st["style"] = int(s) if s else -1
            st["v"] = None
            st["formula"] = False
            st["inline"] = False
        elif local == "v":
            st["buf"] = []
        elif local == "row":
            r = attrs.get("r")
            st["row"] = int(r) - 1 if r else st["row"] + 1
            st["col"] = -1
            if st["row"] >= MAX_ROWS:
                raise SheetTooLarge(title, st["row"] + 1, 0, "rows")
        elif local == "f":
            st["formula"] = True
        elif local == "is":
            st["inline"] = True
            st["v"] = ""
        elif local == "t" and st["inline"]:
            st["buf"] = []
        elif local == "mergeCell":
            ref = attrs.get("ref", "")
            if ":" in ref:
                a, b = ref.split(":", 1)
                with contextlib.suppress(ValueError, AttributeError):
                    sheet.merges.append((_row_number(a), _column(a), _row_number(b), _column(b)))

    def end(name):
        local = _local(name)
        if local == "v":
            st["v"] = "".join(st["buf"] or [])
            st["buf"] = None
        elif local == "t" and st["inline"]:
            st["v"] += "".join(st["buf"] or [])
            st["buf"] = None
        elif local == "c":
            _store(st["row"], st["col"], _value())
        elif local == "row" and st["row"] >= len(rows):
            rows.extend([] for _ in range(st["row"] + 1 - len(rows)))

    def chars(data):
        buf = st["buf"]
        if buf is not None:
            buf.append(data)

    def _value() -> Any:
        text, kind = st["v"], st["type"]
        # A formula with no value, or an empty one outside a text result (openpyxl and other
        # writers leave <v/> empty), has a result nobody computed.
        if st["formula"] and (text is None or (text == "" and kind not in ("str", "inlineStr"))):
            sheet.unsaved_formulas.append((st["row"] + 1, st["col"]))
            return None
        if text is None:
            return None
        if kind == "s":
            try:
                return strings[int(text)]
            except (ValueError, IndexError):
                return text
        if kind in ("str", "inlineStr", "e"):
            return text
        if kind == "b":
            return text.strip() in ("1", "true")
        try:
            number = _number(text)
        except ValueError:
            return text
        if st["style"] in dates:
            try:
                return epoch + dt.timedelta(days=float(number))
            except (OverflowError, ValueError):
                return number
        return number

    def _store(r: int, c: int, value: Any) -> None:
        if value is None or r < 0 or c < 0:
            return
        if r >= MAX_ROWS:
            raise SheetTooLarge(title, r + 1, c, "rows")
        if r >= len(rows):
            rows.extend([] for _ in range(r + 1 - len(rows)))
        row = rows[r]
        if c >= len(row):
            st["cells"] += c + 1 - len(row)
            if st["cells"] > MAX_CELLS:
                raise SheetTooLarge(title, r + 1, c, "cells")
            row.extend([None] * (c + 1 - len(row)))
        row[c] = value

    _parse(archive, path, start=start, end=end, chars=chars)
    return sheet


def read_sheets(archive: zipfile.ZipFile) -> list[Sheet]:
    """Every worksheet of the workbook. Raises :class:`NotAWorkbook`."""
    strings = shared_strings(archive)
    dates = date_styles(archive)
    epoch = _epoch(archive)
    return [
        read_sheet(archive, title, path, strings, dates, epoch)
        for title, path in sheet_paths(archive)
    ]
