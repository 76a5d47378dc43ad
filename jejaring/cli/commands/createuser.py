"""jejaring createuser: add a login, optionally as a member of a village."""

from __future__ import annotations

from jejaring.cli.i18n import gettext_noop

NAME = "createuser"
HELP = gettext_noop(
    "Create a user (password asked, or read from stdin) and optionally give a village role."
)

ROLES = ["admin", "supervisor", "facilitator", "viewer"]


def add_arguments(parser) -> None:
    parser.add_argument("name", help=gettext_noop("login name"))
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help=gettext_noop("read the password from standard input"),
    )
    parser.add_argument(
        "--village", metavar="SLUG", help=gettext_noop("village to give the user a role in")
    )
    parser.add_argument(
        "--role", choices=ROLES, help=gettext_noop("role in the village (default: facilitator)")
    )
    parser.add_argument(
        "--superuser", action="store_true", help=gettext_noop("may use the Django admin")
    )


def _read_password(from_stdin: bool) -> str:
    import getpass
    import sys

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        from jejaring.cli.errors import CommandError

        raise CommandError("the passwords do not match")
    return first


def run(args) -> int:
    from jejaring.cli.errors import BadInput, CommandError

    if args.role and not args.village:
        raise BadInput("--role needs --village SLUG")
    password = _read_password(args.password_stdin)
    if not password:
        raise BadInput("the password is empty")

    from jejaring.cli.setup import django_ready

    django_ready()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError
    from django.db import transaction

    from jejaring.villages.models import Village
    from jejaring.villages.services import create_user, set_membership

    village = None
    if args.village:
        village = Village.objects.filter(slug=args.village).first()
        if village is None:
            raise BadInput(f"no village with slug {args.village!r} (see: jejaring villages)")
    try:
        # Given the (unsaved) user, so the similarity check compares the password with the
        # login name; without it UserAttributeSimilarityValidator checks nothing.
        validate_password(password, user=get_user_model()(username=args.name))
    except ValidationError as exc:
        raise BadInput("; ".join(exc.messages)) from exc
    with transaction.atomic():
        try:
            user = create_user(
                args.name, password, is_staff=args.superuser, is_superuser=args.superuser
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if village is not None:
            set_membership(village, user, args.role or "facilitator")
    where = f" as {args.role or 'facilitator'} of {village.slug}" if village else ""
    print(f"Created user {user.username}{where}.")
    return 0
