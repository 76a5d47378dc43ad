"""The login backend: Django's model backend, minus the demo login outside demo mode."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.backends import ModelBackend

DEMO_USERNAME = "demo"


def demo_login_allowed() -> bool:
    """True only inside ``jejaring serve --demo`` bound to a loopback address.

    Decided by the address the server is bound to (set by the serve command), never by the
    request's ``Host`` header, which any client can write.
    """
    return bool(getattr(settings, "DEMO_LOGIN_ALLOWED", False))


class JejaringBackend(ModelBackend):
    """Refuses the ``demo`` account (demo/demo) unless the server runs in demo mode on loopback.

    The account stays in the database after ``serve --demo``; a later ``serve --host 0.0.0.0``
    must not expose it. ``get_user`` goes through the same check, so a demo session left over
    from demo mode is logged out too.
    """

    def user_can_authenticate(self, user) -> bool:
        if user.get_username() == DEMO_USERNAME and not demo_login_allowed():
            return False
        return super().user_can_authenticate(user)
