"""jejaring report: the village network report as PDF or HTML."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "report"
HELP = gettext_noop(
    "Write a village's network report (summary, map, grid, patrons, recommendations) as PDF or HTML."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--village", required=True, metavar="SLUG", help=gettext_noop("the village's short name")
    )
    parser.add_argument(
        "--format",
        choices=["pdf", "html"],
        default="pdf",
        help=gettext_noop("pdf (default) or html"),
    )
    parser.add_argument(
        "--lang", choices=["id", "en"], default="id", help=gettext_noop("language (default id)")
    )
    parser.add_argument(
        "--pseudonymize",
        action="store_true",
        help=gettext_noop("name people by category and number instead of their names"),
    )
    parser.add_argument(
        "--output", required=True, metavar="PATH", help=gettext_noop("file to write")
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help=gettext_noop("seed for exact ties and the map (default 0)"),
    )


def _html(data) -> str:
    from django.contrib.staticfiles import finders
    from django.template.loader import render_to_string

    from jejaring import __version__
    from jejaring.reports.sections import SECTIONS

    def read(path: str) -> str:
        found = finders.find(path)
        return open(found, encoding="utf-8").read() if found else ""

    css = read("css/jejaring.css") + "\n" + read("reports/css/reports.css")
    return render_to_string(
        "reports/report_document.html",
        {
            "report": data,
            "sections": SECTIONS,
            "css": css,
            "print_css": read("reports/css/report-print.css"),
            "version": __version__,
        },
    )


def run(args) -> int:
    from pathlib import Path

    from jejaring.cli.errors import BadInput
    from jejaring.cli.setup import django_ready

    django_ready()
    from django.utils import translation

    from jejaring.reports import pdf, queries
    from jejaring.villages.models import Village

    village = Village.objects.filter(slug=args.village).first()
    if village is None:
        known = ", ".join(Village.objects.order_by("slug").values_list("slug", flat=True)[:10])
        raise BadInput(f"--village: no village {args.village!r} (known: {known or 'none'})")
    out = Path(args.output)
    if not out.parent.exists():
        raise BadInput(f"--output: the folder {str(out.parent)!r} does not exist")
    with translation.override(args.lang):
        data = queries.report(village, pseudonymize=args.pseudonymize, seed=args.seed)
        if args.format == "pdf":
            out.write_bytes(pdf.village_report(data, language=args.lang))
        else:
            out.write_text(_html(data), encoding="utf-8")
    print(
        f"Wrote {out} ({args.format}, {args.lang}{', pseudonymised' if args.pseudonymize else ''})."
    )
    return 0
