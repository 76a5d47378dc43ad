"""jejaring demo: load the demo village."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "demo"
HELP = gettext_noop(
    "Load the demo village Tegalrejo (invented data), replacing an earlier copy of it."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--seed", type=int, default=2024, help=gettext_noop("random seed (default 2024)")
    )
    parser.add_argument(
        "--if-missing",
        action="store_true",
        help=gettext_noop("do nothing when the demo village exists"),
    )


def run(args) -> int:
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.demo.loading import load_demo

    village, created = load_demo(seed=args.seed, replace=not args.if_missing)
    verb = "Loaded" if created else "Kept"
    print(
        f"{verb} the demo village {village.name!r} (slug {village.slug}): "
        f"{village.actors.count()} actors, {village.ties.count()} ties."
    )
    print(f"Give yourself access: jejaring createuser NAME --village {village.slug} --role admin")
    return 0
