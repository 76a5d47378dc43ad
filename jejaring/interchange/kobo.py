"""KoboToolbox's Excel export of a Jejaring field form.

The export has one sheet of submissions and one sheet per repeat group; repeat rows point at
their submission through ``_parent_index`` = the submission's ``_index``. Each submission has a
``_uuid``, which makes re-importing the same export add nothing twice. Choose "XML values and
headers" when exporting; headers with group names ("r_credit/credit_who") are fine.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from jejaring.interchange.problems import Problems
from jejaring.interchange.submissions import RepeatRow, Submission
from jejaring.interchange.tables import Table, cell_text


def field_name(header: str) -> str:
    """The question name of a column header, without group path."""
    return str(header).strip().rsplit("/", 1)[-1]


def is_kobo(tables: list[Table]) -> bool:
    return any(
        {"_uuid", "_submission__uuid", "_parent_index"} & {field_name(h) for h in t.headers}
        for t in tables
    )


def _rows(table: Table) -> list[tuple[int, dict, dict]]:
    names = [field_name(h) for h in table.headers]
    headers = dict(zip(names, table.headers, strict=True))
    out = []
    for number, values in table.rows:
        row = {n: (values[i] if i < len(values) else None) for i, n in enumerate(names)}
        out.append((number, row, headers))
    return out


def read(tables: list[Table], label: str, problems: Problems) -> list[Submission] | None:
    """The submissions of a KoboToolbox export, with their repeat rows attached."""
    main = next((t for t in tables if "_uuid" in {field_name(h) for h in t.headers}), None)
    if main is None:
        problems.add(gettext_noop("the export has no sheet with a _uuid column"), file=label)
        return None
    submissions: list[Submission] = []
    by_index: dict[str, Submission] = {}
    by_uuid: dict[str, Submission] = {}
    for number, row, headers in _rows(main):
        uuid = cell_text(row.get("_uuid"))
        if not uuid:
            problems.add(
                gettext_noop("this cell must not be empty"),
                file=main.label,
                row=number,
                column=headers.get("_uuid", "_uuid"),
            )
            continue
        sub = Submission(
            uuid=uuid,
            row=number,
            label=main.label,
            values=row,
            headers=headers,
            submitted=cell_text(row.get("_submission_time")),
        )
        submissions.append(sub)
        by_uuid[uuid] = sub
        index = cell_text(row.get("_index"))
        if index:
            by_index[index] = sub
    for table in tables:
        if table is main:
            continue
        names = {field_name(h) for h in table.headers}
        if "_parent_index" not in names:
            continue
        for number, row, headers in _rows(table):
            parent = by_uuid.get(cell_text(row.get("_submission__uuid"))) or by_index.get(
                cell_text(row.get("_parent_index"))
            )
            if parent is None:
                problems.add(
                    gettext_noop(
                        "this row belongs to no submission of the export (_parent_index %(value)s)"
                    ),
                    file=table.label,
                    row=number,
                    column=headers.get("_parent_index", "_parent_index"),
                    value=repr(cell_text(row.get("_parent_index"))),
                )
                continue
            parent.repeats.append(
                RepeatRow(
                    row=number,
                    label=table.label,
                    index=cell_text(row.get("_index")) or str(number),
                    values=row,
                    headers=headers,
                )
            )
    return submissions
