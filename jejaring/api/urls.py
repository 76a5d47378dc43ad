"""The REST API at ``/api/v1/`` (django-ninja, OpenAPI schema at ``/api/v1/openapi.json``).

Each app contributes a ``router`` in its ``api.py``; every endpoint reaches village data through
:func:`jejaring.core.access.get_village`, exactly like the pages.
"""

from __future__ import annotations

import importlib

from django.db import IntegrityError
from ninja import NinjaAPI
from ninja.security import django_auth

from jejaring import __version__
from jejaring.core.access import InvalidId

api = NinjaAPI(
    title="Jejaring API",
    version=__version__,
    description="Village stakeholder and patron-client networks. Session authentication.",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(InvalidId)
def invalid_id(request, exc: InvalidId):
    """A malformed id in a path, query or body: 422 naming the field, like other bad input."""
    return api.create_response(
        request,
        {"detail": [{"loc": [exc.field], "msg": "not a valid id", "type": "value_error"}]},
        status=422,
    )


@api.exception_handler(IntegrityError)
def conflict(request, exc: IntegrityError):
    """A write that collided with another at the same moment (a unique constraint): 409, so
    the client can read the current state and retry; never a 500. The services lock what
    they read before writing (jejaring.core.locks), so this is a last line of defence."""
    return api.create_response(
        request,
        {"detail": "conflict with a change made at the same moment; reload and try again"},
        status=409,
    )


# (module, URL prefix, tag); modules that do not exist yet are skipped.
ROUTERS = [
    ("jejaring.villages.api", "/villages", "villages"),
    ("jejaring.actors.api", "/villages", "actors"),
    ("jejaring.engagement.api", "/villages", "engagement"),
    ("jejaring.awareness.api", "/villages", "awareness"),
    ("jejaring.analysis.api", "/villages", "analysis"),
    ("jejaring.interchange.api", "/villages", "data"),
    ("jejaring.reports.api", "/villages", "reports"),
    ("jejaring.change.api", "/villages", "change"),
    ("jejaring.sync.api", "/sync", "sync"),
]

for module_name, prefix, tag in ROUTERS:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    api.add_router(prefix, module.router, tags=[tag])
