"""jejaring backup: every village as JSON, and (SQLite) a consistent copy of the database."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "backup"
HELP = gettext_noop(
    "Back up every village as JSON (restore one with jejaring import --json) and, on SQLite, "
    "a consistent copy of the database file."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--output",
        metavar="DIR",
        help=gettext_noop("folder to write (default: backups/<time> in the data folder)"),
    )


def run(args) -> int:
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.interchange.cli import run_backup

    return run_backup(args)
