"""jejaring check: is this installation ready to serve (database, settings, broker, workers)?"""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "check"
HELP = gettext_noop(
    "Check a server's settings and services in plain words (exit status 1 when something is wrong)."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--quiet", action="store_true", help=gettext_noop("print only what is wrong")
    )


def run(args) -> int:
    from jejaring.cli.setup import django_ready

    django_ready(migrate=False)
    from django.utils.translation import gettext as _

    from jejaring.core.servercheck import findings

    found = findings()
    problems = [f for f in found if not f.ok]
    for f in found:
        if f.ok and args.quiet:
            continue
        print(("✓ " if f.ok else "✗ ") + f.what)
        if not f.ok and f.todo:
            print("    → " + f.todo)
    print(
        _("%(n)d problem(s) to fix.") % {"n": len(problems)}
        if problems
        else _("Ready: nothing to fix.")
    )
    return 1 if problems else 0
