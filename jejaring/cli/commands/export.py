"""jejaring export: a village (or part of it) as CSV, Excel, GraphML, GEXF or JSON."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "export"
HELP = gettext_noop(
    "Export a village as CSV, XLSX, GraphML, GEXF (Gephi) or JSON (the whole village)."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--village", required=True, metavar="SLUG", help=gettext_noop("the village")
    )
    parser.add_argument(
        "--format",
        required=True,
        choices=["csv", "xlsx", "graphml", "gexf", "json"],
        help=gettext_noop(
            "file format (json: the whole village, for a backup or another installation)"
        ),
    )
    parser.add_argument(
        "--output",
        required=True,
        metavar="PATH",
        help=gettext_noop("file to write (csv: a .zip, or a folder for actors.csv and ties.csv)"),
    )
    parser.add_argument(
        "--pseudonymize",
        "--pseudonymise",
        action="store_true",
        help=gettext_noop(
            "replace names with stable codes; leave out free text and contact details"
        ),
    )
    parser.add_argument(
        "--type", action="append", metavar="CODE", help=gettext_noop("only ties of a type")
    )
    parser.add_argument(
        "--category",
        action="append",
        metavar="CODE",
        help=gettext_noop("only actors of a category"),
    )
    parser.add_argument(
        "--hamlet", action="append", metavar="NAME", help=gettext_noop("only a hamlet")
    )
    parser.add_argument(
        "--current-only", action="store_true", help=gettext_noop("leave out past ties")
    )
    parser.add_argument(
        "--dependency-only",
        action="store_true",
        help=gettext_noop("only patron-client (dependency) ties"),
    )
    parser.add_argument(
        "--language",
        choices=["id", "en"],
        help=gettext_noop("column names of an .xlsx (default: yours)"),
    )


def run(args) -> int:
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.interchange.cli import run_export

    return run_export(args)
