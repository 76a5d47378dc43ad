"""jejaring load-example: a published network data set as an example village."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "load-example"
HELP = gettext_noop(
    "Load a real data set as an example village: florentine, nyakatoke, krackhardt, kapferer, "
    "taro, davis, or karnataka-<n> (with --path to your copy)."
)


def add_arguments(parser) -> None:
    parser.add_argument("name", nargs="?", help=gettext_noop("the example (see --list)"))
    parser.add_argument("--list", action="store_true", help=gettext_noop("list the examples"))
    parser.add_argument(
        "--path",
        metavar="DIR",
        help=gettext_noop("folder of the Karnataka data (not shipped: license)"),
    )
    parser.add_argument(
        "--replace",
        action="store_true",
        help=gettext_noop("replace the example village if it exists"),
    )


def run(args) -> int:
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.interchange.cli import run_load_example

    return run_load_example(args)
