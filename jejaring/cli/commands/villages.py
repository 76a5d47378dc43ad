"""jejaring villages: list the village workspaces."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "villages"
HELP = gettext_noop("List villages with their actor and tie counts.")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=gettext_noop("json: a list of objects with slug, name, actors, ties"),
    )


def run(args) -> int:
    import json

    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.villages.api import village_record
    from jejaring.villages.models import Village
    from jejaring.villages.queries import with_counts

    records = [
        village_record(v)
        for v in with_counts(Village.objects.select_related("area").order_by("slug"))
    ]
    if args.format == "json":
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return 0
    if not records:
        print("No villages yet. Load the demo village with: jejaring demo")
        return 0
    width = max(len(r["slug"]) for r in records)
    print(f"{'SLUG':<{width}}  {'ACTORS':>7}  {'TIES':>7}  NAME")
    for r in records:
        print(f"{r['slug']:<{width}}  {r['actors']:>7}  {r['ties']:>7}  {r['name']}")
    return 0
