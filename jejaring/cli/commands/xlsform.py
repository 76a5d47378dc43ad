"""jejaring xlsform: the field form (KoboToolbox, ODK) for interviewing about dependencies."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "xlsform"
HELP = gettext_noop(
    "Write an XLSForm (Indonesian and English) asking whom a household depends on, and the "
    "CSV of the village's actors it picks names from."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--village", required=True, metavar="SLUG", help=gettext_noop("the village")
    )
    parser.add_argument(
        "--output",
        required=True,
        metavar="FORM.xlsx",
        help=gettext_noop("the form (the CSV goes beside it)"),
    )


def run(args) -> int:
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.interchange.cli import run_xlsform

    return run_xlsform(args)
