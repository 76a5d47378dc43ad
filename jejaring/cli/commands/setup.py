"""jejaring setup: prepare the data folder, the database and the translations."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "setup"
HELP = gettext_noop(
    "Create or upgrade the database and compile translations (done automatically on first use)."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--quiet", action="store_true", help=gettext_noop("print nothing on success")
    )


def run(args) -> int:
    from jejaring.cli.setup import django_ready

    django_ready()
    if not args.quiet:
        from django.conf import settings

        db = settings.DATABASES["default"]
        where = db["NAME"] if "sqlite" in db["ENGINE"] else f"{db['HOST']}/{db['NAME']}"
        print(f"Data folder: {settings.DATA_DIR}")
        print(f"Database: {where} (up to date)")
    return 0
