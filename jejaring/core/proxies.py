"""Which forwarded headers to believe: only those set by a configured reverse proxy.

``SECURE_PROXY_SSL_HEADER`` makes Django trust ``X-Forwarded-Proto`` from anyone who sends it,
and the login throttle needs the client's real address behind a proxy. Both must come from the
proxies listed in ``JEJARING_TRUSTED_PROXIES`` (``settings.TRUSTED_PROXIES``) and from nobody
else, or a client could claim HTTPS or another address at will.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

FORWARDED_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(e.strip("[]"), strict=False) for e in entries if e.strip())


def is_trusted_proxy(address: str) -> bool:
    """True when ``address`` is one of the configured proxies (addresses or networks)."""
    try:
        ip = ipaddress.ip_address(address.strip("[]"))
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind trusted proxies the nearest
    ``X-Forwarded-For`` hop that is not itself a trusted proxy."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded or not is_trusted_proxy(remote):
        return remote
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if not is_trusted_proxy(hop):
            try:
                return str(ipaddress.ip_address(hop.strip("[]")))
            except ValueError:
                return remote
    return remote


class TrustedProxyMiddleware:
    """Drop forwarded headers unless the request came from a trusted proxy.

    Runs before Django's SecurityMiddleware, so ``request.is_secure()`` (secure cookies, the
    HTTPS redirect) believes ``X-Forwarded-Proto`` only from the configured proxies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "") or ""):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
