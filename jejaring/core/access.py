"""The one way views, the API and services reach a village's data.

Every village page starts here: a user who is not a member gets 404 (the village's existence is
not revealed), a read-only member asking to write gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from jejaring.villages.models import Membership, Village

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

M = TypeVar("M", bound=models.Model)


def get_membership(user, village: Village) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, village=village).first()


def get_village(request: HttpRequest, slug: str, *, write: bool = False) -> Village:
    """The village ``slug`` if ``request.user`` is a member, else 404.

    With ``write=True`` a member whose role cannot write gets 403. Sets ``request.village`` and
    ``request.membership`` for templates.
    """
    user = request.user
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("village").filter(user=user, village__slug=slug).first()
    )
    if membership is None:
        raise Http404
    if write and not membership.can_write:
        raise PermissionDenied
    request.village = membership.village
    request.membership = membership
    return membership.village


def village_view(write: bool = False) -> Callable:
    """Decorate a view taking ``(request, village, ...)``: log-in required, membership checked.

    The URL passes the slug as ``village``; the view receives the :class:`Village`. Unsafe
    methods (POST…) always require a role that can write, so a read-only member can open a
    form page but never submit it; ``write=True`` also closes the page itself.
    """

    def decorator(view: Callable) -> Callable:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, village: str, *args: Any, **kwargs: Any):
            needs_write = write or request.method not in SAFE_METHODS
            obj = get_village(request, village, write=needs_write)
            return view(request, obj, *args, **kwargs)

        return wrapper

    return decorator


def village_lookup(model: type[models.Model]) -> str:
    """The ORM path from ``model`` to its village (``village``, ``tie__village``…)."""
    path = getattr(model, "VILLAGE_PATH", None)
    if path:
        return path
    if any(f.name == "village" for f in model._meta.get_fields()):
        return "village"
    raise TypeError(f"{model.__name__} does not say how it belongs to a village (VILLAGE_PATH)")


class InvalidId(BadRequest):
    """An id that is not even of the right form (``membership=not-a-uuid``, an empty actor id).

    A 400 on pages (the message names the field) and a 422 in the API
    (``jejaring/api/urls.py``), instead of the 500 the database lookup would give.
    """

    def __init__(self, field: str) -> None:
        self.field = field
        super().__init__(_("“%(field)s” is not a valid id.") % {"field": field})


def get_in_village(
    model: type[M], village: Village, *, param: str | None = None, **lookup: Any
) -> M:
    """One object of ``model`` that belongs to ``village``, else 404.

    Always use this (or a queryset filtered by village) for ids taken from a URL or a form:
    an id from another village must never resolve. An id that is not of the right form raises
    :class:`InvalidId` naming ``param`` (default: the lookup's name).
    """
    try:
        obj = model._default_manager.filter(**{village_lookup(model): village}, **lookup).first()
    except (ValidationError, ValueError, TypeError) as exc:
        raise InvalidId(param or ", ".join(lookup)) from exc
    if obj is None:
        raise Http404
    return obj


def in_village(model: type[M], village: Village) -> models.QuerySet[M]:
    """All objects of ``model`` in ``village``."""
    return model._default_manager.filter(**{village_lookup(model): village})
