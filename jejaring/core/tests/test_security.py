"""Login throttling, the Content Security Policy, no caching of logged-in pages, forwarded
headers only from trusted proxies, and the demo login only in demo mode on loopback."""

from __future__ import annotations

import argparse

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from jejaring.core.proxies import TrustedProxyMiddleware, client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture
def budi(db):
    from jejaring.villages.services import create_user

    return create_user("budi", "kopi-tubruk-2026")


def _login(client: Client, username: str, password: str, address: str = "10.1.1.1"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="en",
    )


# ----------------------------------------------------------------------------- throttling


def test_wrong_passwords_for_one_account_are_throttled_from_any_address(budi, settings):
    client = Client()
    limit = settings.AXES_FAILURE_LIMIT
    for i in range(limit - 1):
        response = _login(client, "budi", f"wrong-{i}", address=f"10.0.0.{i + 1}")
        assert response.status_code == 200  # the form again, with its error
    assert _login(client, "budi", "wrong", address="10.0.1.1").status_code == 429
    locked = _login(client, "budi", "kopi-tubruk-2026", address="10.9.9.9")
    assert locked.status_code == 429
    text = locked.content.decode()
    # Indonesian is the first language: the page explains in Indonesian.
    assert "Terlalu banyak percobaan masuk" in text and "_auth_user_id" not in client.session


def test_wrong_passwords_from_one_address_are_throttled_for_every_account(budi, settings):
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"guess{i}", "password", address="10.2.2.2")
    assert _login(client, "budi", "kopi-tubruk-2026", address="10.2.2.2").status_code == 429
    # Another address is not affected by this one's failures.
    other = Client()
    assert _login(other, "budi", "kopi-tubruk-2026", address="10.3.3.3").status_code == 302


def test_a_good_login_resets_the_count(budi, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "budi", "wrong", address="10.4.4.4")
    assert _login(client, "budi", "kopi-tubruk-2026", address="10.4.4.4").status_code == 302
    client.logout()
    _login(client, "budi", "wrong", address="10.4.4.4")
    assert _login(client, "budi", "kopi-tubruk-2026", address="10.4.4.4").status_code == 302


# ------------------------------------------------------------------- CSP and caching


def test_pages_carry_a_content_security_policy_without_inline_scripts(member_client, demo_village):
    for response in (
        Client().get(reverse("login")),
        member_client.get(reverse("villages:home", args=[demo_village.slug])),
    ):
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"].split()[0] == "'self'"
        assert "'unsafe-inline'" not in directives["script-src"]
        assert directives["frame-ancestors"] == "'none'"


def test_logged_in_pages_and_exports_are_not_stored(member_client, demo_village):
    home = member_client.get(reverse("villages:home", args=[demo_village.slug]))
    export = member_client.get(
        reverse("interchange:export", args=[demo_village.slug]),
        {"download": "1", "format": "csv"},
    )
    assert export.status_code == 200 and export.get("Content-Disposition")
    for response in (home, export):
        assert "no-store" in response["Cache-Control"]


def test_templates_have_no_inline_event_handlers():
    """Inline handlers (onclick=…) do not run under the policy: scripts live in static files."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    handler = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE)
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("templates/**/*.html")
        if handler.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, f"move inline handlers to a static script: {offenders}"


# --------------------------------------------------------------------- trusted proxies


@override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), TRUSTED_PROXIES=["10.8.0.0/24"]
)
def test_forwarded_headers_are_believed_only_from_trusted_proxies():
    seen = {}

    def view(request):
        seen["secure"] = request.is_secure()
        seen["ip"] = client_ip(request)

    middleware = TrustedProxyMiddleware(view)
    factory = RequestFactory()
    headers = {"HTTP_X_FORWARDED_PROTO": "https", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    middleware(factory.get("/", REMOTE_ADDR="203.0.113.9", **headers))
    assert seen == {"secure": False, "ip": "203.0.113.9"}
    middleware(factory.get("/", REMOTE_ADDR="10.8.0.3", **headers))
    assert seen == {"secure": True, "ip": "198.51.100.7"}
    # A client cannot prepend its own "proxy" hops: the nearest untrusted hop counts.
    spoofed = {**headers, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.7, 10.8.0.9"}
    middleware(factory.get("/", REMOTE_ADDR="10.8.0.3", **spoofed))
    assert seen["ip"] == "198.51.100.7"


# ------------------------------------------------------------------------- demo login


@pytest.fixture
def demo_account(demo_village):
    from jejaring.demo.loading import ensure_demo_login

    ensure_demo_login()


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.0.0.2", "[::1]"])
def test_demo_login_refused_outside_demo_mode_whatever_the_host_header(demo_account, host):
    client = Client(HTTP_HOST=host)
    response = _login(client, "demo", "demo", address="127.0.0.1")
    # 200: the form again; 400: a host this server does not answer to. Never logged in.
    assert response.status_code in (200, 400) and "_auth_user_id" not in client.session


def test_demo_session_from_demo_mode_is_logged_out_later(demo_account, settings):
    settings.DEMO_LOGIN_ALLOWED = True
    client = Client()
    assert _login(client, "demo", "demo", address="127.0.0.1").status_code == 302
    assert client.get(reverse("core:index") + "?all=1").status_code == 200
    settings.DEMO_LOGIN_ALLOWED = False
    assert client.get(reverse("core:index") + "?all=1").status_code == 302  # to the login page


@pytest.mark.parametrize(
    ("host", "demo", "allowed"),
    [
        ("127.0.0.1", True, True),
        ("127.0.0.2", True, True),
        ("::1", True, True),
        ("[::1]", True, True),
        ("localhost", True, True),
        ("127.0.0.1", False, False),
        ("0.0.0.0", False, False),
        ("192.168.1.5", False, False),
    ],
)
def test_serve_allows_the_demo_login_only_in_demo_mode_on_loopback(
    host, demo, allowed, settings, monkeypatch
):
    import waitress

    from jejaring.cli.commands import serve

    monkeypatch.setattr("jejaring.cli.setup.django_ready", lambda: None)
    monkeypatch.setattr("jejaring.demo.loading.load_demo", lambda **kw: (_Named(), False))
    monkeypatch.setattr("jejaring.demo.loading.ensure_demo_login", lambda: None)
    monkeypatch.setattr(waitress, "serve", lambda *a, **kw: None)
    settings.DEMO_LOGIN_ALLOWED = not allowed
    args = argparse.Namespace(host=host, port=8000, demo=demo, threads=1)
    assert serve.run(args) == 0
    assert settings.DEMO_LOGIN_ALLOWED is allowed


class _Named:
    name = "Tegalrejo"
