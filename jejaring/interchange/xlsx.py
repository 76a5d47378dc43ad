"""Excel workbooks: reading every sheet safely and fast, writing the template and exports.

Cells are read straight from the sheets' XML (:mod:`jejaring.interchange.xlsxsheets`) with the
values Excel last computed; merged cells are repeated over the merged area (with a warning)
and a formula whose result was never saved is an error, since its value is unknown. Writing
uses openpyxl's streaming mode.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_noop

from jejaring.interchange import xlsxsheets
from jejaring.interchange.cells import text_cell, xlsx_row
from jejaring.interchange.problems import Problems
from jejaring.interchange.tables import Table, column_letter, is_blank

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: A workbook that unpacks to more than this is refused (a zip bomb, or not a village).
MAX_UNPACKED = xlsxsheets.MAX_UNPACKED
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_archive(data: bytes, label: str, problems: Problems) -> zipfile.ZipFile | None:
    """The zip container of an .xlsx file, after the checks that need no parsing."""
    if data.startswith(OLE_SIGNATURE):
        problems.add(
            gettext_noop(
                "this is an old Excel 97-2003 (.xls) file: save it as .xlsx and try again"
            ),
            file=label,
        )
        return None
    if not data.startswith(b"PK"):
        problems.add(gettext_noop("this is not an Excel (.xlsx) workbook"), file=label)
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        problems.add(gettext_noop("this is not an Excel (.xlsx) workbook"), file=label)
        return None
    if unpacked > MAX_UNPACKED:
        problems.add(gettext_noop("the workbook is too large once unpacked"), file=label)
        return None
    return archive


def read_workbook(data: bytes, label: str, problems: Problems) -> list[Table] | None:
    """One :class:`Table` per sheet; None (with problems) for an unreadable file.

    An empty sheet gives a table with no headers, so callers can name it in a message.
    """
    archive = open_archive(data, label, problems)
    if archive is None:
        return None
    try:
        sheets = xlsxsheets.read_sheets(archive)
    except xlsxsheets.SheetTooLarge as exc:
        _too_large(exc, label, problems)
        return None
    except (
        xlsxsheets.NotAWorkbook,
        zipfile.BadZipFile,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ):
        problems.add(
            gettext_noop("this Excel workbook is damaged or not an .xlsx file"), file=label
        )
        return None
    return [_table(sheet, label, problems) for sheet in sheets]


def _too_large(exc, label: str, problems: Problems) -> None:
    from jejaring.interchange import xlsxsheets as X

    where = {"file": f"{label}, sheet '{exc.title}'", "row": exc.row}
    if exc.what == "cells":
        problems.add(
            gettext_noop("this sheet holds more than %(limit)s cells: split it, or save it as CSV"),
            limit=f"{X.MAX_CELLS:,}",
            **where,
        )
    else:
        problems.add(
            gettext_noop(
                "the sheet names a cell beyond what a spreadsheet can hold (%(rows)s rows, "
                "%(columns)s columns): the file is damaged; open it in Excel or LibreOffice "
                "and save it again"
            ),
            rows=f"{X.MAX_ROWS:,}",
            columns=f"{X.MAX_COLUMNS:,}",
            column=">" + column_letter(X.MAX_COLUMNS - 1) if exc.what == "columns" else None,
            **where,
        )


def _table(sheet, label: str, problems: Problems) -> Table:
    sheet_label = f"{label}, sheet '{sheet.title}'"
    rows = sheet.rows
    if sheet.merges:
        _fill_merged(rows, sheet.merges)
        problems.warn(
            gettext_noop(
                "merged cells %(ranges)s: the value of the first cell is used for all of them"
            ),
            file=sheet_label,
            ranges=", ".join(
                f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}"
                for r0, c0, r1, c1 in sheet.merges[:5]
            )
            + (" …" if len(sheet.merges) > 5 else ""),
        )
    for r, c in sheet.unsaved_formulas:
        problems.add(
            gettext_noop(
                "the cell holds a formula whose result was not saved: open the file in Excel "
                "or LibreOffice and save it, or paste the values"
            ),
            file=sheet_label,
            row=r,
            column=column_letter(c),
        )
    header_index = _header_row(rows)
    if header_index is None:
        return Table(sheet_label, [], [], sheet=sheet.title)
    headers = ["" if v is None else str(v).strip() for v in rows[header_index]]
    table = Table(sheet_label, headers, sheet=sheet.title)
    for i in range(header_index + 1, len(rows)):
        if rows[i] and not is_blank(rows[i]):
            table.rows.append((i + 1, rows[i]))
    return table


def _header_row(rows: list[list[Any]]) -> int | None:
    """The header row: the first non-empty row, unless it holds a lone title above the
    real header (a common "DATA AKTOR DESA …" line)."""
    filled = [(i, sum(v not in (None, "") for v in r)) for i, r in enumerate(rows[:12])]
    filled = [(i, n) for i, n in filled if n]
    if not filled:
        return None
    first, count = filled[0]
    if count == 1:
        for i, n in filled[1:]:
            if n > 1:
                return i
    return first


def _fill_merged(rows: list[list[Any]], merges: list[tuple]) -> None:
    for r0, c0, r1, c1 in merges:
        if r0 - 1 >= len(rows) or r1 - r0 > 100_000 or c1 - c0 > 1000 or r0 < 1:
            continue
        top = rows[r0 - 1]
        value = top[c0] if c0 < len(top) else None
        for r in range(r0 - 1, min(r1, len(rows))):
            row = rows[r]
            if len(row) <= c1:
                row.extend([None] * (c1 + 1 - len(row)))
            for c in range(c0, c1 + 1):
                row[c] = value


# --------------------------------------------------------------------------- writing


@dataclass
class SheetOut:
    """A sheet to write. ``lists`` maps a column index to the name of a drop-down list."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    lists: dict[int, str] = field(default_factory=dict)
    widths: Sequence[int] = ()
    blank_rows: int = 500


