"""jejaring sync: exchange a village's changes with a server, or through a file."""

from __future__ import annotations

import sys

from jejaring.cli.i18n import gettext_noop

NAME = "sync"
HELP = gettext_noop(
    "Sync a village with a server (--server URL --token T) or through a file "
    "(--to-file / --from-file): changes both ways, conflicts kept."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--village", metavar="SLUG", help=gettext_noop("the village (its short name)")
    )
    parser.add_argument(
        "--server", metavar="URL", help=gettext_noop("the server, e.g. https://desa.example.id")
    )
    parser.add_argument(
        "--token", help=gettext_noop("an API token made on the server (jejaring token create)")
    )
    parser.add_argument(
        "--insecure", action="store_true", help=gettext_noop("allow plain http to another computer")
    )
    parser.add_argument(
        "--to-file", metavar="FILE", help=gettext_noop("write my changes to a bundle file")
    )
    parser.add_argument(
        "--since",
        type=int,
        metavar="N",
        help=gettext_noop(
            "with --to-file on a server: the changes after its number N (0: the whole village); "
            "default: after what every laptop has acknowledged"
        ),
    )
    parser.add_argument("--from-file", metavar="FILE", help=gettext_noop("apply a bundle file"))
    parser.add_argument(
        "--user", help=gettext_noop("local user who becomes admin of a village received new")
    )
    parser.add_argument(
        "--chunk", type=int, default=500, help=gettext_noop("changes per request (500)")
    )
    parser.add_argument("--quiet", action="store_true", help=gettext_noop("no progress lines"))


def run(args) -> int:
    from jejaring.cli.errors import BadInput, CommandError
    from jejaring.cli.setup import django_ready

    django_ready()
    import gzip
    import json

    from django.contrib.auth import get_user_model
    from django.utils.translation import gettext as _

    from jejaring.sync import client as C
    from jejaring.sync import services as S
    from jejaring.villages.models import Village

    user = None
    if args.user:
        user = get_user_model().objects.filter(username=args.user).first()
        if user is None:
            raise BadInput(_("no local user %(user)s") % {"user": repr(args.user)})

    def progress(stage: str, done: int, total: int) -> None:
        if not args.quiet:
            print(f"{stage}: {done}/{total}", file=sys.stderr, flush=True)

    try:
        if args.from_file:
            opener = gzip.open if args.from_file.endswith(".gz") else open
            try:
                with opener(args.from_file, "rb") as fh:
                    doc = json.loads(fh.read())
            except (OSError, ValueError) as exc:
                raise BadInput(
                    _("%(file)s: cannot read the bundle (%(error)s)")
                    % {"file": args.from_file, "error": exc}
                ) from exc
            village, summary = C.read_bundle(doc, user=user)
            print(
                _(
                    "%(village)s: %(received)d received, %(conflicts)d conflicts, %(same)d already here."
                )
                % {
                    "village": village.slug,
                    "received": summary["received"],
                    "conflicts": summary["conflicts"],
                    "same": summary["same"],
                }
            )
            return 0
        if not args.village:
            raise BadInput(_("--village is required"))
        if args.to_file:
            village = Village.objects.filter(slug=args.village).first()
            if village is None:
                raise BadInput(_("no village with slug %(slug)s") % {"slug": repr(args.village)})
            doc = C.write_bundle(village, since=args.since)
            raw = json.dumps(doc, ensure_ascii=False).encode("utf-8")
            opener = gzip.open if args.to_file.endswith(".gz") else open
            with opener(args.to_file, "wb") as fh:
                fh.write(raw)
            print(_("%(file)s: %(n)d records.") % {"file": args.to_file, "n": len(doc["items"])})
            return 0
        village = Village.objects.filter(slug=args.village).first()
        link = S.upstream_link(village) if village else None
        server = args.server or (link.server_url if link else "")
        token = args.token or (link.token if link else "")
        insecure = args.insecure or (link.insecure if link else False)
        if not server or not token:
            raise BadInput(_("--server and --token are needed the first time"))
        transport = C.HttpTransport(server, token, insecure=insecure)
        summary = C.sync_village(
            transport=transport,
            slug=(link.server_slug if link and link.server_slug else args.village),
            local_slug=args.village,
            local_user=user,
            progress=progress,
            chunk=args.chunk,
            save_link={"server_url": transport.url, "token": token, "insecure": insecure},
        )
        line = _("%(village)s: %(sent)d sent, %(received)d received, %(conflicts)d conflicts.") % {
            "village": args.village,
            "sent": summary["sent"],
            "received": summary["received"],
            "conflicts": summary["conflicts"],
        }
        if not summary.get("can_write", True):
            line += " " + _("(read only: nothing sent)")
        print(line)
        n = S.open_conflicts(Village.objects.get(slug=args.village)).count()
        if n:
            print(_("%(n)d open conflicts: see the village page.") % {"n": n})
        return 0
    except C.SyncError as exc:
        raise CommandError(str(exc)) from exc
