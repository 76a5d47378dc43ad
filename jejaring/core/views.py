from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from jejaring.core.access import InvalidId
from jejaring.villages.queries import for_user, with_counts


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The villages this user may see; straight into the village when there is only one."""
    villages = with_counts(for_user(request.user))
    if len(villages) == 1 and not request.GET.get("all"):
        return redirect("villages:home", village=villages[0].slug)
    return render(request, "core/index.html", {"villages": villages})


def healthz(request: HttpRequest) -> JsonResponse:
    """For a reverse proxy or an orchestrator: can this web process reach its database, and
    (on a server) the jobs' broker and the shared cache? 200 when all answer, 503 naming the
    one that does not. Nothing about any village."""
    checks = {"database": _database_ok()}
    if getattr(settings, "JEJARING_BROKER_URL", ""):
        checks["broker"] = _redis_or_amqp_ok(settings.JEJARING_BROKER_URL)
    if "Redis" in settings.CACHES["default"]["BACKEND"]:
        checks["cache"] = _cache_ok()
    ok = all(checks.values())
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503
    )


def _database_ok() -> bool:
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis_or_amqp_ok(url: str) -> bool:
    try:
        if url.startswith(("redis://", "rediss://")):
            import redis

            return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
        from kombu import Connection

        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
        return True
    except Exception:
        return False


def _cache_ok() -> bool:
    from django.core.cache import cache

    try:
        cache.set("jejaring:healthz", "1", 5)
        return cache.get("jejaring:healthz") == "1"
    except Exception:
        return False


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The page django-axes shows when logins are throttled (429), in the user's language."""
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page; for a malformed id it says which field (the message is ours, never the
    request's text)."""
    message = str(exception) if isinstance(exception, InvalidId) else ""
    return render(request, "400.html", {"message": message}, status=400)


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's own password (Django's form and checks: the current password, the
    validators of settings.AUTH_PASSWORD_VALIDATORS). The public demo account keeps "demo":
    the page explains instead of offering the form."""

    success_url = reverse_lazy("password_change_done")

    def dispatch(self, request, *args, **kwargs):
        from jejaring.core.auth_backends import DEMO_USERNAME

        self.demo_account = (
            request.user.is_authenticated and request.user.get_username() == DEMO_USERNAME
        )
        if self.demo_account and request.method == "POST":
            return HttpResponseForbidden()
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo_account": self.demo_account}
