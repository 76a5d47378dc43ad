"""jejaring serve: run the web app with waitress (works on Windows too)."""

from __future__ import annotations

import ipaddress

from jejaring.cli.i18n import gettext_noop

NAME = "serve"
HELP = gettext_noop(
    "Serve the web app (waitress). --demo loads the demo village and the demo/demo login."
)


def add_arguments(parser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help=gettext_noop("address to listen on (default 127.0.0.1)")
    )
    parser.add_argument("--port", type=int, default=8000, help=gettext_noop("port (default 8000)"))
    parser.add_argument(
        "--demo",
        action="store_true",
        help=gettext_noop(
            "load the demo village if missing and create the login demo/demo (loopback only)"
        ),
    )
    parser.add_argument(
        "--threads", type=int, default=8, help=gettext_noop("worker threads (default 8)")
    )


def is_loopback(host: str) -> bool:
    """True for an address only this computer can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def storage_lines() -> list[str]:
    """Where this server keeps its data: the data folder and the database (password hidden).

    Printed at start so that a facilitator with two checkouts, or a ``JEJARING_DATA_DIR`` set
    in one terminal only, sees which village data this server is showing.
    """
    from django.conf import settings
    from django.db import connection
    from django.utils.translation import gettext as _

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        database = str(db["NAME"])
    else:
        host = db.get("HOST") or "localhost"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        database = f"{connection.vendor} {db.get('USER') or ''}@{host}{port}/{db['NAME']}"
    return [
        _("Data folder: %(path)s") % {"path": settings.DATA_DIR},
        _("Database: %(database)s") % {"database": database},
    ]


def demo_notice(user: str, password: str) -> str:
    """What ``serve --demo`` says about its shared login: real village data must not live
    under an account whose password is printed on every start."""
    from django.utils.translation import gettext as _

    return _(
        "The %(user)s/%(password)s login is for trying the demo village only: anyone at this "
        "computer can use it, and its password is public.\n"
        "For a real village, create your own login first and log in with it:\n"
        "    jejaring createuser YOUR-NAME\n"
        "then choose “New village” in the browser (you become its administrator) and add your "
        "team under the village's settings."
    ) % {"user": user, "password": password}


def offer_own_account() -> None:
    """At a terminal, offer to create one's own login now (the demo stays for trying)."""
    import sys

    from django.utils.translation import gettext as _

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return
    try:
        name = input(_("Create your own login now? Type a login name, or press Enter to skip: "))
    except EOFError:
        return
    name = name.strip()
    if not name:
        return
    import getpass

    from jejaring.villages.services import create_user

    first = getpass.getpass(_("Password: "))
    if first != getpass.getpass(_("Password (again): ")):
        print(
            _("The passwords do not match; create it later with: jejaring createuser %(name)s")
            % {"name": name}
        )
        return
    try:
        create_user(name, first)
    except ValueError as e:
        print(_("Not created: %(reason)s") % {"reason": e})
        return
    print(_("Login %(name)s created: log in with it to create your own village.") % {"name": name})


def run(args) -> int:
    from jejaring.cli.errors import BadInput

    if args.demo and not is_loopback(args.host):
        raise BadInput(
            f"--demo serves only on this computer (127.0.0.1, ::1 or localhost), not {args.host}: "
            "the demo login demo/demo must never be reachable from a network"
        )
    from jejaring.cli.setup import django_ready

    django_ready()
    from django.conf import settings

    # The demo login works only in this process, in demo mode, bound to loopback: decided by
    # the address bound here, never by a request's Host header. Without --demo the demo
    # account left in the database by an earlier demo run cannot log in.
    settings.DEMO_LOGIN_ALLOWED = bool(args.demo and is_loopback(args.host))
    # Any loopback address the server is bound to (127.0.0.2, ::1…) answers like 127.0.0.1.
    if is_loopback(args.host):
        bound = f"[{args.host.strip('[]')}]" if ":" in args.host else args.host
        if bound not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
            settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, bound]
    for line in storage_lines():
        print(line)
    if args.demo:
        from jejaring.demo.loading import DEMO_PASSWORD, DEMO_USER, ensure_demo_login, load_demo

        village, created = load_demo(replace=False)
        ensure_demo_login()
        print(f"Demo village {village.name!r} {'loaded' if created else 'ready'}.")
        print(f"Log in as {DEMO_USER} / {DEMO_PASSWORD}")
        print(demo_notice(DEMO_USER, DEMO_PASSWORD))
        offer_own_account()

    from waitress import serve

    from jejaring.wsgi import application

    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Jejaring is running at http://{shown}:{args.port}/  (Ctrl+C to stop)", flush=True)
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="jejaring")
    return 0
