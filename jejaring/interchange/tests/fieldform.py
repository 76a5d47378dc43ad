"""Exports of the Jejaring field form as KoboToolbox and ODK Central make them, generated
from the form's own structure (its survey sheet), for the tests."""

from __future__ import annotations

import csv
import io
import re
import zipfile

from openpyxl import Workbook, load_workbook

KOBO_META = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]
KOBO_REPEAT_META = [
    "_index",
    "_parent_table_name",
    "_parent_index",
    "_submission__id",
    "_submission__uuid",
    "_submission__submission_time",
    "_submission__validation_status",
    "_submission__notes",
    "_submission__status",
    "_submission__submitted_by",
    "_submission___version__",
    "_submission__tags",
]
ODK_META = [
    "SubmitterID",
    "SubmitterName",
    "AttachmentsPresent",
    "AttachmentsExpected",
    "Status",
    "ReviewState",
    "DeviceID",
    "Edits",
    "FormVersion",
]


def structure(form: bytes) -> tuple[list[str], dict[str, list[str]], str]:
    """Main question names, question names per repeat, and the form title."""
    wb = load_workbook(io.BytesIO(form), read_only=True)
    rows = list(wb["survey"].iter_rows(values_only=True))
    head = rows[0]
    main: list[str] = []
    repeats: dict[str, list[str]] = {}
    current = None
    for r in rows[1:]:
        row = dict(zip(head, r, strict=False))
        kind, name = row["type"], row["name"]
        if kind == "begin_repeat":
            current = name
            repeats[name] = []
        elif kind == "end_repeat":
            current = None
        elif current:
            repeats[current].append(name)
        else:
            main.append(name)
    title = list(wb["settings"].iter_rows(values_only=True))[1][0]
    return main, repeats, title


def kobo_export(form: bytes, submissions: list[dict], *, group_headers: bool = True) -> bytes:
    """An .xlsx as KoboToolbox exports it ("XML values and headers")."""
    main, repeats, title = structure(form)
    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "", title)[:31]  # as Excel allows sheet names
    ws.append(main + KOBO_META)
    sheets = {}
    for name, fields in repeats.items():
        sheet = wb.create_sheet(name[:31])
        sheet.append([f"{name}/{f}" if group_headers else f for f in fields] + KOBO_REPEAT_META)
        sheets[name] = sheet
    for index, sub in enumerate(submissions, start=1):
        ws.append(
            [sub.get(f) for f in main]
            + [
                1000 + index,
                sub["_uuid"],
                f"2026-10-0{index}T08:00:00",
                "",
                "",
                "submitted_via_web",
                "",
                "v1",
                "",
                index,
            ]
        )
        for name, items in sub.get("repeats", {}).items():
            for item in items:
                sheets[name].append(
                    [item.get(f) for f in repeats[name]]
                    + [
                        sheets[name].max_row,
                        title,
                        item.get("_parent_index", index),
                        1000 + index,
                        item.get("_submission__uuid", sub["_uuid"]),
                        "2026-10-01T08:00:00",
                        "",
                        "",
                        "",
                        "",
                        "v1",
                        "",
                    ]
                )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv(rows: list[list]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def odk_export(form: bytes, form_id: str, submissions: list[dict]) -> bytes:
    """A zip as ODK Central's "Download all submissions (CSV)" makes it."""
    main, repeats, _ = structure(form)
    rows = [["SubmissionDate", *main, "meta-instanceID", "KEY", *ODK_META]]
    repeat_rows = {name: [[*fields, "PARENT_KEY", "KEY"]] for name, fields in repeats.items()}
    for sub in submissions:
        key = f"uuid:{sub['_uuid']}"
        rows.append(
            [
                "2026-10-01T08:00:00.000Z",
                *[sub.get(f, "") for f in main],
                key,
                key,
                "5",
                "enumerator",
                "0",
                "0",
                "",
                "",
                "",
                "0",
                "v1",
            ]
        )
        for name, items in sub.get("repeats", {}).items():
            for i, item in enumerate(items, start=1):
                repeat_rows[name].append(
                    [*[item.get(f, "") for f in repeats[name]], key, f"{key}/{name}[{i}]"]
                )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"{form_id}.csv", _csv(rows))
        for name, table in repeat_rows.items():
            archive.writestr(f"{form_id}-{name}.csv", _csv(table))
    return buffer.getvalue()


def interviews() -> list[dict]:
    """Two interviews in the demo village: a known household and a new respondent."""
    return [
        {
            "_uuid": "0b1f6e2a-0001-4d6c-9a71-aaaaaaaaaaaa",
            "today": "2026-10-01",
            "interviewer": "Rina Pratiwi",
            "place": "Sidomulyo",
            "respondent": "H001",
            "consent": "yes",
            "has_credit": "yes",
            "has_land": "yes",
            "repeats": {
                "r_credit": [
                    {
                        "credit_who": "DARSIH",
                        "credit_form": "credit",
                        "credit_freq": "monthly",
                        "credit_attach": "binding",
                        "credit_switch": "no",
                        "credit_terms": "patron",
                        "credit_back": "tenaga waktu panen",
                        "credit_amount": "500000",
                    },
                    {
                        "credit_who": "_new",
                        "credit_who_new": "Mbah Darsih",
                        "credit_form": "credit",
                        "credit_freq": "seasonal",
                    },
                ],
                "r_land": [
                    {
                        "land_who": "HAJI-SLAMET",
                        "land_form": "land",
                        "land_freq": "seasonal",
                        "land_attach": "binding",
                        "land_switch": "no",
                        "land_terms": "patron",
                        "land_back": "separuh hasil panen",
                    },
                ],
            },
        },
        {
            "_uuid": "0b1f6e2a-0002-4d6c-9a71-bbbbbbbbbbbb",
            "today": "2026-10-02",
            "interviewer": "Andi Nugroho",
            "respondent": "_new",
            "respondent_new": "Sukiman Wiryo",
            "respondent_gender": "male",
            "consent": "yes",
            "has_purchase": "yes",
            "repeats": {
                "r_purchase": [
                    {
                        "purchase_who": "TOKE",
                        "purchase_form": "market",
                        "purchase_freq": "seasonal",
                        "purchase_attach": "moderate",
                        "purchase_switch": "yes",
                        "purchase_terms": "patron",
                    },
                ],
            },
        },
    ]
