"""CSV files: reading whatever Excel and field laptops write, writing plain UTF-8.

Accepted: UTF-8 with or without byte-order mark, UTF-16 with a byte-order mark (Excel's
"Unicode text"), Windows-1252 (older Excel on Windows); separators ``,`` ``;`` (Excel with
Indonesian regional settings) or tab, taken from the header line. Written: UTF-8 without a
byte-order mark, ``,`` separated (R, pandas and Gephi read it as is).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext_noop

from jejaring.graph.tables import sniff_separator
from jejaring.interchange.cells import csv_text, from_csv_text
from jejaring.interchange.problems import MSG_EMPTY_FILE, MSG_NO_HEADER, Problems
from jejaring.interchange.tables import Table, is_blank


def decode(data: bytes, label: str, problems: Problems) -> str | None:
    """The text of ``data``, or None with a problem naming the row of the first bad byte."""
    if data.startswith(codecs.BOM_UTF8):
        encodings, body = ("utf-8",), data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings, body = ("utf-16",), data
    else:
        if data.startswith(b"PK\x03\x04"):
            problems.add(
                gettext_noop("this is an Excel workbook or a zip file, not a CSV file"), file=label
            )
            return None
        if b"\x00" in data[:65536]:
            problems.add(gettext_noop("this is not a text (CSV) file"), file=label)
            return None
        encodings, body = ("utf-8", "cp1252"), data
    first_error: UnicodeDecodeError | None = None
    for encoding in encodings:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
    assert first_error is not None
    at = first_error.start
    row = body[:at].count(b"\n") + 1
    problems.add(
        gettext_noop(
            "the text is neither UTF-8 nor Windows-1252 (byte %(byte)s): save the file "
            "again as 'CSV UTF-8'"
        ),
        file=label,
        row=row,
        column=_column_at(body, at),
        byte=f"0x{body[at]:02X}",
    )
    return None


def _column_at(body: bytes, at: int) -> str | None:
    """The header of the column holding byte ``at`` (a best guess: quotes are ignored)."""
    header = body.split(b"\n", 1)[0].decode("latin-1")
    sep = sniff_separator(header)
    line_start = body.rfind(b"\n", 0, at) + 1
    index = body[line_start:at].count(sep.encode())
    names = header.strip("\r").split(sep)
    return names[index].strip().strip('"') if index < len(names) else None


def read_csv(data: bytes, label: str, problems: Problems) -> Table | None:
    """The table in ``data``; None (with problems) when it cannot be read at all."""
    text = decode(data, label, problems)
    if text is None:
        return None
    if not text.strip():
        problems.add(MSG_EMPTY_FILE, file=label)
        return None
    header_line = text.split("\n", 1)[0]
    # strict: a quote opened and never closed is an error at its row, not the rest of the
    # file silently read as one value.
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=sniff_separator(header_line), strict=True
    )
    table: Table | None = None
    number = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "unexpected end of data" in str(exc):
                problems.add(
                    gettext_noop(
                        'a quote (") opened in this row is never closed: the rows after it '
                        "would be read as one value; close the quote or remove it"
                    ),
                    file=label,
                    row=number + 1,
                )
                return None
            problems.add(
                gettext_noop("the row cannot be read as CSV (%(reason)s)"),
                file=label,
                row=number + 1,
                reason=str(exc),
            )
            return None
        number += 1
        values = [from_csv_text(v) for v in values]
        if table is None:
            if is_blank(values):
                problems.add(MSG_NO_HEADER, file=label, row=1)
                return None
            table = Table(label, [v.strip() for v in values])
            continue
        if not is_blank(values):
            table.rows.append((number, values))
    return table


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV text of ``rows`` under ``headers`` (None written as an empty cell)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_text(h) for h in headers])
    for row in rows:
        writer.writerow(["" if v is None else csv_text(v) for v in row])
    return out.getvalue().encode("utf-8")


def export_files(data) -> dict[str, bytes]:
    """``actors.csv`` and ``ties.csv`` of an export (:class:`~jejaring.interchange.export.ExportData`),
    with English column names and vocabulary codes."""
    from jejaring.interchange.export import table_rows, text_value

    out = {}
    for name, cols, extra, rows in (
        ("actors.csv", data.actor_cols, data.actor_extra, data.actors),
        ("ties.csv", data.tie_cols, data.tie_extra, data.ties),
    ):
        headers = [c.name for c in cols] + list(extra)
        out[name] = write_csv(
            headers, ([text_value(v) for v in row] for row in table_rows(rows, cols, extra))
        )
    return out


def export_zip(data) -> bytes:
    """Both CSV files of an export in one zip archive."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in export_files(data).items():
            archive.writestr(name, content)
    return buffer.getvalue()