def write_workbook(
    sheets: list[SheetOut],
    *,
    lists: dict[str, list[str]] | None = None,
    lists_title: str = "lists",
    notes: list[str] | None = None,
    notes_title: str = "notes",
) -> bytes:
    """An .xlsx file: ``notes`` (a sheet of instructions) first, then ``sheets``, then the
    drop-down ``lists``. Written in streaming mode so 100,000-row exports stay light."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    if notes:
        ws = wb.create_sheet(notes_title)
        ws.column_dimensions["A"].width = 110
        for i, line in enumerate(notes):
            cell = text_cell(ws, line)
            if i == 0:
                cell.font = Font(bold=True, size=14)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.append([cell])
    list_ranges: dict[str, str] = {}
    names = list((lists or {}).keys())
    for i, name in enumerate(names):
        letter = column_letter(i)
        n = max(1, len(lists[name]))
        list_ranges[name] = f"'{lists_title}'!${letter}$2:${letter}${n + 1}"
    for spec in sheets:
        ws = wb.create_sheet(spec.title)
        ws.freeze_panes = "A2"
        for i, _ in enumerate(spec.headers):
            width = spec.widths[i] if i < len(spec.widths) else 16
            ws.column_dimensions[column_letter(i)].width = width
        count = 0
        header_cells = []
        for h in spec.headers:
            cell = text_cell(ws, h)
            cell.font = bold
            cell.fill = fill
            header_cells.append(cell)
        rows = iter(spec.rows)
        ws.append(header_cells)
        for row in rows:
            ws.append(xlsx_row(ws, row))
            count += 1
        last = count + 1 + spec.blank_rows
        for col, list_name in spec.lists.items():
            if list_name not in list_ranges:
                continue
            dv = DataValidation(type="list", formula1=list_ranges[list_name], allow_blank=True)
            dv.showErrorMessage = False  # a new term is allowed; the import reports it
            letter = column_letter(col)
            dv.add(f"{letter}2:{letter}{last}")
            ws.data_validations.append(dv)
    if lists:
        ws = wb.create_sheet(lists_title)
        for i, _ in enumerate(names):
            ws.column_dimensions[column_letter(i)].width = 28
        ws.append([text_cell(ws, n) for n in names])
        depth = max((len(v) for v in lists.values()), default=0)
        for r in range(depth):
            ws.append(xlsx_row(ws, [lists[n][r] if r < len(lists[n]) else None for n in names]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------- template


def _bool_words(language: str) -> tuple[str, str]:
    return ("ya", "tidak") if language.startswith("id") else ("yes", "no")


def _cell(data, col, value, language: str):
    """A value as the workbook shows it: labels from the drop-down lists, real numbers."""
    from jejaring.interchange import schema

    if value is None or value == "" or value == []:
        return None
    if col.kind == schema.BOOL:
        yes, no = _bool_words(language)
        return yes if value else no
    if col.kind == schema.VOCAB:
        return data.label(col.vocab, value)
    if col.kind == schema.TERM and col.vocab in ("category", "type"):
        return data.label(col.vocab, value)
    if col.kind == schema.TERMS:
        return "; ".join(data.label("field", v) for v in value)
    if col.kind == schema.DECIMAL:
        return float(value)
    return value


def tables_workbook(data, language: str, *, template: bool = False) -> bytes:
    """The actors and ties of ``data`` in the template's layout (so the file imports back),
    with drop-down lists for the coded columns."""
    from django.utils import translation

    from jejaring.interchange import schema

    with translation.override(language):
        lists = _lists(data, language)
        list_of_col = {
            "kind": "kind",
            "category": "category",
            "hamlet": "hamlet",
            "gender": "gender",
            "welfare": "welfare",
            "consent": "consent",
            "sensitive": "yesno",
            "facilitator": "yesno",
            "type": "type",
            "directed": "yesno",
            "form": "form",
            "frequency": "frequency",
            "attachment": "attachment",
            "balance": "balance",
            "exclusive": "yesno",
            "terms_set_by": "terms_set_by",
            "current": "yesno",
            "confidence": "confidence",
        }
        sheets = []
        for kind, cols, extra, rows in (
            (schema.ACTORS, data.actor_cols, data.actor_extra, data.actors),
            (schema.TIES, data.tie_cols, data.tie_extra, data.ties),
        ):
            headers = [schema.header(c, language) for c in cols] + list(extra)
            body = _sheet_rows(data, cols, extra, rows, language)
            sheets.append(
                SheetOut(
                    schema.sheet_name(kind, language),
                    headers,
                    body,
                    lists={
                        i: list_of_col[c.name] for i, c in enumerate(cols) if c.name in list_of_col
                    },
                    widths=[24 if c.name in ("name", "type", "category") else 14 for c in cols],
                    blank_rows=500 if template else 200,
                )
            )
        notes = _template_notes(language) if template else None
        return write_workbook(
            sheets,
            lists=lists,
            lists_title="daftar" if language.startswith("id") else "lists",
            notes=notes,
            notes_title="petunjuk" if language.startswith("id") else "instructions",
        )


def _sheet_rows(data, cols, extra, rows, language: str):
    from jejaring.interchange.export import table_rows

    for row in table_rows(rows, cols, extra):
        yield [_cell(data, c, v, language) for c, v in zip(cols, row, strict=False)] + list(
            row[len(cols) :]
        )


def _lists(data, language: str) -> dict[str, list[str]]:
    from django.utils.translation import gettext

    from jejaring.actors.models import Category, Field, TieType
    from jejaring.actors.vocabulary import available
    from jejaring.interchange.records import CLOSED_VOCABULARIES
    from jejaring.villages.models import Hamlet

    village = data.village
    yes, no = _bool_words(language)
    lists = {
        "kind": [gettext(t.label) for t in CLOSED_VOCABULARIES["kind"]],
        "category": [c.label for c in available(Category, village)],
        "hamlet": list(Hamlet.objects.filter(village=village).values_list("name", flat=True)),
        "gender": [gettext(t.label) for t in CLOSED_VOCABULARIES["gender"]],
        "welfare": [gettext(t.label) for t in CLOSED_VOCABULARIES["welfare"]],
        "consent": [gettext(t.label) for t in CLOSED_VOCABULARIES["consent"]],
        "type": [t.label for t in available(TieType, village)],
        "form": [gettext(t.label) for t in CLOSED_VOCABULARIES["form"]],
        "frequency": [gettext(t.label) for t in CLOSED_VOCABULARIES["frequency"]],
        "attachment": [gettext(t.label) for t in CLOSED_VOCABULARIES["attachment"]],
        "balance": [gettext(t.label) for t in CLOSED_VOCABULARIES["balance"]],
        "terms_set_by": [gettext(t.label) for t in CLOSED_VOCABULARIES["terms_set_by"]],
        "confidence": [gettext(t.label) for t in CLOSED_VOCABULARIES["confidence"]],
        "field": [f.label for f in available(Field, village)],
        "yesno": [yes, no],
    }
    return lists


def _template_notes(language: str) -> list[str]:
    from django.utils.translation import gettext

    return [
        gettext("Jejaring: actors and ties of a village"),
        gettext(
            "Fill in the sheet of actors (one row per person, household, group or "
            "institution) and the sheet of ties (one row per relation). Keep the first row: "
            "it names the columns. Column names may also be written in English (id, name, "
            "source, target, type…)."
        ),
        gettext(
            "Actors: 'Kode' is a short id you choose (for example H001 or KADES); it must be "
            "unique and is how the ties sheet refers to the actor. 'Nama' is required; all "
            "other columns may stay empty."
        ),
        gettext(
            "Ties: 'Dari' and 'Ke' hold actor ids. For a dependency tie the arrow goes from "
            "the dependent party (the client) to the one depended on (the patron): "
            "'A borrows money from B' is Dari = A, Ke = B."
        ),
        gettext(
            "Choose coded values from the drop-down lists (sheet '%(sheet)s'); a new category "
            "or tie type may be typed in and is added to the village when imported."
        )
        % {"sheet": "daftar" if language.startswith("id") else "lists"},
        gettext(
            "Influence and interest are whole numbers from 0 to 5; stance runs from -2 "
            "(against the program) to 2 (for it). Dates: 2024-03-31 or 31/03/2024. Several "
            "fields (bidang) are separated by ';'."
        ),
        gettext(
            "Importing the same file again updates the actors and ties it names and adds "
            "nothing twice. Nothing is imported while any row has a problem: the preview "
            "lists each problem with its row and column."
        ),
    ]
