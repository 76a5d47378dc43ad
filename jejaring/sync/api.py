"""The sync API at ``/api/v1/sync/`` (token authentication: ``Authorization: Bearer …``).

``GET  hello``                       this installation's id and the token's user;
``GET  villages/{slug}``             whether the village exists here for that user;
``POST villages``                    create a village pushed from a laptop (the user becomes
                                     its administrator);
``POST villages/{slug}/push``        apply a chunk of a laptop's changes (writers only: 403);
``GET  villages/{slug}/pull``         a chunk of this installation's changes (every member).
Request bodies may be gzip-compressed (``Content-Encoding: gzip``).
"""

from __future__ import annotations

import gzip
import json

from django.http import Http404, HttpResponse
from django.utils import timezone
from ninja import Router
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from jejaring.sync import client as C
from jejaring.sync import services as S
from jejaring.sync.models import ApiToken, token_digest
from jejaring.villages.models import Membership, Village


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        row = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


# A token (laptops), or the browser's session (the API's other callers).
router = Router(auth=[TokenAuth(), django_auth])


def _body(request) -> dict:
    raw = request.body
    if request.headers.get("Content-Encoding") == "gzip":
        raw = gzip.decompress(raw)
    data = json.loads(raw or b"{}")
    if not isinstance(data, dict):
        raise Http404
    return data


def _json(data) -> HttpResponse:
    raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
    resp = HttpResponse(gzip.compress(raw, compresslevel=3), content_type="application/json")
    resp["Content-Encoding"] = "gzip"
    return resp


def _membership(request, slug: str, *, write: bool = False) -> Membership:
    m = (
        Membership.objects.select_related("village")
        .filter(user=request.user, village__slug=slug)
        .first()
    )
    if m is None:
        raise Http404
    if write and not m.can_write:
        raise HttpError(403, "read-only role: you may pull but not push")
    return m


@router.get("/hello")
def hello(request):
    return {"installation": str(S.installation_id()), "user": request.user.get_username()}


@router.get("/villages/{slug}")
def village_info(request, slug: str):
    m = (
        Membership.objects.select_related("village")
        .filter(user=request.user, village__slug=slug)
        .first()
    )
    if m is None:
        if Village.objects.filter(slug=slug).exists():
            raise Http404
        return {"exists": False}
    return {
        "exists": True,
        "village": C.village_row(m.village),
        "role": m.role,
        "can_write": m.can_write,
    }


@router.post("/villages")
def create_village(request):
    row = _body(request).get("village") or {}
    if (
        Village.objects.filter(slug=row.get("slug")).exists()
        or Village.objects.filter(pk=row.get("id")).exists()
    ):
        return _json({"detail": "exists"})
    village = C.create_local_village(row, request.user)
    return _json({"created": village.slug})


@router.post("/villages/{slug}/push")
def push(request, slug: str):
    m = _membership(request, slug, write=True)
    return _json(C.serve_push(m.village, _body(request), request.user))


@router.get("/villages/{slug}/pull")
def pull(
    request,
    slug: str,
    cursor: int = 0,
    target: int | None = None,
    position: str = "",
    full: bool = False,
    chunk: int = S.CHUNK,
):
    """A chunk of changes; ``position`` is the last ``index:id`` received (empty: start)."""
    m = _membership(request, slug)
    pos = position.split(":", 1) if position else None
    body = {
        "from": request.GET.get("from"),
        "cursor": cursor,
        "target": target,
        "position": pos,
        "full": full,
        "chunk": chunk,
    }
    return _json(C.serve_pull(m.village, body))
