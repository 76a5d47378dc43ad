"""Checking the rows of an actors or ties table: from raw cells to typed values.

Nothing here touches the database. Open vocabularies (category, tie type, field, hamlet) are
kept as written and resolved against the village later (:mod:`jejaring.interchange.plan`);
closed ones (gender, frequency, attachment…) are checked here against their codes, the
Indonesian and English spellings of :mod:`jejaring.graph.columns` and the labels shown in the
template's drop-down lists, in both languages.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from jejaring import vocab
from jejaring.graph import columns
from jejaring.interchange import schema
from jejaring.interchange.problems import Problems
from jejaring.interchange.schema import Col
from jejaring.interchange.tables import Table, cell_text, column_letter

CONSENT_TERMS = (
    vocab.Term("not_asked", "Not asked"),
    vocab.Term("given", "Given"),
    vocab.Term("refused", "Refused"),
)
CONSENT_ALIASES = {
    "ya": "given",
    "yes": "given",
    "sudah": "given",
    "bersedia": "given",
    "setuju": "given",
    "diberikan": "given",
    "tidak": "refused",
    "no": "refused",
    "menolak": "refused",
    "tidak_bersedia": "refused",
    "belum": "not_asked",
    "belum_ditanya": "not_asked",
}

CLOSED_VOCABULARIES: dict[str, tuple[vocab.Term, ...]] = {
    "kind": vocab.ACTOR_KINDS,
    "gender": vocab.GENDERS,
    "welfare": vocab.WELFARE_RANKS,
    "consent": CONSENT_TERMS,
    "form": vocab.DEPENDENCY_FORMS,
    "frequency": vocab.FREQUENCIES,
    "attachment": vocab.ATTACHMENTS,
    "balance": vocab.BALANCES,
    "terms_set_by": vocab.TERMS_SET_BY,
    "confidence": vocab.CONFIDENCES,
}

_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T].*)?$")
_YEAR = re.compile(r"^\d{4}$")
_TERM_SPLIT = re.compile(r"\s*[;,]\s*")
# Excel stores dates as days since 1899-12-30; a number in a date column is one of those.
EXCEL_EPOCH = dt.date(1899, 12, 30)


@cache
def closed_lookup(name: str) -> dict[str, str]:
    """Normalised spelling → code for a closed vocabulary (codes, aliases, both languages'
    labels)."""
    terms = CLOSED_VOCABULARIES[name]
    lookup: dict[str, str] = {}
    for language in ("en", "id"):
        with translation.override(language):
            for t in terms:
                lookup.setdefault(columns.normalise_header(gettext(t.label)), t.code)
    extra = CONSENT_ALIASES if name == "consent" else columns.VALUE_ALIASES.get(name, {})
    for alias, code in extra.items():
        lookup[columns.normalise_header(alias)] = code
    for t in terms:
        lookup[t.code] = t.code
    return lookup


def closed_code(name: str, value: str) -> str | None:
    """The code of ``value`` in the closed vocabulary ``name``, None when unknown.

    >>> closed_code("frequency", "Mingguan"), closed_code("gender", "P")
    ('weekly', 'female')
    """
    key = columns.normalise_header(value)
    lookup = closed_lookup(name)
    return lookup.get(key) or lookup.get(value.strip().lower())


def closed_choices(name: str) -> str:
    return ", ".join(
        f"{t.code} ({gettext(t.label)})" if gettext(t.label) != t.code else t.code
        for t in CLOSED_VOCABULARIES[name]
    )


_RUPIAH = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")


def rupiah(text: str) -> str:
    """An amount as Indonesians write it, made machine-readable.

    >>> rupiah("Rp 1.500.000"), rupiah("2.500,50"), rupiah("750000")
    ('1500000', '2500.50', '750000')
    """
    t = re.sub(r"^rp\.?\s*", "", text.strip(), flags=re.IGNORECASE).replace(" ", "")
    if _RUPIAH.match(t) or re.match(r"^\d{1,3}\.\d{3}$", t):
        t = t.replace(".", "").replace(",", ".")
    return t


def parse_date(value: Any) -> dt.date:
    """A date from an Excel cell or text: ISO, day/month/year (the Indonesian order), a
    bare year (1 January) or an Excel day number.

    >>> parse_date("31/03/2024"), parse_date("2024-03-31"), parse_date("2019")
    (datetime.date(2024, 3, 31), datetime.date(2024, 3, 31), datetime.date(2019, 1, 1))
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value <= 2_958_465 and float(value).is_integer():
            if value < 3000:
                return dt.date(int(value), 1, 1)
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(value)
    text = str(value).strip()
    m = _DATE_YMD.match(text)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = _DATE_DMY.match(text)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    if _YEAR.match(text):
        return dt.date(int(text), 1, 1)
    raise ValueError(text)


