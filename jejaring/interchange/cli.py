"""What the ``import``, ``export``, ``xlsform``, ``load-example`` and ``backup`` commands do.

The command modules in :mod:`jejaring.cli.commands` only declare their options; the work and
the messages (translated, in the language :func:`jejaring.cli.setup.django_ready` chose) are
here, beside the services they call.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from jejaring.cli.errors import BadInput, CommandError
from jejaring.interchange import progress as P
from jejaring.interchange.problems import ImportRejected


def _bar() -> P.ProgressFn:
    return P.Throttled(P.TerminalBar(sys.stderr), interval=0.1)


def _read(path: str) -> bytes:
    p = Path(path)
    if not p.is_file():
        raise BadInput(_("%(path)s: no such file") % {"path": path})
    return p.read_bytes()


def _village(slug: str, create: bool = False, name: str | None = None):
    from jejaring.villages.models import Village
    from jejaring.villages.services import create_village

    village = Village.objects.filter(slug=slug).first()
    if village is None:
        if not create:
            raise BadInput(
                _(
                    "no village with slug %(slug)s (see: jejaring villages; add --create to "
                    "create it)"
                )
                % {"slug": slug}
            )
        if slugify(slug) != slug:
            raise BadInput(_("%(slug)s is not a valid short name (a-z, 0-9, -)") % {"slug": slug})
        village = create_village(name or slug.replace("-", " ").title(), slug=slug)
    return village


def _print_warnings(problems) -> None:
    for p in problems.warnings:
        print(_("warning: %(problem)s") % {"problem": p}, file=sys.stderr)


def _summary_lines(summary: dict) -> list[str]:
    labels = {
        "actors_created": _("actors created"),
        "actors_updated": _("actors updated"),
        "actors_unchanged": _("actors unchanged"),
        "ties_created": _("ties created"),
        "ties_updated": _("ties updated"),
        "ties_unchanged": _("ties unchanged"),
        "evidence_created": _("accounts (evidence) added"),
        "assessments_created": _("assessments added"),
        "discussions_created": _("interviews added"),
        "submissions_skipped": _("submissions imported before (skipped)"),
        "reviews_created": _("names to review"),
    }
    lines = [f"{summary[k]:>8}  {label}" for k, label in labels.items() if summary.get(k)]
    for key, count in sorted((summary.get("records") or {}).items()):
        if count:
            lines.append(f"{count:>8}  {key}")
    return lines


def run_import(args) -> int:
    from jejaring.interchange import services as S

    if args.json:
        return _import_json(args)
    files: list[S.InputFile] = []
    if args.actors or args.ties:
        files = [S.InputFile(Path(p).name, _read(p)) for p in (args.actors, args.ties) if p]
    elif args.workbook:
        files = [S.InputFile(Path(args.workbook).name, _read(args.workbook))]
    elif args.kobo:
        files = [S.InputFile(Path(args.kobo).name, _read(args.kobo))]
        if S.detect_kind(files) not in (S.KOBO, S.ODK):
            raise BadInput(
                _(
                    "%(path)s is neither a KoboToolbox export (.xlsx with _uuid) nor an ODK "
                    "Central CSV zip"
                )
                % {"path": args.kobo}
            )
    elif args.graphml:
        files = [S.InputFile(Path(args.graphml).name, _read(args.graphml))]
    try:
        # All or nothing includes the village: a rejected file or a dry run leaves no new,
        # empty village behind.
        with transaction.atomic():
            village = _village(args.village, args.create)
            result = S.import_files(
                village,
                files,
                dry_run=args.dry_run,
                match_names=not args.no_name_check,
                progress=_bar(),
            )
            if args.dry_run:
                transaction.set_rollback(True)
    except ImportRejected as exc:
        raise BadInput(
            _("nothing was imported, the input has problems:") + "\n" + exc.report()
        ) from exc
    _print_warnings(result.problems)
    verb = (
        _("Checked (nothing written)")
        if args.dry_run
        else _("Imported into %(village)s") % {"village": village.slug}
    )
    print(f"{verb}:")
    for line in _summary_lines(result.summary):
        print(line)
    return 0


def _import_json(args) -> int:
    from django.db import transaction

    from jejaring.audit.tracked import record_import
    from jejaring.interchange import json as json_format
    from jejaring.villages.models import Village

    data = _read(args.json)
    village = Village.objects.filter(slug=args.village).first()
    if village is None and not args.create:
        raise BadInput(
            _("no village with slug %(slug)s (see: jejaring villages; add --create to create it)")
            % {"slug": args.village}
        )
    try:
        with transaction.atomic():
            village, counts, problems = json_format.import_village(
                data,
                village=village,
                slug=args.village,
                label=Path(args.json).name,
                dry_run=args.dry_run,
                progress=_bar(),
            )
            if not args.dry_run:
                record_import(
                    village,
                    kind="json",
                    source=Path(args.json).name,
                    summary={"records": counts},
                )
    except ImportRejected as exc:
        raise BadInput(
            _("nothing was imported, the input has problems:") + "\n" + exc.report()
        ) from exc
    _print_warnings(problems)
    if args.dry_run:
        print(_("Checked (nothing written)") + ":")
    else:
        print(_("Imported into %(village)s") % {"village": village.slug} + ":")
    for line in _summary_lines({"records": counts}):
        print(line)
    return 0


def _filter(args):
    from jejaring.interchange.export import ExportFilter

    return ExportFilter(
        types=args.type or [],
        categories=args.category or [],
        hamlets=args.hamlet or [],
        kinds=[],
        current_only=args.current_only,
        dependency_only=args.dependency_only,
        pseudonymize=args.pseudonymize,
    )


def run_export(args) -> int:
    from jejaring.interchange import csv as csv_format
    from jejaring.interchange import services as S
    from jejaring.interchange.export import collect

    village = _village(args.village)
    out = Path(args.output)
    language = args.language or (translation.get_language() or "id")[:2]
    flt = _filter(args)
    if args.format == "csv" and out.suffix.lower() != ".zip":
        out.mkdir(parents=True, exist_ok=True)
        files = csv_format.export_files(collect(village, flt))
        for name, content in files.items():
            (out / name).write_bytes(content)
            print(out / name)
        return 0
    result = S.export(village, args.format, flt=flt, language=language, progress=_bar())
    if out.is_dir():
        out = out / result.filename
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(result.data)
    print(out)
    return 0


def run_xlsform(args) -> int:
    from jejaring.interchange import xlsform

    village = _village(args.village)
    out = Path(args.output)
    if out.suffix.lower() != ".xlsx":
        raise BadInput(_("the form must be written to an .xlsx file"))
    form, csv_name, csv_data = xlsform.build(village)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(form)
    (out.parent / csv_name).write_bytes(csv_data)
    print(out)
    print(out.parent / csv_name)
    print(_("Upload both files to KoboToolbox (the CSV as the form's media file) or ODK Central."))
    return 0


def run_load_example(args) -> int:
    from jejaring.interchange import examples

    if args.list or not args.name:
        for e in examples.catalogue():
            print(f"{e.key:<16} {e.name}")
            print(f"{'':<16} {_('license')}: {e.license}")
        return 0
    try:
        village = examples.load(args.name, path=args.path, replace=args.replace, progress=_bar())
    except examples.ExampleError as exc:
        raise BadInput(_(exc.message) % exc.params if exc.params else _(exc.message)) from exc
    except ImportRejected as exc:
        raise BadInput(exc.report()) from exc
    print(
        _("Loaded %(name)s as village %(slug)s: %(actors)s actors, %(ties)s ties.")
        % {
            "name": village.name,
            "slug": village.slug,
            "actors": village.actors.count(),
            "ties": village.ties.count(),
        }
    )
    print(_("Source: %(citation)s") % {"citation": village.source_citation})
    print(_("License: %(license)s") % {"license": village.source_license})
    print(
        _("Give yourself access: jejaring createuser NAME --village %(slug)s --role admin")
        % {"slug": village.slug}
    )
    return 0


def run_backup(args) -> int:
    from django.conf import settings
    from django.db import connection

    from jejaring.interchange import json as json_format
    from jejaring.villages.models import Village

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(args.output) if args.output else Path(settings.DATA_DIR) / "backups" / stamp
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(str(exc)) from exc
    for village in Village.objects.order_by("slug"):
        path = folder / f"{village.slug}.json"
        path.write_bytes(json_format.dumps(json_format.export_village(village)))
        print(path)
    if connection.vendor == "sqlite":
        import sqlite3

        target = folder / "jejaring.sqlite3"
        source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
        try:
            copy = sqlite3.connect(str(target))
            with copy:
                source.backup(copy)
            copy.close()
        finally:
            source.close()
        print(target)
    print(_("Backup written to %(folder)s") % {"folder": folder})
    return 0
