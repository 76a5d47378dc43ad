"""jejaring snapshot: freeze a village's network and measures, to compare later."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "snapshot"
HELP = gettext_noop(
    "Take a snapshot of a village's network and measures (compare it later in the app)."
)


def add_arguments(parser) -> None:
    parser.add_argument("--village", metavar="SLUG", help=gettext_noop("the village"))
    parser.add_argument("--name", help=gettext_noop("a name, e.g. 'Before the forum'"))
    parser.add_argument(
        "--due",
        action="store_true",
        help=gettext_noop(
            "take the scheduled snapshots that are due in every village (for cron or a worker)"
        ),
    )
    parser.add_argument("--note", default="", help=gettext_noop("a note"))


def run(args) -> int:
    from jejaring.cli.errors import BadInput
    from jejaring.cli.setup import django_ready

    django_ready()
    from jejaring.analysis.snapshots import take_snapshot
    from jejaring.villages.models import Village

    if args.due:
        from jejaring.change.services import take_due_snapshots

        taken = take_due_snapshots()
        for snap in taken:
            print(f"Snapshot {snap.name!r} of {snap.village.name} taken.")
        print(f"{len(taken)} scheduled snapshot(s) taken.")
        return 0
    if not args.village or not args.name:
        raise BadInput("give --village and --name, or --due")
    village = Village.objects.filter(slug=args.village).first()
    if village is None:
        raise BadInput(f"no village with slug {args.village!r} (see: jejaring villages)")
    snap = take_snapshot(village, args.name, note=args.note)
    network = snap.data["analysis"]["network"]
    print(
        f"Snapshot {snap.name!r} of {village.name} taken: "
        f"{network['actors']} actors, {network['ties']} ties."
    )
    return 0
