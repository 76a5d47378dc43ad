"""jejaring serve: run the web app with waitress (works on Windows too)."""

from __future__ import annotations

import ipaddress

NAME = "serve"
HELP = "Serve the web app (waitress). --demo loads the demo village and the demo/demo login."


def add_arguments(parser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)"
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument(
        "--demo",
        action="store_true",
        help="load the demo village if missing and create the login demo/demo (loopback only)",
    )
    parser.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def demo_notice(user: str, password: str) -> str:
    """What ``serve --demo`` says about its shared login: real village data must not live
    under an account whose password is printed on every start."""
    return (
        f"The {user}/{password} login is for trying the demo village only: anyone at this "
        "computer can use it, and its password is public.\n"
        "For a real village, create your own login first and log in with it:\n"
        "    jejaring createuser YOUR-NAME\n"
        "then choose “New village” in the browser (you become its administrator) and add your "
        "team under the village's settings."
    )


def offer_own_account() -> None:
    """At a terminal, offer to create one's own login now (the demo stays for trying)."""
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return
    try:
        name = input("Create your own login now? Type a login name, or press Enter to skip: ")
    except EOFError:
        return
    name = name.strip()
    if not name:
        return
    import getpass

    from jejaring.villages.services import create_user

    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password (again): "):
        print("The passwords do not match; create it later with: jejaring createuser " + name)
        return
    try:
        create_user(name, first)
    except ValueError as e:
        print(f"Not created: {e}")
        return
    print(f"Login {name} created: log in with it to create your own village.")


def run(args) -> int:
    from jejaring.cli.errors import BadInput

    if args.demo and not is_loopback(args.host):
        raise BadInput(
            f"--demo serves only on this computer (127.0.0.1, ::1 or localhost), not {args.host}: "
            "the demo login demo/demo must never be reachable from a network"
        )
    from jejaring.cli.setup import django_ready

    django_ready()
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
