"""jejaring token: API tokens for syncing laptops with this server."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "token"
HELP = gettext_noop("Create, list or revoke API tokens (for jejaring sync).")


def add_arguments(parser) -> None:
    parser.add_argument(
        "action",
        choices=["create", "list", "revoke"],
        help=gettext_noop("create a token, list them, or revoke one"),
    )
    parser.add_argument("--user", required=True, help=gettext_noop("the login the token acts as"))
    parser.add_argument(
        "--name", default="laptop", help=gettext_noop("a name for the token (create)")
    )
    parser.add_argument("--id", type=int, help=gettext_noop("the token to revoke (see list)"))


def run(args) -> int:
    from jejaring.cli.errors import BadInput
    from jejaring.cli.setup import django_ready

    django_ready()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from jejaring.sync.models import ApiToken

    user = get_user_model().objects.filter(username=args.user).first()
    if user is None:
        raise BadInput(f"no user {args.user!r}")
    if args.action == "create":
        _token, secret = ApiToken.issue(user, args.name)
        print(secret)
        return 0
    if args.action == "list":
        for t in ApiToken.objects.filter(user=user):
            state = "revoked" if t.revoked_at else "active"
            used = t.last_used_at.isoformat(timespec="minutes") if t.last_used_at else "-"
            print(f"{t.id}\t{t.prefix}…\t{t.name}\t{state}\tlast used {used}")
        return 0
    if args.id is None:
        raise BadInput("--id is required to revoke")
    n = ApiToken.objects.filter(user=user, pk=args.id, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if not n:
        raise BadInput(f"no active token {args.id} of {args.user}")
    print(f"token {args.id} revoked")
    return 0
