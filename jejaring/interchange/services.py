"""Imports and exports as the web app, the API and the command line call them.

Every import runs in one transaction: it is checked completely first, and when any row has a
problem nothing is written (:class:`~jejaring.interchange.problems.ImportRejected` carries the
problems, each with its file, row and column). ``dry_run`` checks and reports what would
happen without writing: the web app's preview.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from jejaring.actors.models import Actor
from jejaring.audit.models import Change
from jejaring.audit.tracked import record_import, record_rows
from jejaring.graph.columns import SHEET_NAMES, normalise_header
from jejaring.graph.gcpause import paused_gc
from jejaring.interchange import csv as csv_format
from jejaring.interchange import graphml, kobo, odk, records, schema, xlsx
from jejaring.interchange import json as json_format
from jejaring.interchange import progress as P
from jejaring.interchange.importing import Summary, TableImport
from jejaring.interchange.models import ActorAlias, NameReview
from jejaring.interchange.problems import MSG_NO_ROWS, ImportRejected, Problems
from jejaring.interchange.submissions import SubmissionImport
from jejaring.interchange.tables import Table
from jejaring.villages.models import Village

TABLES, KOBO, ODK, JSON, GRAPHML = "tables", "kobo", "odk", "json", "graphml"
MAX_FILE_BYTES = 200 * 1024 * 1024


@dataclass
class InputFile:
    """An uploaded or named file: its name (for messages and its kind) and its bytes."""

    name: str
    data: bytes
    # What reading it gave, so telling its kind and importing it parse the file once.
    parsed: dict = field(default_factory=dict, repr=False, compare=False)

    def workbook(self, problems: Problems) -> list[Table] | None:
        return self._read("xlsx", xlsx.read_workbook, problems)

    def zip_tables(self, problems: Problems) -> list[Table] | None:
        return self._read("zip", odk.csv_tables, problems)

    def _read(self, key: str, reader, problems: Problems):
        if key not in self.parsed:
            found = Problems()
            self.parsed[key] = (reader(self.data, self.name, found), found)
        tables, found = self.parsed[key]
        problems.extend(found.kept)
        return tables


@dataclass
class ImportResult:
    kind: str
    summary: dict[str, Any]
    problems: Problems
    applied: bool
    village: Village | None = None
    counts: dict[str, int] = field(default_factory=dict)


def _suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def detect_kind(files: list[InputFile]) -> str:
    """Which importer reads ``files`` (by extension, then by content for .xlsx and .zip)."""
    suffixes = {_suffix(f.name) for f in files}
    if suffixes & {".json"}:
        return JSON
    if suffixes & {".graphml", ".xml"}:
        return GRAPHML
    if len(files) == 1 and suffixes <= {".xlsx", ".xlsm"} and files[0].data.startswith(b"PK"):
        tables = files[0].workbook(Problems())
        if tables and kobo.is_kobo(tables):
            return KOBO
    if len(files) == 1 and suffixes == {".zip"}:
        tables = files[0].zip_tables(Problems())
        if tables and odk.is_odk(tables):
            return ODK
    return TABLES


def _pick_sheet(tables: list[Table], kind: str) -> Table | None:
    accepted = set(SHEET_NAMES[kind])
    for t in tables:
        if normalise_header(t.sheet or "") in accepted:
            return t
    return None


def read_tables(files: list[InputFile], problems: Problems) -> tuple[Table | None, Table | None]:
    """The actors table and the ties table among ``files`` (CSV, XLSX, a zip of CSVs or
    GraphML)."""
    actors: Table | None = None
    ties: Table | None = None
    found: list[Table] = []
    for f in files:
        suffix = _suffix(f.name)
        if suffix in (".xlsx", ".xlsm", ".xls"):
            sheets = f.workbook(problems)
            if sheets is None:
                continue
            a, t = _pick_sheet(sheets, schema.ACTORS), _pick_sheet(sheets, schema.TIES)
            if a is None and t is None:
                found.extend(s for s in sheets if s.headers)
                if not any(s.headers for s in sheets):
                    problems.add(gettext_noop("the workbook has no sheet with data"), file=f.name)
                continue
            for table, kind in ((a, schema.ACTORS), (t, schema.TIES)):
                if table is not None and not table.headers:
                    problems.add(gettext_noop("the sheet is empty"), file=table.label)
                elif table is not None:
                    actors, ties = (table, ties) if kind == schema.ACTORS else (actors, table)
        elif suffix == ".zip":
            tables = f.zip_tables(problems)
            found.extend(tables or [])
        elif suffix in (".graphml", ".xml"):
            pair = graphml.read(f.data, f.name, problems)
            if pair is not None:
                actors, ties = pair
        else:
            table = csv_format.read_csv(f.data, f.name, problems)
            if table is not None:
                found.append(table)
    for table in found:
        kind = records.detect_kind(table.headers)
        if kind == schema.ACTORS and actors is None:
            actors = table
        elif kind == schema.TIES and ties is None:
            ties = table
        elif kind is None:
            problems.add(
                gettext_noop(
                    "cannot tell whether this is a table of actors (columns id and name) or of "
                    "ties (columns source and target)"
                ),
                file=table.label,
                row=1,
            )
        else:
            problems.add(
                gettext_noop("a second table of actors: give one at most")
                if kind == schema.ACTORS
                else gettext_noop("a second table of ties: give one at most"),
                file=table.label,
            )
    if actors is None and ties is None and not problems.has_errors:
        problems.add(gettext_noop("no table of actors or ties was found"))
    return actors, ties


def _check_sizes(files: list[InputFile], problems: Problems) -> None:
    for f in files:
        if len(f.data) > MAX_FILE_BYTES:
            problems.add(
                gettext_noop("the file is larger than %(mb)s MB"),
                file=f.name,
                mb=MAX_FILE_BYTES // (1024 * 1024),
            )
        elif not f.data:
            problems.add(gettext_noop("the file is empty"), file=f.name)


def import_files(
    village: Village,
    files: list[InputFile],
    *,
    user=None,
    dry_run: bool = False,
    match_names: bool = True,
    progress: P.ProgressFn = P.silent,
    today: dt.date | None = None,
) -> ImportResult:
    """Import ``files`` into ``village``: all of it, or (on any error) nothing.

    Raises :class:`ImportRejected` when there are errors; returns what was (or, with
    ``dry_run``, would be) done, with the warnings.
    """
    # An import allocates millions of small objects and keeps them: the collector's
    # passes over everything alive only cost time (a third of a 100,000-tie import).
    with paused_gc(), transaction.atomic():
        result = _import_files(village, files, user, dry_run, match_names, progress, today)
        if not dry_run:
            # Bulk writes send no signals: the import is one entry of the village's history,
            # written in the import's transaction.
            record_import(
                result.village or village,
                user=user,
                kind=result.kind,
                source=", ".join(f.name for f in files),
                summary=result.summary,
            )
        return result


def _import_files(village, files, user, dry_run, match_names, progress, today) -> ImportResult:
    problems = Problems()
    _check_sizes(files, problems)
    if problems.has_errors:
        raise ImportRejected(problems)
    kind = detect_kind(files)
    source = ", ".join(f.name for f in files)
    progress(P.READING, 0, 1)
    if kind == JSON:
        return _import_json(village, files[0], dry_run, progress)
    if kind in (KOBO, ODK):
        return _import_submissions(village, files[0], kind, user, dry_run, progress, source)
    actors, ties = read_tables(files, problems)
    progress(P.READING, 1, 1)
    parsed_actors = records.parse_table(actors, schema.ACTORS, problems) if actors else None
    parsed_ties = records.parse_table(ties, schema.TIES, problems) if ties else None
    # The raw cells are not needed once parsed: a large file's check holds half as much.
    del actors, ties
    if parsed_actors is None and parsed_ties is None:
        if not problems.has_errors:
            # Headers and nothing under them: say so, never an empty list of problems.
            for f in files:
                problems.add(MSG_NO_ROWS, file=f.name, row=2)
        raise ImportRejected(problems)
    # Bad cells do not stop the check: the ties are still matched to actors so that every
    # problem of the file is reported at once.
    summary = import_tables(
        village,
        parsed_actors,
        parsed_ties,
        problems,
        user=user,
        dry_run=dry_run,
        match_names=match_names,
        progress=progress,
        source=source,
        today=today,
    )
    return ImportResult(kind, summary.as_dict(), problems, not dry_run, village)


def import_tables(
    village: Village,
    actors: records.ParsedTable | None,
    ties: records.ParsedTable | None,
    problems: Problems,
    *,
    user=None,
    dry_run: bool = False,
    match_names: bool = True,
    progress: P.ProgressFn = P.silent,
    source: str = "",
    today: dt.date | None = None,
) -> Summary:
    """Check and (unless ``dry_run``) write already parsed tables, in one transaction."""
    with transaction.atomic():
        job = TableImport(
            village,
            actors,
            ties,
            problems,
            source=source,
            match_names=match_names,
            user=user,
            progress=progress,
            today=today,
        )
        summary = job.check()
        if problems.has_errors:
            raise ImportRejected(problems)
        if dry_run:
            return summary
        try:
            with transaction.atomic():
                job.apply()
        except IntegrityError as exc:
            problems.add(
                gettext_noop("the village changed while importing (%(reason)s): try again"),
                reason=str(exc)[:120],
            )
            raise ImportRejected(problems) from exc
    progress(P.DONE, 1, 1)
    return summary


def _import_json(village, f: InputFile, dry_run: bool, progress) -> ImportResult:
    restored, counts, problems = json_format.import_village(
        f.data, village=village, label=f.name, dry_run=dry_run, progress=progress
    )
    return ImportResult(JSON, {"records": counts}, problems, not dry_run, restored, counts)


def _import_submissions(village, f, kind, user, dry_run, progress, source) -> ImportResult:
    problems = Problems()
    if kind == KOBO:
        tables = f.workbook(problems) or []
        subs = kobo.read(tables, f.name, problems)
    else:
        tables = f.zip_tables(problems) or []
        subs = odk.read(tables, f.name, problems)
    if subs is None:
        raise ImportRejected(problems)
    with transaction.atomic():
        job = SubmissionImport(village, subs, problems, source=source, user=user, progress=progress)
        summary = job.check()
        if problems.has_errors:
            raise ImportRejected(problems)
        if not dry_run:
            job.apply()
    return ImportResult(kind, summary.as_dict(), problems, not dry_run, village)


# --------------------------------------------------------------------------- name reviews


class ReviewRefused(Exception):
    pass


@transaction.atomic
def resolve_review(review: NameReview, action: str, user=None) -> Actor | None:
    """``merge``: the imported actor joins the actor it looks like (its ties, evidence and
    history move; its id and name are kept as an alias); ``separate``: they stay two actors.
    Returns the actor that remains after a merge."""
    from jejaring.actors.services import Refused, delete_actor

    if action == "separate":
        review.state = NameReview.State.SEPARATE
        review.decided_by = user
        review.decided_at = timezone.now()
        review.save(update_fields=["state", "decided_by", "decided_at", "updated_at"])
        return None
    if action != "merge":
        raise ValueError(action)
    duplicate, keep = review.actor, review.candidate
    aliases = [ActorAlias(actor=keep, code=duplicate.code, name=duplicate.name)]
    aliases += [ActorAlias(actor=keep, code=a.code, name=a.name) for a in duplicate.aliases.all()]
    try:
        delete_actor(duplicate, merge_into=keep)
    except Refused as exc:
        raise ReviewRefused(str(exc)) from exc
    record_rows(ActorAlias.objects.bulk_create(aliases), Change.Action.CREATE, user=user)
    return keep


# --------------------------------------------------------------------------- exports


FORMATS = ("csv", "xlsx", "graphml", "gexf", "json")


@dataclass
class ExportFile:
    data: bytes
    filename: str
    content_type: str


def export(
    village: Village,
    fmt: str,
    *,
    flt=None,
    language: str = "id",
    progress: P.ProgressFn = P.silent,
) -> ExportFile:
    """A village (or the part ``flt`` selects) as one file in format ``fmt``."""
    from jejaring.interchange import gexf
    from jejaring.interchange.export import ExportFilter, collect

    flt = flt or ExportFilter()
    stamp = timezone.localdate().isoformat()
    base = f"{village.slug}-{stamp}" + ("-pseudonim" if flt.pseudonymize else "")
    if fmt == "json":
        doc = json_format.export_village(
            village, pseudonymize=flt.pseudonymize, progress=progress, circles=flt.circles
        )
        return ExportFile(json_format.dumps(doc), f"{base}.json", json_format.CONTENT_TYPE)
    data = collect(village, flt)
    if fmt == "csv":
        return ExportFile(csv_format.export_zip(data), f"{base}-csv.zip", "application/zip")
    if fmt == "xlsx":
        return ExportFile(xlsx.tables_workbook(data, language), f"{base}.xlsx", xlsx.CONTENT_TYPE)
    if fmt == "graphml":
        return ExportFile(graphml.write(data), f"{base}.graphml", graphml.CONTENT_TYPE)
    if fmt == "gexf":
        return ExportFile(gexf.write(data), f"{base}.gexf", gexf.CONTENT_TYPE)
    raise ValueError(fmt)


def template(village: Village, language: str = "id") -> ExportFile:
    """The blank Excel template, with the village's categories, tie types and hamlets in
    its drop-down lists."""
    from jejaring.interchange.export import ExportData, vocabulary_labels

    data = ExportData(
        village,
        list(schema.ACTOR_COLS),
        [],
        list(schema.TIE_COLS),
        [],
        [],
        [],
        labels=vocabulary_labels(village),
    )
    name = "templat-jejaring.xlsx" if language.startswith("id") else "jejaring-template.xlsx"
    return ExportFile(xlsx.tables_workbook(data, language, template=True), name, xlsx.CONTENT_TYPE)


def zip_files(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()
