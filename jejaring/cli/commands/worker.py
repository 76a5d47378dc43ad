"""jejaring worker: run background jobs (analyses, imports, reports) for a district server."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "worker"
HELP = gettext_noop(
    "Run background jobs on a server (Celery worker; needs JEJARING_BROKER_URL, e.g. Redis)."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--concurrency",
        type=int,
        default=2,
        metavar="N",
        help=gettext_noop("jobs run at once by this worker (default 2)"),
    )
    parser.add_argument(
        "--queues",
        default="celery",
        metavar="NAMES",
        help=gettext_noop("queues to take jobs from, separated by commas (default celery)"),
    )
    parser.add_argument(
        "--loglevel", default="info", help=gettext_noop("how much to log (default info)")
    )


def run(args) -> int:
    from jejaring.cli.errors import BadInput
    from jejaring.cli.setup import django_ready

    django_ready()
    from django.conf import settings
    from django.utils.translation import gettext as _

    if not settings.JEJARING_BROKER_URL:
        raise BadInput(
            _(
                "No broker is configured: set JEJARING_BROKER_URL (for example "
                "redis://127.0.0.1:6379/0). Without one, jobs run inside `jejaring serve` and "
                "no worker is needed."
            )
        )
    from jejaring.jobs.celery import configure

    app = configure()
    app.worker_main(
        [
            "worker",
            f"--concurrency={max(1, args.concurrency)}",
            f"--queues={args.queues}",
            f"--loglevel={args.loglevel}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ]
    )
    return 0
