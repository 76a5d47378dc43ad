"""Loading the demo village and its demo login for ``jejaring demo`` and ``serve --demo``."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from jejaring.core.auth_backends import DEMO_USERNAME
from jejaring.demo.builder import DEMO_SLUG, build_demo_village
from jejaring.villages.models import Membership, Village

# The login name the auth backend refuses outside demo mode (jejaring.core.auth_backends).
DEMO_USER = DEMO_USERNAME
DEMO_PASSWORD = "demo"


def load_demo(*, seed: int = 2024, replace: bool = True) -> tuple[Village, bool]:
    """The demo village, built unless it exists and ``replace`` is false."""
    existing = Village.objects.filter(slug=DEMO_SLUG).first()
    if existing and not replace:
        return existing, False
    return build_demo_village(seed=seed), True


@transaction.atomic
def ensure_demo_login() -> None:
    """The ``demo``/``demo`` login, administrator of the demo village.

    Only ``serve --demo`` calls this, and it only serves on loopback: a weak password is
    acceptable for a local trial and nowhere else, so password validators are bypassed here.
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(username=DEMO_USER)
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    village = Village.objects.get(slug=DEMO_SLUG)
    Membership.objects.update_or_create(
        user=user, village=village, defaults={"role": Membership.Role.ADMIN}
    )