@dataclass
class Record:
    """One checked row. ``values`` holds the typed value of every known column present in
    the table (None for an empty cell); ``attributes`` the other columns' non-empty text;
    ``cleared`` the other columns left empty (their attribute is removed on update)."""

    row: int
    values: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    cleared: set[str] = field(default_factory=set)

    @property
    def code(self) -> str:
        return self.values.get("id") or ""


@dataclass
class ParsedTable:
    """The checked rows of one table and the columns it had."""

    kind: str
    label: str
    present: set[str]
    headers: dict[str, str]
    extra: list[str]
    records: list[Record]


def map_headers(
    table: Table, kind: str, problems: Problems
) -> tuple[list[str | None], dict[str, str]] | None:
    """Canonical name of each column (None to skip it) and canonical → header as written."""
    if not table.headers:
        problems.add(gettext_noop("the sheet is empty"), file=table.label)
        return None
    aliases = schema.aliases(kind)
    canon: list[str | None] = []
    written: dict[str, str] = {}
    for i, raw in enumerate(table.headers):
        text = str(raw).strip()
        if not text:
            canon.append(None)
            if any(i < len(values) and cell_text(values[i]) for _, values in table.rows):
                problems.add(
                    gettext_noop("column %(letter)s has values but no name in the first row"),
                    file=table.label,
                    row=1,
                    column=column_letter(i),
                    letter=column_letter(i),
                )
            continue
        name = columns.canonical_column(text, aliases)
        if name in written:
            problems.add(
                gettext_noop(
                    "two columns mean the same thing (%(name)s): %(first)s and %(second)s"
                ),
                file=table.label,
                row=1,
                column=text,
                name=name,
                first=written[name],
                second=text,
            )
            canon.append(None)
            continue
        written[name] = text
        canon.append(name)
    for col in schema.cols(kind):
        if col.required and col.name not in written:
            problems.add(
                gettext_noop("the column %(name)s is missing (accepted names: %(accepted)s)"),
                file=table.label,
                row=1,
                column=col.name,
                name=col.name,
                accepted=", ".join(aliases[col.name][:6]),
            )
    return canon, written


class RowChecker:
    """Turns the cells of one table into typed values, reporting each bad cell."""

    def __init__(self, kind: str, label: str, headers: dict[str, str], problems: Problems):
        self.kind = kind
        self.label = label
        self.headers = headers
        self.problems = problems
        self.cols = schema.ACTOR_COL if kind == schema.ACTORS else schema.TIE_COL

    def bad(self, row: int, name: str, message: str, **params: Any) -> None:
        self.problems.add(
            message, file=self.label, row=row, column=self.headers.get(name, name), **params
        )

    def value(self, col: Col, raw: Any, row: int) -> Any:
        """The typed value of one cell, None when empty or bad (bad cells are reported)."""
        text = cell_text(raw)
        if not text:
            if col.required:
                self.bad(row, col.name, gettext_noop("this cell must not be empty"))
            return None
        if col.max_length and len(text) > col.max_length:
            self.bad(
                row,
                col.name,
                gettext_noop("the text is longer than %(max)s characters"),
                max=col.max_length,
            )
            return None
        try:
            return self._typed(col, raw, text, row)
        except (ValueError, ArithmeticError, OverflowError):
            return None

    def _typed(self, col: Col, raw: Any, text: str, row: int) -> Any:
        kind = col.kind
        if kind in (schema.TEXT, schema.CODE):
            return text
        if kind == schema.VOCAB:
            code = closed_code(col.vocab or col.name, text)
            if code is None:
                self.bad(
                    row,
                    col.name,
                    gettext_noop("%(value)s is not one of: %(choices)s"),
                    value=repr(text),
                    choices=closed_choices(col.vocab or col.name),
                )
                raise ValueError(text)
            return code
        if kind == schema.TERM:
            return text
        if kind == schema.TERMS:
            return [t for t in _TERM_SPLIT.split(text) if t]
        if kind == schema.BOOL:
            try:
                return columns.parse_bool(raw if not isinstance(raw, str) else text)
            except ValueError:
                self.bad(
                    row,
                    col.name,
                    gettext_noop("expected yes or no (ya/tidak), got %(value)s"),
                    value=repr(text),
                )
                raise
        if kind == schema.DATE:
            try:
                return parse_date(raw if not isinstance(raw, str) else text)
            except (ValueError, OverflowError):
                self.bad(
                    row,
                    col.name,
                    gettext_noop("expected a date such as 2024-03-31 or 31/03/2024, got %(value)s"),
                    value=repr(text),
                )
                raise
        number = self._number(col, raw, text, row)
        if kind == schema.INT:
            if not float(number).is_integer():
                self._out_of_range(col, text, row)
                raise ValueError(text)
            return int(number)
        if kind == schema.DECIMAL:
            value = Decimal(str(number)).quantize(Decimal("0.01"))
            if value.adjusted() >= 14:
                self.bad(
                    row, col.name, gettext_noop("the number %(value)s is too large"), value=text
                )
                raise ValueError(text)
            return value
        return float(number)

    def _number(self, col: Col, raw: Any, text: str, row: int) -> float:
        if col.kind == schema.DECIMAL and isinstance(raw, str):
            text = rupiah(text)
        try:
            number = columns.parse_float(raw if isinstance(raw, int | float) else text)
            if isinstance(raw, bool):
                raise ValueError(text)
        except ValueError:
            self.bad(
                row, col.name, gettext_noop("expected a number, got %(value)s"), value=repr(text)
            )
            raise
        if number != number or number in (float("inf"), float("-inf")):
            self.bad(
                row, col.name, gettext_noop("expected a number, got %(value)s"), value=repr(text)
            )
            raise ValueError(text)
        if (col.low is not None and number < col.low) or (
            col.high is not None and number > col.high
        ):
            self._out_of_range(col, text, row)
            raise ValueError(text)
        return number

    def _out_of_range(self, col: Col, text: str, row: int) -> None:
        if col.kind == schema.INT and col.high is not None:
            self.bad(
                row,
                col.name,
                gettext_noop("expected a whole number from %(low)s to %(high)s, got %(value)s"),
                low=int(col.low or 0),
                high=int(col.high),
                value=repr(text),
            )
        elif col.kind == schema.INT:
            self.bad(
                row,
                col.name,
                gettext_noop("expected a whole number, got %(value)s"),
                value=repr(text),
            )
        else:
            self.bad(
                row,
                col.name,
                gettext_noop("the number must not be below %(low)s"),
                low=col.low or 0,
            )


