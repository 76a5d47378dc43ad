"""Writes to villages, hamlets and memberships. One transaction per user action."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify

from jejaring.villages.areas import ensure_area
from jejaring.villages.models import Hamlet, Membership, Village


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "desa"
    slug, n = base, 2
    while Village.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_village(
    name: str,
    *,
    slug: str | None = None,
    area_code: str | None = None,
    admin=None,
    hamlets: list[str] | None = None,
    **fields,
) -> Village:
    """A new village workspace; ``admin`` (a user) becomes its administrator."""
    village = Village.objects.create(
        name=name,
        slug=slug or unique_slug(name),
        area=ensure_area(area_code) if area_code else None,
        **fields,
    )
    if admin is not None:
        Membership.objects.create(user=admin, village=village, role=Membership.Role.ADMIN)
    for hamlet in hamlets or []:
        Hamlet.objects.create(village=village, name=hamlet)
    return village


@transaction.atomic
def set_membership(village: Village, user, role: str) -> Membership:
    """Give ``user`` the ``role`` in ``village`` (creating or changing the membership)."""
    if role not in Membership.Role.values:
        raise ValueError(
            f"unknown role {role!r}; choose one of {', '.join(Membership.Role.values)}"
        )
    membership, _ = Membership.objects.update_or_create(
        user=user, village=village, defaults={"role": role}
    )
    return membership


@transaction.atomic
def add_member(
    village: Village,
    *,
    user=None,
    username: str = "",
    role: str,
    new_account: bool = False,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Add a team member from the settings page: ``user`` (an existing account) or, with
    ``new_account``, a new login ``username`` with a first ``password`` handed over in person."""
    if new_account:
        user = create_user(username, password, first_name=full_name.strip())
    return set_membership(village, user, role)


@transaction.atomic
def create_user(username: str, password: str, **extra):
    """A new login. The password is hashed by Django's auth (never stored in clear)."""
    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValueError(f"user {username!r} already exists")
    return User.objects.create_user(username=username, password=password, **extra)


class LastAdmin(ValueError):
    """A village must keep at least one administrator."""


def _admins(village: Village):
    return Membership.objects.filter(village=village, role=Membership.Role.ADMIN)


@transaction.atomic
def change_role(membership: Membership, role: str) -> Membership:
    """Give a member another role; the last administrator cannot step down."""
    if (
        membership.role == Membership.Role.ADMIN
        and role != Membership.Role.ADMIN
        and _admins(membership.village).count() == 1
    ):
        raise LastAdmin(membership.user.get_username())
    return set_membership(membership.village, membership.user, role)


@transaction.atomic
def remove_member(membership: Membership) -> None:
    """Take a user out of a village; the last administrator cannot be removed."""
    if membership.role == Membership.Role.ADMIN and _admins(membership.village).count() == 1:
        raise LastAdmin(membership.user.get_username())
    membership.delete()


@transaction.atomic
def update_village(village: Village, *, area_code: str | None = None, **fields) -> Village:
    """Change a village's name, short name, goal or area."""
    for name, value in fields.items():
        setattr(village, name, value)
    if area_code is not None:
        village.area = ensure_area(area_code) if area_code else None
    village.save()
    return village


@transaction.atomic
def add_hamlet(village: Village, name: str) -> Hamlet:
    hamlet = Hamlet.objects.create(village=village, name=name)
    village.touch()
    return hamlet
