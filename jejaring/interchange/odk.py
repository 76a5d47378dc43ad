"""ODK Central's CSV export (a zip) of a Jejaring field form.

The zip holds ``<form id>.csv`` (one row per submission, ``KEY`` = its instance id) and one
``<form id>-<repeat>.csv`` per repeat group whose rows point at their submission through
``PARENT_KEY``. Group paths in headers are joined with ``-`` ("meta-instanceID").
"""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext_noop

from jejaring.interchange import csv as csv_format
from jejaring.interchange.problems import Problems
from jejaring.interchange.submissions import RepeatRow, Submission
from jejaring.interchange.tables import Table, cell_text

MAX_UNPACKED = 400 * 1024 * 1024


def field_name(header: str) -> str:
    return str(header).strip().rsplit("/", 1)[-1].rsplit("-", 1)[-1]


def csv_tables(data: bytes, label: str, problems: Problems) -> list[Table] | None:
    """Every CSV file in a zip archive as a table."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
        if sum(i.file_size for i in archive.infolist()) > MAX_UNPACKED:
            problems.add(gettext_noop("the zip file is too large once unpacked"), file=label)
            return None
        tables = []
        for info in infos:
            name = f"{label}: {info.filename}"
            table = csv_format.read_csv(archive.read(info), name, problems)
            if table is not None:
                tables.append(table)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        problems.add(gettext_noop("this is not a readable zip file"), file=label)
        return None
    return tables


def is_odk(tables: list[Table]) -> bool:
    return any("KEY" in t.headers for t in tables) and any(
        "PARENT_KEY" in t.headers or "SubmissionDate" in t.headers for t in tables
    )


def _rows(table: Table) -> list[tuple[int, dict, dict]]:
    names = [field_name(h) if h not in ("KEY", "PARENT_KEY") else h for h in table.headers]
    headers = dict(zip(names, table.headers, strict=True))
    return [
        (
            number,
            {n: (values[i] if i < len(values) else None) for i, n in enumerate(names)},
            headers,
        )
        for number, values in table.rows
    ]


def read(tables: list[Table], label: str, problems: Problems) -> list[Submission] | None:
    main = next((t for t in tables if "KEY" in t.headers and "PARENT_KEY" not in t.headers), None)
    if main is None:
        problems.add(
            gettext_noop("the zip has no CSV file of submissions (with a KEY column)"), file=label
        )
        return None
    submissions: list[Submission] = []
    by_key: dict[str, Submission] = {}
    for number, row, headers in _rows(main):
        key = cell_text(row.get("KEY"))
        uuid = cell_text(row.get("instanceID")) or key
        if not uuid:
            problems.add(
                gettext_noop("this cell must not be empty"),
                file=main.label,
                row=number,
                column="KEY",
            )
            continue
        sub = Submission(
            uuid=uuid,
            row=number,
            label=main.label,
            values=row,
            headers=headers,
            submitted=cell_text(row.get("SubmissionDate")),
        )
        submissions.append(sub)
        by_key[key] = sub
    for table in tables:
        if table is main or "PARENT_KEY" not in table.headers:
            continue
        for number, row, headers in _rows(table):
            parent = by_key.get(cell_text(row.get("PARENT_KEY")))
            if parent is None:
                problems.add(
                    gettext_noop(
                        "this row belongs to no submission of the export (PARENT_KEY %(value)s)"
                    ),
                    file=table.label,
                    row=number,
                    column="PARENT_KEY",
                    value=repr(cell_text(row.get("PARENT_KEY"))),
                )
                continue
            parent.repeats.append(
                RepeatRow(
                    row=number,
                    label=table.label,
                    index=cell_text(row.get("KEY")) or str(number),
                    values=row,
                    headers=headers,
                )
            )
    return submissions
