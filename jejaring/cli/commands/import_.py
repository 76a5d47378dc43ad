"""jejaring import: actors and ties (CSV, Excel, GraphML), field forms (KoboToolbox, ODK) or a
whole village (JSON) into a village, all or nothing."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "import"
HELP = gettext_noop(
    "Import actors and ties, a KoboToolbox/ODK export or a village JSON into a village "
    "(all or nothing; re-importing updates, never duplicates)."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--village", required=True, metavar="SLUG", help=gettext_noop("the village")
    )
    parser.add_argument(
        "--create",
        action="store_true",
        help=gettext_noop("create the village when it does not exist"),
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument(
        "--workbook", metavar="W.xlsx", help=gettext_noop("Excel file with actors and ties")
    )
    source.add_argument(
        "--actors", metavar="A.csv", help=gettext_noop("actors table (CSV or .xlsx)")
    )
    source.add_argument(
        "--kobo",
        metavar="EXPORT",
        help=gettext_noop("KoboToolbox .xlsx export or ODK Central CSV zip"),
    )
    source.add_argument(
        "--json", metavar="VILLAGE.json", help=gettext_noop("a village exported as JSON")
    )
    source.add_argument("--graphml", metavar="G.graphml", help=gettext_noop("a GraphML network"))
    parser.add_argument(
        "--ties", metavar="T.csv", help=gettext_noop("ties table (with or without --actors)")
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=gettext_noop("check and report only; write nothing")
    )
    parser.add_argument(
        "--no-name-check",
        action="store_true",
        help=gettext_noop("do not flag new names that look like existing actors"),
    )


def run(args) -> int:
    from jejaring.cli.errors import BadInput

    if not (args.workbook or args.actors or args.ties or args.kobo or args.json or args.graphml):
        raise BadInput(
            "give what to import: --actors/--ties, --workbook, --kobo, --json or --graphml"
        )
    if args.ties and (args.workbook or args.kobo or args.json or args.graphml):
        raise BadInput("--ties goes with --actors (or alone), not with another source")
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.interchange.cli import run_import

    return run_import(args)