def parse_table(table: Table, kind: str, problems: Problems) -> ParsedTable | None:
    """Check every row of ``table`` as an actors or ties table."""
    mapped = map_headers(table, kind, problems)
    if mapped is None:
        return None
    canon, written = mapped
    if not table.rows:
        problems.warn(gettext_noop("the table has no rows"), file=table.label)
    known = schema.ACTOR_COL if kind == schema.ACTORS else schema.TIE_COL
    checker = RowChecker(kind, table.label, written, problems)
    slots = [(i, known.get(name), name) for i, name in enumerate(canon) if name is not None]
    extra = [name for _, col, name in slots if col is None]
    records: list[Record] = []
    seen_ids: dict[str, int] = {}
    for number, values in table.rows:
        record = Record(number)
        for i, col, name in slots:
            raw = values[i] if i < len(values) else None
            if col is None:
                text = cell_text(raw)
                if text:
                    record.attributes[name] = text
                else:
                    record.cleared.add(name)
                continue
            record.values[name] = checker.value(col, raw, number)
        if kind == schema.TIES:
            _check_tie_row(record, checker)
        code = record.values.get("id")
        if code:
            if code in seen_ids:
                checker.bad(
                    number,
                    "id",
                    gettext_noop("the id %(value)s is used again (first in row %(first)s)"),
                    value=repr(code),
                    first=seen_ids[code],
                )
            else:
                seen_ids[code] = number
        records.append(record)
    present = {name for _, col, name in slots if col is not None}
    return ParsedTable(kind, table.label, present, written, extra, records)


def _check_tie_row(record: Record, checker: RowChecker) -> None:
    v = record.values
    if v.get("source") and v.get("source") == v.get("target"):
        checker.bad(
            record.row, "target", gettext_noop("a tie cannot go from an actor to the same actor")
        )
        v["target"] = None
    since, until = v.get("since"), v.get("until")
    if since and until and until < since:
        checker.bad(record.row, "until", gettext_noop("the end date is before the start date"))
        v["until"] = None


#: Columns only a ties table has, and columns only an actors table has.
TIE_ONLY = frozenset({"source", "target"})
ACTOR_ONLY = frozenset(
    {
        "name",
        "kind",
        "category",
        "hamlet",
        "gender",
        "welfare",
        "influence",
        "interest",
        "stance",
        "position",
        "household_size",
    }
)


def detect_kind(headers: list[str]) -> str | None:
    """``ties`` when a header names a source or a target, ``actors`` when one names what
    only actors have (a name, a category…), else None. A table missing one of its required
    columns is still recognised, so the missing column can be named."""
    tie_names = {columns.canonical_column(h, schema.TIE_ALIASES) for h in headers if h}
    if tie_names & TIE_ONLY:
        return schema.TIES
    actor_names = {columns.canonical_column(h, schema.ACTOR_ALIASES) for h in headers if h}
    if actor_names & ACTOR_ONLY:
        return schema.ACTORS
    return None
